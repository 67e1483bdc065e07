import numpy as np
import pytest
import torch

from course_utils import encoding, kmers, motifs


def test_one_hot_dna_shape_and_values():
    x = encoding.one_hot_dna(["ACGTN", "acgta"])
    assert x.shape == (2, 4, 5) and x.dtype == np.float32
    np.testing.assert_array_equal(x[0, :, :4], np.eye(4))
    assert x[0, :, 4].sum() == 0                      # N is all zero by default
    np.testing.assert_array_equal(x[1], x[0] * 0 + encoding.one_hot_dna("ACGTA"))  # lower case = upper case


def test_one_hot_dna_single_string_and_n_value():
    x = encoding.one_hot_dna("NA", n_value=0.25)
    assert x.shape == (4, 2)
    np.testing.assert_allclose(x[:, 0], 0.25)
    np.testing.assert_array_equal(x[:, 1], [1, 0, 0, 0])


@pytest.mark.parametrize("bad, message", [
    (["ACGT", "ACGU"], "sequence 1 has the letter 'U' at position 3"),
    (["ACGT", "ACG"], "sequence 1 has length 3"),
    ([], "no sequences"),
    (["", ""], "sequence 0 is empty"),
])
def test_one_hot_dna_bad_input_names_the_culprit(bad, message):
    with pytest.raises(ValueError, match=message):
        encoding.one_hot_dna(bad)


def test_one_hot_dna_rejects_non_strings():
    with pytest.raises(TypeError, match="sequence 1 is a int"):
        encoding.one_hot_dna(["ACGT", 5])


def test_one_hot_protein():
    x = encoding.one_hot_protein(["ACDX"])
    assert x.shape == (1, 20, 4)
    assert x[0, :, 3].sum() == 0 and x[0, encoding.PROTEIN.index("D"), 2] == 1
    with pytest.raises(ValueError, match="letter 'B' at position 1"):
        encoding.one_hot_protein("AB")


def test_reverse_complement():
    assert encoding.reverse_complement("AACGTN") == "NACGTT"
    assert encoding.reverse_complement("acgT") == "Acgt"
    with pytest.raises(ValueError, match="position 2"):
        encoding.reverse_complement("ACU")
    with pytest.raises(TypeError):
        encoding.reverse_complement(["ACGT"])


def test_reverse_complement_one_hot_matches_string_version_numpy_and_torch():
    seqs = ["AACGTTTG", "GGGCATAC"]
    expected = encoding.one_hot_dna([encoding.reverse_complement(s) for s in seqs])
    np.testing.assert_array_equal(encoding.reverse_complement_one_hot(encoding.one_hot_dna(seqs)), expected)
    got = encoding.reverse_complement_one_hot(torch.from_numpy(encoding.one_hot_dna(seqs)))
    np.testing.assert_array_equal(got.numpy(), expected)
    with pytest.raises(ValueError, match="4 channels"):
        encoding.reverse_complement_one_hot(np.zeros((2, 5, 8)))


def test_kmer_counts():
    assert kmers.kmer_names(1) == list("ACGT") and len(kmers.kmer_names(3)) == 64
    c = kmers.kmer_counts(["AAAC", "ACNAC"], k=2, normalize=False)
    names = kmers.kmer_names(2)
    assert c.shape == (2, 16)
    assert c[0, names.index("AA")] == 2 and c[0, names.index("AC")] == 1 and c[0].sum() == 3
    assert c[1, names.index("AC")] == 2 and c[1].sum() == 2       # k-mers with N are skipped
    f = kmers.kmer_counts(["AAAC"], k=2)
    np.testing.assert_allclose(f.sum(), 1.0)
    with pytest.raises(ValueError, match="shorter than k"):
        kmers.kmer_counts(["AC"], k=3)
    with pytest.raises(ValueError, match="k must be"):
        kmers.kmer_counts(["ACGT"], k=0)
    with pytest.raises(ValueError, match="letter 'Z'"):
        kmers.kmer_counts(["ACZT"], k=2)


def test_pwm_math():
    counts = np.array([[8, 0], [0, 4], [0, 4], [0, 0]], dtype=float)
    p = motifs.probabilities(counts, pseudocount=0)
    np.testing.assert_allclose(p[:, 1], [0, 0.5, 0.5, 0])
    ic = motifs.information_content(p).sum(axis=0)
    np.testing.assert_allclose(ic, [2.0, 1.0])
    lo = motifs.log_odds(motifs.probabilities(counts, pseudocount=1))
    assert lo.shape == (4, 2) and lo[0, 0] > 1.5 and lo[3, 0] < 0
    assert motifs.consensus(counts) == "AC"
    with pytest.raises(ValueError, match="looks transposed"):
        motifs.probabilities(counts.T)
    with pytest.raises(ValueError, match="zeros"):
        motifs.log_odds(p)


def test_scan_finds_the_planted_site_on_both_strands():
    motif = encoding.one_hot_dna("GATTACA")
    pwm = motifs.log_odds(motifs.probabilities(motif * 10, pseudocount=0.5))
    seq = "CCCCC" + "GATTACA" + "CCCCCCCCC" + encoding.reverse_complement("GATTACA") + "CC"
    scores = motifs.scan(encoding.one_hot_dna(seq), pwm)
    assert scores.shape == (len(seq) - 7 + 1,)
    assert set(np.argsort(scores)[-2:]) == {5, 21}
    fwd_only = motifs.scan(encoding.one_hot_dna(seq), pwm, both_strands=False)
    assert np.argmax(fwd_only) == 5 and fwd_only[21] < scores[21]
    with pytest.raises(ValueError, match="shape"):
        motifs.scan(np.zeros((2, 5, 10)), pwm)


