# Two commands do everything:  make lab   (set up and open the course)
#                              make test  (set up and run every test)
# Both create .venv on first use and are quick after that.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root (containers, some cloud VMs) unless told to.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)
# On Linux, PyPI's default torch wheel pulls several GB of CUDA libraries. The course
# needs no GPU, so take the CPU build from PyTorch's wheel index. For the GPU build:
#   make lab TORCH_INDEX=           (PyPI's default wheel, with CUDA)
# macOS and Windows wheels on PyPI are CPU builds already.
TORCH_INDEX ?= $(if $(filter Linux,$(shell uname -s)),https://download.pytorch.org/whl/cpu,)
TORCH_PIN   := $(shell sed -n 's/^torch==\([^ #]*\).*/\1/p' requirements.txt)
TORCH_REQ   := torch==$(TORCH_PIN)$(if $(TORCH_INDEX),+cpu,)

.PHONY: setup lab test unit exercises notebooks test-isa test-seeds test-gpu benchmark solutions site test-delivery check-python clean

check-python:
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11, or run 'make PYTHON=python3 ...' with a Python 3.11 named python3"; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is needed (the pins are tested on it), but $(PYTHON) is %d.%d: install 3.11 and run make PYTHON=python3.11 ..." % v)'

$(STAMP): requirements.txt pyproject.toml
	@$(MAKE) --no-print-directory check-python PYTHON=$(PYTHON)
	@echo "First-time setup: a virtual environment in $(VENV) with the pinned packages (about 5-10 minutes, once)."
	$(PYTHON) -m venv $(VENV)
	@echo "[1/4] PyTorch $(TORCH_REQ) (about 200 MB for the CPU build) ..."
	$(PY) -m pip install --quiet $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX),) "$(TORCH_REQ)"
	@echo "[2/4] the other packages of requirements.txt (about 2-4 minutes) ..."
	$(PY) -m pip install --quiet -r requirements.txt
	@echo "[3/4] course_utils itself (editable) ..."
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@echo "[4/4] compiling the numba code of memelite, tangermeme and modisco-lite once (about a minute) ..."
	$(PY) tools/warmup.py --modisco
	@touch $(STAMP)
	@echo "Setup done; later runs of make lab / make test start at once."

setup: $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab $(LAB_ARGS) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb

# Notebooks are single-threaded (train.set_seed fixes one torch thread), so pytest-xdist runs
# JOBS of them at once, one notebook per worker (--dist loadfile). Each kernel needs up to 1 GiB.
JOBS ?= 2
XDIST := -n $(JOBS) --dist loadfile
# Another instruction set than any current CPU's default: trained numbers change (checked in
# tests/test_portability.py), so outputs that depend on floating-point training must be tagged.
OTHER_ISA := ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41
# Lax nbval: outputs are not compared, only errors count, so the checkpoint cells judge.
LAX := -p no:cacheprovider --nbval-lax --nbval-current-env --nbval-cell-timeout 900

test: setup
	$(PY) -m pytest $(XDIST)

# The notebooks again under another instruction set: the tagged training outputs may differ,
# everything else must match the stored outputs exactly, and every checkpoint must pass.
test-isa: setup
	$(OTHER_ISA) $(PY) -m pytest $(XDIST) notebooks

# Every notebook under two other seed offsets (new weights, batch orders, dropout, simulations,
# subsamples, bootstrap draws): only the checkpoint cells judge.
test-seeds: setup
	COURSE_SEED_OFFSET=1 $(PY) -m pytest $(XDIST) -o addopts="" $(LAX) notebooks
	COURSE_SEED_OFFSET=2 $(PY) -m pytest $(XDIST) -o addopts="" $(LAX) notebooks

# On a machine with an NVIDIA GPU (and the CUDA build of torch): every notebook on the GPU,
# checkpoints only (GPU numbers differ from the stored CPU outputs).
test-gpu: setup
	COURSE_DEVICE=cuda $(PY) -m pytest -o addopts="" $(LAX) notebooks

# The quick unit tests (about a minute): no notebooks, no learner-played exercises, none marked
# `slow` (tests that train a model, run an exercise checker end to end or simulate a procedure many times).
unit: setup
	$(PY) -m pytest -n $(JOBS) --dist load tests --ignore-glob="tests/learner/test_learner_nb*" -m "not slow"

# Every experiment exercise played as a learner: what the exercise needs of its notebook, the hint's answer, a wrong try.
exercises: setup
	$(PY) -m pytest $(XDIST) tests/learner

notebooks: setup
	$(PY) -m pytest notebooks

benchmark: setup
	$(PY) tools/benchmark.py

solutions: setup
	$(PY) tools/make_solutions.py

# The website (build/site/_build/html) and the delivery tests: the site build, the Colab
# cell in a fresh environment, nbgitpuller on a local Jupyter server, and every notebook run
# in JupyterLab in headless Chromium (needs Debian's chromium: apt-get install chromium).
SITE_STAMP := .venv-site/.installed
$(SITE_STAMP): requirements-site.txt
	@$(MAKE) --no-print-directory check-python PYTHON=$(PYTHON)
	$(PYTHON) -m venv .venv-site
	.venv-site/bin/python -m pip install --quiet -r requirements-site.txt
	@touch $(SITE_STAMP)

site: $(SITE_STAMP)
	.venv-site/bin/python tools/build_site.py

test-delivery: setup $(SITE_STAMP)
	$(PY) -m pip install --quiet -r requirements-delivery.txt
	COURSE_DELIVERY_TESTS=1 $(PY) -m pytest -p no:nbval -o addopts="" tests/delivery -v

clean:
	rm -rf $(VENV) .venv-site
