"""Notebook 20's exercises: the answers built as the hints say pass, typical wrong attempts fail,
and the notebook's network is the one the module (and so the checker) uses."""
import inspect
import json
from pathlib import Path

import numpy as np

from course_utils import pileup
from course_utils.exercises import CORRECT, INCORRECT
from course_utils.questions import nb20

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "20_variant_calling.ipynb"


def _cells():
    return ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"]


def test_notebook_cnn_is_the_module_cnn():
    source = inspect.getsource(pileup.PileupCNN).strip()
    cell = next(c for c in _cells() if c.startswith("class PileupCNN"))
    assert cell.split("\n\n\nprint")[0].strip() == source, "the notebook's PileupCNN differs from course_utils.pileup's"
    assert any("**pileup.BUDGET" in c for c in _cells()), "the notebook trains with pileup.BUDGET"


def test_q1_answer_from_the_hint_passes_and_wrong_ones_fail():
    def disagree_fraction(x):                       # as the hint describes it
        c = x.shape[3] // 2
        read = x[:, 5, :, c] != 0
        disagree = read & ((x[:, 6, :, c] == 0) | (x[:, 7, :, c] == 1))
        return disagree.sum(axis=1) / read.sum(axis=1)
    assert nb20.q1.check(disagree_fraction).status == CORRECT

    def counting_rows(x):                           # divides by all rows, padding included
        c = x.shape[3] // 2
        return ((x[:, 5, :, c] != 0) & (x[:, 6, :, c] == 0)).sum(axis=1) / x.shape[2]
    assert nb20.q1.check(counting_rows).status == INCORRECT
    for wrong in nb20.q1.typical_wrong:
        assert nb20.q1.check(wrong).status == INCORRECT


def test_q2_strand_filter_from_the_hint_passes():
    def my_caller(x):
        ev = pileup.evidence(x)
        g = pileup.threshold_call(ev, 0.3, 0.85, 20)
        forward = (ev["alt"] & ev["forward"]).sum(axis=1)
        reverse = (ev["alt"] & ~ev["forward"]).sum(axis=1)
        return np.where(np.minimum(forward, reverse) < 0.2 * (forward + reverse), 0, g)
    result = nb20.q2.check(my_caller)
    assert result.status == CORRECT, result.message
    assert "not the notebook's test set" in result.message


def test_q2_plain_caller_and_wrong_shapes_fail():
    plain = nb20.q2.check(lambda x: pileup.threshold_call(pileup.evidence(x), 0.3, 0.85, 20))
    assert plain.status == INCORRECT and "strand-bias" in plain.message
    assert nb20.q2.check(lambda x: np.ones((len(x), 3))).status == INCORRECT
    assert nb20.q2.check(lambda x: np.full(len(x), 7)).status == INCORRECT
    assert nb20.q2.check("my_caller").status == INCORRECT


def test_q2_checker_never_reads_the_test_blocks():
    assert set(pileup.split_of(nb20._fresh_sites()["position"])) == {"valid"}
