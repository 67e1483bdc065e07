"""Transfer learning and multi-view learning helpers (notebook 10).

* ``freeze``: stop gradients in some layers of a model (a frozen feature extractor).
* ``extract_features``: run a frozen feature extractor once over a data set.
* ``subsample``: a class-balanced random subset of a training set (learning curves).
* ``learning_curve``: train and score several models at several training-set
  sizes and seeds, one tidy row per run.
* ``fit_runner``: the usual "seed, build, fit with early stopping, score" step
  packaged as a runner for ``learning_curve`` (optionally choosing the learning
  rate on validation; it keeps the test scores for ``metrics.difference``).
* ``tuned_logistic``: a logistic-regression baseline whose feature set (e.g. k)
  and C are chosen on the validation split.
* ``pack_views`` / ``unpack_views``: several inputs (views) of one example in
  one float array, so ``train.fit`` can train a multi-view model unchanged.
* ``protein_views``: the two views of a protein used in notebook 10
  (global composition + length, and the one-hot N-terminus).
"""
import contextlib
import time

import numpy as np
import pandas as pd
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import seeding
from . import metrics, validate
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


def subsample(y, n, seed=0):
    """Indices of a random, class-balanced subset of ``n`` examples.

    Parameters
    ----------
    y : array of shape ``(N,)`` or ``(N, 1)``, class labels.
    n : int, subset size (at least the number of classes, at most N).
    seed : int.

    Returns
    -------
    np.ndarray of int, ``n`` sorted indices; every class gets ``n // n_classes``
    examples (the remainder goes to randomly chosen classes).
    """
    if y is None or isinstance(y, (str, bytes)) or np.ndim(y) == 0:
        raise TypeError(f"y must be an array of class labels, got {type(y).__name__}")
    y = np.asarray(y).reshape(len(y), -1)
    if y.shape[1] != 1:
        raise ValueError(f"y must hold one label per example, got shape {y.shape}")
    y = y[:, 0]
    n = validate.count(n, "n")
    classes = np.unique(y)
    if not len(classes) <= n <= len(y):
        raise ValueError(f"n must be between {len(classes)} (one per class) and {len(y)}, got {n}")
    rng = seeding.rng(seed)
    share = np.full(len(classes), n // len(classes))
    share[rng.permutation(len(classes))[:n % len(classes)]] += 1
    picks = []
    for c, k in zip(classes, share):
        members = np.flatnonzero(y == c)
        if k > len(members):
            raise ValueError(f"class {c!r} has only {len(members)} examples, {k} requested")
        picks.append(rng.choice(members, k, replace=False))
    return np.sort(np.concatenate(picks))


def learning_curve(runners, y_train, sizes, seeds=(0, 1, 2)):
    """Train and score every runner at every training-set size and seed.

    For each ``(size, seed)`` one class-balanced subset of the training set is
    drawn (``subsample``) and EVERY runner gets the same subset, so the models
    differ only in what they are.

    Parameters
    ----------
    runners : dict ``{name: run}``; ``run(idx, seed)`` trains on the training
        examples ``idx`` and returns a dict of metrics (e.g. ``{"auroc": 0.93}``);
        a value may also be an array (e.g. the test scores of ``fit_runner``),
        kept as it is in its row.
    y_train : array ``(N,)`` or ``(N, 1)``, labels of the full training set.
    sizes : list of int. seeds : list of int.

    Returns
    -------
    pandas.DataFrame, one row per run: ``n``, ``seed``, ``model``, ``seconds``
    and the metrics.
    """
    if not isinstance(runners, dict) or not runners or not all(callable(r) for r in runners.values()):
        raise TypeError("runners must be a non-empty dict {name: run(idx, seed) -> {metric: value}}")
    rows = []
    for n in sizes:
        for seed in seeds:
            idx = subsample(y_train, n, seed)
            for name, run in runners.items():
                start = time.perf_counter()
                out = run(idx, seed)
                if not isinstance(out, dict):
                    raise TypeError(f"runner {name!r} must return a dict of metrics, got {type(out).__name__}")
                rows.append({"n": n, "seed": seed, "model": name, "seconds": time.perf_counter() - start, **out})
    return pd.DataFrame(rows)


def fit_runner(make_model, train, valid, test, metric=metrics.auroc, lrs=None, **fit_kwargs):
    """A runner for ``learning_curve``: seed, build, ``train.fit`` on a subset, score on test.

    Parameters
    ----------
    make_model : callable returning a NEW model (called after ``train.set_seed(seed)``).
    train, valid, test : tuples ``(X, y)``; ``train`` is the FULL training set
        (the runner takes the rows ``idx``), ``valid`` is used for early stopping
        (and for choosing the learning rate).
    metric : callable ``metric(y_true, score)``; the model's first output column is the score.
    lrs : None, or a list of learning rates: then one model per learning rate is
        trained (same seed, same subset) and the one with the lowest validation
        loss is kept; the learning rate is chosen on validation for every run.
    fit_kwargs : passed to ``train.fit`` (same budget for every model).

    Returns
    -------
    ``run(idx, seed) -> {"auroc": ..., "epochs": ..., "best_epoch": ..., "lr": ..., "scores": ...}``
    (the first key is ``metric.__name__``; ``epochs`` and ``best_epoch`` describe
    the kept run; ``scores`` holds its test scores, ``(N_test,)``, for
    ``metrics.difference``).
    """
    validate.builder(make_model)
    if lrs is not None:
        if fit_kwargs.pop("lr", None) is not None:
            raise TypeError("pass either lr= (one learning rate) or lrs=[...] (chosen on validation), not both")
        lrs = list(lrs)
        if not lrs or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in lrs):
            raise ValueError(f"lrs must be a non-empty list of positive learning rates, got {lrs!r}")
    fit_kwargs.setdefault("progress", False)

    def run(idx, seed):
        best = None
        for lr in (lrs if lrs is not None else [fit_kwargs.get("lr")]):
            kwargs = dict(fit_kwargs) if lr is None else {**fit_kwargs, "lr": lr}
            _train.set_seed(seed)
            model = make_model()
            history = _train.fit(model, (train[0][idx], train[1][idx]), valid, seed=seed, **kwargs)
            loss = min(history["valid_loss"])
            if best is None or loss < best[0]:
                best = (loss, lr, model, history)
        _, lr, model, history = best
        score = _train.predict(model, test[0]).reshape(len(test[1]), -1)[:, 0]
        return {metric.__name__: float(metric(test[1], score)), "epochs": history["epochs_run"],
                "best_epoch": history["best_epoch"], "lr": lr, "scores": score}
    return run


