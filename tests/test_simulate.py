"""Core simulators: seeded, correct shapes, and ground truth that matches the sequences."""
import numpy as np
import pytest

from course_utils import encoding, motifs
from course_utils import simulate as sim

A = motifs.probabilities(encoding.one_hot_dna("TTGACA") * 20, pseudocount=0.1)
B = motifs.probabilities(encoding.one_hot_dna("GGGCCCATG") * 20, pseudocount=0.1)


def test_background_gc_and_shape():
    seqs = sim.background(50, 400, gc=0.7, seed=1)
    assert len(seqs) == 50 and {len(s) for s in seqs} == {400}
    assert encoding.gc_content(seqs).mean() == pytest.approx(0.7, abs=0.02)
    per_seq = sim.background(2, 2000, gc=np.array([0.2, 0.8]), seed=1)
    assert encoding.gc_content(per_seq) == pytest.approx([0.2, 0.8], abs=0.03)
    with pytest.raises(ValueError, match="between 0 and 1"):
        sim.background(2, 10, gc=1.5)


def test_simulators_are_deterministic_per_seed():
    assert sim.background(5, 50, seed=3) == sim.background(5, 50, seed=3)
    assert sim.background(5, 50, seed=3) != sim.background(5, 50, seed=4)
    a = sim.motif_presence({"a": A, "b": B}, 30, seed=7)
    b = sim.motif_presence({"a": A, "b": B}, 30, seed=7)
    assert a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2].equals(b[2])


def test_motif_presence_truth_matches_sequences_and_rates():
    seqs, y, truth = sim.motif_presence({"a": A, "b": B}, 2000, length=100, rate=[0.5, 0.02], seed=0)
    assert y.shape == (2000, 2) and y.dtype == np.float32
    assert y[:, 0].mean() == pytest.approx(0.5, abs=0.04) and y[:, 1].mean() == pytest.approx(0.02, abs=0.01)
    assert list(truth.columns) == sim.TRUTH_COLUMNS
    assert len(truth) == int(y.sum())
    for row in truth.head(50).itertuples():
        site = seqs[row.seq][row.start:row.end]
        expected = "TTGACA" if row.motif == "a" else "GGGCCCATG"
        if row.strand == "-":
            site = encoding.reverse_complement(site)
        assert sum(x == e for x, e in zip(site, expected)) >= len(expected) - 2
        assert y[row.seq, ["a", "b"].index(row.motif)] == 1


def test_motif_grammar_order_defines_the_label():
    seqs, y, truth = sim.motif_grammar(("a", A), ("b", B), 300, length=80, spacing=(2, 6), seed=0)
    assert y.shape == (300,) and 0.4 < y.mean() < 0.6
    assert len(truth) == 600
    for i, rows in truth.groupby("seq"):
        first = rows.sort_values("start").motif.iloc[0]
        assert (first == "a") == bool(y[i])
        gap = rows.start.max() - rows.sort_values("start").end.iloc[0]
        assert 2 <= gap <= 6


def test_bad_inputs():
    with pytest.raises(ValueError, match="columns must sum to 1"):
        sim.motif_presence({"a": np.ones((4, 5))}, 10)
    with pytest.raises(ValueError, match="more than length"):
        sim.motif_grammar(("a", A), ("b", B), 10, length=20, spacing=(5, 10))
    with pytest.raises(TypeError, match="seed"):
        sim.background(3, 10, seed="x")
    with pytest.raises(ValueError, match="does not fit"):
        sim.plant("ACGT", "AAAAA", 0)


def test_gc_confounder_follows_the_first_label_and_keeps_labels_and_sites():
    plain = sim.motif_presence({"a": A, "b": B}, 600, length=150, rate=0.3, seed=5)
    conf = sim.motif_presence({"a": A, "b": B}, 600, length=150, rate=0.3, seed=5, gc_confounder=(0.65, 0.35))
    assert np.array_equal(plain[1], conf[1]) and plain[2].equals(conf[2])
    gc = encoding.gc_content(conf[0])
    y0 = conf[1][:, 0] == 1
    assert gc[y0].mean() > 0.6 and gc[~y0].mean() < 0.4
    plain_gc = encoding.gc_content(plain[0])
    assert abs(plain_gc[y0].mean() - plain_gc[~y0].mean()) < 0.02
    with pytest.raises(ValueError, match="gc_confounder"):
        sim.motif_presence({"a": A}, 10, gc_confounder=(0.6,))


@pytest.mark.parametrize("kwargs, error, message", [
    ({"rate": 1.5}, ValueError, r"rate must lie in \[0, 1\]"),
    ({"rate": float("nan")}, ValueError, r"rate must lie in \[0, 1\]"),
    ({"rate": -0.1}, ValueError, r"rate must lie in \[0, 1\]"),
    ({"rate": [0.1, 0.2, 0.3]}, ValueError, "one per motif"),
    ({"n": -3}, ValueError, "n must be at least 1"),
    ({"n": 2.5}, TypeError, "n must be a whole number"),
    ({"length": 4}, ValueError, "longer than the sequences"),
    ({"gc": float("nan")}, ValueError, "gc must lie between 0 and 1"),
])
def test_motif_presence_rejects_bad_settings_clearly(kwargs, error, message):
    args = {"motifs": {"a": A, "b": B}, "n": 10, "length": 40}
    args.update(kwargs)
    with pytest.raises(error, match=message):
        sim.motif_presence(**args)


def test_simulators_name_the_fix_for_a_motif_object_and_a_repeated_motif():
    m = motifs.Motif("MA0000.1", "toy", A * 10)
    with pytest.raises(TypeError, match=r"motifs.probabilities\(motif.counts\)"):
        sim.motif_presence({"toy": m}, 10)
    with pytest.raises(TypeError, match=r"tuple \(name, \(4, w\) probability matrix\)"):
        sim.motif_grammar(m, ("b", B), 10)
    with pytest.raises(ValueError, match="both called 'a'"):
        sim.motif_grammar(("a", A), ("a", A), 10)
