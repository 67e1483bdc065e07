"""course_utils.expression: sample splits, standardising, gene clustering, landmarks, per-gene errors."""
import numpy as np
import pytest

from course_utils import expression


def modules(n_samples=40, n_modules=5, genes_per_module=20, noise=0.1, seed=0):
    """Expression with planted co-expression modules: genes of a module follow one hidden factor."""
    rng = np.random.default_rng(seed)
    factors = rng.normal(size=(n_samples, n_modules))
    module = np.repeat(np.arange(n_modules), genes_per_module)
    X = factors[:, module] + noise * rng.normal(size=(n_samples, len(module)))
    return X, module


def test_split_samples_is_disjoint_complete_and_stratified():
    labels = np.array(["B"] * 75 + ["T"] * 25)
    tr, va, te = expression.split_samples(100, test_size=0.2, valid_size=0.2, stratify=labels, seed=0)
    assert len(set(tr) | set(va) | set(te)) == 100 and len(tr) + len(va) + len(te) == 100
    assert (len(tr), len(va), len(te)) == (60, 20, 20)
    for part in (tr, va, te):
        assert 0.15 < (labels[part] == "T").mean() < 0.35
    again = expression.split_samples(100, test_size=0.2, valid_size=0.2, stratify=labels, seed=0)
    assert all(np.array_equal(a, b) for a, b in zip((tr, va, te), again))


@pytest.mark.parametrize("kwargs, message", [
    ({"test_size": 0.6, "valid_size": 0.5}, "leaves no training"),
    ({"test_size": 25, "valid_size": 0.2}, "fraction"),
    ({"test_size": 0.2, "valid_size": 0.2, "stratify": [0, 1]}, "labels for"),
])
def test_split_samples_rejects_bad_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        expression.split_samples(100, **kwargs)


def test_standardize_uses_training_statistics_only():
    rng = np.random.default_rng(1)
    X_train, X_test = rng.normal(5, 2, size=(30, 4)), rng.normal(9, 2, size=(10, 4))
    Z_train, Z_test = expression.standardize(X_train, X_test)
    assert np.allclose(Z_train.mean(0), 0, atol=1e-5) and np.allclose(Z_train.std(0), 1, atol=1e-5)
    assert Z_test.mean() > 1          # the test samples are not re-centred on their own mean
    assert Z_train.dtype == np.float32


def test_standardize_rejects_constant_genes_and_bad_input():
    X = np.ones((5, 3))
    with pytest.raises(ValueError, match="constant"):
        expression.standardize(X)
    with pytest.raises(ValueError, match="genes"):
        expression.standardize(np.random.rand(5, 3), np.random.rand(5, 4))
    with pytest.raises(TypeError, match="sample"):
        expression.standardize(np.array([["a", "b"], ["c", "d"]]))
    with pytest.raises(ValueError, match="NaN"):
        expression.standardize(np.array([[1.0, np.nan], [2.0, 3.0], [1.0, 1.0]]))


def test_cluster_genes_recovers_planted_modules():
    X, module = modules()
    labels, centres = expression.cluster_genes(X, 5, seed=0)
    assert centres.shape == (5, X.shape[0])
    assert np.allclose(np.linalg.norm(centres, axis=1), 1)
    for m in range(5):                 # every planted module lands in a single cluster
        assert len(set(labels[module == m])) == 1
    assert len(set(labels)) == 5


def test_cluster_landmarks_take_one_gene_per_module_random_ones_do_not_have_to():
    X, module = modules()
    landmarks = expression.select_landmarks(X, 5, method="cluster", seed=0)
    assert sorted(module[landmarks].tolist()) == [0, 1, 2, 3, 4]
    covered = [len(set(module[expression.select_landmarks(X, 5, method="random", seed=s)])) for s in range(20)]
    assert min(covered) < 5            # random draws often miss a module
    variance = expression.select_landmarks(X, 5, method="variance")
    assert np.array_equal(variance, np.sort(np.argsort(-X.var(0))[:5]))


