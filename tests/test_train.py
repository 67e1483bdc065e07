import re

import numpy as np
import pytest
import torch
from torch import nn

from course_utils import train


def toy_data(n=400, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5)).astype(np.float32)
    y = (X[:, :1] + 0.1 * rng.normal(size=(n, 1)) > 0).astype(np.float32)
    return (X[: n // 2], y[: n // 2]), (X[n // 2:], y[n // 2:])


def test_fit_learns_and_returns_history():
    tr, va = toy_data()
    train.set_seed(0)
    model = nn.Linear(5, 1)
    history = train.fit(model, tr, va, epochs=30, lr=0.05, progress=False)
    assert set(history) >= {"train_loss", "valid_loss", "best_epoch", "epochs_run", "seconds"}
    assert len(history["train_loss"]) == history["epochs_run"] == len(history["valid_loss"])
    assert history["valid_loss"][-1] < 0.5 * history["valid_loss"][0]
    acc = ((train.predict(model, va[0]) > 0) == va[1]).mean()
    assert acc > 0.9
    assert "best_valid_loss" in repr(history)


def test_fit_is_reproducible_with_the_same_seed():
    tr, va = toy_data()
    losses = []
    for _ in range(2):
        train.set_seed(3)
        model = nn.Sequential(nn.Linear(5, 8), nn.ReLU(), nn.Linear(8, 1))
        losses.append(train.fit(model, tr, va, epochs=3, seed=3, progress=False)["valid_loss"])
    assert losses[0] == losses[1]


def test_early_stopping_keeps_the_best_weights():
    tr, va = toy_data()
    va_noise = (va[0], 1 - va[1])           # validation labels flipped: loss rises as train improves
    train.set_seed(0)
    model = nn.Linear(5, 1)
    history = train.fit(model, tr, va_noise, epochs=50, lr=0.05, patience=2, progress=False)
    assert history["epochs_run"] < 50
    assert history["epochs_run"] - history["best_epoch"] == 2
    kept = nn.functional.binary_cross_entropy_with_logits(
        torch.from_numpy(train.predict(model, va_noise[0])), torch.from_numpy(va_noise[1])).item()
    assert kept == pytest.approx(min(history["valid_loss"]), rel=1e-4)


def test_fit_bad_input_messages():
    tr, va = toy_data()
    with pytest.raises(TypeError, match="torch.nn.Module"):
        train.fit("not a model", tr, va)
    with pytest.raises(ValueError, match="X has 200 rows but y has 10"):
        train.fit(nn.Linear(5, 1), (tr[0], tr[1][:10]), va)
    with pytest.raises(TypeError, match=r"tuple \(X, y\)"):
        train.fit(nn.Linear(5, 1), tr[0], va)


def test_set_seed_and_helpers():
    train.set_seed(1)
    a = torch.rand(3)
    train.set_seed(1)
    assert torch.equal(a, torch.rand(3))
    assert torch.get_num_threads() == 1
    with pytest.raises(TypeError):
        train.set_seed("1")
    with pytest.raises(ValueError, match="threads"):
        train.set_seed(1, threads=0)
    assert train.count_parameters(nn.Conv1d(4, 16, 15)) == 976
    assert train.get_device().type in {"cpu", "cuda"}


def test_get_device_can_be_forced(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert train.get_device() == torch.device("cpu")


# --- issue 8: every misuse of fit names its cause and fix ---

def _tiny():
    train.set_seed(0)
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(8, 1))


def _data(n=32):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 2, 4)).astype(np.float32)
    y = (X[:, 0, 0] > 0).astype(np.float32)[:, None]
    return X, y


@pytest.mark.parametrize("mutate, error, message", [
    (lambda X, y: (np.where(np.arange(X.size).reshape(X.shape) == 5, np.nan, X), y), ValueError, "NaN"),
    (lambda X, y: (X, y.ravel()), ValueError, r"output has shape \(2, 1\) but y has shape \(2,\)"),
    (lambda X, y: (X, y.astype(np.int64)), TypeError, "integer dtype"),
    (lambda X, y: (X[:0], y[:0]), ValueError, "empty"),
    (lambda X, y: (X[:, :1], y), TypeError, "cannot take train X of shape"),
    (lambda X, y: (np.array(["ACGT"] * len(X)), y), TypeError, "encode sequences first"),
])
def test_fit_rejects_bad_training_data_with_the_fix(mutate, error, message):
    X, y = _data()
    Xb, yb = mutate(X, y)
    with pytest.raises(error, match=message):
        train.fit(_tiny(), (Xb, yb), (X, y), epochs=2, progress=False)


