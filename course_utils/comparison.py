"""Fair model comparisons: every model, every seed, the same split and budget, one tidy table.

A comparison that teaches "model A beats model B" trains each model with the
same data, learning rate, batch size, epoch cap and early stopping, repeats it
over several seeds, and reports parameter counts and training time next to
the score. ``compare_models`` does exactly that and returns one row per
(model, seed); ``seed_summary`` and ``plots.seed_spread`` read that
table, ``table`` condenses it per model, and ``print_times`` prints the
(machine-dependent) seconds in a form the course's output checks ignore.
``Comparison`` collects the same table one model at a time, so a notebook can
train each model in its own short cell. ``learning_curve`` does the same over
training-set sizes (every model gets the same class-balanced ``subsample``),
with ``fit_runner`` as the usual "seed, build, fit, score" step.
"""
import numbers
import time

import numpy as np
import pandas as pd

from . import metrics, seeding, validate
from . import train as _train

RUN_COLUMNS = ["model", "seed", "parameters", "epochs_run", "best_epoch", "at_cap", "seconds", "seconds_per_epoch"]


class Comparison:
    """A fair comparison filled one model at a time: the same split, scorer, seeds and budget for every model.

    Parameters
    ----------
    train, valid : tuples ``(X, y)`` as for ``train.fit``.
    score : callable ``score(model) -> dict {metric name: float}``.
    seeds : iterable of int, the default seeds of every model.
    epochs, fit_kwargs : the training budget, passed to ``train.fit`` for every model.

    Use ``fit(name, make_model)`` once per model (each call can sit in its own
    notebook cell), then read ``results`` (one row per model and seed, the
    columns of ``compare_models``) and ``runs`` (``{(name, seed): (model, history)}``).
    """

    def __init__(self, train, valid, score, seeds=(0, 1, 2), epochs=20, **fit_kwargs):
        if not callable(score):
            raise TypeError("score must be a function score(model) -> {metric name: value}")
        if "seed" in fit_kwargs:
            raise TypeError("pass seeds=[...], not seed=: each run gets its own seed")
        self.train, self.valid, self.score = train, valid, score
        self.seeds, self.epochs, self.fit_kwargs = list(seeds), epochs, fit_kwargs
        self._parts, self.runs = [], {}

    def fit(self, name, make_model, seeds=None):
        """Train ``make_model()`` once per seed (default: the comparison's seeds) and score it.

        Returns this model's rows, rounded for display (seconds left out: they
        depend on the machine); all rows accumulate in ``results``.
        """
        if any(part["model"].iloc[0] == name for part in self._parts):
            raise ValueError(f"{name!r} was already fitted in this comparison; give the variant another name")
        rows, runs = compare_models({name: make_model}, self.train, self.valid, self.score,
                                    seeds=self.seeds if seeds is None else seeds, epochs=self.epochs,
                                    **self.fit_kwargs)
        self._parts.append(rows)
        self.runs.update(runs)
        return rows.drop(columns=["seconds", "seconds_per_epoch"]).round(2)

    def predict(self, name, X, transform=None):
        """Predictions of every seed of model ``name`` on ``X``, one row per seed.

        Parameters
        ----------
        name : str, a model fitted with ``fit``.
        X : array of shape ``(N, ...)``, the model input (e.g. the test set).
        transform : optional callable applied to each seed's raw output array,
            e.g. ``lambda out: out.argmax(axis=1)`` for class predictions; by
            default the output is flattened to ``(N,)`` (one score per example).

        Returns
        -------
        np.ndarray of shape ``(S, N)`` in the order of the seeds, ready for
        ``metrics.difference(metric, y_true, comp.predict("A", X), comp.predict("B", X))``.
        """
        seeds = [s for (n, s) in self.runs if n == name]
        if not seeds:
            raise ValueError(f"{name!r} was not fitted in this comparison; fitted: {sorted({n for n, _ in self.runs})}")
        rows = []
        for s in seeds:
            out = _train.predict(self.runs[name, s][0], X)
            out = transform(out) if transform is not None else out.reshape(len(out), -1)
            out = np.asarray(out)
            if transform is None and out.shape[1] != 1:
                raise ValueError(f"{name!r} returns {out.shape[1]} outputs per example: pass transform= to turn "
                                 "them into one score or class per example (e.g. lambda out: out.argmax(axis=1))")
            rows.append(out.reshape(len(out)))
        return np.stack(rows)

    @property
    def results(self):
        """One row per (model, seed) over every model fitted so far (a DataFrame)."""
        if not self._parts:
            raise ValueError("no model fitted yet: call fit(name, make_model) first")
        return pd.concat(self._parts, ignore_index=True)


