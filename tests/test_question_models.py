"""The shared checks of experiment exercises that take a learner's trained model."""
import numpy as np
import pytest
import torch
from torch import nn

from course_utils.questions._models import forbidden_layer, model_scores, require_model


def test_require_model_names_what_to_pass():
    with pytest.raises(TypeError, match=r"torch nn.Module\), e.g. q4.check\(my_model\); got a str"):
        require_model("model", "q4.check(my_model)")
    require_model(nn.Linear(2, 1), "q4.check(m)")          # a module passes silently


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