def test_fit_rejects_zero_epochs_and_a_diverging_loss():
    X, y = _data()
    with pytest.raises(ValueError, match="epochs must be a whole number of at least 1"):
        train.fit(_tiny(), (X, y), (X, y), epochs=0, progress=False)

    def nan_loss(out, target):
        return (out * float("nan")).mean()
    with pytest.raises(FloatingPointError, match="training loss became nan in epoch 1"):
        train.fit(_tiny(), (X, y), (X, y), loss_fn=nan_loss, epochs=2, progress=False)


def test_fit_seeds_trains_one_fresh_model_per_seed():
    X, y = _data()
    runs = train.fit_seeds(_tiny, (X, y), (X, y), seeds=(0, 1), epochs=2, progress=False)
    assert [s for s, _, _ in runs] == [0, 1]
    assert runs[0][1] is not runs[1][1]
    with pytest.raises(TypeError, match="function that builds a new model"):
        train.fit_seeds(_tiny(), (X, y), (X, y))


def test_get_device_reports_a_device_that_cannot_work(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "gpu")
    with pytest.raises(RuntimeError, match="'cpu' or 'cuda'"):
        train.get_device()
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert train.get_device().type == "cpu"
    if not torch.cuda.is_available():
        monkeypatch.setenv("COURSE_DEVICE", "cuda")
        with pytest.raises(RuntimeError, match="no usable GPU"):
            train.get_device()


def test_fit_seeds_dropout_too_so_a_dropout_model_gives_identical_losses_twice():
    tr, va = toy_data()
    losses = []
    for _ in range(2):
        train.set_seed(0)
        model = nn.Sequential(nn.Linear(5, 32), nn.ReLU(), nn.Dropout(0.5), nn.Linear(32, 1))
        torch.rand(7)                  # learner code that draws from the global generator in between
        losses.append(train.fit(model, tr, va, epochs=3, seed=5, progress=False)["train_loss"])
    assert losses[0] == losses[1]
    before = torch.get_rng_state()
    train.fit(model, tr, va, epochs=1, seed=5, progress=False)
    assert torch.equal(before, torch.get_rng_state()), "fit must leave the global random state as it found it"


def test_seed_offset_shifts_every_seed_and_rejects_bad_values(monkeypatch):
    from course_utils import seeding, simulate
    base = seeding.rng(0).random(3)
    assert simulate.background(2, 20, seed=0) == simulate.background(2, 20, seed=0)
    first = simulate.background(2, 20, seed=0)
    monkeypatch.setenv("COURSE_SEED_OFFSET", "1")
    assert seeding.shifted(0) == 1 and seeding.rng(0).random(3).tolist() == np.random.default_rng(1).random(3).tolist()
    assert seeding.rng(0).random(3).tolist() != base.tolist() and simulate.background(2, 20, seed=0) != first
    train.set_seed(0)
    shifted_weights = torch.nn.Linear(3, 1).weight.detach().clone()
    torch.manual_seed(1)
    assert torch.equal(shifted_weights, torch.nn.Linear(3, 1).weight.detach())
    for bad, match in (("one", "not a whole number"), ("-1", "negative")):
        monkeypatch.setenv("COURSE_SEED_OFFSET", bad)
        with pytest.raises(ValueError, match=match):
            seeding.offset()
    monkeypatch.delenv("COURSE_SEED_OFFSET")
    with pytest.raises(TypeError, match="whole number"):
        seeding.shifted(1.5)


@pytest.mark.parametrize("bad, error", [(0, ValueError), (-1, ValueError), (32.0, TypeError), (True, TypeError)])
def test_fit_rejects_a_batch_size_that_is_not_a_positive_whole_number(bad, error):
    tr, va = toy_data(40)
    with pytest.raises(error, match="batch_size must be a whole number of at least 1, such as 64; got"):
        train.fit(nn.Linear(5, 1), tr, va, batch_size=bad, progress=False)


