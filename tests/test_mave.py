"""course_utils.mave: R^2, noise ceiling, mean sort-seq bin, ridge on a validation split, weight matrices."""
import numpy as np
import pandas as pd
import pytest

from course_utils import mave


def test_r2_is_one_for_perfect_zero_for_the_mean_and_penalises_scale():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    assert mave.r2(y, y) == 1.0
    assert mave.r2(y, np.full(4, y.mean())) == pytest.approx(0.0)
    assert mave.r2(y, 2 * y) < 0                       # perfectly correlated, wrong scale
    assert mave.r2(y[:, None], y) == 1.0               # a column is accepted
    assert mave.r2(pd.Series(y), list(y)) == 1.0


def test_r2_rejects_bad_input():
    with pytest.raises(ValueError, match="same rows"):
        mave.r2([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="NaN"):
        mave.r2([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="constant"):
        mave.r2([1.0, 1.0], [1.0, 2.0])
    with pytest.raises(TypeError):
        mave.r2("abc", [1.0, 2.0, 3.0])


def test_noise_ceiling_is_the_square_root_of_the_replicate_correlation():
    rng = np.random.default_rng(0)
    f = rng.normal(size=200_000)
    y1, y2 = f + rng.normal(size=f.size), f + rng.normal(size=f.size)   # r_rep = 0.5
    c = mave.noise_ceiling(y1, y2)
    assert c["r_replicates"] == pytest.approx(0.5, abs=0.01)
    assert c["ceiling_r"] == pytest.approx(np.sqrt(c["r_replicates"]))
    assert c["ceiling_r2"] == c["r_replicates"]
    # the perfect model (it predicts f) reaches the ceiling, not the replicate correlation
    assert np.corrcoef(f, y1)[0, 1] == pytest.approx(c["ceiling_r"], abs=0.01)


def test_noise_ceiling_rejects_mismatched_or_unrelated_replicates():
    with pytest.raises(ValueError, match="join"):
        mave.noise_ceiling([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="r > 0"):
        mave.noise_ceiling([1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0])


def test_mean_bin_weights_bins_by_reads():
    counts = np.array([[1, 0, 0], [0, 0, 2], [1, 1, 0]])
    mean, reads = mave.mean_bin(counts)
    assert np.allclose(mean, [0.0, 2.0, 0.5]) and np.allclose(reads, [1, 2, 2])
    df = pd.DataFrame(counts, columns=["ct_0", "ct_1", "ct_2"])
    assert np.allclose(mave.mean_bin(df)[0], mean)
    with pytest.raises(ValueError, match="no reads"):
        mave.mean_bin([[0, 0], [1, 0]])
    with pytest.raises(ValueError, match="non-negative"):
        mave.mean_bin(np.array([[1, -1], [1, 0]]))


def test_fit_ridge_matches_sklearn_and_chooses_the_penalty_on_validation():
    from sklearn.linear_model import Ridge
    rng = np.random.default_rng(1)
    F = rng.normal(size=(400, 10))
    beta = rng.normal(size=10)
    y = F @ beta + 0.5 + rng.normal(size=400)
    w = rng.integers(1, 4, size=400).astype(float)
    fit = mave.fit_ridge((F[:300], y[:300]), (F[300:], y[300:]), alphas=(0.1, 10.0, 1e6),
                         weights=(w[:300], w[300:]))
    assert set(fit.valid_r2) == {0.1, 10.0, 1e6}
    assert fit.alpha == max(fit.valid_r2, key=fit.valid_r2.get) and fit.alpha != 1e6
    ref = Ridge(alpha=fit.alpha).fit(F[:300], y[:300], sample_weight=w[:300])
    assert np.allclose(fit.coef, ref.coef_, atol=1e-8) and fit.intercept == pytest.approx(ref.intercept_)
    assert np.allclose(fit.predict(F[300:]), ref.predict(F[300:]))


def test_fit_ridge_flattens_one_hot_and_checks_input():
    x = np.eye(4)[np.random.default_rng(2).integers(0, 4, size=(50, 3))].transpose(0, 2, 1)   # (50, 4, 3)
    y = x[:, 0, 0] * 2.0
    fit = mave.fit_ridge((x[:40], y[:40]), (x[40:], y[40:]), alphas=(0.01,))
    assert fit.coef.shape == (12,) and fit.predict(x[40:]).shape == (10,)
    with pytest.raises(ValueError, match="same function"):
        mave.fit_ridge((x[:40], y[:40]), (x[40:, :, :2], y[40:]))
    with pytest.raises(ValueError, match="positive"):
        mave.fit_ridge((x[:40], y[:40]), (x[40:], y[40:]), alphas=(0,))
    with pytest.raises(TypeError, match="tuples"):
        mave.fit_ridge(x, y)
    with pytest.raises(ValueError, match="fitted on"):
        fit.predict(np.zeros((2, 5)))


def test_gauge_fix_centres_observed_bases_and_zeroes_the_rest():
    w = np.arange(8, dtype=float).reshape(4, 2)
    g = mave.gauge_fix(w)
    assert np.allclose(g.sum(axis=0), 0) and np.allclose(np.diff(g, axis=0), np.diff(w, axis=0))
    observed = np.array([[True, False], [True, True], [False, False], [False, True]])
    g = mave.gauge_fix(w, observed)
    assert g[0, 1] == 0 and g[2, 0] == 0 and np.allclose((g * observed).sum(axis=0), 0)
    with pytest.raises(ValueError, match="transposed"):
        mave.gauge_fix(w.T)
    with pytest.raises(ValueError, match="at least one"):
        mave.gauge_fix(w, np.zeros((4, 2), dtype=bool))


def test_matrix_and_window_correlations_find_a_planted_site():
    rng = np.random.default_rng(3)
    site = rng.normal(size=(4, 6))
    background = 0.1 * rng.normal(size=(4, 30))
    background[:, 12:18] += -site                     # an energy-like (sign-flipped) copy at offset 12
    assert mave.matrix_correlation(site, site + 5.0) == pytest.approx(1.0)   # gauge does not matter
    r = mave.window_correlations(background, site)
    assert r.shape == (25,) and int(np.argmin(r)) == 12 and r[12] < -0.9
    with pytest.raises(ValueError, match="shapes"):
        mave.matrix_correlation(site, site[:, :5])
    with pytest.raises(ValueError, match="longer"):
        mave.window_correlations(site, background)
