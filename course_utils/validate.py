"""One validator per kind of input, used by every function that takes it.

Each function either returns the input in a canonical form or raises an error
whose message names what was wrong and how to fix it. Numpy, torch and pandas
never get to raise their own, less helpful, errors on a learner's input. This
module imports numpy only (torch is imported inside ``model``, ``builder``,
``tensor`` and ``examples``), so every module can use it.

* ``sequences``: a string or a list-like of strings.
* ``to_numpy``: a torch tensor (any device) or pandas DataFrame as numpy, anything else unchanged.
* ``as_array``: a numpy array or torch tensor as numpy float64.
* ``one_hot``: a one-hot array ``(N, C, L)`` or ``(C, L)`` (numpy or torch).
* ``position_matrix``: a ``(4, w)`` count or probability matrix.
* ``background``: 4 base frequencies that sum to 1.
* ``numbers``: an array of numbers, a column ``(N, 1)`` flattened to ``(N,)``.
* ``values``: one finite number per example, float64 ``(N,)``.
* ``labels_and_scores``: ``y_true`` and ``y_score`` of one length ``N`` (0/1 labels if binary).
* ``paired_values``: measured and predicted values of the same ``N`` examples (regression).
* ``labels_and_probabilities``: 0/1 labels and probabilities in [0, 1] of the same ``N`` examples.
* ``matrix``: a 2-D ``(samples, features)`` numeric matrix without NaN.
* ``model``: a ``torch.nn.Module``; ``builder``: a function that builds a new one.
* ``tensor``: an array-like as a torch tensor (float arrays become float32).
* ``examples``: a training pair ``(X, y)`` with ``N`` rows each, as tensors.
* ``binary_labels``: 0/1 labels, shape ``(N,)`` (a column ``(N, 1)`` is flattened).
* ``groups``: one group label per sample (batch, chromosome, patient).
* ``generator``: a numpy random ``Generator``.
* ``fraction``, ``count``, ``positive``, ``choice``: scalar settings such as
  rates, sizes, learning rates and options.
"""
from numbers import Integral, Number, Real

import numpy as np


def sequences(seqs, what="seqs"):
    """Return ``seqs`` as a list of str; a single string becomes a list of one.

    Accepts a str, or a list, tuple, numpy array or pandas Series of str.
    A DataFrame, bytes, a number or None raise ``TypeError`` naming the fix.
    """
    if isinstance(seqs, str):
        return [seqs]
    kind = type(seqs).__name__
    if kind == "DataFrame":
        raise TypeError(f"{what} is a pandas DataFrame; pass one column of sequences, e.g. df['sequence']")
    if isinstance(seqs, (bytes, bytearray)):
        raise TypeError(f"{what} is bytes; decode it first: {what}.decode()")
    if seqs is None or isinstance(seqs, (Number, dict)):
        raise TypeError(f"{what} must be a str or a list of str, got {kind}")
    try:
        out = list(seqs)
    except TypeError:
        raise TypeError(f"{what} must be a str or a list of str, got {kind}") from None
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"sequence {i} is a {type(s).__name__}, expected a str (in {what})")
    return out


def to_numpy(x):
    """A torch tensor (any device, with or without gradient) or a pandas DataFrame as a numpy array.

    Anything else (other torch objects such as ``torch.Size`` included) is returned unchanged: the caller
    checks it (``np.asarray`` and its own messages).
    """
    if type(x).__module__.startswith("torch") and hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    if type(x).__name__ == "DataFrame":
        return x.to_numpy()
    return x


def as_array(x, what):
    """numpy float64 copy of a numpy array or torch tensor; other types raise TypeError."""
    if isinstance(x, np.ndarray):
        return np.asarray(x, dtype=np.float64)
    if type(x).__module__.startswith("torch"):
        return to_numpy(x).astype(np.float64)
    if isinstance(x, (list, tuple)) and x and not isinstance(x[0], str):
        return np.asarray(x, dtype=np.float64)
    hint = " (encode strings first with encoding.one_hot_dna)" if isinstance(x, (str, list, tuple)) else ""
    raise TypeError(f"{what} must be a numpy array or torch tensor, got {type(x).__name__}{hint}")


