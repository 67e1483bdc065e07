"""Tests of course_utils.transfer (notebook 10's helpers)."""
import numpy as np
import pandas as pd
import pytest
import torch
from torch import nn

from course_utils import baselines, comparison, metrics, train, transfer


def test_freeze_and_unfreeze_count_parameters():
    model = nn.Sequential(nn.Conv1d(4, 3, 5), nn.Flatten(), nn.Linear(3 * 6, 1))
    assert transfer.freeze(model[0]) == 4 * 3 * 5 + 3
    assert train.count_parameters(model) == 18 + 1
    assert transfer.freeze(model[0], trainable=True) == 63
    assert train.count_parameters(model) == 63 + 19
    with pytest.raises(TypeError):
        transfer.freeze()
    with pytest.raises(TypeError):
        transfer.freeze("conv")


def test_extract_features_shape_and_batches():
    layer = nn.Linear(3, 2)
    X = np.random.default_rng(0).normal(size=(10, 3)).astype(np.float32)
    F = transfer.extract_features(layer, X, batch_size=3)
    assert F.shape == (10, 2) and F.dtype == np.float32
    np.testing.assert_allclose(F, layer(torch.tensor(X)).detach().numpy(), atol=1e-6)
    with pytest.raises(TypeError):
        transfer.extract_features("layer", X)
    with pytest.raises(ValueError):
        transfer.extract_features(layer, np.zeros((0, 3)))


class _Features(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(3, 4), nn.Dropout(0.5))

    def features(self, x):
        return self.body(x)


def test_extract_features_restores_modes_and_runs_without_dropout():
    torch.manual_seed(0)
    model = _Features()
    model.train()
    model.body[1].eval()                       # a mixed state must come back as it was
    X = np.random.default_rng(0).normal(size=(7, 3)).astype(np.float32)
    F = transfer.extract_features(model.features, X, batch_size=2)
    assert model.training and model.body.training and model.body[0].training and not model.body[1].training
    np.testing.assert_allclose(F, model.body[0](torch.tensor(X)).detach().numpy(), atol=1e-6)   # no dropout
    model.eval()
    transfer.extract_features(model.features, X)
    assert not model.training and not model.body[0].training


def test_extract_features_moves_batches_to_the_model_device_and_returns_cpu_numpy():
    seen = []

    class Recorder(nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = nn.Linear(3, 2)

        def forward(self, x):
            seen.append(x.device)
            return self.linear(x)

    model = Recorder()
    device = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
    model.to(device)
    X = np.ones((5, 3), dtype=np.float32)
    F = transfer.extract_features(model, X, batch_size=2)
    assert isinstance(F, np.ndarray) and F.shape == (5, 2) and F.dtype == np.float32
    assert seen and all(d.type == device.type for d in seen)
    expected = model(torch.tensor(X, device=device)).detach().cpu().numpy()
    np.testing.assert_allclose(F, expected, atol=1e-5)


def test_subsample_is_balanced_reproducible_and_validated():
    y = np.r_[np.zeros(30), np.ones(70)][:, None]
    idx = comparison.subsample(y, 20, seed=1)
    assert len(idx) == 20 and len(set(idx)) == 20
    assert y[idx].sum() == 10
    np.testing.assert_array_equal(idx, comparison.subsample(y, 20, seed=1))
    assert len(comparison.subsample(y, 21, seed=0)) == 21
    with pytest.raises(ValueError):
        comparison.subsample(y, 1)
    with pytest.raises(ValueError):
        comparison.subsample(y, 101)
    with pytest.raises(ValueError):
        comparison.subsample(np.zeros((5, 2)), 2)
    with pytest.raises(ValueError):
        comparison.subsample(y, 80)            # needs 40 of the 30 zeros


def test_learning_curve_gives_every_runner_the_same_subset():
    y = np.r_[np.zeros(20), np.ones(20)]
    seen = []

    def run(idx, seed):
        seen.append(tuple(idx))
        return {"score": float(len(idx))}

    curve = comparison.learning_curve({"a": run, "b": run}, y, sizes=[4, 10], seeds=[0, 1])
    assert isinstance(curve, pd.DataFrame) and len(curve) == 8
    assert list(curve.columns[:4]) == ["n", "seed", "model", "seconds"]
    assert seen[0] == seen[1] and seen[2] == seen[3]
    assert (curve.score == curve.n).all()
    with pytest.raises(TypeError):
        comparison.learning_curve({"a": lambda idx, seed: 1.0}, y, [4])
    with pytest.raises(TypeError):
        comparison.learning_curve({}, y, [4])


def test_fit_runner_trains_and_scores():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)).astype(np.float32)
    y = (X[:, :1] > 0).astype(np.float32)
    run = comparison.fit_runner(lambda: nn.Linear(2, 1), (X, y), (X[:50], y[:50]), (X[50:], y[50:]),
                              epochs=30, lr=0.05)
    out = run(np.arange(100), 0)
    assert out["auroc"] > 0.95 and out["epochs"] >= out["best_epoch"] >= 1 and out["lr"] == 0.05
    assert out["scores"].shape == (150,)
    assert metrics.auroc(y[50:], out["scores"]) == pytest.approx(out["auroc"])
    with pytest.raises(TypeError):
        comparison.fit_runner(nn.Linear(2, 1), (X, y), (X, y), (X, y))


