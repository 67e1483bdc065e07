"""One seeded training loop for every notebook.

``fit`` trains any ``torch.nn.Module`` on numpy arrays with mini-batches, a
progress bar, early stopping on the validation loss, and returns the history.
The device is chosen in one place (``get_device``), and every helper that
takes a trained model asks ``model_device`` where it lives and runs it inside
``evaluation``, which leaves the model's train/eval mode as it was found. CPU
threads are fixed in ``set_seed`` so two runs on the same machine give the same
numbers. Inputs are checked by ``validate``.
"""
import contextlib
import copy
import os
import random
import time

import numpy as np
import torch
from tqdm.auto import tqdm

from . import seeding, validate


def get_device():
    """Return ``torch.device("cuda")`` when a GPU is usable, else ``"cpu"``.

    Set the environment variable ``COURSE_DEVICE`` to ``cpu`` to force the CPU
    (the tests do, so stored outputs match on a GPU machine), or to ``cuda``
    to insist on the GPU. Any other value, or ``cuda`` where no GPU works,
    raises ``RuntimeError`` with the fix.
    """
    wanted = os.environ.get("COURSE_DEVICE", "").strip().lower()
    if not wanted:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if wanted not in ("cpu", "cuda") and not wanted.startswith("cuda:"):
        raise RuntimeError(f"COURSE_DEVICE={wanted!r} is not a device this course knows: "
                           "set it to 'cpu' or 'cuda' (or unset it to choose automatically)")
    if wanted.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError(f"COURSE_DEVICE={wanted!r} but torch sees no usable GPU (this torch build: "
                           f"{torch.__version__}); unset COURSE_DEVICE or set it to 'cpu'")
    return torch.device(wanted)