def one_hot(x, channels=4, what="x"):
    """Check a one-hot array and return it as numpy float64 with shape ``(N, C, L)``.

    Parameters
    ----------
    x : np.ndarray or torch.Tensor, shape ``(N, C, L)`` or ``(C, L)``.
    channels : int, expected C (4 for DNA, 20 for protein, 21 for alignments).

    Returns
    -------
    (array of shape ``(N, C, L)``, single) where ``single`` says a ``(C, L)`` input
    was given. Entries must be finite, in [0, 1], and sum to at most 1 per position
    (an ``N`` may be all 0 or all 1/C).
    """
    a = as_array(x, what)
    single = a.ndim == 2
    if single:
        a = a[None]
    if a.ndim != 3 or a.shape[1] != channels:
        hint = ""
        if a.ndim == 3 and a.shape[2] == channels:
            hint = " (it looks channels-last: use x.transpose(0, 2, 1) or x.permute(0, 2, 1))"
        raise ValueError(f"{what} must be one-hot with {channels} channels, shape (N, {channels}, L) or ({channels}, L); "
                         f"got {tuple(np.shape(x))}{hint}")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    if (a < 0).any() or (a > 1).any() or (a.sum(axis=1) > 1 + 1e-6).any():
        raise ValueError(f"{what} is not one-hot: entries must be in [0, 1] and sum to at most 1 "
                         "at each position (encode sequences with encoding.one_hot_dna)")
    return a, single


def position_matrix(m, what="matrix", kind="counts", rows=4):
    """Check a position matrix and return it as numpy float64 of shape ``(rows, w)``.

    Parameters
    ----------
    m : array-like, shape ``(4, w)``, rows A, C, G, T.
    kind : "counts" (non-negative) or "probs" (non-negative, columns sum to 1).
    """
    if isinstance(m, (str, bytes)) or m is None or isinstance(m, Number):
        raise TypeError(f"{what} must be a ({rows}, w) array, got {type(m).__name__}")
    if hasattr(m, "counts") and hasattr(m, "matrix_id"):
        fix = "motifs.probabilities(motif.counts)" if kind == "probs" else "motif.counts"
        raise TypeError(f"{what} is a Motif; pass its matrix: {fix}")
    try:
        a = np.asarray(m, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a numeric ({rows}, w) array, got {type(m).__name__}") from None
    if a.ndim != 2 or a.shape[0] != rows or a.shape[1] == 0:
        hint = f" (it looks transposed: use {what}.T)" if a.ndim == 2 and a.shape[1] == rows else ""
        raise ValueError(f"{what} must have shape ({rows}, w) with rows A, C, G, T; got {a.shape}{hint}")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    if (a < 0).any():
        raise ValueError(f"{what} has negative entries: a {kind} matrix cannot (log-odds are not {kind})")
    if kind == "probs" and not np.allclose(a.sum(axis=0), 1.0, atol=1e-4):
        raise ValueError(f"{what} columns must sum to 1 (they sum to {a.sum(axis=0).min():.3g}-"
                         f"{a.sum(axis=0).max():.3g}): convert counts with motifs.probabilities() first")
    return a


def background(bg, what="background"):
    """Check 4 base frequencies (A, C, G, T): positive and summing to 1. Returns shape ``(4, 1)``."""
    try:
        b = np.asarray(bg, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be 4 numbers (A, C, G, T), got {type(bg).__name__}") from None
    if b.shape != (4,):
        raise ValueError(f"{what} must have 4 frequencies (A, C, G, T), got {b.size}")
    if not np.isfinite(b).all() or (b <= 0).any():
        raise ValueError(f"{what} frequencies must be positive and finite, got {b.tolist()}")
    if abs(b.sum() - 1) > 1e-4:
        raise ValueError(f"{what} must sum to 1, got {b.sum():.4g}: divide by its sum")
    return b.reshape(4, 1)


def fraction(x, what, low_open=False):
    """Check a number in [0, 1] (or (0, 1] with ``low_open``) and return it as float."""
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} must be a number in [0, 1], got {type(x).__name__}")
    x = float(x)
    if not np.isfinite(x) or x < 0 or x > 1 or (low_open and x == 0):
        interval = "(0, 1]" if low_open else "[0, 1]"
        raise ValueError(f"{what} must be in {interval}, got {x!r}")
    return x


def count(n, what, minimum=1, maximum=None, example=None):
    """Check a whole number in ``[minimum, maximum]`` and return it as int.

    Parameters
    ----------
    n : int (Python or numpy integer, not bool).
    what : str, the argument's name for the message.
    minimum : int, the smallest allowed value. maximum : int or None (no limit).
    example : a typical value; when given, the message reads
        "``what`` must be a whole number of at least ``minimum``, such as ``example``".

    Raises
    ------
    TypeError for anything but a whole number (2.0 and True included), ValueError
    for a number out of range.
    """
    if example is None:
        span = f"at least {minimum}" if maximum is None else f"between {minimum} and {maximum}"
        rule, such = f"{what} must be {span}", ""
    else:
        span = f"of at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
        rule, such = f"{what} must be a whole number {span}", f", such as {example};"
    if isinstance(n, bool) or not isinstance(n, Integral):
        if example is None:
            raise TypeError(f"{what} must be a whole number, got {type(n).__name__} {n!r}")
        raise TypeError(f"{rule}{such} got {type(n).__name__} {n!r}")
    if n < minimum or (maximum is not None and n > maximum):
        raise ValueError(f"{rule}{such or ','} got {int(n)}")
    return int(n)


def positive(x, what, example=None, below=None, zero=False):
    """Check a real number ``> 0`` (``>= 0`` with ``zero``), below ``below`` if given; return it as float.

    Parameters
    ----------
    x : int or float (not bool), finite.
    what : str, the argument's name. example : a typical value for the message.
    below : float or None, an exclusive upper limit (e.g. 10 for a learning rate).
    zero : bool, allow 0.
    """
    kind = "non-negative" if zero else "positive"
    limit = "" if below is None else f" below {below:g}"
    such = "" if example is None else f", such as {example}"
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"{what} must be a {kind} number{limit}{such}; got {type(x).__name__} {x!r}")
    if not np.isfinite(x) or x < 0 or (x == 0 and not zero) or (below is not None and x >= below):
        raise ValueError(f"{what} must be a {kind} number{limit}{such}; got {x!r}")
    return float(x)


