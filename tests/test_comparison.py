import re

import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from course_utils import comparison, metrics, train


def toy_data(n=300, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.float32)
    return (X[:200], y[:200]), (X[200:], y[200:])


class Linear(nn.Module):
    def __init__(self, hidden=0):
        super().__init__()
        self.net = nn.Linear(5, 1) if not hidden else nn.Sequential(nn.Linear(5, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x).squeeze(-1)


def score_on(valid):
    return lambda model: {"auroc": metrics.auroc(valid[1], train.predict(model, valid[0]))}


def test_compare_models_gives_one_row_per_model_and_seed():
    tr, va = toy_data()
    results, runs = comparison.compare_models({"linear": Linear, "mlp": lambda: Linear(8)}, tr, va,
                                              score=score_on(va), seeds=(0, 1, 2), epochs=3, lr=0.05)
    assert list(results.columns[:8]) == comparison.RUN_COLUMNS and "auroc" in results
    assert len(results) == 6 and set(runs) == {(m, s) for m in ("linear", "mlp") for s in (0, 1, 2)}
    assert (results[results.model == "linear"].parameters == 6).all()
    assert results.at_cap.dtype == bool and (results.epochs_run <= 3).all()
    assert (results.at_cap == (results.epochs_run == 3)).all()
    assert (results.auroc > 0.9).all()
    # different seeds start from different weights, the same seed repeats exactly
    mlp = results[results.model == "mlp"].auroc.to_numpy()
    again, _ = comparison.compare_models({"mlp": lambda: Linear(8)}, tr, va, score=score_on(va), seeds=(0, 1, 2),
                                         epochs=3, lr=0.05)
    np.testing.assert_array_equal(again.auroc.to_numpy(), mlp)


def test_comparison_collects_one_model_at_a_time_like_compare_models():
    tr, va = toy_data()
    together, _ = comparison.compare_models({"linear": Linear, "mlp": lambda: Linear(8)}, tr, va,
                                            score=score_on(va), seeds=(0, 1), epochs=3, lr=0.05)
    c = comparison.Comparison(tr, va, score=score_on(va), seeds=(0, 1), epochs=3, lr=0.05)
    with pytest.raises(ValueError, match="no model fitted"):
        c.results
    shown = c.fit("linear", Linear)
    assert list(shown.seed) == [0, 1] and "seconds" not in shown and "auroc" in shown
    c.fit("mlp", lambda: Linear(8))
    one = c.fit("mlp, one seed", lambda: Linear(8), seeds=[2])
    assert len(one) == 1 and set(c.runs) >= {("linear", 0), ("mlp", 1), ("mlp, one seed", 2)}
    both = c.results[c.results.model != "mlp, one seed"].reset_index(drop=True)
    np.testing.assert_array_equal(both.auroc.to_numpy(), together.auroc.to_numpy())
    assert list(both.columns) == list(together.columns)
    with pytest.raises(ValueError, match="already fitted"):
        c.fit("linear", Linear)
    with pytest.raises(TypeError, match="seeds="):
        comparison.Comparison(tr, va, score=score_on(va), seed=1)


def test_table_summarises_per_model_in_order_without_seconds():
    results = pd.DataFrame({"model": ["b", "b", "a", "a"], "seed": [0, 1, 0, 1], "parameters": [10, 10, 5, 5],
                            "epochs_run": [4, 6, 3, 3], "at_cap": [False, True, False, False],
                            "seconds": [1.0, 2.0, 0.5, 0.5], "seconds_per_epoch": [0.25, 0.33, 0.17, 0.17],
                            "auroc": [0.9, 0.8, 0.6, 0.7]})
    t = comparison.table(results, "auroc")
    assert list(t.index) == ["b", "a"]
    assert t.loc["b", "auroc mean"] == 0.85 and t.loc["a", "seeds"] == 2 and t.loc["b", "at epoch cap"] == 1
    assert t.loc["b", "epochs run"] == 5.0 and t.loc["a", "parameters"] == 5
    assert not any("second" in c for c in t.columns)


def test_print_times_uses_the_masked_wall_format(capsys):
    results = pd.DataFrame({"model": ["cnn", "cnn"], "seconds": [2.0, 4.0], "seconds_per_epoch": [0.2, 0.4]})
    comparison.print_times(results)
    out = capsys.readouterr().out
    assert "0.30 s wall per epoch" in out and "3.0 s wall per run (mean of 2)" in out
    # tests/sanitize.cfg masks numbers followed by " s wall", so these lines compare equal on any machine
    assert re.sub(r"\d+(\.\d+)? ?s\b(?= wall)", "T s", out).count("T s wall") == 2


def test_bad_inputs_give_clear_errors():
    tr, va = toy_data()
    with pytest.raises(TypeError, match="function that builds a new model"):
        comparison.compare_models({"m": Linear()}, tr, va, score=score_on(va))
    with pytest.raises(TypeError, match="non-empty dict"):
        comparison.compare_models([Linear], tr, va, score=score_on(va))
    with pytest.raises(ValueError, match="seeds"):
        comparison.compare_models({"m": Linear}, tr, va, score=score_on(va), seeds=[])
    with pytest.raises(TypeError, match="seeds="):
        comparison.compare_models({"m": Linear}, tr, va, score=score_on(va), seed=0)
    built = []
    with pytest.raises(ValueError, match="epochs must be a whole number of at least 1, such as 20; got 0"):
        comparison.compare_models({"m": lambda: built.append(1) or Linear()}, tr, va, score=score_on(va), epochs=0)
    assert not built, "a bad budget is caught before any model is built"
    with pytest.raises(TypeError, match="dict"):
        comparison.compare_models({"m": Linear}, tr, va, score=lambda m: 0.5, seeds=[0], epochs=1)
    with pytest.raises(ValueError, match="no column"):
        comparison.table(pd.DataFrame({"model": ["a"]}), "auroc")
    with pytest.raises(TypeError, match="compare_models"):
        comparison.print_times(pd.DataFrame({"model": ["a"]}))


class _Blind(nn.Module):
    """Ignores its input: one learned constant per example."""

    def __init__(self):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return self.bias.expand(len(x), 1) + 0 * x[:, :1]


def test_comparison_predict_gives_one_row_per_seed_for_the_test_of_difference():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 3)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.float32)
    comp = comparison.Comparison((X[:80], y[:80, None]), (X[80:], y[80:, None]), score=lambda m: {}, seeds=(0, 1),
                                 epochs=3, lr=0.05)
    comp.fit("linear", lambda: torch.nn.Linear(3, 1))
    comp.fit("blind", lambda: _Blind())
    a, b = comp.predict("linear", X[80:]), comp.predict("blind", X[80:])
    assert a.shape == (2, 40) and b.shape == (2, 40)
    d = metrics.difference(metrics.auroc, y[80:], a, b, n_boot=100)
    assert d.estimate > 0.2
    classes = comp.predict("linear", X[80:], transform=lambda out: (out[:, 0] > 0).astype(int))
    assert set(np.unique(classes)) <= {0, 1}
    with pytest.raises(ValueError, match="was not fitted"):
        comp.predict("cnn", X)
