import numpy as np
import pytest
from scipy import stats

from course_utils import comparison, metrics


def test_auroc_auprc_known_values():
    y = [0, 0, 1, 1]
    assert metrics.auroc(y, [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert metrics.auroc(y, [0, 1, 2, 3]) == 1.0
    assert metrics.auprc(y, [0, 1, 2, 3]) == 1.0
    assert metrics.positive_rate(y) == 0.5


def test_auprc_of_random_scores_is_the_positive_rate():
    rng = np.random.default_rng(0)
    y = (rng.random(20000) < 0.05).astype(int)
    assert metrics.auprc(y, rng.random(20000)) == pytest.approx(0.05, abs=0.01)
    assert metrics.auroc(y, rng.random(20000)) == pytest.approx(0.5, abs=0.03)


def test_column_vectors_are_accepted():
    y = np.array([[0], [1], [1], [0]])
    assert metrics.auroc(y, np.array([[0.1], [0.9], [0.8], [0.2]])) == 1.0


def test_bad_inputs():
    with pytest.raises(ValueError, match="only one class"):
        metrics.auroc([1, 1, 1], [0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match="0/1 labels"):
        metrics.auprc([0, 2, 1], [0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match="3 values but y_score has 2"):
        metrics.auroc([0, 1, 1], [0.2, 0.3])
    with pytest.raises(ValueError, match="1-D"):
        metrics.auroc(np.zeros((4, 2)), np.zeros((4, 2)))


def test_accuracy_and_correlations():
    assert metrics.accuracy([1, 0, 1, 1], [1, 1, 1, 1]) == 0.75
    x = np.arange(10.0)
    assert metrics.pearson(x, 2 * x + 1) == pytest.approx(1.0)
    assert metrics.spearman(x, x ** 3) == pytest.approx(1.0)
    assert metrics.pearson(x, -x) == pytest.approx(-1.0)


# --- issue 8: accuracy takes labels, and NaN never lowers a metric silently ---

def test_accuracy_rejects_probabilities_and_nan():
    with pytest.raises(ValueError, match=r"threshold them first"):
        metrics.accuracy([0, 1, 1], [0.2, 0.7, 0.9])
    with pytest.raises(ValueError, match="NaN"):
        metrics.accuracy([0, 1, 1], [0.0, np.nan, 1.0])
    assert metrics.accuracy([0, 1, 1], np.array([0.0, 1.0, 0.0])) == pytest.approx(2 / 3)


def test_auroc_rejects_nan_scores_and_tables():
    with pytest.raises(ValueError, match="NaN"):
        metrics.auroc([0, 1, 0, 1], [0.1, np.nan, 0.2, 0.9])
    with pytest.raises(TypeError, match="must be a 1-D array of numbers, got str"):
        metrics.auroc("0101", [0.1, 0.2, 0.3, 0.4])


def test_bootstrap_interval_contains_the_estimate_and_paired_difference_of_identical_scores_is_zero():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    s = y + rng.normal(0, 1, 300)
    est, lo, hi = metrics.bootstrap_ci(metrics.auroc, y, s, n_boot=200)
    assert lo < est < hi and hi - lo < 0.2
    assert metrics.paired_bootstrap(metrics.auroc, y, s, s, n_boot=100) == (0.0, 0.0, 0.0)


def test_seed_summary():
    import pandas as pd
    df = pd.DataFrame({"model": ["a"] * 3 + ["b"] * 3 + ["c"] * 3,
                       "auroc": [0.90, 0.91, 0.92, 0.80, 0.81, 0.82, 0.905, 0.93, 0.88]})
    s = comparison.seed_summary(df, "model", "auroc")
    assert list(s.index) == ["a", "c", "b"] and s.loc["a", "n"] == 3
    with pytest.raises(ValueError, match="no column"):
        comparison.seed_summary(df, "model", "auprc")


def _equal_models(rng, n=300, seeds=3, seed_sd=0.3, gap=0.0):
    """Test labels and (seeds, n) scores of two models whose quality differs by ``gap`` on average.

    Each seed draws its own quality (spread ``seed_sd``) and its own errors; both models share
    which examples are hard, as two models trained on the same data do.
    """
    y = (rng.random(n) < 0.5).astype(float)
    hard = rng.normal(size=n)

    def model(quality):
        return np.stack([y * (quality + seed_sd * rng.normal()) + 0.6 * hard + rng.normal(size=n)
                         for _ in range(seeds)])
    return y, model(1.0 + gap), model(1.0)


@pytest.mark.slow
def test_difference_calls_two_models_of_equal_quality_no_difference_at_least_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    calls = [metrics.difference(metrics.auroc, *_equal_models(rng), n_boot=200, seed=i).differs
             for i in range(150)]
    assert np.mean(calls) <= 0.05, f"false-positive rate {np.mean(calls):.3f} above 5 %"


@pytest.mark.slow
def test_difference_finds_a_real_gap_and_says_which_way():
    rng = np.random.default_rng(1)
    hits = [metrics.difference(metrics.auroc, *_equal_models(rng, seed_sd=0.05, gap=0.6), n_boot=200, seed=i)
            for i in range(20)]
    assert np.mean([d.differs for d in hits]) >= 0.9
    assert all(d.verdict in ("A better", "no difference") for d in hits)
    y, a, b = _equal_models(np.random.default_rng(2), seed_sd=0.05, gap=0.6)
    d = metrics.difference(metrics.auroc, y, b, a, n_boot=200)
    assert d.verdict == "B better" and d.estimate < 0 and d.low < d.estimate < d.high
    est, lo, hi = d                      # unpacks like paired_bootstrap
    assert est == d.estimate and str(d).startswith("-") and "[" in str(d)


def test_difference_with_one_run_each_is_the_paired_bootstrap_with_a_normal_interval():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300).astype(float)
    a, b = y + rng.normal(size=300), y + rng.normal(size=300) * 1.5
    d = metrics.difference(metrics.auroc, y, a, b, n_boot=400)
    diff, lo, hi = metrics.paired_bootstrap(metrics.auroc, y, a, b, n_boot=400)
    assert d.estimate == pytest.approx(diff) and np.isinf(d.df)
    assert d.high - d.low == pytest.approx(hi - lo, rel=0.25)       # normal vs percentile interval
    # seeds add their spread: three seeds that disagree widen the interval
    spread = np.stack([a, a + rng.normal(size=300) * 2, a * 0.1 + rng.normal(size=300)])
    wide = metrics.difference(metrics.auroc, y, spread, b, n_boot=400)
    assert wide.high - wide.low > 2 * (d.high - d.low) and np.isfinite(wide.df)


def test_difference_rejects_scores_of_the_wrong_shape_with_the_fix():
    y = np.array([0, 1, 0, 1, 1.0])
    with pytest.raises(ValueError, match="shape .N,. or .seeds, N."):
        metrics.difference(metrics.auroc, y, np.zeros((2, 4)), np.zeros(5))
    with pytest.raises(ValueError, match="NaN"):
        metrics.difference(metrics.auroc, y, [0.1, np.nan, 0.2, 0.3, 0.4], np.zeros(5))
    assert not hasattr(metrics, "differs"), "the old mean +- sd rule is gone: use metrics.difference"


@pytest.mark.slow
def test_bootstrap_fast_paths_give_the_same_intervals_as_the_metrics_themselves():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 300).astype(float)
    a = np.round(rng.normal(size=300) + y, 1)          # ties, as rounded scores have
    b = a + rng.normal(size=300)
    slow_auroc = lambda t, s: metrics.auroc(t, s)       # noqa: E731  (not the same object: no fast path)
    np.testing.assert_allclose(metrics.bootstrap_ci(metrics.auroc, y, a, n_boot=200),
                               metrics.bootstrap_ci(slow_auroc, y, a, n_boot=200), atol=1e-12)
    np.testing.assert_allclose(metrics.paired_bootstrap(metrics.auroc, y, a, b, n_boot=200),
                               metrics.paired_bootstrap(slow_auroc, y, a, b, n_boot=200), atol=1e-12)
    slow_auprc = lambda t, s: metrics.auprc(t, s)      # noqa: E731
    np.testing.assert_allclose(metrics.paired_bootstrap(metrics.auprc, y, a, b, n_boot=200),
                               metrics.paired_bootstrap(slow_auprc, y, a, b, n_boot=200), atol=1e-12)
    p = (a > 0.5).astype(float)
    slow_acc = lambda t, s: metrics.accuracy(t, s)      # noqa: E731
    np.testing.assert_allclose(metrics.bootstrap_ci(metrics.accuracy, y, p, n_boot=200),
                               metrics.bootstrap_ci(slow_acc, y, p, n_boot=200), atol=1e-12)


@pytest.mark.parametrize("block_values", [1_000_000, 7 * 30])      # one block, and blocks of 7 resamples
def test_auroc_of_many_resamples_at_once_equals_one_resample_at_a_time(monkeypatch, block_values):
    """The block computation (counts of draws, cumulative sums over sorted scores) gives exactly scipy's
    Mann-Whitney U / (n_pos n_neg) of each resample, ties included, and skips the one-class resamples."""
    monkeypatch.setattr(metrics, "_RESAMPLE_BLOCK_VALUES", block_values)
    rng = np.random.default_rng(5)
    y = np.zeros(30)
    y[[3, 17]] = 1                                         # two positives: about one resample in eight holds none
    rows = np.stack([np.round(rng.normal(size=30) + y, 1),            # many ties
                     rng.normal(size=30) + 2 * y, np.zeros(30)])      # no ties; all tied (AUROC 0.5)
    fast = metrics._resampled(metrics.auroc, y, rows, n_boot=60, seed=4)
    def mann_whitney(y_drawn, s_drawn):
        pos, neg = s_drawn[y_drawn == 1], s_drawn[y_drawn == 0]
        return stats.mannwhitneyu(pos, neg).statistic / (len(pos) * len(neg))

    one_at_a_time = np.array([[mann_whitney(y[idx], row[idx])
                               for idx in metrics._resamples(y, metrics.auroc, 60, 4)] for row in rows])
    assert 40 < fast.shape[1] < 60 and fast.shape == one_at_a_time.shape      # one-class resamples skipped
    np.testing.assert_array_equal(fast, one_at_a_time)                       # exactly, not approximately
    assert (fast[2] == 0.5).all()
    accuracy = metrics._resampled(metrics.accuracy, y, (rows > 0.5).astype(float), n_boot=60, seed=4)
    assert accuracy.shape == (3, 60)


def test_ratio_bootstrap_resamples_whole_groups():
    correct, length = np.array([90.0, 10.0, 50.0, 45.0]), np.array([100.0, 100.0, 50.0, 50.0])
    est, lo, hi = metrics.ratio_bootstrap(correct, length, n_boot=2000, seed=0)
    assert est == pytest.approx(195 / 300) and lo < est < hi
    # a group never splits: every resampled ratio is a weighted mix of the four groups' own ratios
    assert lo >= 0.1 and hi <= 1.0
    assert metrics.ratio_bootstrap(correct - correct, length, n_boot=50) == (0.0, 0.0, 0.0)     # paired, same model
    assert metrics.ratio_bootstrap(correct, length, seed=1) == metrics.ratio_bootstrap(correct, length, seed=1)
    with pytest.raises(ValueError, match="numerator has 4 values but denominator has 3"):
        metrics.ratio_bootstrap(correct, length[:3])
    with pytest.raises(ValueError, match="denominator must sum to more than 0"):
        metrics.ratio_bootstrap(correct, 0 * length)
    with pytest.raises(ValueError, match="level"):
        metrics.ratio_bootstrap(correct, length, level=95)
