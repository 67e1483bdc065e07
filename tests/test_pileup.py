"""course_utils.pileup: the read simulator, pileup tensors, the classical callers and the per-type scores."""
import numpy as np
import pytest
import torch

from course_utils import pileup

WINDOW = "ACGTTGCAGCATGCA"           # 15 bases, no homopolymer at the centre
GENOME = ("ACGT" * 20 + "GATTACA" * 10 + "CAAAAAAAG") * 3000   # ~470 kb with homopolymer runs


def site(kind, genotype=0, length=1, coverage=30, seed=0, window=WINDOW):
    reads = pileup.simulate_site(window, kind, genotype, length, coverage, np.random.default_rng(seed))
    return reads, pileup.pileup_tensor(reads, window)


def test_split_of_blocks():
    assert list(pileup.split_of([0, 49_999, 50_000, 150_000, 200_000, 250_000])) == \
        ["train", "train", "train", "valid", "test", "train"]


def test_homopolymer_ends():
    assert list(pileup.homopolymer_ends("CGAAAAAAGTTTTTC", min_length=5)) == [7, 13]
    assert list(pileup.homopolymer_ends("ACGT", min_length=2)) == []


def test_pileup_tensor_shape_and_channels():
    reads, x = site("SNP", genotype=2)
    n = len(reads["strand"])
    assert x.shape == (len(pileup.CHANNELS), pileup.MAX_READS, pileup.WINDOW) and x.dtype == np.float32
    assert np.all(x[:, n:] == 0), "padding rows are all zero"
    assert np.all(np.abs(x[5, :n]) == 1), "strand is +1 or -1 on every read"
    assert np.all(np.diff(x[5, :n, 0]) <= 0), "forward reads come first"
    c = pileup.CENTRE
    assert x[6, :n, c].mean() < 0.2, "a hom-alt SNP mismatches the reference in almost every read"
    assert np.allclose(x[:4, :n].sum(axis=0), 1), "one base per column without deletions"


def test_deletion_and_insertion_channels():
    _, x = site("deletion", genotype=2, length=2)
    n = int((x[5, :, 0] != 0).sum())
    c = pileup.CENTRE
    assert np.all(x[:4, :n, c:c + 2].sum(axis=0) == 0), "deleted columns have no base"
    assert np.all(x[4, :n, c] == 0) and np.all(x[6, :n, c] == 0)
    _, x = site("insertion", genotype=2, length=3)
    assert x[7, :n, c].mean() > 0.9 and x[6, :n, c].mean() > 0.9, "insertion reads still match the centre base"


def test_strand_bias_is_on_one_strand():
    reads, x = site("strand bias", seed=3)
    c = pileup.CENTRE
    wrong = reads["base"][:, c] != pileup._codes(WINDOW)[c]
    fwd, rev = wrong[reads["strand"]].mean(), wrong[~reads["strand"]].mean()
    assert max(fwd, rev) > 0.4 and min(fwd, rev) < 0.1


def test_homopolymer_slippage():
    window = "GAAAAAAAGCTGCAT"                 # A at 1..7: a run of 7 ending at the centre
    assert pileup._run_length_at_centre(window) == 7
    rates = []
    for seed in range(20):
        reads, _ = site("homopolymer", window=window, seed=seed)
        rates.append(np.mean((reads["base"][:, pileup.CENTRE] < 0) | (reads["insertion"][:, pileup.CENTRE] > 0)))
    assert 0.15 < np.mean(rates) < 0.5


def test_simulate_returns_truth_and_respects_split():
    d = pileup.simulate(GENOME, 200, "test", coverage=20, seed=1)
    assert d["x"].shape == (200, len(pileup.CHANNELS), pileup.MAX_READS, pileup.WINDOW)
    assert set(pileup.split_of(d["position"])) == {"test"}
    assert np.all((d["genotype"] > 0) == (d["vtype"] >= 0))
    assert set(d["kind"]) <= set(pileup.SITE_KINDS)
    again = pileup.simulate(GENOME, 200, "test", coverage=20, seed=1)
    assert np.array_equal(d["x"], again["x"]), "the same seed gives the same reads"


def test_evidence_finds_the_candidate_allele():
    xs = np.stack([site(k, g, 2)[1] for k, g in (("SNP", 1), ("insertion", 1), ("deletion", 2), ("reference", 0))])
    ev = pileup.evidence(xs)
    assert list(ev["candidate"]) == [True, True, True, False]
    assert list(ev["ctype"][:3]) == [0, 1, 2]
    assert np.all(ev["alt"].sum(1) == ev["alt_count"])
    assert not np.any(ev["alt"] & ev["ref"])
    with pytest.raises(ValueError, match="shape"):
        pileup.evidence(np.zeros((2, 3, 4, 5)))