def test_fit_runner_chooses_the_learning_rate_on_validation():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 2)).astype(np.float32)
    y = (X[:, :1] > 0).astype(np.float32)
    run = comparison.fit_runner(lambda: nn.Linear(2, 1), (X, y), (X[:50], y[:50]), (X[50:], y[50:]),
                              lrs=[1e-6, 0.05], epochs=20, patience=3)
    out = run(np.arange(100), 0)
    assert out["lr"] == 0.05 and out["auroc"] > 0.95     # a learning rate too small to learn loses
    with pytest.raises(TypeError):
        comparison.fit_runner(lambda: nn.Linear(2, 1), (X, y), (X, y), (X, y), lr=0.1, lrs=[0.1])
    with pytest.raises(ValueError):
        comparison.fit_runner(lambda: nn.Linear(2, 1), (X, y), (X, y), (X, y), lrs=[])


def test_tuned_logistic_picks_the_informative_features():
    rng = np.random.default_rng(0)
    y = rng.permutation(np.r_[np.zeros(50), np.ones(50)])
    good = (y[:, None] + rng.normal(scale=0.5, size=(100, 3)))
    noise = rng.normal(size=(100, 3))
    name, C, model, score = baselines.tuned_logistic({"noise": (noise[:60], noise[60:]), "good": (good[:60], good[60:])},
                                                    y[:60], y[60:])
    assert name == "good" and C in (0.01, 0.1, 1.0) and score > 0.9
    assert metrics.auroc(y[60:], model.predict_proba(good[60:])[:, 1]) == pytest.approx(score)
    with pytest.raises(ValueError):
        baselines.tuned_logistic({"x": (good[:10], good[10:])}, y[:60], y[60:])
    with pytest.raises(TypeError):
        baselines.tuned_logistic({}, y, y)


def test_pack_and_unpack_views_round_trip():
    a, b = np.arange(6).reshape(3, 2), np.arange(24).reshape(3, 2, 4)
    X, shapes = transfer.pack_views(a, b)
    assert X.shape == (3, 10) and X.dtype == np.float32 and shapes == [(2,), (2, 4)]
    ua, ub = transfer.unpack_views(torch.tensor(X), shapes)
    np.testing.assert_array_equal(ua.numpy(), a)
    np.testing.assert_array_equal(ub.numpy(), b)
    with pytest.raises(ValueError):
        transfer.pack_views(a, b[:2])
    with pytest.raises(ValueError):
        transfer.unpack_views(X[:, :9], shapes)
    with pytest.raises(TypeError):
        transfer.pack_views()


def test_protein_views_and_localization_views():
    comp, nterm = transfer.protein_views(["MKKLLA", "ACDEFGHIKLMNPQRSTVWYU"], n_term=5)
    assert comp.shape == (2, 21) and nterm.shape == (2, 20, 5)
    np.testing.assert_allclose(comp[:, :20].sum(1), 1.0, atol=1e-6)
    assert comp[0, 20] == pytest.approx(np.log10(6))
    assert nterm[0, :, :5].sum() == 5 and nterm[0].argmax(0)[0] == "ACDEFGHIKLMNPQRSTVWY".index("M")
    table = pd.DataFrame({"sequence": ["MKKLLAAG", "MAAAPLLLKK", "MSTNPKPQRK", "MKLV"] * 2,
                          "location": ["a", "b", "a", "b"] * 2, "split": ["train"] * 4 + ["test"] * 4})
    views, shapes, classes = transfer.localization_views(table, n_term=4)
    assert classes == ["a", "b"] and shapes == [(21,), (20, 4)]
    X, y = views["train"]
    assert X.shape == (4, 21 + 80) and list(y) == [0, 1, 0, 1]
    np.testing.assert_allclose(X[:, :21].mean(0), 0, atol=1e-5)
    with pytest.raises(ValueError):
        transfer.localization_views(table.drop(columns="split"))


def test_extract_features_asks_train_for_the_device(monkeypatch):
    from course_utils import train
    monkeypatch.setattr(train, "model_device", lambda model: torch.device("meta"))
    with pytest.raises((NotImplementedError, RuntimeError)):
        transfer.extract_features(nn.Linear(3, 2), np.ones((4, 3), dtype=np.float32))   # inputs went to 'meta'
    monkeypatch.undo()
    with pytest.raises(ValueError, match="batch_size must be a whole number of at least 1"):
        transfer.extract_features(nn.Linear(3, 2), np.ones((4, 3), dtype=np.float32), batch_size=0)
