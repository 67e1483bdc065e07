import numpy as np
import pytest

from course_utils import metrics


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
