import numpy as np
import pytest

from course_utils import sampling
from course_utils import encoding
from course_utils import simulate as sim


def test_gc_matched_removes_a_gc_shortcut():
    at_rich = sim.background(400, 100, gc=0.35, seed=1)
    gc_rich = sim.background(400, 100, gc=0.50, seed=2)
    seqs, y = at_rich + gc_rich, np.array([0] * 400 + [1] * 400)
    idx = sampling.gc_matched(seqs, y, seed=0)
    assert len(idx) > 50 and y[idx].mean() == 0.5
    gc = encoding.gc_content([seqs[i] for i in idx])
    assert abs(gc[y[idx] == 1].mean() - gc[y[idx] == 0].mean()) < 0.01
    assert np.array_equal(idx, sampling.gc_matched(seqs, y, seed=0))
    assert np.all(np.diff(idx) > 0)


def test_gc_matched_bad_input():
    with pytest.raises(ValueError, match="2 sequences but 3 labels"):
        sampling.gc_matched(["ACGT", "GGCC"], [0, 1, 1])
    with pytest.raises(ValueError, match="0/1"):
        sampling.gc_matched(["ACGT", "GGCC"], [0, 2])
