# Kurs „10 Architekturen“ – die zwei Befehle aus der README:
#   make lab    Umgebung anlegen (falls nötig), eigene Kopien der Notebooks im
#               Arbeitsordner arbeitsordner/ anlegen (falls nötig) und dort JupyterLab
#               mit 00_start.ipynb öffnen
#   make test   Umgebung anlegen (falls nötig), alle Tests und alle Notebooks ausführen
# Außerdem: make neue-versionen, make lint, make clean

VENV   ?= .venv
BIN    := $(VENV)/bin
# die erste Python-Version, die startet und passt (TensorFlow 2.20/2.21 gibt es für 3.10 bis 3.13)
PY_OK  := (3, 10) <= sys.version_info[:2] <= (3, 13)
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3.10 python3; do \
            $$p -c 'import sys; sys.exit(not $(PY_OK))' \
            >/dev/null 2>&1 && echo $$p && break; done)
# mit NVIDIA-GPU die GPU-Variante von TensorFlow
EXTRAS := test$(shell command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1 && echo ,gpu)
comma  := ,
STAMP  := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))
PYTEST_ARGS ?=

SLIDE_PROFILE ?= quick
# eigene Kopien der Notebooks (git-ignoriert); JupyterLab startet dort
ARBEITSORDNER ?= arbeitsordner
LAB_ARGS ?= --ip=127.0.0.1
# TensorFlows C++-Protokoll aus, bevor TensorFlow geladen wird (auch im Kernel, siehe
# tools/lab_setup.py)
TF_QUIET := TF_CPP_MIN_LOG_LEVEL=3
# pip ab 25 zeigt die Warnungen des Build-Backends: setuptools meldet bei jeder
# editierbaren Installation mit Paketordner-Zuordnung (lecture_utils.samples = data/) eine
# lange englische „Editable installation“-Information. Nur diese eine Meldung entfällt;
# jede andere Warnung bleibt sichtbar. (Ohne die Zuordnung, etwa mit einem Symlink, ginge
# es ohne Meldung, aber git für Windows legt Symlinks als Textdateien an.)
EDITABLE := PYTHONWARNINGS="ignore:Editable installation"

.PHONY: lab lab-setup neue-versionen test test-browser test-colab lint install clean \
        notebooks slides student

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Kein Python 3.10 bis 3.13 gefunden. Bitte installieren" \
	  "(z. B. python.org oder pyenv) oder mit PYTHON=/pfad/zu/python3.12 angeben."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if $(PY_OK) else \
	  "Python %d.%d passt nicht: der Kurs braucht Python 3.10 bis 3.13 (für TensorFlow). " \
	  "Mit PYTHON=python3.12 make ... eine andere Version wählen." % sys.version_info[:2])'
	@test -x $(BIN)/python || { echo "Lege virtuelle Umgebung $(VENV) an …"; $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(EDITABLE) $(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	@rm -f $(VENV)/.installed-*
	@touch $@
	@echo "Umgebung $(VENV) ist bereit ($(EXTRAS))."

# Kernel (ohne TensorFlow-Protokoll im Notebook), Deutsch als Sprache von JupyterLab,
# git-Filter nbstripout für notebooks/ – alles nur in $(VENV) und .git/config
lab-setup: install
	@$(BIN)/python tools/lab_setup.py

lab: lab-setup
	@$(BIN)/python tools/working_copy.py start --ordner $(ARBEITSORDNER)
	@# Jupyter erzeugt selbst ein zufälliges Token und zeigt den Link damit an; Browser
	@# und Link öffnen 00_start.ipynb (default_url).
	cd $(ARBEITSORDNER) && $(TF_QUIET) $(abspath $(BIN))/jupyter lab $(LAB_ARGS) \
	  --LabApp.default_url=/lab/tree/00_start.ipynb \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

neue-versionen: install  ## neue Fassungen der Kurs-Notebooks als NAME.neu.ipynb daneben legen
	@$(BIN)/python tools/working_copy.py neue-versionen --ordner $(ARBEITSORDNER)

test: install
	@ckpt=$$(mktemp -d); \
	LECTURE_PROFILE=quick LECTURE_OFFLINE=1 LECTURE_CHECKPOINT_DIR=$$ckpt \
	TF_CPP_MIN_LOG_LEVEL=3 $(BIN)/python -m pytest --nbval-lax --nbval-current-env \
	  --nbval-cell-timeout=900 -m "not browser" tests notebooks $(PYTEST_ARGS); \
	status=$$?; rm -rf $$ckpt; exit $$status

test-browser: install  ## jedes Notebook in JupyterLab + Chromium (apt-get install chromium)
	$(EDITABLE) $(BIN)/python -m pip install --quiet -e ".[test,browser]"
	$(BIN)/python -m pytest -m browser tests/browser -v $(PYTEST_ARGS)

# Paketstände wie auf Colab (Stand Ende 2025: dort ipywidgets 7); bei Bedarf anpassen
COLAB_PACKAGES := tensorflow==2.19.0 keras==3.10.0 ipywidgets==7.7.1 numpy==2.0.2 \
                  matplotlib==3.10.0 pydot==3.0.4
COLAB_VENV := $(CURDIR)/.venv-colab

test-colab:  ## Notebooks mit Colabs Paketständen; Kurs ohne -e installiert, außerhalb des Repositorys
	@test -x $(COLAB_VENV)/bin/python || $(PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet $(COLAB_PACKAGES) nbformat pytest nbval ipykernel
	rm -rf build  # sonst packt setuptools alte Dateien aus build/lib mit ein
	$(COLAB_VENV)/bin/python -m pip install --quiet --no-deps --force-reinstall .
	@dir=$$(mktemp -d); cp notebooks/*.ipynb $$dir; cd $$dir && \
	LECTURE_PROFILE=quick LECTURE_OFFLINE=1 LECTURE_CHECKPOINT_DIR=$$dir/checkpoints \
	TF_CPP_MIN_LOG_LEVEL=3 $(COLAB_VENV)/bin/python -m pytest --nbval-lax --nbval-current-env \
	  -p no:cacheprovider -q . $(PYTEST_ARGS); status=$$?; rm -rf $$dir; exit $$status

notebooks: install  ## Badges, Colab-Zeilen und Folien-Metadaten aus tools/course.py
	$(BIN)/python tools/course.py sync

slides: install  ## alle Notebooks ausführen und als reveal.js-Folien nach slides/
	LECTURE_PROFILE=$(SLIDE_PROFILE) TF_CPP_MIN_LOG_LEVEL=3 \
	  $(BIN)/jupyter nbconvert --to slides --execute --ExecutePreprocessor.timeout=1800 \
	  --output-dir slides notebooks/*.ipynb
	@echo "Folien in slides/ (Profil $(SLIDE_PROFILE); ein anderes mit SLIDE_PROFILE=laptop)."

student: install  ## Fassung ohne Lösungszellen nach student/
	$(BIN)/python tools/course.py student student

lint: install
	$(BIN)/ruff check lecture_utils tests notebooks bench data tools

clean:  ## der Arbeitsordner bleibt (Ihre Arbeit)
	rm -rf $(VENV) $(COLAB_VENV) build .pytest_cache .ruff_cache checkpoints notebooks/checkpoints