def set_seed(seed, threads=1):
    """Seed Python, numpy and torch, and fix the number of CPU threads.

    Parameters
    ----------
    seed : int, at least 0; shifted by ``COURSE_SEED_OFFSET`` (see ``seeding``),
        so ``make test-seeds`` can check that a lesson holds for other seeds.
    threads : int
        CPU threads torch may use. The default, 1, makes results independent of
        the machine's core count (summation order is fixed) and, for the small
        models of this course, is as fast as 2 threads without their busy-waiting
        (measured: 2 threads burned 10x the CPU time of 1 on a shared 2-core box).
    """
    seed = seeding.shifted(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive int, got {threads!r}")
    torch.set_num_threads(threads)


def model_device(model):
    """The device a model's parameters live on (``torch.device``; CPU for a model without parameters).

    The one place helpers that take a trained model (``predict``, attribution,
    feature extraction) learn where to send their inputs.
    """
    validate.model(model)
    first = next(model.parameters(), None)
    return first.device if first is not None else torch.device("cpu")


def count_parameters(model):
    """Number of trainable parameters of a torch model (an int)."""
    validate.model(model)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def evaluation(model):
    """Context manager: ``model`` in evaluation mode inside the block, every layer's mode restored after it.

    ``with train.evaluation(model): ...`` switches dropout off and batch
    normalisation to its running statistics, and afterwards puts each layer back
    in the train/eval mode it was found in (a frozen layer kept in eval mode
    stays there), even when the block raises. Every helper that runs a model
    (``predict``, attribution, feature extraction) uses it, so none changes a
    model's mode behind the learner's back.

    Parameters
    ----------
    model : torch.nn.Module.
    """
    validate.model(model)
    return _evaluation(model)


@contextlib.contextmanager
def _evaluation(model):
    modes = [(m, m.training) for m in model.modules()]
    model.eval()
    try:
        yield model
    finally:
        for m, training in modes:
            m.training = training


def _check_output(out, y, loss_fn):
    """Catch shape and dtype mismatches between model output and labels before they broadcast."""
    if not isinstance(out, torch.Tensor):
        raise TypeError(f"the model returned a {type(out).__name__}, expected a tensor")
    default = isinstance(loss_fn, (torch.nn.BCEWithLogitsLoss, torch.nn.MSELoss, torch.nn.BCELoss, torch.nn.L1Loss))
    if default and tuple(out.shape) != tuple(y.shape):
        fix = ""
        if out.ndim == y.ndim + 1 and out.shape[-1] == 1:
            fix = " (squeeze the output: return out.squeeze(-1), or pass y[:, None])"
        elif y.ndim == out.ndim + 1 and y.shape[-1] == 1:
            fix = " (pass y.ravel() or make the model return shape (N, 1))"
        raise ValueError(f"model output has shape {tuple(out.shape)} but y has shape {tuple(y.shape)}; "
                         f"{type(loss_fn).__name__} would broadcast them into a wrong loss{fix}")
    if default and not y.is_floating_point():
        raise TypeError(f"y has integer dtype {y.dtype} but {type(loss_fn).__name__} needs float labels: "
                        "pass y.astype(np.float32); for class indices use loss_fn=nn.CrossEntropyLoss()")


class History(dict):
    """Per-epoch record returned by ``fit``.

    Keys: ``train_loss``, ``valid_loss`` (lists, one value per epoch),
    ``best_epoch`` (int, 1-based, the epoch whose weights were kept),
    ``epochs_run`` (int), ``seconds`` (float, wall time).
    """

    def __repr__(self):
        return (f"History(epochs_run={self['epochs_run']}, best_epoch={self['best_epoch']}, "
                f"best_valid_loss={min(self['valid_loss']):.3f})")


def predict(model, X, batch_size=256):
    """Model outputs for ``X`` as a numpy array, in evaluation mode, no gradients.

    Parameters
    ----------
    X : array-like, shape ``(N, ...)``, the model's input.

    Returns
    -------
    np.ndarray of shape ``(N, ...)``, the raw outputs (logits for classifiers;
    apply a sigmoid or softmax yourself). The inputs go to the model's device and
    the outputs come back to the CPU; the model is left in the train/eval mode
    it was in.
    """
    device = model_device(model)
    X = validate.tensor(X, "X")
    if X.ndim == 0:
        raise ValueError("X must have a first (sample) dimension, shape (N, ...); got a single number")
    if X.shape[0] == 0:
        raise ValueError("X is empty (0 examples)")
    batch_size = validate.count(batch_size, "batch_size", example=256)
    outs = []
    with evaluation(model), torch.no_grad():          # the model is left in the mode it was in
        for start in range(0, X.shape[0], batch_size):
            outs.append(model(X[start:start + batch_size].to(device)).cpu())
    return torch.cat(outs).numpy()


def fit(model, train, valid, loss_fn=None, epochs=20, lr=1e-3, batch_size=64,
        weight_decay=0.0, patience=5, seed=0, progress=True, clip_grad_norm=None):
    """Train ``model`` with Adam and early stopping; keep the best weights.

    Parameters
    ----------
    model : torch.nn.Module, maps a batch ``X[i:j]`` to predictions.
    train, valid : tuple ``(X, y)`` of numpy arrays or tensors with the same
        first dimension ``N``. Float arrays become float32 tensors.
    loss_fn : callable ``loss_fn(output, y) -> scalar tensor``; default
        ``BCEWithLogitsLoss`` (binary / multi-label classification with logits).
    epochs : int, the maximum number of passes over ``train``.
    lr, weight_decay : Adam's learning rate and L2 penalty.
    batch_size : int
    patience : int, stop after this many epochs without a better validation loss.
    seed : int, seeds everything training draws: the batch order and the
        model's own randomness (dropout masks), shifted by ``COURSE_SEED_OFFSET``.
        The global torch random state is left as it was, so the same call gives
        the same losses twice. Call ``set_seed`` before building the model to
        fix its initial weights too.
    progress : bool, show a progress bar (one tick per epoch).
    clip_grad_norm : float or None, rescale each batch's gradients so their
        total L2 norm is at most this value (``torch.nn.utils.clip_grad_norm_``);
        recurrent networks need it against exploding gradients. None: no clipping.

    Returns
    -------
    History, with the model left holding the weights of ``best_epoch``.
    """
    validate.model(model)
    epochs = validate.count(epochs, "epochs", example=20)
    patience = validate.count(patience, "patience", example=5)
    validate.positive(lr, "lr", example="1e-3", below=10)
    batch_size = validate.count(batch_size, "batch_size", example=64)
    validate.positive(weight_decay, "weight_decay", example="0 or 1e-4", zero=True)
    if clip_grad_norm is not None:
        validate.positive(clip_grad_norm, "clip_grad_norm", example="1.0 (or None)")
    if loss_fn is not None and not callable(loss_fn):
        raise TypeError(f"loss_fn must be a loss function such as torch.nn.MSELoss() (or None for "
                        f"BCEWithLogitsLoss), got {type(loss_fn).__name__} {loss_fn!r}")
    seed = seeding.shifted(seed)
    X_tr, y_tr = validate.examples(train, "train")
    X_va, y_va = validate.examples(valid, "valid")
    loss_fn = loss_fn or torch.nn.BCEWithLogitsLoss()
    device = get_device()
    model.to(device)
    model.eval()
    with torch.no_grad():
        try:
            probe = model(X_tr[:2].to(device))
        except RuntimeError as err:
            raise TypeError(f"the model cannot take train X of shape {tuple(X_tr.shape)} and dtype {X_tr.dtype}: "
                            f"{str(err).splitlines()[0]}. Check the input shape the first layer expects "
                            "(one-hot DNA is (N, 4, L)) and pass float arrays") from None
        _check_output(probe, y_tr[:2].to(device), loss_fn)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    with torch.random.fork_rng(devices=[torch.cuda.current_device()] if device.type == "cuda" else []):
        torch.manual_seed(seed)          # dropout and any other draw inside the model
        return _train_loop(model, optimizer, loss_fn, X_tr, y_tr, X_va, y_va, device, epochs, lr, batch_size,
                           patience, seed, progress, clip_grad_norm)


def _train_loop(model, optimizer, loss_fn, X_tr, y_tr, X_va, y_va, device, epochs, lr, batch_size, patience,
                seed, progress, clip_grad_norm):
    """The epochs of ``fit`` (inputs already checked; ``seed`` already shifted)."""
    generator = torch.Generator().manual_seed(seed)
    history = History(train_loss=[], valid_loss=[], best_epoch=0, epochs_run=0, seconds=0.0)
    best_state, best_loss, waited = None, float("inf"), 0
    start = time.perf_counter()
    bar = tqdm(range(1, epochs + 1), desc="epochs", unit="epoch", disable=not progress)
    for epoch in bar:
        model.train()
        order = torch.randperm(X_tr.shape[0], generator=generator)
        total = 0.0
        for i in range(0, len(order), batch_size):
            idx = order[i:i + batch_size]
            xb, yb = X_tr[idx].to(device), y_tr[idx].to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            if not torch.isfinite(loss):
                bar.close()
                raise FloatingPointError(
                    f"the training loss became {loss.item()} in epoch {epoch}: the learning rate ({lr}) may be too "
                    "high, or the model's output or loss produces NaN (e.g. log of 0); lower lr or check the loss")
            loss.backward()
            if clip_grad_norm is not None:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            optimizer.step()
            total += loss.item() * len(idx)
        history["train_loss"].append(total / X_tr.shape[0])
        history["valid_loss"].append(_mean_loss(model, loss_fn, X_va, y_va, device, batch_size))
        if not np.isfinite(history["valid_loss"][-1]) and epoch == 1:
            bar.close()
            raise FloatingPointError("the validation loss is NaN after the first epoch: check the validation "
                                     "labels and the loss function")
        history["epochs_run"] = epoch
        bar.set_postfix(train=f"{history['train_loss'][-1]:.3f}", valid=f"{history['valid_loss'][-1]:.3f}")
        if history["valid_loss"][-1] < best_loss - 1e-4:
            best_loss, waited = history["valid_loss"][-1], 0
            best_state = copy.deepcopy(model.state_dict())
            history["best_epoch"] = epoch
        else:
            waited += 1
            if waited >= patience:
                break
    bar.close()
    if best_state is None:
        raise FloatingPointError("the validation loss was never finite, so no weights could be kept: "
                                 "check the validation data and the loss function")
    model.load_state_dict(best_state)
    history["seconds"] = time.perf_counter() - start
    return history


def _mean_loss(model, loss_fn, X, y, device, batch_size):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, X.shape[0], batch_size * 4):
            xb, yb = X[i:i + batch_size * 4].to(device), y[i:i + batch_size * 4].to(device)
            total += loss_fn(model(xb), yb).item() * xb.shape[0]
    return total / X.shape[0]


def fit_seeds(make_model, train, valid, seeds=(0, 1, 2), **fit_kwargs):
    """Train a fresh model per seed with the same budget; for spreads over seeds.

    Parameters
    ----------
    make_model : callable with no arguments returning a new ``torch.nn.Module``
        (called after ``set_seed(seed)``, so each seed starts from its own weights).
    train, valid, fit_kwargs : as for ``fit`` (``seed`` is set per run).
    seeds : iterable of int.

    Returns
    -------
    list of ``(seed, model, history)``, one per seed.
    """
    validate.builder(make_model)
    runs = []
    for seed in seeds:
        set_seed(seed)
        model = make_model()
        history = fit(model, train, valid, seed=seed, **fit_kwargs)
        runs.append((seed, model, history))
    return runs