def test_gc_content():
    np.testing.assert_allclose(encoding.gc_content(["GGCC", "ATGC", "GCNN"]), [1.0, 0.5, 1.0])
    with pytest.raises(ValueError, match="no A/C/G/T"):
        encoding.gc_content(["NNN"])


# --- one validator per kind of input (issue 8 regressions) ---

def test_information_content_rejects_raw_counts():
    counts = encoding.one_hot_dna("GATTACA") * 100
    with pytest.raises(ValueError, match=r"columns must sum to 1.*motifs.probabilities"):
        motifs.information_content(counts)
    ic = motifs.information_content(motifs.probabilities(counts))
    assert ic.sum(axis=0).max() <= 2.0 + 1e-9


@pytest.mark.parametrize("background, message", [
    ((0.3, 0.3, 0.3, 0.3), "must sum to 1"),
    ((0.5, 0.5, 0.0, 0.0), "positive"),
    ((0.25, 0.25, 0.5), "4 frequencies"),
    ("ACGT", "4 numbers"),
])
def test_log_odds_checks_the_background(background, message):
    p = motifs.probabilities(encoding.one_hot_dna("GATTACA") * 10)
    with pytest.raises((ValueError, TypeError), match=message):
        motifs.log_odds(p, background=background)


def test_gc_content_counts_rna_and_rejects_tables_and_bad_types():
    import pandas as pd
    np.testing.assert_allclose(encoding.gc_content(["GGCU", "AUAU"]), [0.75, 0.0])
    df = pd.DataFrame({"sequence": ["GGCC", "ATAT"]})
    with pytest.raises(TypeError, match=r"df\['sequence'\]"):
        encoding.gc_content(df)
    np.testing.assert_allclose(encoding.gc_content(df["sequence"]), [1.0, 0.0])
    for bad, name in ((None, "NoneType"), (42, "int"), (b"ACGT", "bytes")):
        with pytest.raises(TypeError, match=name if name != "bytes" else "decode"):
            encoding.gc_content(bad)


def test_one_hot_dna_of_a_dataframe_names_the_fix():
    import pandas as pd
    df = pd.DataFrame({"sequence": ["ACGT", "TTTT"]})
    with pytest.raises(TypeError, match="DataFrame"):
        encoding.one_hot_dna(df)
    assert encoding.one_hot_dna(df["sequence"]).shape == (2, 4, 4)


def test_scan_and_reverse_complement_one_hot_reject_non_one_hot_input():
    pwm = np.zeros((4, 3))
    with pytest.raises(ValueError, match="channels-last"):
        motifs.scan(np.zeros((2, 10, 4)), pwm)
    with pytest.raises(ValueError, match="not one-hot"):
        motifs.scan(np.full((2, 4, 10), 2.0), pwm)
    with pytest.raises(ValueError, match="NaN"):
        motifs.scan(np.full((2, 4, 10), np.nan), pwm)
    with pytest.raises(TypeError, match="one_hot_dna"):
        motifs.scan("ACGTACGT", pwm)
    with pytest.raises(ValueError, match="transposed"):
        motifs.scan(encoding.one_hot_dna("ACGTACGT"), np.zeros((3, 4)))


def test_motifs_compare_by_value_and_hash():
    a = motifs.Motif("MA1", "x", np.ones((4, 3)))
    b = motifs.Motif("MA1", "x", np.ones((4, 3)))
    c = motifs.Motif("MA1", "x", np.ones((4, 4)))
    assert a == b and a != c and len({a, b, c}) == 2
    with pytest.raises(ValueError, match="negative"):
        motifs.Motif("MA2", "bad", -np.ones((4, 3)))


def test_letter_index_is_the_one_lookup_table():
    t = encoding.letter_index(encoding.DNA, "N")
    assert t.shape == (256,) and t.dtype == np.int64
    assert [t[ord(c)] for c in "ACGTacgtNn"] == [0, 1, 2, 3, 0, 1, 2, 3, 4, 4]
    assert t[ord("U")] == -1 and (t == -1).sum() == 256 - 10
    k = encoding.letter_index(encoding.PROTEIN, "X", unknown_code=-2)
    assert k[ord("x")] == -2 and k[ord("y")] == encoding.PROTEIN.index("Y")
    s = encoding.letter_index("HEC", ignore_case=False)                      # state labels: case matters
    assert [s[ord(c)] for c in "HECh"] == [0, 1, 2, -1]
    with pytest.raises(TypeError, match="alphabet must be a string of letters"):
        encoding.letter_index(None)
    with pytest.raises(ValueError, match="alphabet is empty"):
        encoding.letter_index("")


def test_every_encoder_uses_the_one_table():
    from course_utils import structure
    assert open(encoding.__file__).read().count("np.full(256") == 1              # inside letter_index
    for module in (kmers, structure):
        source = open(module.__file__).read()
        assert "np.full(256" not in source and "letter_index(" in source
