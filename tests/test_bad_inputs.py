"""Every public course_utils function rejects a bad input with its own clear error.

For each public function of each module, call it with ``None`` for every required
argument (and, where listed below, with a more typical mistake) and assert that it
raises, and that the error is raised by course_utils itself with a message, not
deep inside numpy, torch or pandas, where the learner gets a message that points
nowhere.
"""
import importlib
import inspect
import pkgutil
import traceback
from pathlib import Path

import numpy as np
import pytest

import course_utils
from course_utils.data import DataError

PACKAGE_DIR = Path(course_utils.__file__).resolve().parent
# Functions whose contract is to accept anything (they report instead of raising).
NEVER_RAISE = {"exercises.as_plain", "progress.load", "progress.reset", "progress.record",
               "progress.path", "envcheck.report", "envcheck.pins", "exercises.is_blank",
               "validate.to_numpy"}       # a converter that hands other input back for its caller to check
# Typical mistakes beyond None, as (function, args).
TYPICAL = [
    ("encoding.one_hot_dna", (["ACGT", "ACG"],)),
    ("encoding.gc_content", (123,)),
    ("kmers.kmer_counts", (["ACGT"], 0)),
    ("motifs.information_content", (np.ones((4, 5)) * 7,)),
    ("motifs.log_odds", (np.full((4, 3), 0.25), (0.5, 0.5, 0.5, 0.5))),
    ("motifs.scan", (np.zeros((1, 10, 4)), np.zeros((4, 3)))),
    ("metrics.accuracy", ([0, 1], [0.3, 0.8])),
    ("metrics.auroc", ([0, 1, 1], [0.1, np.nan, 0.3])),
    ("alignment.sequence_weights", (np.zeros((3, 5, 10)),)),
    ("simulate.background", (10, 20, 1.5)),
    ("data.load", ("no_such_set",)),
]


def public_functions():
    found = []
    for mod in pkgutil.iter_modules(course_utils.__path__):
        if mod.ispkg or mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"course_utils.{mod.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            required = [p for p in inspect.signature(obj).parameters.values()
                        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
            key = f"{mod.name}.{name}"
            if required and key not in NEVER_RAISE:
                found.append(pytest.param(obj, len(required), id=key))
    return found


CLEAR = (TypeError, ValueError, RuntimeError, FloatingPointError, OSError, DataError)


def _raised_by_course_utils(err):
    """True if a ``raise`` statement in course_utils raised ``err`` (not numpy, not a stray None.attr)."""
    last = traceback.extract_tb(err.__traceback__)[-1]
    in_package = Path(last.filename).resolve().is_relative_to(PACKAGE_DIR)
    return in_package and (last.line or "").lstrip().startswith("raise") and not isinstance(
        err, (AttributeError, KeyError, IndexError, ZeroDivisionError, NameError))


def _assert_clear_error(call, what):
    with pytest.raises(Exception) as info:
        call()
    err = info.value
    assert isinstance(err, CLEAR) and str(err).strip(), f"{what} raised {type(err).__name__}: {err!r}"
    assert _raised_by_course_utils(err), (
        f"{what} raised {type(err).__name__}: {err} from inside "
        f"{traceback.extract_tb(err.__traceback__)[-1].filename}; check the input in course_utils and say what to do")


@pytest.mark.parametrize("func, n_required", public_functions())
def test_none_for_every_required_argument_gives_a_clear_error(func, n_required):
    _assert_clear_error(lambda: func(*([None] * n_required)), f"{func.__module__}.{func.__name__}(None, ...)")


@pytest.mark.parametrize("key, args", TYPICAL, ids=[k for k, _ in TYPICAL])
def test_typical_mistakes_give_a_clear_error(key, args):
    module, name = key.split(".")
    func = getattr(importlib.import_module(f"course_utils.{module}"), name)
    _assert_clear_error(lambda: func(*args), key)


def test_the_collector_finds_the_core_functions():
    ids = {p.id for p in public_functions()}
    assert {"encoding.one_hot_dna", "motifs.scan", "train.fit", "metrics.auroc", "data.load"} <= ids
