"""Zahlen und Tabellen als deutscher Text – die eine Stelle dafür im ganzen Paket.

- ``number``: 61706 → ``'61.706'``, 0.12345 mit ``digits=4`` → ``'0,1235'``
- ``percent``: 0.9912 → ``'99,1 %'``
- ``short``: 138357544 → ``'138,4 Mio.'``
- ``duration``: 200 → ``'3 min'``
- ``table``: Zeilen als Tabelle in fester Schrift, Zahlen rechtsbündig
"""

from __future__ import annotations

import numbers

from lecture_utils.core import checks


def number(value, digits: int | None = None) -> str:
    """Eine Zahl in deutscher Schreibweise: Tausenderpunkt, Dezimalkomma, Minuszeichen ``-``.

    Ohne ``digits`` erscheinen ganze Zahlen ganz (``61.706``) und andere mit höchstens vier
    gültigen Ziffern (``0,1235``); mit ``digits`` genau so viele Nachkommastellen."""
    value = checks.real_number(value, "value")
    if digits is not None:
        digits = checks.whole_number(digits, "digits", minimum=0)
        text = f"{value:,.{digits}f}"
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:.4g}"
    # englisch 1,234.5 → deutsch 1.234,5
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def percent(share, digits: int = 1) -> str:
    """Ein Anteil als Prozent: 0.9912 → ``'99,1 %'``."""
    share = checks.real_number(share, "share")
    return number(100 * share, digits) + " %"


def short(value) -> str:
    """Große Zahl kurz wie im Kapitel: 61.706 → ``'61,7 Tsd.'``, 138.357.544 → ``'138,4 Mio.'``."""
    value = checks.real_number(value, "value")
    for factor, unit in ((10**9, "Mrd."), (10**6, "Mio."), (10**3, "Tsd.")):
        if abs(value) >= factor:
            return f"{number(value / factor, 1)} {unit}"
    return number(value)


def duration(seconds) -> str:
    """Eine Dauer für Menschen: ``45 s``, ``3 min``, ``1 h 10 min``."""
    seconds = checks.real_number(seconds, "seconds")
    if seconds < 0:
        raise ValueError(f"Eine Dauer ist nicht negativ, erhalten: {seconds}.")
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def cell(value) -> str:
    """Eine Tabellenzelle: Zahlen mit ``number``, alles andere mit ``str``."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number(value)
    return str(value)


def table(header, rows, *, rule: str = "─") -> str:
    """Tabelle in fester Schrift: Kopfzeile, Linie, Zeilen. Zahlen (und Zellen, die wie
    Zahlen aussehen) stehen rechtsbündig, Text linksbündig; Zahlen schreibt ``cell``."""
    header = [str(h) for h in header]
    body = [[cell(v) for v in row] for row in rows]
    for i, row in enumerate(body):
        if len(row) != len(header):
            raise ValueError(f"Zeile {i} hat {len(row)} Zellen, die Kopfzeile {len(header)}.")
    columns = list(zip(header, *body))
    widths = [max(len(c) for c in column) for column in columns]
    right = [all(_looks_numeric(c) for c in column[1:]) and len(column) > 1
             for column in columns]

    def line(cells):
        return "  ".join(c.rjust(w) if r else c.ljust(w)
                         for c, w, r in zip(cells, widths, right)).rstrip()

    top = line(header)
    return "\n".join([top, rule * len(top), *(line(row) for row in body)])


def _looks_numeric(text: str) -> bool:
    stripped = text.replace(".", "").replace(",", "").replace("%", "").replace("-", "").strip()
    return stripped.isdigit() or text.strip() in ("", "–")
