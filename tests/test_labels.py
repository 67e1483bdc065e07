import numpy as np
import pytest

from course_utils import encoding, kmers, labels
from course_utils import simulate as sim


def test_flip_labels_rate_shape_and_seed():
    y = np.array([0, 1] * 2000, dtype=np.float32)[:, None]
    noisy = labels.flip_labels(y, 0.2, seed=1)
    assert noisy.shape == y.shape and noisy.dtype == y.dtype
    assert abs((noisy != y).mean() - 0.2) < 0.03
    assert np.array_equal(noisy, labels.flip_labels(y, 0.2, seed=1))
    assert np.array_equal(labels.flip_labels(y, 0.0), y)
    assert np.array_equal(labels.flip_labels(y, 1.0), 1 - y)


def test_ece_perfect_and_overconfident():
    rng = np.random.default_rng(0)
    p = rng.random(20000)
    y = (rng.random(20000) < p).astype(int)
    assert labels.expected_calibration_error(y, p) < 0.02
    assert labels.expected_calibration_error(y, np.round(p)) > 0.2    # 0/1 predictions: overconfident
    table = labels.reliability_curve(y, p, n_bins=5)
    assert list(table.columns) == ["mean_predicted", "fraction_positive", "count"]
    assert table["count"].sum() == 20000 and len(table) == 5


def test_ece_equals_the_reliability_table_sum():
    rng = np.random.default_rng(3)
    y = (rng.random(500) < 0.4).astype(float)
    p = np.clip(0.2 + 0.5 * y + rng.normal(scale=0.2, size=500), 0, 1)
    for n_bins in (1, 5, 10, 37):
        table = labels.reliability_curve(y, p, n_bins=n_bins)
        by_table = ((table.fraction_positive - table.mean_predicted).abs() * table["count"]).sum() / len(p)
        assert labels.expected_calibration_error(y, p, n_bins=n_bins) == pytest.approx(by_table, abs=1e-12)
    assert labels.expected_calibration_error(y[:, None], p) == labels.expected_calibration_error(y, p)


def test_negative_sets_keep_composition():
    seqs = sim.background(50, 100, gc=0.6, seed=0)
    shuffled = labels.dinucleotide_shuffled(seqs, seed=0)
    assert shuffled != seqs
    for a, b in zip(seqs, shuffled):
        assert len(a) == len(b)
    assert np.allclose(kmers.kmer_counts(seqs, 2, normalize=False), kmers.kmer_counts(shuffled, 2, normalize=False))
    bg = labels.gc_matched_background(seqs, seed=0)
    assert len(bg) == 50 and abs(encoding.gc_content(bg).mean() - encoding.gc_content(seqs).mean()) < 0.03


def test_bad_inputs():
    with pytest.raises(ValueError, match="rate"):
        labels.flip_labels([0, 1], 1.5)
    with pytest.raises(ValueError, match="0/1"):
        labels.flip_labels([0, 2], 0.1)
    with pytest.raises(ValueError, match="sigmoid"):
        labels.expected_calibration_error([0, 1], [-2.0, 3.0])
    with pytest.raises(ValueError, match="2 labels but p has 3"):
        labels.expected_calibration_error([0, 1], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match="one length"):
        labels.dinucleotide_shuffled(["ACGT", "ACG"])
    with pytest.raises(ValueError, match="no N"):
        labels.dinucleotide_shuffled(["ACGN"])
