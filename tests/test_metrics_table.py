"""metrics.label_table: one row per label with AUROC, AUPRC and the random baseline."""
import numpy as np
import pytest

from course_utils import metrics


def _toy():
    y = np.array([[1, 0], [0, 0], [1, 1], [0, 0], [0, 0], [1, 0], [0, 0], [0, 0]], dtype=float)
    # label a: perfect ranking; label b: its one positive ranked 3rd of 8
    s = np.array([[0.9, 0.1], [0.1, 0.2], [0.8, 0.6], [0.2, 0.7], [0.3, 0.8], [0.7, 0.1], [0.1, 0.2], [0.2, 0.3]])
    return y, s


def test_columns_values_and_baseline():
    y, s = _toy()
    table = metrics.label_table(y, s, names=["a", "b"])
    assert list(table.index) == ["a", "b"] and table.index.name == "label"
    assert list(table.columns) == ["positives", "positive_rate", "auroc", "auprc", "auprc_random"]
    assert table.loc["a", "positives"] == 3 and table.loc["b", "positives"] == 1
    assert table.loc["a", "positive_rate"] == pytest.approx(3 / 8)
    assert (table["auprc_random"] == table["positive_rate"]).all()
    assert table.loc["a", "auroc"] == pytest.approx(1.0) and table.loc["a", "auprc"] == pytest.approx(1.0)
    # b: positive at rank 3 -> AUROC = 5/7 (beats 5 of 7 negatives), average precision = 1/3
    assert table.loc["b", "auroc"] == pytest.approx(5 / 7)
    assert table.loc["b", "auprc"] == pytest.approx(1 / 3)


def test_threshold_columns():
    y, s = _toy()
    table = metrics.label_table(y, s, names=["a", "b"], threshold=0.5)
    assert list(table.columns)[-3:] == ["precision", "recall", "mean_score"]
    assert table.loc["a", "precision"] == pytest.approx(1.0) and table.loc["a", "recall"] == pytest.approx(1.0)
    # b calls rows 2, 3, 4 positive; only row 2 is one
    assert table.loc["b", "precision"] == pytest.approx(1 / 3) and table.loc["b", "recall"] == pytest.approx(1.0)
    assert table.loc["b", "mean_score"] == pytest.approx(s[:, 1].mean())


def test_no_predicted_positive_gives_nan_precision():
    y, s = _toy()
    table = metrics.label_table(y, s * 0.1, threshold=0.5)
    assert np.isnan(table["precision"]).all() and (table["recall"] == 0).all()
    assert list(table.index) == ["label_0", "label_1"]


def test_one_label_as_1d():
    y, s = _toy()
    table = metrics.label_table(y[:, 0], s[:, 0], names=["a"])
    assert table.shape == (1, 5) and table.loc["a", "auroc"] == pytest.approx(1.0)


def test_errors_say_what_to_do():
    y, s = _toy()
    with pytest.raises(ValueError, match="shape"):
        metrics.label_table(y, s[:, :1])
    with pytest.raises(ValueError, match="one name per column"):
        metrics.label_table(y, s, names=["a"])
    with pytest.raises(ValueError, match="apply a sigmoid"):
        metrics.label_table(y, s * 10 - 5, threshold=0.5)
    y_bad = y.copy()
    y_bad[:, 1] = 0
    with pytest.raises(ValueError, match="label 'b'.*only one class"):
        metrics.label_table(y_bad, s, names=["a", "b"])
