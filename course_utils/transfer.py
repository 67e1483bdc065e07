"""Transfer learning and multi-view learning helpers (notebook 10).

Learning curves (``comparison.learning_curve``) and the tuned baseline (``baselines.tuned_logistic``)
that notebook 10 compares them with live with the other comparisons and baselines.

* ``freeze``: stop gradients in some layers of a model (a frozen feature extractor).
* ``extract_features``: run a frozen feature extractor once over a data set.
* ``pack_views`` / ``unpack_views``: several inputs (views) of one example in
  one float array, so ``train.fit`` can train a multi-view model unchanged.
* ``protein_views``: the two views of a protein used in notebook 10
  (global composition + length, and the one-hot N-terminus).
"""
import contextlib

import numpy as np
import torch

from . import validate
from . import train as _train
from .encoding import one_hot_protein
from .protein import composition


def freeze(*modules, trainable=False):
    """Freeze (or, with ``trainable=True``, unfreeze) every parameter of ``modules``.

    Parameters
    ----------
    modules : one or more ``torch.nn.Module`` (e.g. ``model.conv``).
    trainable : bool, False freezes (no gradient, the optimizer leaves them alone).

    Returns
    -------
    int, the number of parameters whose state was set.
    """
    if not modules:
        raise TypeError("pass at least one layer, e.g. freeze(model.conv)")
    n = 0
    for m in modules:
        if not isinstance(m, torch.nn.Module):
            raise TypeError(f"freeze takes torch layers (e.g. model.conv), got {type(m).__name__}")
        for p in m.parameters():
            p.requires_grad = bool(trainable)
            n += p.numel()
    return n


def extract_features(extractor, X, batch_size=512):
    """Outputs of a (frozen) feature extractor for every example, as a numpy array.

    Parameters
    ----------
    extractor : callable on a float tensor batch ``(B, ...)`` returning ``(B, F)``
        (e.g. ``model.features`` or a layer); run without gradients, in evaluation
        mode when it is a module or a bound method of one. Every layer's
        train/eval mode is restored afterwards, and each batch is moved to the
        device of the module's parameters (the GPU when the model lives there).
    X : array of shape ``(N, ...)``.

    Returns
    -------
    np.ndarray of float32 on the CPU, shape ``(N, F)``.
    """
    if not callable(extractor):
        raise TypeError("extractor must be a function or layer, e.g. model.features")
    owner = getattr(extractor, "__self__", extractor)
    module = owner if isinstance(owner, torch.nn.Module) else None
    X = validate.tensor(X, "X").float()
    if X.ndim < 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (N, ...) with N > 0, got {tuple(X.shape)}")
    batch_size = validate.count(batch_size, "batch_size", example=512)
    device = _train.model_device(module) if module is not None else torch.device("cpu")
    with _train.evaluation(module) if module is not None else contextlib.nullcontext(), torch.no_grad():
        out = [extractor(X[i:i + batch_size].to(device)).detach().cpu() for i in range(0, X.shape[0], batch_size)]
    return torch.cat(out).reshape(X.shape[0], -1).numpy().astype(np.float32)


def pack_views(*views):
    """Flatten several views of the same examples into one float32 array ``(N, sum of sizes)``.

    Returns
    -------
    (X, shapes): ``X`` to pass to ``train.fit``; ``shapes`` the per-example shape
    of each view, for ``unpack_views``.
    """
    if not views:
        raise TypeError("pass at least one view, e.g. pack_views(composition, one_hot)")
    views = [np.asarray(v, dtype=np.float32) for v in views]
    n = len(views[0])
    if any(v.ndim < 2 or len(v) != n for v in views):
        raise ValueError(f"every view must have shape (N, ...) with the same N; got {[v.shape for v in views]}")
    return np.hstack([v.reshape(n, -1) for v in views]), [v.shape[1:] for v in views]


def unpack_views(x, shapes):
    """Split a packed batch ``(B, D)`` (tensor or array) back into its views ``[(B, *shape), ...]``."""
    if not hasattr(x, "shape") or getattr(x, "ndim", 0) != 2:
        raise TypeError(f"x must be a packed 2-D batch (B, D) from pack_views, got {type(x).__name__}")
    if not isinstance(shapes, (list, tuple)) or not shapes:
        raise TypeError("shapes must be the list of view shapes that pack_views returned")
    sizes = [int(np.prod(s)) for s in shapes]
    if x.shape[-1] != sum(sizes):
        raise ValueError(f"x has {x.shape[-1]} columns but the views need {sum(sizes)}")
    out, start = [], 0
    for s, k in zip(shapes, sizes):
        out.append(x[:, start:start + k].reshape(x.shape[0], *s))
        start += k
    return out


def protein_views(seqs, n_term=50):
    """Two views of each protein: global composition and its N-terminal residues.

    Parameters
    ----------
    seqs : list of protein strings (letters outside the 20 amino acids become X).
    n_term : int, N-terminal residues kept (shorter proteins are padded with X = zeros).

    Returns
    -------
    composition_view : float32 ``(N, 21)``: amino-acid frequencies and log10(length).
    nterm_view : float32 ``(N, 20, n_term)``: one-hot N-terminus.
    """
    seqs = validate.sequences(seqs)
    n_term = validate.count(n_term, "n_term")
    clean = ["".join(c if c in "ACDEFGHIKLMNPQRSTVWY" else "X" for c in s.upper()) for s in seqs]
    length = np.log10([max(len(s), 1) for s in clean]).astype(np.float32)[:, None]
    comp = np.hstack([composition(clean), length]).astype(np.float32)
    nterm = one_hot_protein([s[:n_term].ljust(n_term, "X") for s in clean])
    return comp, nterm


def localization_views(table, n_term=50):
    """Packed two-view inputs of the ``swissprot_localization`` table, per split.

    The composition view is standardised with the TRAINING split's mean and sd.

    Parameters
    ----------
    table : DataFrame with columns ``sequence``, ``location``, ``split``.
    n_term : int, N-terminal residues in the second view.

    Returns
    -------
    data : dict ``{split: (X, y)}``, ``X`` float32 ``(N, 21 + 20 * n_term)`` packed
        with ``pack_views``, ``y`` int64 class indices.
    shapes : the view shapes for ``unpack_views``: ``[(21,), (20, n_term)]``.
    classes : list of class names, in index order.
    """
    missing = {"sequence", "location", "split"} - set(getattr(table, "columns", []))
    if missing:
        raise ValueError(f"table must have columns sequence, location and split; missing {sorted(missing)}")
    classes = sorted(table["location"].unique())
    views = {s: protein_views(d["sequence"].tolist(), n_term) for s, d in table.groupby("split")}
    if "train" not in views:
        raise ValueError("table has no 'train' split to standardise with")
    mu, sd = views["train"][0].mean(0), views["train"][0].std(0) + 1e-6
    data, shapes = {}, None
    for s, (comp, nterm) in views.items():
        X, shapes = pack_views((comp - mu) / sd, nterm)
        y = np.array(table.loc[table["split"] == s, "location"].map({c: i for i, c in enumerate(classes)}),
                     dtype=np.int64)
        data[s] = (X, y)
    return data, shapes, classes
