"""Checks shared by the experiment exercises that take a learner's trained model."""
import numpy as np
from torch import nn

from .. import train, validate


def forbidden_layer(model, kinds=(nn.RNNBase, nn.MultiheadAttention)):
    """Name of the first layer of ``model`` that is an instance of ``kinds`` (recurrent or attention
    layers by default), or None when there is none."""
    found = [type(m).__name__ for m in model.modules() if isinstance(m, kinds)]
    return found[0] if found else None


def model_scores(model, X, n, input_text, output_text):
    """The learner's model's outputs on ``X`` as a float64 array of ``n`` scores.

    Parameters
    ----------
    model : trained ``nn.Module`` (checked with ``validate.model`` first).
    X : the exercise's inputs, a tensor or array whose first axis has ``n`` examples.
    n : int, the number of examples.
    input_text : what the inputs are, for the error message, e.g. ``"one-hot DNA of shape (N, 4, 200)"``.
    output_text : how to return one score per example, e.g. ``"shape (N, 1), as DeepBindCNN does"``.

    Returns
    -------
    scores : float64 array of shape ``(n,)``.

    Raises
    ------
    ValueError
        If the model cannot take ``X``, or returns other than one score per example.
    """
    try:
        scores = np.asarray(train.predict(model, X), dtype=np.float64)
    except Exception as err:
        raise ValueError(f"your model cannot take {input_text}: {type(err).__name__}: {err}") from None
    if scores.size != n or scores.shape[0] != n:
        raise ValueError(f"your model returns shape {scores.shape} for {n} examples; return one logit per "
                         f"example, {output_text}")
    return scores.reshape(n)


def stored_numbers(model):
    """Every number ``model`` stores: its parameters, trainable or frozen, and its floating-point buffers.

    A size budget counts these, so that freezing a layer (``requires_grad=False``) or keeping weights in a
    buffer does not make a model look smaller than it is.
    """
    params = sum(p.numel() for p in model.parameters())
    buffers = sum(b.numel() for b in model.buffers() if b.is_floating_point())
    return params + buffers


def output_lengths(model, X, kind):
    """Length of the last axis of every output of the ``kind`` layers (e.g. ``nn.AdaptiveMaxPool1d``) that
    ``model`` computes on ``X`` (a list, in the order they run; empty if none runs).

    Judges what the forward pass computes, not what ``__init__`` declares: a layer that is declared but
    skipped in ``forward`` does not appear.
    """
    lengths = []

    def record(module, inputs, output):
        lengths.append(int(output.shape[-1]))

    hooks = [m.register_forward_hook(record) for m in model.modules() if isinstance(m, kind)]
    try:
        train.predict(model, X)
    finally:
        for hook in hooks:
            hook.remove()
    return lengths


def feature_matrix(F, n, call, rows, max_features=None, advice=""):
    """A learner's feature function's output as a float64 ``(n, features)`` array, or a clear error.

    Parameters
    ----------
    F : what the learner's function returned (numpy, torch, pandas or nested lists).
    n : int, the number of inputs it was called on (one row each).
    call : str, how the function is named in messages, e.g. ``"features(seqs)"``.
    rows : str, what one row is, e.g. ``"protein"`` (for "one row per protein").
    max_features : int or None, the most columns the check allows.
    advice : str appended to the too-many-features message.

    A 1-D output becomes one column; a 3-D output (e.g. one-hot ``(N, 4, L)``) is flattened per row.
    """
    try:
        F = np.asarray(validate.to_numpy(F))
    except ValueError:
        raise ValueError(f"{call} returned rows of different lengths: every {rows} needs the same number of "
                         "features") from None
    if F.dtype == object or F.dtype.kind not in "biuf":
        raise TypeError(f"{call} must return a numeric array, got dtype {F.dtype}")
    if F.ndim == 1:
        F = F[:, None]
    if F.ndim == 3:
        F = F.reshape(len(F), -1)
    if F.ndim != 2 or len(F) != n:
        raise ValueError(f"{call} must return one row per {rows}, shape (N, features); for {n} inputs it "
                         f"returned shape {F.shape}")
    if max_features is not None and F.shape[1] > max_features:
        raise ValueError(f"{F.shape[1]} features is more than this check allows ({max_features}){advice}")
    if not np.isfinite(F).all():
        raise ValueError(f"{call} returned NaN or infinite values (a log of 0, or a division by a zero sum?)")
    return F.astype(np.float64)
