"""Notebook 19's exercises: the reference answers pass (built as the hints say) and typical wrong ones fail."""
import numpy as np
import pytest

from course_utils import methylation
from course_utils.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED
from course_utils.questions.nb19 import q1, q2, q3


def test_q2_weighted_level_as_the_hint_says_passes_and_unweighted_fails():
    def weighted_level(levels, distances, power):
        w = np.asarray(distances, dtype=float) ** -power
        return float((w * np.asarray(levels)).sum() / w.sum())

    assert q2.check(weighted_level).status == CORRECT
    assert q2.check(lambda levels, distances, power: float(np.mean(levels))).status == INCORRECT


@pytest.mark.slow
def test_q3_features_built_as_the_hint_says_pass_on_validation_blocks_and_raw_neighbours_fail():
    def featurize(X):
        raw = X[:, :, 10:30].reshape(len(X), -1)
        averages = [methylation.knn_predict(X, k, p) for k in (1, 2, 5, 10, 20, 40) for p in (0, 1, 2)]
        return np.column_stack([raw] + averages)

    good = q3.check(featurize)
    assert good.status == CORRECT, good.message
    assert "validation blocks" in good.message
    raw = q3.check(lambda X: X[:, :, 10:30].reshape(len(X), -1))       # the notebook's inputs, still linear
    assert raw.status == INCORRECT and "AUROC" in raw.message
    assert q3.check(lambda X: X[:5]).status == INCORRECT                 # not one row per CpG
    assert q3.check().status == NOT_ATTEMPTED


def test_q1_records_a_real_answer_and_nudges_a_non_answer():
    assert q1.check("only methylated CpGs are listed, so unmethylated islands are missing").status == "answered"
    assert q1.check("no idea").status == INCORRECT