def choice(x, allowed, what):
    """Check that ``x`` is one of ``allowed`` and return the allowed value it equals.

    Parameters
    ----------
    x : the value given.
    allowed : list or tuple of the allowed values, or a dict ``{value: meaning}``
        whose meanings the message shows, e.g. ``{1: "amino acids", 2: "dipeptides"}``.
    what : str, the argument's name.

    A number must also be of the allowed kind: ``2.0`` or ``True`` is not ``2``.
    Raises ``ValueError`` naming the allowed values.
    """
    if not isinstance(allowed, (list, tuple, dict)) or not allowed:
        raise TypeError(f"allowed must be a non-empty list, tuple or dict of the values {what} may take")
    options = list(allowed)

    def same(a):
        if isinstance(x, bool) != isinstance(a, bool):
            return False
        if isinstance(a, Integral) and not isinstance(x, Integral):
            return False
        try:
            return bool(x == a)
        except (TypeError, ValueError):
            return False
    for a in options:
        if same(a):
            return a
    shown = [f"{a!r} ({allowed[a]})" if isinstance(allowed, dict) else repr(a) for a in options]
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    raise ValueError(f"{what} must be {listed}, got {x!r}")


def numbers(a, what):
    """Return ``a`` as a numpy array of numbers (its own dtype: bool, int or float).

    Parameters
    ----------
    a : array-like, numpy array, pandas Series or torch tensor; shape ``(N,)``,
        or a column or row ``(N, 1)`` / ``(1, N)``, which is flattened to ``(N,)``.
    what : str, the argument's name.

    Returns
    -------
    np.ndarray, shape ``(N,)`` for a 1-D input or a column; other shapes are
    returned as they are (the caller checks them). NaN is not checked here.

    Raises
    ------
    TypeError for a str, bytes, None, a DataFrame (pass one column) or
    non-numeric values ("must hold numbers").
    """
    if isinstance(a, (str, bytes)) or a is None or type(a).__name__ == "DataFrame":
        raise TypeError(f"{what} must be a 1-D array of numbers, got {type(a).__name__}"
                        + (": pass one column, df['name']" if type(a).__name__ == "DataFrame" else ""))
    try:
        a = np.asarray(to_numpy(a))
    except (TypeError, ValueError):
        raise TypeError(f"{what} must hold numbers of one shape, got {type(a).__name__}") from None
    if a.dtype.kind not in "biuf":
        raise TypeError(f"{what} must hold numbers, got dtype {a.dtype}")
    return a.ravel() if a.ndim > 1 and 1 in a.shape else a


