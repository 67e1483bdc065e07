"""The shared checks of experiment exercises that take a learner's trained model."""
import numpy as np
import pytest
import torch
from torch import nn

from course_utils import validate
from course_utils.questions._models import forbidden_layer, model_scores


def test_a_checker_asking_for_a_model_names_what_to_pass():
    with pytest.raises(TypeError, match=r"torch nn.Module\), e.g. q4.check\(my_model\); got a str"):
        validate.model("model", example="q4.check(my_model)")
    linear = nn.Linear(2, 1)
    assert validate.model(linear, example="q4.check(m)") is linear          # a module passes


def test_forbidden_layer_finds_recurrent_and_attention_layers():
    assert forbidden_layer(nn.Sequential(nn.Conv1d(4, 8, 3), nn.ReLU())) is None
    assert forbidden_layer(nn.Sequential(nn.Linear(4, 4), nn.LSTM(4, 4))) == "LSTM"
    assert forbidden_layer(nn.MultiheadAttention(8, 2)) == "MultiheadAttention"


def test_model_scores_returns_one_float_per_example():
    X = torch.randn(5, 3)
    scores = model_scores(nn.Linear(3, 1), X, 5, "X of shape (N, 3)", "shape (N, 1)")
    assert scores.shape == (5,) and scores.dtype == np.float64


def test_model_scores_explains_wrong_inputs_and_outputs():
    X = torch.randn(5, 3)
    with pytest.raises(ValueError, match=r"cannot take X of shape \(N, 3\): RuntimeError"):
        model_scores(nn.Linear(4, 1), X, 5, "X of shape (N, 3)", "shape (N, 1)")
    with pytest.raises(ValueError, match=r"returns shape \(5, 2\) for 5 examples; return one logit per example, shape"):
        model_scores(nn.Linear(3, 2), X, 5, "X of shape (N, 3)", "shape (N, 1)")


def test_feature_matrix_accepts_what_a_learner_returns_and_explains_the_rest():
    from course_utils.questions._models import feature_matrix

    assert feature_matrix(torch.ones(3, 4, 2), 3, "f(x)", "row").shape == (3, 8)       # one-hot: flattened
    assert feature_matrix([1.0, 2.0, 3.0], 3, "f(x)", "row").shape == (3, 1)          # 1-D: one column
    with pytest.raises(ValueError, match="different lengths"):
        feature_matrix([[1, 2], [3]], 2, "f(x)", "row")
    with pytest.raises(TypeError, match="must return a numeric array"):
        feature_matrix([["a", "b"]], 1, "f(x)", "row")
    with pytest.raises(ValueError, match=r"one row per protein, shape \(N, features\); for 3 inputs"):
        feature_matrix(np.ones((2, 5)), 3, "f(x)", "protein")
    with pytest.raises(ValueError, match=r"9 features is more than this check allows \(8\); fewer"):
        feature_matrix(np.ones((2, 9)), 2, "f(x)", "row", 8, "; fewer")
    with pytest.raises(ValueError, match="NaN or infinite"):
        feature_matrix(np.array([[np.inf]]), 1, "f(x)", "row")
