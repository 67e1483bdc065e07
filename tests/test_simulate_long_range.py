"""simulate.long_range_pair: the label needs the start site and the end site together."""
import numpy as np
import pytest

from course_utils import simulate

# Deterministic motifs (one base per column) so planted sites can be read back exactly.
A = ("A", np.eye(4)[:, [0, 1, 2, 3, 0, 1, 2]])  # ACGTACG
B = ("B", np.eye(4)[:, [3, 3, 2, 2, 1, 1, 0, 0]])  # TTGGCCAA


def make(n=400, seed=0, **kw):
    return simulate.long_range_pair(A, B, n, length=100, flank=15, seed=seed, **kw)


def consensus(name):
    probs = dict([A, B])[name]
    return "".join("ACGT"[i] for i in probs.argmax(axis=0))


def test_shapes_and_types():
    seqs, y, truth = make(50)
    assert len(seqs) == 50 and {len(s) for s in seqs} == {100}
    assert set("".join(seqs)) <= set("ACGT")
    assert y.shape == (50,) and y.dtype == np.float32
    assert list(truth.columns) == ["seq", "motif", "start", "end", "strand", "role"]
    roles = truth.groupby("seq")["role"].apply(list)
    assert len(roles) == 50
    for r in roles:
        assert r.count("start") == 1 and r.count("end") == 1 and r.count("distractor") >= 2


def test_same_seed_same_data_and_other_seed_differs():
    s1, y1, t1 = make(30, seed=3)
    s2, y2, t2 = make(30, seed=3)
    s3, _, _ = make(30, seed=4)
    assert s1 == s2 and np.array_equal(y1, y2) and t1.equals(t2)
    assert s1 != s3


def test_labels_balanced():
    _, y, _ = make(2000, seed=1)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(y.mean() - 0.5) < 0.04


def test_truth_positions_hold_the_planted_sites():
    seqs, y, truth = make(100, seed=2)
    for row in truth.itertuples():
        assert seqs[row.seq][row.start:row.end] == consensus(row.motif)
        assert row.end - row.start == len(consensus(row.motif))
    starts = truth[truth.role == "start"].set_index("seq")
    ends = truth[truth.role == "end"].set_index("seq")
    assert (starts.start >= 0).all() and (starts.end <= 15).all()
    assert (ends.start >= 85).all() and (ends.end <= 100).all()
    middle = truth[truth.role == "distractor"]
    assert (middle.start >= 15).all() and (middle.end <= 85).all()
    # label 1 exactly when the start and end sites are the same motif
    match = (starts.motif == ends.motif).astype(np.float32).sort_index().to_numpy()
    assert np.array_equal(match, y)


def test_pair_rule_labels_a_then_b():
    seqs, y, truth = make(600, seed=7, rule="pair")
    starts = truth[truth.role == "start"].set_index("seq").sort_index()
    ends = truth[truth.role == "end"].set_index("seq").sort_index()
    pair = ((starts.motif == "A") & (ends.motif == "B")).to_numpy().astype(np.float32)
    assert np.array_equal(pair, y)
    assert abs(y.mean() - 0.5) < 0.06
    # negatives are AA, BB and BA in roughly equal numbers
    neg = (starts.motif + ends.motif)[y == 0].value_counts(normalize=True)
    assert set(neg.index) == {"AA", "BB", "BA"} and (abs(neg - 1 / 3) < 0.08).all()
    for row in truth.itertuples():
        assert seqs[row.seq][row.start:row.end] == consensus(row.motif)


def test_sites_do_not_overlap():
    _, _, truth = make(200, seed=5)
    for _, g in truth.groupby("seq"):
        g = g.sort_values("start")
        assert (g.start.to_numpy()[1:] >= g.end.to_numpy()[:-1]).all()


@pytest.mark.parametrize("rule", ["match", "pair"])
def test_presence_and_counts_say_nothing_about_the_label(rule):
    _, y, truth = make(3000, seed=6, sites_per_motif=(2, 3), rule=rule)
    counts = truth.groupby(["seq", "motif"]).size().unstack(fill_value=0)
    assert (counts >= 2).all().all()  # both motifs present in every sequence
    for motif in ("A", "B"):
        n_sites = counts[motif].to_numpy()
        for k in (2, 3):
            # the label rate is the same whatever the number of sites
            assert abs(y[n_sites == k].mean() - 0.5) < 0.05


@pytest.mark.parametrize("kw, words", [
    (dict(sites_per_motif=(1, 2)), "sites_per_motif"),
    (dict(flank=5), "flank"),
    (dict(flank=60), "flank"),
    (dict(length=40), "fit"),
    (dict(rule="xor"), "rule"),
])
def test_bad_input_raises_value_error(kw, words):
    args = dict(length=100, flank=15)
    args.update(kw)
    with pytest.raises(ValueError, match=words):
        simulate.long_range_pair(A, B, 10, **args)


def test_bad_motif_and_names_raise():
    with pytest.raises(ValueError, match="columns must sum to 1"):
        simulate.long_range_pair(("A", np.ones((4, 7))), B, 10, length=100, flank=15)
    with pytest.raises(ValueError, match="different names"):
        simulate.long_range_pair(A, ("A", B[1]), 10, length=100, flank=15)
    with pytest.raises(ValueError, match="positive integer"):
        simulate.long_range_pair(A, B, 0, length=100, flank=15)
    with pytest.raises(TypeError, match="seed"):
        simulate.long_range_pair(A, B, 10, length=100, flank=15, seed=1.5)