def values(a, what):
    """One finite number per example: ``a`` as float64 of shape ``(N,)``.

    Parameters
    ----------
    a : array-like of shape ``(N,)`` or a column ``(N, 1)`` (numpy, list, pandas Series, torch).

    Raises
    ------
    TypeError as ``numbers``; ValueError for another shape, an empty array, or NaN
    or infinite values (the message says how many).
    """
    if isinstance(a, (list, tuple)) or type(a).__name__ == "Series":
        try:
            a = np.asarray(a, dtype=np.float64)          # also a column of numbers stored as objects
        except (TypeError, ValueError):
            raise TypeError(f"{what} must hold numbers") from None
    a = numbers(a, what).astype(np.float64)
    if a.ndim != 1:
        raise ValueError(f"{what} must be 1-D (one value per sequence), got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{what} is empty")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains {int((~np.isfinite(a)).sum())} NaN or infinite values: "
                         "drop those rows first")
    return a


def paired_values(y_true, y_pred, names=("y_true", "y_pred")):
    """Two sets of values of the same examples (measured and predicted): two float64 arrays ``(N,)``.

    Each is checked with ``values`` (finite numbers, ``(N,)`` or a column ``(N, 1)``); a ``ValueError``
    says so when their lengths differ. ``names`` are the arguments' names the messages use.
    """
    y_true, y_pred = values(y_true, names[0]), values(y_pred, names[1])
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{names[0]} has {y_true.size} values but {names[1]} has {y_pred.size}: "
                         "give both for the same rows (score the predictions of the same rows)")
    return y_true, y_pred


def labels_and_probabilities(y_true, p):
    """0/1 labels and predicted probabilities of the same examples: two float64 arrays of shape ``(N,)``.

    Raises ``ValueError`` for labels other than 0/1 (``binary_labels``), lengths that differ, or ``p``
    outside [0, 1] (the message says to apply a sigmoid to logits).
    """
    y = binary_labels(y_true, "y_true")
    p = as_array(p, "p").astype(np.float64).reshape(-1)
    if len(p) != len(y):
        raise ValueError(f"y_true has {len(y)} labels but p has {len(p)} probabilities")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("p must be probabilities in [0, 1] (apply a sigmoid to logits first)")
    return y.astype(np.float64), p


def labels_and_scores(y_true, y_score, binary):
    """Check true labels (or values) and scores of the same examples for a metric.

    Parameters
    ----------
    y_true, y_score : arrays of shape ``(N,)`` (a column ``(N, 1)`` is flattened), numbers.
    binary : bool, ``y_true`` must hold 0/1 labels of both classes (AUROC, AUPRC).

    Returns
    -------
    (y_true, y_score) : numpy arrays of shape ``(N,)``, dtypes kept.

    Raises
    ------
    TypeError as ``numbers``; ValueError for a multi-column input, different
    lengths, no examples, NaN, or (``binary``) labels other than 0/1 or one class only.
    """
    y_true, y_score = numbers(y_true, "y_true"), numbers(y_score, "y_score")
    if y_true.ndim != 1 or y_score.ndim != 1:
        raise ValueError(f"expected 1-D arrays, got shapes {y_true.shape} and {y_score.shape}; "
                         "for multi-label outputs evaluate one column at a time")
    if len(y_true) != len(y_score):
        raise ValueError(f"y_true has {len(y_true)} values but y_score has {len(y_score)}")
    if len(y_true) == 0:
        raise ValueError("empty input")
    for name, a in (("y_true", y_true), ("y_score", y_score)):
        if a.dtype.kind == "f" and np.isnan(a).any():
            raise ValueError(f"{name} contains {int(np.isnan(a).sum())} NaN values: a model that outputs NaN "
                             "diverged (lower the learning rate); drop unlabelled rows before scoring")
    if binary:
        labels = set(np.unique(y_true).tolist())
        if not labels <= {0, 1}:
            raise ValueError(f"y_true must hold 0/1 labels, got values {sorted(labels)[:5]}")
        if len(labels) < 2:
            raise ValueError("y_true holds only one class, so the metric is undefined: "
                             "use a larger or stratified evaluation set")
    return y_true, y_score


