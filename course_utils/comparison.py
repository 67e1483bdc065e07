"""Fair model comparisons: every model, every seed, the same split and budget, one tidy table.

A comparison that teaches "model A beats model B" trains each model with the
same data, learning rate, batch size, epoch cap and early stopping, repeats it
over several seeds, and reports parameter counts and training time next to
the score. ``compare_models`` does exactly that and returns one row per
(model, seed); ``metrics.seed_summary`` and ``plots.seed_spread`` read that
table, ``table`` condenses it per model, and ``print_times`` prints the
(machine-dependent) seconds in a form the course's output checks ignore.
``Comparison`` collects the same table one model at a time, so a notebook can
train each model in its own short cell.
"""
import numbers

import numpy as np
import pandas as pd
import torch

from . import train as _train
from . import validate

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