def tuned_logistic(features, y_train, y_valid, Cs=(0.01, 0.1, 1.0), metric=metrics.auroc):
    """Logistic regression whose feature set and C are chosen on the validation split.

    Parameters
    ----------
    features : dict ``{name: (F_train, F_valid)}``, e.g. ``{"k=3": (...), "k=4": (...)}``;
        arrays of shape ``(N_train, d)`` and ``(N_valid, d)``.
    y_train, y_valid : 0/1 labels.
    Cs : inverse regularisation strengths to try.
    metric : validation metric to maximise.

    Returns
    -------
    (name, C, model, valid_score): the best feature set, its C, the fitted
    scikit-learn pipeline (standardise -> logistic regression) and its
    validation score.
    """
    if not isinstance(features, dict) or not features:
        raise TypeError("features must be a non-empty dict {name: (F_train, F_valid)}")
    y_train, y_valid = np.ravel(y_train), np.ravel(y_valid)
    best = None
    for name, (F_train, F_valid) in features.items():
        if len(F_train) != len(y_train) or len(F_valid) != len(y_valid):
            raise ValueError(f"features[{name!r}] rows do not match the labels")
        for C in Cs:
            model = make_pipeline(StandardScaler(), LogisticRegression(C=C, solver="liblinear", max_iter=1000))
            model.fit(F_train, y_train)
            score = float(metric(y_valid, model.predict_proba(F_valid)[:, 1]))
            if best is None or score > best[3]:
                best = (name, C, model, score)
    return best


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
