"""one_hot_alignment and sequence_weights (protein family alignments, notebooks 07 and 14)."""
import numpy as np
import pytest

from course_utils.alignment import ALIGNMENT, identity_clusters, max_identity, one_hot_alignment, sequence_weights


def test_alignment_alphabet_is_protein_then_gap():
    assert ALIGNMENT == "ACDEFGHIKLMNPQRSTVWY-"


def test_one_hot_alignment_shape_and_channels():
    x = one_hot_alignment(["AW-", "c.Y"])
    assert x.shape == (2, 21, 3) and x.dtype == np.float32
    assert x[0, 0, 0] == 1 and x[0, ALIGNMENT.index("W"), 1] == 1 and x[0, 20, 2] == 1
    assert x[1, ALIGNMENT.index("C"), 0] == 1      # lower case (insert residue) -> upper case
    assert x[1, 20, 1] == 1                        # '.' is a gap like '-'
    assert np.array_equal(x.sum(axis=1), np.ones((2, 3)))


def test_one_hot_alignment_single_string_and_unknown():
    x = one_hot_alignment("AXW")
    assert x.shape == (21, 3)
    assert x[:, 1].sum() == 0                      # X: no information


def test_one_hot_alignment_rejects_bad_input():
    with pytest.raises(ValueError, match="same length"):
        one_hot_alignment(["AAA", "AA"])
    with pytest.raises(ValueError, match="position 1"):
        one_hot_alignment(["A*A"])
    with pytest.raises(ValueError, match="no sequences"):
        one_hot_alignment([])


def test_sequence_weights_toy_alignment():
    # two identical sequences, one 80 % identical to them (4 of 5), one unrelated
    seqs = ["ACDEF", "ACDEF", "ACDEW", "WWWWW"]
    w = sequence_weights(one_hot_alignment(seqs), identity=0.8)
    assert w.shape == (4,)
    assert np.allclose(w, [1 / 3, 1 / 3, 1 / 3, 1.0])
    w9 = sequence_weights(one_hot_alignment(seqs), identity=0.9)
    assert np.allclose(w9, [0.5, 0.5, 1.0, 1.0])


def test_sequence_weights_gaps_do_not_count_as_identity():
    # identity is measured over the residues of the query: "AC---" vs "ACDEF" is 2/2 identical,
    # "ACDEF" vs "AC---" only 2/5; two all-gap-but-one rows share nothing else.
    w = sequence_weights(one_hot_alignment(["AC---", "ACDEF", "----W"]), identity=0.8)
    assert np.allclose(w, [0.5, 1.0, 1.0])


def test_sequence_weights_blocks_give_the_same_answer():
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACDE-"), 12)) for _ in range(50)]
    x = one_hot_alignment(seqs)
    assert np.allclose(sequence_weights(x, block=7), sequence_weights(x, block=1024))


def test_sequence_weights_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(N, 21, L\)"):
        sequence_weights(np.zeros((3, 4, 10)))
    with pytest.raises(ValueError, match="0.8"):
        sequence_weights(one_hot_alignment(["AC", "AD"]), identity=80)


def test_max_identity_is_the_closest_reference_over_the_query_residues():
    ref = one_hot_alignment(["ACDEF", "WWWWW"])
    q = one_hot_alignment(["ACDEW", "AC---", "WWYYY", "-----"])
    got = max_identity(q, ref, block=2)
    assert np.allclose(got, [0.8, 1.0, 0.4, 0.0])     # gaps do not count; an all-gap query scores 0
    assert np.allclose(max_identity(ref, ref), 1.0)


def test_max_identity_rejects_other_lengths():
    with pytest.raises(ValueError, match="same alignment length"):
        max_identity(one_hot_alignment(["ACD"]), one_hot_alignment(["ACDE"]))


def test_identity_clusters_links_chains_and_keeps_strangers_apart():
    # a-b and b-c share 4 of 5 residues (a-c only 3): single linkage puts a, b, c in one cluster
    seqs = ["ACDEF", "ACDEW", "ACDYW", "KLMNP", "KLMNQ", "RRRRR"]
    labels = identity_clusters(one_hot_alignment(seqs), 0.8, block=2)
    assert labels[0] == labels[1] == labels[2] == 0          # the largest cluster is numbered 0
    assert labels[3] == labels[4] == 1 and labels[5] == 2
    test = labels == 1
    x = one_hot_alignment(seqs)
    assert max_identity(x[test], x[~test]).max() < 0.8        # a split by cluster keeps relatives together
    assert len(set(identity_clusters(x, 1.0))) == 6