def matrix(X, what="X", min_rows=2):
    """Check a numeric matrix with one row per sample: shape ``(samples, features)``.

    Parameters
    ----------
    X : numpy array, pandas DataFrame (numbers only) or torch tensor, 2-D.
    what : str, the argument's name. min_rows : int, the fewest samples allowed.

    Returns
    -------
    np.ndarray of shape ``(samples, features)``, its dtype kept.

    Raises
    ------
    TypeError for a non-numeric input (e.g. a DataFrame that still has its
    'sample' column); ValueError for another shape, too few rows, no column, or
    NaN or infinite values.
    """
    if isinstance(X, (str, bytes)) or X is None:
        raise TypeError(f"{what} must be a 2-D numeric array (samples x genes), got {type(X).__name__}")
    try:
        X = np.asarray(to_numpy(X))
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a 2-D numeric array (samples x genes), got {type(X).__name__}") from None
    if X.dtype.kind not in "biuf":
        raise TypeError(f"{what} must hold numbers, got dtype {X.dtype}: drop the 'sample' column first "
                        "(df.drop(columns='sample'))")
    if X.ndim != 2:
        raise ValueError(f"{what} must be 2-D (samples x genes), got shape {X.shape}")
    if X.shape[0] < min_rows or X.shape[1] < 1:
        raise ValueError(f"{what} has shape {X.shape}: need at least {min_rows} samples and 1 gene")
    if X.dtype.kind == "f" and not np.isfinite(X).all():
        raise ValueError(f"{what} contains {int((~np.isfinite(X)).sum())} NaN or infinite values: "
                         "impute or drop them first")
    return X


def model(m, what="model", example=None):
    """Check that ``m`` is a ``torch.nn.Module`` and return it.

    Raises ``TypeError`` naming what was passed instead (e.g. a function that
    builds a model, or a model's output). ``example``, for an exercise checker, is
    the call the message suggests, e.g. ``"q4.check(my_model)"``.
    """
    import torch

    if not isinstance(m, torch.nn.Module):
        if example is not None:
            raise TypeError(f"pass your trained model itself (a torch nn.Module), e.g. {example}; "
                            f"got a {type(m).__name__}")
        raise TypeError(f"{what} must be a torch.nn.Module, got {type(m).__name__}")
    return m


def builder(make_model, what="make_model"):
    """Check a function that builds a NEW model each call (``CNN``, ``lambda: CNN(16)``) and return it.

    Raises ``TypeError`` for a model itself (every seed needs fresh weights) or
    anything that cannot be called.
    """
    import torch

    if isinstance(make_model, torch.nn.Module) or not callable(make_model):
        raise TypeError(f"{what} must be a function that builds a new model (e.g. the class itself, or "
                        f"lambda: CNN(16)), not a model: every seed needs fresh weights; got {type(make_model).__name__}")
    return make_model


