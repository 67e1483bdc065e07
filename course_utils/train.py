"""One seeded training loop for every notebook.

``fit`` trains any ``torch.nn.Module`` on numpy arrays with mini-batches, a
progress bar, early stopping on the validation loss, and returns the history.
The device is chosen in one place (``get_device``); CPU threads are fixed in
``set_seed`` so two runs on the same machine give the same numbers.
"""
import copy
import os
import random
import time

import numpy as np
import torch
from tqdm.auto import tqdm


def get_device():
    """Return ``torch.device("cuda")`` when a GPU is usable, else ``"cpu"``.

    Set the environment variable ``COURSE_DEVICE=cpu`` to force the CPU.
    """
    wanted = os.environ.get("COURSE_DEVICE", "").lower()
    if wanted:
        return torch.device(wanted)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def set_seed(seed, threads=1):
    """Seed Python, numpy and torch, and fix the number of CPU threads.

    Parameters
    ----------
    seed : int
    threads : int
        CPU threads torch may use. The default, 1, makes results independent of
        the machine's core count (summation order is fixed) and, for the small
        models of this course, is as fast as 2 threads without their busy-waiting
        (measured: 2 threads burned 10x the CPU time of 1 on a shared 2-core box).
    """
    if not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads must be a positive int, got {threads!r}")
    torch.set_num_threads(threads)


def count_parameters(model):
    """Number of trainable parameters of a torch model (an int)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def _as_tensor(a, name):
    if isinstance(a, torch.Tensor):
        return a
    a = np.asarray(a)
    if a.dtype == object:
        raise TypeError(f"{name} must be a numeric array, got dtype object")
    if np.issubdtype(a.dtype, np.floating):
        return torch.as_tensor(a, dtype=torch.float32)
    return torch.as_tensor(a)


def _check_pair(pair, name):
    if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
        raise TypeError(f"{name} must be a tuple (X, y) of arrays")
    X, y = _as_tensor(pair[0], f"{name} X"), _as_tensor(pair[1], f"{name} y")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{name}: X has {X.shape[0]} rows but y has {y.shape[0]}")
    return X, y


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
    apply a sigmoid or softmax yourself).
    """
    device = next(model.parameters()).device
    X = _as_tensor(X, "X")
    model.eval()
    outs = []
    with torch.no_grad():
        for start in range(0, X.shape[0], batch_size):
            outs.append(model(X[start:start + batch_size].to(device)).cpu())
    return torch.cat(outs).numpy()


def fit(model, train, valid, loss_fn=None, epochs=20, lr=1e-3, batch_size=64,
        weight_decay=0.0, patience=5, seed=0, progress=True):
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
    seed : int, seeds weight shuffling and initialisation-free randomness (call
        ``set_seed`` before building the model to fix its initial weights too).
    progress : bool, show a progress bar (one tick per epoch).

    Returns
    -------
    History, with the model left holding the weights of ``best_epoch``.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    X_tr, y_tr = _check_pair(train, "train")
    X_va, y_va = _check_pair(valid, "valid")
    loss_fn = loss_fn or torch.nn.BCEWithLogitsLoss()
    device = get_device()
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
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
            loss.backward()
            optimizer.step()
            total += loss.item() * len(idx)
        history["train_loss"].append(total / X_tr.shape[0])
        history["valid_loss"].append(_mean_loss(model, loss_fn, X_va, y_va, device, batch_size))
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