def test_fit_clips_gradients_when_asked_and_rejects_a_bad_norm(monkeypatch):
    tr, va = toy_data()
    seen = []
    real = torch.nn.utils.clip_grad_norm_

    def recording(params, max_norm):
        params = list(params)
        total = real(params, max_norm)
        seen.append((float(total), float(torch.sqrt(sum((p.grad ** 2).sum() for p in params)))))
        return total
    monkeypatch.setattr(torch.nn.utils, "clip_grad_norm_", recording)
    train.fit(nn.Linear(5, 1), tr, va, epochs=1, progress=False, clip_grad_norm=1e-3)
    assert len(seen) == 4                                    # 200 examples in batches of 64: one call per batch
    assert all(after <= 1e-3 * 1.001 < before for before, after in seen)
    seen.clear()
    train.fit(nn.Linear(5, 1), tr, va, epochs=1, progress=False)
    assert seen == [], "no clipping unless asked"
    with pytest.raises(ValueError, match="clip_grad_norm must be a positive number"):
        train.fit(nn.Linear(5, 1), tr, va, clip_grad_norm=0, progress=False)


class _DeviceProbe(nn.Module):
    """Records the device and the mode each batch arrives in."""

    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(5, 1)
        self.seen = []

    def forward(self, x):
        self.seen.append((x.device, self.training))
        return self.lin(x)


def test_predict_sends_inputs_to_the_models_device_and_leaves_its_mode_as_found(monkeypatch):
    tr, _ = toy_data()
    probe = _DeviceProbe()
    probe.train()
    out = train.predict(probe, tr[0], batch_size=64)
    assert out.shape == (200, 1) and probe.training, "predict must leave a training model in training mode"
    assert all(dev == train.model_device(probe) and not mode for dev, mode in probe.seen)
    probe.eval()
    train.predict(probe, tr[0])
    assert not probe.training
    # a model on another device: predict asks model_device where to send the inputs
    monkeypatch.setattr(train, "model_device", lambda model: torch.device("meta"))
    with pytest.raises((NotImplementedError, RuntimeError)):
        train.predict(_DeviceProbe(), tr[0])       # inputs went to 'meta', where a CPU model cannot run
    monkeypatch.undo()
    assert train.model_device(nn.ReLU()) == torch.device("cpu")


def test_evaluation_switches_to_eval_and_restores_every_layers_mode_even_after_an_error():
    model = nn.Sequential(nn.Linear(5, 4), nn.Dropout(0.5), nn.BatchNorm1d(4))
    model.train()
    model[2].eval()                                   # a frozen batch-norm layer kept in eval mode
    with train.evaluation(model) as inside:
        assert inside is model and not any(m.training for m in model.modules())
    assert model.training and model[1].training and not model[2].training
    with pytest.raises(RuntimeError, match="boom"):
        with train.evaluation(model):
            raise RuntimeError("boom")
    assert model.training and not model[2].training
    model.eval()
    with train.evaluation(model):
        pass
    assert not any(m.training for m in model.modules())
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        train.evaluation("model")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"epochs": 2.0}, TypeError, "epochs must be a whole number of at least 1, such as 20; got float 2.0"),
    ({"patience": 0.5}, TypeError, "patience must be a whole number of at least 1, such as 5; got float 0.5"),
    ({"patience": 0}, ValueError, "patience must be a whole number of at least 1, such as 5; got 0"),
    ({"lr": -1}, ValueError, "lr must be a positive number below 10, such as 1e-3; got -1"),
    ({"lr": "0.01"}, TypeError, "lr must be a positive number"),
    ({"weight_decay": -1e-4}, ValueError, "weight_decay must be a non-negative number"),
    ({"clip_grad_norm": True}, TypeError, "clip_grad_norm must be a positive number"),
    ({"seed": 1.5}, TypeError, "seed must be a whole number such as 0, got float 1.5"),
    ({"seed": -1}, ValueError, "seed must be 0 or more"),
    ({"loss_fn": "mse"}, TypeError, "loss_fn must be a loss function such as torch.nn.MSELoss()"),
])
def test_fit_rejects_bad_settings_with_a_course_message(kwargs, error, message):
    tr, va = toy_data(40)
    with pytest.raises(error, match=re.escape(message)):
        train.fit(nn.Linear(5, 1), tr, va, progress=False, **kwargs)


def test_predict_rejects_a_bad_batch_size_and_a_scalar_input():
    with pytest.raises(ValueError, match="batch_size must be a whole number of at least 1, such as 256; got 0"):
        train.predict(nn.Linear(5, 1), np.zeros((3, 5), dtype=np.float32), batch_size=0)
    with pytest.raises(ValueError, match="first .sample. dimension"):
        train.predict(nn.Linear(5, 1), np.float32(1.0))
