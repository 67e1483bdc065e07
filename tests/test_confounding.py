import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

from course_utils import confounding


def test_chromosomes():
    assert confounding.chromosomes(["chr8:1-200", "chrX:5-10"]).tolist() == ["chr8", "chrX"]
    with pytest.raises(ValueError, match="chrN:start-end"):
        confounding.chromosomes(["chr8_1_200"])


def test_centre_by_batch_removes_a_one_class_batch_signal():
    rng = np.random.default_rng(0)
    batch = np.repeat([0, 1], 20)
    X = rng.normal(size=(40, 3)) + batch[:, None] * 5.0
    out = confounding.centre_by_batch(X, batch)
    assert np.allclose(out[batch == 0].mean(0), out[batch == 1].mean(0))
    assert np.allclose(out.mean(0), X.mean(0))
    scaled = confounding.centre_by_batch(X, batch, scale=True)
    assert np.allclose(scaled[batch == 0].std(0), scaled[batch == 1].std(0))
    with pytest.raises(ValueError, match="labels but there are"):
        confounding.centre_by_batch(X, batch[:5])


def test_check_held_out_and_out_of_fold():
    rng = np.random.default_rng(0)
    groups = np.repeat([1, 2, 3, 4], 10)
    y = np.tile([0, 1], 20)
    X = rng.normal(size=(40, 2)) + y[:, None]
    folds = list(LeaveOneGroupOut().split(X, y, groups))
    assert confounding.check_held_out(folds, groups) == 4
    with pytest.raises(ValueError, match="in both train and test"):
        confounding.check_held_out(list(StratifiedKFold(4, shuffle=True, random_state=0).split(X, y)), groups)
    with pytest.raises(ValueError, match="exactly once"):
        confounding.check_held_out(folds[:2], groups)
    scores = confounding.out_of_fold(LogisticRegression, X, y, folds)
    assert scores.shape == (40,) and np.all((scores > 0) & (scores < 1))
    by_hand = np.empty(40)
    for tr, te in folds:                                                  # what cross_val_predict does
        by_hand[te] = LogisticRegression().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
    assert np.array_equal(scores, by_hand)
    with pytest.raises(ValueError, match="exactly once"):
        confounding.out_of_fold(LogisticRegression, X, y, folds[:3])     # a batch never scored


def test_notebook_16_data_helper_hands_out_copies():
    from course_utils.questions import nb16
    X, y, batch = nb16.bladder()
    X[:] = 0.0
    y[:] = 0
    batch[:] = 9
    X2, y2, batch2 = nb16.bladder()
    assert X2.any() and y2.any() and not (batch2 == 9).any(), "changing the notebook's arrays must not reach the checker"
