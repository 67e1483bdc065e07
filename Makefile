# Two commands do everything:  make lab   (set up and open the course)
#                              make test  (set up and run every test)
# Both create .venv on first use and are quick after that.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root (containers, some cloud VMs) unless told to.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab test unit notebooks benchmark solutions clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab $(LAB_ARGS) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb

test: setup
	$(PY) -m pytest

unit: setup
	$(PY) -m pytest tests

notebooks: setup
	$(PY) -m pytest notebooks

benchmark: setup
	$(PY) tools/benchmark.py

solutions: setup
	$(PY) tools/make_solutions.py

clean:
	rm -rf $(VENV)
