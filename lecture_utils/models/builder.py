"""Was alle Netz-Funktionen gemeinsam haben: Eingaben prüfen und Schichten mit Vorab-Prüfung.

``@builder`` prüft ``input_shape`` und ``num_classes`` jeder Netz-Funktion und macht aus
einer zu kleinen Eingabe einen deutschen ``ValueError`` mit Netz, Eingabegröße und
Schichtname. Dazu ruft jede Netz-Funktion ihre Konv- und Pooling-Schichten mit ``call``
auf: ``call`` rechnet vorher mit ``arithmetic.shapes`` nach, ob die Ausgabe noch mindestens
1 Pixel groß wäre – noch bevor Keras selbst einen Fehler meldet. ``classifier`` ist die
Ausgabeschicht, immer in float32.
"""

from __future__ import annotations

import functools
import inspect
import numbers

from keras import layers

from lecture_utils.arithmetic import shapes


class _LayerTooSmallError(ValueError):
    """Eine Schicht bekäme eine zu kleine Eingabe (``builder`` ergänzt Netz und Eingabe)."""

    def __init__(self, layer_name, layer_input, reason):
        self.detail = (
            f"in Schicht '{layer_name}' wäre die Ausgabe kleiner als 1 Pixel "
            f"(die Schicht bekäme nur {shapes.format_shape(layer_input)}; "
            f"{str(reason).rstrip('.')})"
        )
        super().__init__(self.detail[0].upper() + self.detail[1:] + ".")


def call(layer, x):
    """Ruft ``layer`` auf ``x`` auf, prüft aber vorher mit ``shapes``, ob die
    Ausgabe einer Konv- oder Pooling-Schicht noch mindestens 1 Pixel groß wäre."""
    layer_input = tuple(x.shape[1:])
    try:
        if isinstance(layer, layers.Conv2D):
            shapes.conv_output_shape(
                layer_input, layer.filters, layer.kernel_size, layer.strides,
                layer.padding, layer.dilation_rate,
            )
        elif isinstance(layer, (layers.MaxPooling2D, layers.AveragePooling2D)):
            shapes.pool_output_shape(layer_input, layer.pool_size, layer.strides, layer.padding)
    except ValueError as err:
        raise _LayerTooSmallError(layer.name, layer_input, err) from err
    return layer(x)


def classifier(x, num_classes, activation, name):
    """Die Ausgabeschicht. Sie rechnet immer in float32: Mit gemischter Genauigkeit
    (``mixed_float16`` auf der GPU) bliebe Softmax sonst numerisch ungenau."""
    return layers.Dense(num_classes, activation=activation, dtype="float32", name=name)(x)


def is_int(value) -> bool:
    """Ganze Zahl? NumPy-Ganzzahlen (z. B. ``y.max() + 1``) zählen auch, bool und float nicht."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_input_shape(input_shape, net):
    ok = (
        isinstance(input_shape, (tuple, list))
        and len(input_shape) == 3
        and all(is_int(d) and d >= 1 for d in input_shape)
    )
    if not ok:
        raise ValueError(
            f"{net}: input_shape muss die Form (Höhe, Breite, Kanäle) mit positiven "
            f"ganzen Zahlen haben, erhalten: {input_shape!r}."
        )


def _check_num_classes(num_classes, net):
    if not is_int(num_classes) or num_classes < 2:
        raise ValueError(
            f"{net}: num_classes muss eine ganze Zahl ab 2 sein (ein Klassifikator "
            f"braucht mindestens zwei Klassen), erhalten: {num_classes!r}."
        )


def builder(build):
    """Dekorator für alle Netz-Funktionen: prüft ``input_shape`` und ``num_classes``
    und macht aus einer zu kleinen Eingabe einen verständlichen ``ValueError``."""
    signature = inspect.signature(build)

    @functools.wraps(build)
    def checked(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs)
        arguments.apply_defaults()
        input_shape = arguments.arguments["input_shape"]
        _check_input_shape(input_shape, build.__name__)
        _check_num_classes(arguments.arguments["num_classes"], build.__name__)
        arguments.arguments["input_shape"] = tuple(int(d) for d in input_shape)
        arguments.arguments["num_classes"] = int(arguments.arguments["num_classes"])
        try:
            return build(*arguments.args, **arguments.kwargs)
        except _LayerTooSmallError as err:
            raise ValueError(
                f"Die Eingabe {shapes.format_shape(input_shape)} ist zu klein für "
                f"{build.__name__}: {err.detail}."
            ) from None

    return checked
