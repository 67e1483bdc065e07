# Two commands do everything:  make lab   (set up and open the course)
#                              make test  (set up and run every test)
# Both create .venv on first use and are quick after that.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup lab test unit notebooks benchmark solutions clean

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

setup: $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab notebooks/00_welcome.ipynb

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