def tensor(a, what):
    """An array-like as a torch tensor: float arrays become float32, integer arrays keep their dtype.

    Parameters
    ----------
    a : torch tensor, numpy array, list, or pandas DataFrame / Series of numbers; any shape.

    Returns
    -------
    torch.Tensor of the same shape (a float tensor of another precision becomes float32).

    Raises
    ------
    TypeError for a str, bytes, None or non-numeric values (encode sequences first).
    """
    import torch

    if isinstance(a, torch.Tensor):
        return a.float() if a.is_floating_point() and a.dtype != torch.float32 else a
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{what} must be a numeric array, got {type(a).__name__}")
    if type(a).__name__ in ("DataFrame", "Series"):
        a = a.to_numpy()
    try:
        a = np.asarray(a)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a numeric array of one shape, got {type(a).__name__}") from None
    if a.dtype == object or a.dtype.kind in "USO":
        raise TypeError(f"{what} must be a numeric array, got dtype {a.dtype}: encode sequences first "
                        "(encoding.one_hot_dna) and convert labels with np.asarray(y, dtype=float)")
    if np.issubdtype(a.dtype, np.floating):
        return torch.as_tensor(a, dtype=torch.float32)
    return torch.as_tensor(a)


def examples(pair, what):
    """Check a pair ``(X, y)`` of inputs and targets and return both as tensors (see ``tensor``).

    Parameters
    ----------
    pair : tuple or list ``(X, y)``; ``X`` of shape ``(N, ...)`` and ``y`` of shape ``(N, ...)``.
    what : str, e.g. "train" or "valid".

    Returns
    -------
    (X, y) : torch tensors with the same first dimension ``N >= 1``.

    Raises
    ------
    TypeError for anything but a pair; ValueError for a missing sample dimension,
    different numbers of rows, no rows, or NaN or infinite values (the message
    counts the examples that hold them).
    """
    import torch

    if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
        raise TypeError(f"{what} must be a tuple (X, y) of arrays")
    X, y = tensor(pair[0], f"{what} X"), tensor(pair[1], f"{what} y")
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"{what}: X and y must have a first (sample) dimension, got shapes "
                         f"{tuple(X.shape)} and {tuple(y.shape)}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"{what}: X has {X.shape[0]} rows but y has {y.shape[0]}")
    if X.shape[0] == 0:
        raise ValueError(f"{what} is empty (0 examples): check the split that built it")
    for part, t in (("X", X), ("y", y)):
        if t.is_floating_point() and not torch.isfinite(t).all():
            bad = int((~torch.isfinite(t)).reshape(t.shape[0], -1).any(dim=1).sum())
            raise ValueError(f"{what} {part} contains NaN or infinite values in {bad} of {t.shape[0]} examples: "
                             "drop or impute them before training (np.isnan finds them)")
    return X, y


def binary_labels(y, what="y"):
    """0/1 labels as float64 of shape ``(N,)``; a column ``(N, 1)`` is flattened.

    Raises ``TypeError`` for anything but a numpy array or tensor (see
    ``as_array``), ``ValueError`` for another shape, no labels, or values other than 0 and 1.
    """
    y = as_array(y, what)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"{what} must be a 1-D array of 0/1 labels (or a column (N, 1)), got shape {y.shape}")
    if len(y) == 0:
        raise ValueError(f"{what} is empty")
    if not set(np.unique(y).tolist()) <= {0, 1}:
        raise ValueError(f"{what} must hold 0/1 labels, got values {sorted(set(np.unique(y).tolist()))[:5]}")
    return y


def groups(g, n=None, what="batch"):
    """One group label per sample (batch, chromosome, patient) as a 1-D numpy array of ``n`` labels.

    Parameters
    ----------
    g : array-like of labels (str or int), shape ``(N,)``.
    n : int or None, the number of samples the labels must match.
    """
    if g is None or isinstance(g, (str, bytes)):
        raise TypeError(f"{what} must be one label per sample (a list or array), got {type(g).__name__}")
    g = np.asarray(g)
    if g.ndim != 1:
        raise ValueError(f"{what} must be one label per sample (1-D), got shape {g.shape}")
    if n is not None and len(g) != n:
        raise ValueError(f"{what} has {len(g)} labels but there are {n} samples")
    return g


def generator(rng, what="rng"):
    """Check a numpy random ``Generator`` (``seeding.rng(0)`` or ``np.random.default_rng(0)``) and return it."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"{what} must be a numpy Generator, e.g. np.random.default_rng(0) or seeding.rng(0); "
                        f"got {type(rng).__name__}")
    return rng
