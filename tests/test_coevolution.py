"""coevolution: planted contacts, Potts sampling, MI, APC and contact precision."""
import numpy as np
import pytest

from course_utils import coevolution as co


def test_planted_contacts_are_symmetric_and_antiparallel_pairs_mirror():
    c = co.planted_contacts(30, [(2, 12, 4, "anti")])
    assert (c == c.T).all() and not c.diagonal().any()
    assert c[2, 15] and c[5, 12]                  # first pairs with last of the partner strand
    with pytest.raises(ValueError, match="does not fit"):
        co.planted_contacts(10, [(2, 8, 4, "anti")])
    with pytest.raises(ValueError, match="orientation"):
        co.planted_contacts(30, [(2, 12, 4, "sideways")])


def test_potts_family_is_seeded_one_hot_and_couples_only_contacts():
    c = co.planted_contacts(20, [(1, 12, 4, "anti")])
    X = co.potts_family(c, 400, coupling=1.5, seed=3)
    assert X.shape == (400, 21, 20) and (X.sum(axis=1) == 1).all()
    assert np.array_equal(X, co.potts_family(c, 400, coupling=1.5, seed=3))
    mi = co.mutual_information(X)
    i, j = np.nonzero(np.triu(c))
    far = np.triu(~c, k=6)
    assert mi[i, j].mean() > 3 * mi[far].mean(), "contacting columns should share far more information"


def test_mutual_information_of_identical_columns_is_their_entropy():
    X = np.zeros((4, 3, 2), dtype=np.float32)
    for n, a in enumerate([0, 1, 0, 1]):
        X[n, a, 0] = X[n, a, 1] = 1
    mi = co.mutual_information(X, pseudocount=0.0)
    assert mi[0, 1] == pytest.approx(np.log(2)) and mi[0, 0] == 0


def test_apc_removes_a_row_effect():
    rng = np.random.default_rng(0)
    row = rng.random(8) + 0.5
    M = np.outer(row, row)
    np.fill_diagonal(M, 0)
    assert np.abs(co.apc(M)).max() < 0.2 * M.max()
    with pytest.raises(ValueError, match="square"):
        co.apc(np.ones((3, 4)))


def test_contact_precision_counts_the_top_pairs_far_enough_apart():
    c = np.zeros((10, 10), dtype=bool)
    c[0, 9] = c[9, 0] = True
    s = np.zeros((10, 10))
    s[0, 9] = s[9, 0] = 1.0
    s[0, 1] = s[1, 0] = 5.0                       # high but too close along the chain: not ranked
    assert co.contact_precision(s, c, top=1) == 1.0
    assert co.contact_precision(s, c, top=2) == 0.5
    with pytest.raises(ValueError, match="same shape"):
        co.contact_precision(s, c[:5, :5])


def test_random_fold_gives_non_overlapping_strands_that_fit():
    for seed in range(5):
        pairs = co.random_fold(48, seed=seed)
        c = co.planted_contacts(48, pairs)
        assert c.sum() > 0 and len(pairs) == 4


def test_mean_field_dca_keeps_direct_couplings_and_drops_the_indirect_one():
    # a chain 0 - 6 - 11: columns 0 and 11 covary only through 6
    c = np.zeros((12, 12), dtype=bool)
    for a, b in [(0, 6), (6, 11)]:
        c[a, b] = c[b, a] = True
    X = co.potts_family(c, 800, coupling=2.0, seed=0)
    background = np.triu(~c, k=1)
    background[0, 11] = False
    for name, s in [("MI", co.mutual_information(X)), ("DCA", co.mean_field_dca(X, correct=False))]:
        bg = np.median(s[background])
        direct = min(s[0, 6], s[6, 11]) - bg
        indirect = (s[0, 11] - bg) / direct
        assert direct > 0
        if name == "MI":
            assert indirect > 0.4, "MI should score the indirect pair well above background"
        else:
            assert indirect < 0.25, f"DCA should remove most of the indirect coupling, kept {indirect:.2f}"


def test_mean_field_dca_shape_symmetry_and_contact_ranking():
    c = co.planted_contacts(30, [(2, 14, 5, "anti")])
    X = co.potts_family(c, 600, coupling=1.5, seed=1)
    d = co.mean_field_dca(X)
    assert d.shape == (30, 30) and np.allclose(d, d.T) and not d.diagonal().any()
    assert co.contact_precision(d, c) >= 0.8
    raw = co.mean_field_dca(X, correct=False)
    assert np.allclose(co.apc(raw), d) and (raw >= 0).all()
    with pytest.raises(ValueError, match="below 1"):
        co.mean_field_dca(X, pseudocount=1.0)
    with pytest.raises(ValueError, match="one-hot alignment"):
        co.mean_field_dca(X[0])
