"""course_utils.protein: composition features and fixed-length protein ends."""
import numpy as np
import pytest

from course_utils import encoding, protein


def test_composition_names():
    assert protein.composition_names(1) == list(encoding.PROTEIN)
    names = protein.composition_names(2)
    assert len(names) == 400 and names[:3] == ["AA", "AC", "AD"] and names[-1] == "YY"


def test_amino_acid_composition_counts_letters():
    comp = protein.composition(["AAC", "wy"], k=1)
    assert comp.shape == (2, 20) and comp.dtype == np.float32
    names = protein.composition_names(1)
    assert comp[0, names.index("A")] == pytest.approx(2 / 3)
    assert comp[0, names.index("C")] == pytest.approx(1 / 3)
    assert comp[1, names.index("W")] == pytest.approx(0.5)    # lower case counts
    np.testing.assert_allclose(comp.sum(axis=1), 1.0, rtol=1e-6)


def test_dipeptide_composition_is_overlapping_and_skips_x():
    comp = protein.composition(["ACAC", "AXC"], k=2)
    names = protein.composition_names(2)
    assert comp[0, names.index("AC")] == pytest.approx(2 / 3)
    assert comp[0, names.index("CA")] == pytest.approx(1 / 3)
    assert comp[1].sum() == 0                    # both dipeptides contain X
    single = protein.composition("MKV", k=2)
    assert single.shape == (1, 400)


def test_composition_rejects_bad_input():
    with pytest.raises(ValueError, match="letter 'B'"):
        protein.composition(["ACB"])
    with pytest.raises(ValueError, match="k must be"):
        protein.composition(["AC"], k=4)
    with pytest.raises(ValueError, match="shorter than k"):
        protein.composition(["A"], k=2)
    with pytest.raises(ValueError, match="no sequences"):
        protein.composition([])
    with pytest.raises(TypeError):
        protein.composition(None)


def test_ends_keeps_both_termini_at_fixed_positions():
    long = "M" + "A" * 50 + "KDEL"
    out = protein.ends([long, "MKV", "MKVLA"], n_term=4, c_term=4)
    assert all(len(s) == 8 for s in out)
    assert out[0] == "MAAAKDEL"
    assert out[1] == "MKXXXXXV"                  # short: padded in the middle, ends at the ends
    assert out[2] == "MKVXXXLA"
    assert protein.ends("MKVLA", 3, 0) == "MKV"  # N-terminus only
    assert protein.ends("MKVLAG", 2, 3, pad="-") == "MKLAG"


def test_ends_of_every_length_fit_and_keep_the_termini():
    seqs = ["".join(np.random.default_rng(n).choice(list(encoding.PROTEIN), n)) for n in range(1, 30)]
    for n_term, c_term in ((5, 5), (10, 3), (3, 10), (7, 0)):
        for s, e in zip(seqs, protein.ends(seqs, n_term, c_term)):
            assert len(e) == n_term + c_term
            kept = e.replace("X", "")
            assert kept == s if len(s) <= n_term + c_term else kept == s[:n_term] + s[len(s) - c_term:]
            assert e[0] == s[0]
            if c_term and len(s) > 1:
                assert e[-1] == s[-1]
    x = encoding.one_hot_protein(protein.ends(seqs, 5, 5))
    assert x.shape == (len(seqs), 20, 10)


def test_ends_rejects_bad_input():
    with pytest.raises(ValueError, match="n_term"):
        protein.ends(["MKV"], n_term=0)
    with pytest.raises(ValueError, match="pad"):
        protein.ends(["MKV"], pad="XX")
    with pytest.raises(ValueError, match="empty"):
        protein.ends(["MKV", ""])
    with pytest.raises(TypeError):
        protein.ends(["MKV"], n_term=2.5)