def test_callers_get_clean_sites_right():
    cases = [("SNP", 1), ("SNP", 2), ("insertion", 1), ("deletion", 2), ("reference", 0)]
    xs = np.stack([site(k, g, 1, coverage=35, seed=i)[1] for i, (k, g) in enumerate(cases)])
    ev = pileup.evidence(xs)
    expected = [g for _, g in cases]
    assert list(pileup.threshold_call(ev, 0.25, 0.8)) == expected
    assert list(pileup.bayes_call(ev, -3.0, 0.01)) == expected
    ll = pileup.genotype_log_likelihoods(ev)
    assert ll.shape == (5, 3) and np.all(ll <= 0)


def test_scores_follow_vcfeval_rules():
    truth = pileup.truth_codes([1, 2, 0, 1, 1], [0, 0, -1, 1, 2])     # het SNP, hom SNP, ref, het ins, het del
    assert list(truth) == [1, 2, 0, 3, 5]
    calls = np.array([1, 1, 1, 3, 0])                                  # right; wrong genotype; FP SNP; right; missed
    assert pileup.counts(truth, calls, 0) == (1, 2, 1)
    assert pileup.counts(truth, calls, 1) == (1, 0, 0)
    assert pileup.counts(truth, calls, 2) == (0, 0, 1)
    assert pileup.f1(0)(truth, calls) == pytest.approx(2 / 5)
    assert pileup.f1("all")(truth, calls) == pytest.approx(4 / 8)
    table = pileup.score_table(truth, calls)
    assert list(table.index) == list(pileup.TYPES) and table.loc["insertion", "F1"] == 1.0


def test_cnn_shapes_and_padding_invariance():
    torch.manual_seed(0)
    net = pileup.PileupCNN().eval()
    _, x = site("SNP", 1, coverage=20)
    n = int((x[5, :, 0] != 0).sum())
    shuffled = x.copy()
    perm = np.random.default_rng(0).permutation(n)
    shuffled[:, :n] = x[:, perm]
    with torch.no_grad():
        out = net(torch.tensor(np.stack([x, shuffled])))
    assert out.shape == (2, 3)
    assert torch.allclose(out[0], out[1], atol=1e-5), "the order of the reads must not matter"


def test_read_records_and_vcf():
    reads, _ = site("deletion", 2, 2, seed=4)
    recs = pileup.read_records(reads, 1000, WINDOW)
    assert len(recs) == len(reads["strand"])
    for r in recs:
        ref_len = sum(n for op, n in r["cigar"] if op in (0, 2))
        seq_len = sum(n for op, n in r["cigar"] if op in (0, 1))
        assert seq_len == len(r["sequence"]) == len(r["qualities"])
        assert r["start"] + ref_len == 1000 + pileup.WINDOW
    assert any((2, 2) in r["cigar"] for r in recs)
    assert pileup.vcf_record(WINDOW, 1000, "deletion", 2, 2) == (1006, WINDOW[6:9], WINDOW[6], (1, 1))
    reads, _ = site("insertion", 1, 2, seed=5)
    pos, ref, alt, gt = pileup.vcf_record(WINDOW, 1000, "insertion", 1, 2, reads["variant"])
    assert pos == 1007 and ref == WINDOW[7] and len(alt) == 3 and gt == (0, 1)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="split"):
        pileup.sample_sites(GENOME, 10, "training")
    with pytest.raises(ValueError, match="kind"):
        pileup.simulate_site(WINDOW, "indel", 1, 1, 30, np.random.default_rng(0))
    with pytest.raises(ValueError, match="window"):
        pileup.simulate_site("ACGT", "SNP", 1, 1, 30, np.random.default_rng(0))
    with pytest.raises(ValueError, match="coverage"):
        pileup.simulate(GENOME, 10, "train", coverage=-3)
    with pytest.raises(TypeError, match="reference"):
        pileup.homopolymer_ends(None)


def test_bad_inputs_name_the_fix():
    truth = pileup.truth_codes([1, 0], [0, -1])
    _, x = site("SNP", 1, coverage=20)
    with pytest.raises(TypeError, match=r"pileup\.evidence\(x\) on the pileups first"):
        pileup.threshold_call(x[None])
    with pytest.raises(ValueError, match="not the dict from pileup.simulate"):
        pileup.bayes_call({"x": x[None]})
    with pytest.raises(TypeError, match=r"x must be pileup tensors of shape \(N, 8, 40, 15\)"):
        pileup.evidence(None)
    with pytest.raises(ValueError, match="log10_prior"):
        pileup.bayes_call(pileup.evidence(x), 0.0)
    with pytest.raises(ValueError, match="vtype must be"):
        pileup.f1("SNP")
    with pytest.raises(ValueError, match="same sites"):
        pileup.counts(truth, [1, 0, 0], 0)
    with pytest.raises(ValueError, match="one called genotype per site"):
        pileup.call_codes([1, 1], pileup.evidence(x))
    with pytest.raises(TypeError, match="whole numbers"):
        pileup.split_of([0.5, 1.5])
    with pytest.raises(TypeError, match="simulate_site"):
        pileup.read_records(x, 0, WINDOW)