def compare_models(builders, train, valid, score, seeds=(0, 1, 2), epochs=20, **fit_kwargs):
    """Train each model of ``builders`` once per seed with the same budget, and score it.

    Parameters
    ----------
    builders : dict ``{name: make_model}``; ``make_model()`` returns a NEW
        ``torch.nn.Module`` (it is called after ``train.set_seed(seed)``, so each
        seed starts from its own weights).
    train, valid : tuples ``(X, y)`` as for ``train.fit`` (the same for every model).
    score : callable ``score(model) -> dict {metric name: float}``, e.g. the test
        AUROC of the model's predictions; called with the best-validation weights.
    seeds : iterable of int (at least one).
    epochs : int, the epoch cap, the same for every model.
    fit_kwargs : passed to ``train.fit`` for every model (``lr``, ``batch_size``,
        ``patience``, ``loss_fn``, ...); ``progress`` defaults to False.

    Returns
    -------
    results : pandas.DataFrame, one row per (model, seed), columns ``model``,
        ``seed``, ``parameters``, ``epochs_run``, ``best_epoch``, ``at_cap``
        (True when training stopped at the epoch cap, not by early stopping:
        the model might improve with more epochs), ``seconds``,
        ``seconds_per_epoch``, then one column per metric that ``score`` returns.
    runs : dict ``{(name, seed): (model, history)}``.
    """
    if not isinstance(builders, dict) or not builders:
        raise TypeError("builders must be a non-empty dict {name: function that builds a new model}")
    for name, make in builders.items():
        validate.builder(make, f"builders[{name!r}]")
    if not callable(score):
        raise TypeError("score must be a function score(model) -> {metric name: value}")
    seeds = list(seeds)
    if not seeds or not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in seeds):
        raise ValueError(f"seeds must be a non-empty list of ints, got {seeds!r}")
    if "seed" in fit_kwargs:
        raise TypeError("pass seeds=[...], not seed=: each run gets its own seed")
    epochs = validate.count(epochs, "epochs", example=20)        # before any model is trained
    fit_kwargs.setdefault("progress", False)
    rows, runs = [], {}
    for name, make in builders.items():
        for seed, model, history in _train.fit_seeds(make, train, valid, seeds=seeds, epochs=epochs, **fit_kwargs):
            scores = score(model)
            if not isinstance(scores, dict):
                raise TypeError(f"score must return a dict {{metric name: value}}, got {type(scores).__name__}")
            rows.append({"model": name, "seed": seed, "parameters": _train.count_parameters(model),
                         "epochs_run": history["epochs_run"], "best_epoch": history["best_epoch"],
                         "at_cap": history["epochs_run"] == epochs, "seconds": history["seconds"],
                         "seconds_per_epoch": history["seconds"] / history["epochs_run"],
                         **{k: float(v) for k, v in scores.items()}})
            runs[(name, seed)] = (model, history)
    return pd.DataFrame(rows), runs


def table(results, value, decimals=2):
    """One row per model: parameters, mean and sd of ``value`` over seeds, epochs, runs stopped at the cap.

    Parameters
    ----------
    results : the DataFrame returned by ``compare_models`` (or one with the same columns).
    value : str, the metric column to summarise.
    decimals : int, rounding of the mean and sd (training-dependent numbers: 2).

    Returns
    -------
    pandas.DataFrame indexed by model in the order of first appearance, columns
    ``parameters``, ``<value> mean``, ``<value> sd``, ``seeds``, ``epochs run``
    (mean), ``at epoch cap`` (how many runs hit it). Seconds are left out: they
    depend on the machine (see ``print_times``).
    """
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be the DataFrame from compare_models, got {type(results).__name__}")
    missing = [c for c in ["model", "parameters", "epochs_run", "at_cap", value] if c not in results]
    if missing:
        raise ValueError(f"results has no column(s) {missing}; it has {list(results.columns)}")
    order = list(dict.fromkeys(results["model"]))
    g = results.groupby("model", sort=False)
    out = pd.DataFrame({
        "parameters": g["parameters"].first(),
        f"{value} mean": g[value].mean().round(decimals),
        f"{value} sd": g[value].std().round(decimals),
        "seeds": g.size(),
        "epochs run": g["epochs_run"].mean().round(1),
        "at epoch cap": g["at_cap"].sum().astype(int),
    })
    return out.loc[order]


def print_times(results):
    """Print mean training seconds per run and per epoch for each model.

    The numbers depend on the machine and its load, so they are printed as
    ``"... s wall"``, which the course's output comparison masks; compare the
    ratios between models, not the seconds.
    """
    if not isinstance(results, pd.DataFrame) or not {"model", "seconds", "seconds_per_epoch"} <= set(results):
        raise TypeError("results must be the DataFrame from compare_models (columns model, seconds, seconds_per_epoch)")
    width = max(len(str(m)) for m in results["model"])
    g = results.groupby("model", sort=False)
    for name, rows in g:
        print(f"{name:{width}s}  {rows['seconds_per_epoch'].mean():.2f} s wall per epoch, "
              f"{rows['seconds'].mean():.1f} s wall per run (mean of {len(rows)})")


def seed_summary(results, group, value):
    """Mean, standard deviation and number of seeds of ``value`` per ``group``.

    Parameters
    ----------
    results : pandas DataFrame with one row per (group, seed), e.g. columns
        ``model``, ``seed``, ``auroc``.
    group : str or list of str, column(s) that name what is compared.
    value : str, the metric column.

    Returns
    -------
    DataFrame indexed by ``group`` with columns ``mean``, ``sd``, ``n``, sorted by
    ``mean`` (best first).
    """
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a pandas DataFrame (one row per run), got {type(results).__name__}")
    missing = [c for c in ([group] if isinstance(group, str) else list(group)) + [value] if c not in results]
    if missing:
        raise ValueError(f"results has no column(s) {missing}; it has {list(results.columns)}")
    out = results.groupby(group)[value].agg(mean="mean", sd="std", n="size")
    return out.sort_values("mean", ascending=False)


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