def test_select_landmarks_returns_sorted_distinct_indices_of_the_requested_count():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(12, 60))
    for method in ("cluster", "random", "variance"):
        lm = expression.select_landmarks(X, 17, method=method, seed=2)
        assert len(lm) == 17 == len(set(lm.tolist())) and np.all(np.diff(lm) > 0)
        assert lm.dtype.kind == "i" and lm.min() >= 0 and lm.max() < 60


@pytest.mark.parametrize("n, method, error", [(0, "cluster", ValueError), (60, "cluster", ValueError),
                                               (5.0, "cluster", TypeError), (5, "kmeans", ValueError)])
def test_select_landmarks_rejects_bad_arguments(n, method, error):
    X = np.random.default_rng(0).normal(size=(10, 60))
    with pytest.raises(error):
        expression.select_landmarks(X, n, method=method)


def test_per_gene_mae_and_the_one_run_case_of_mae_difference():
    """The paired bootstrap over samples that bootstrap_mae_difference did is mae_difference with one run each."""
    rng = np.random.default_rng(0)
    Y = rng.normal(size=(50, 8))
    good, bad = Y + 0.1 * rng.normal(size=Y.shape), Y + rng.normal(size=Y.shape)
    per_gene = expression.per_gene_mae(Y, bad)
    assert per_gene.shape == (8,) and np.isclose(per_gene.mean(), np.abs(Y - bad).mean())
    assert not hasattr(expression, "bootstrap_mae_difference")        # one bootstrap: metrics'
    d = expression.mae_difference(Y, good, bad, n_boot=500, seed=0)
    assert np.isclose(d.estimate, np.abs(Y - good).mean() - np.abs(Y - bad).mean())
    assert d.low <= d.estimate <= d.high < 0 and d.differs       # the good model has the lower error, beyond chance
    same = expression.mae_difference(Y, good, good.copy(), n_boot=100)
    assert tuple(same) == (0.0, 0.0, 0.0) and not same.differs
    with pytest.raises(ValueError, match="shape"):
        expression.per_gene_mae(Y, Y[:, :3])
    with pytest.raises(ValueError, match="shape"):
        expression.mae_difference(Y, good, bad[:10])


def test_the_validators_are_validates_own():
    from course_utils import validate
    # notebook 05 prints select_landmarks and mae_difference, which call them by these names
    assert expression._matrix is validate.matrix and expression._count is validate.count


def test_per_sample_mae_and_mae_difference_over_seeds():
    rng = np.random.default_rng(1)
    Y = rng.normal(size=(40, 6))
    good = np.stack([Y + 0.2 * rng.normal(size=Y.shape) for _ in range(3)])      # 3 seeds
    bad = Y + rng.normal(size=Y.shape)                                              # one run
    e = expression.per_sample_mae(Y, good)
    assert e.shape == (3, 40) and np.isclose(e[0].mean(), np.abs(Y - good[0]).mean())
    assert expression.per_sample_mae(Y, bad).shape == (40,)
    d = expression.mae_difference(Y, good, bad, n_boot=300)
    assert np.isclose(d.estimate, np.abs(Y - good).mean() - np.abs(Y - bad).mean())
    assert d.differs and d.high < 0                     # the good model has the lower error, beyond chance
    tie = expression.mae_difference(Y, good[:1], good[1:2] + 0.0, n_boot=300)
    assert tie.low <= 0 <= tie.high or abs(tie.estimate) < 0.05
    assert expression.mean_error(np.arange(3), np.array([1.0, 2.0, 3.0])) == 2.0
    with pytest.raises(ValueError, match="shape"):
        expression.per_sample_mae(Y, bad[:, :3])
    with pytest.raises(ValueError, match="NaN"):
        expression.per_sample_mae(Y, np.full(Y.shape, np.nan))
