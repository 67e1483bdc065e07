"""Plots the notebooks reuse: the course style, logos, training curves, ROC/PR curves, seed spreads, heatmaps.

Every function draws on a matplotlib ``ax`` (made for you if not given) and
returns it, so a notebook can add titles or combine panels.
"""
import logomaker
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from sklearn.metrics import precision_recall_curve, roc_curve

from .encoding import DNA
from .motifs import information_content, probabilities


def _ax(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def logo(matrix, ax=None, kind="counts", title=None):
    """Draw a DNA sequence logo.

    Parameters
    ----------
    matrix : array-like, shape ``(4, w)``, rows A, C, G, T.
    kind : ``"counts"`` or ``"probabilities"`` -> information-content logo (bits);
        ``"weights"`` -> letters scaled by the raw values, e.g. a CNN filter or a
        log-odds PWM (positive up, negative down).
    """
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != 4:
        raise ValueError(f"matrix must have shape (4, w), rows A, C, G, T; got {m.shape}")
    if kind in ("counts", "probabilities"):
        heights = information_content(probabilities(m, pseudocount=0.5 if kind == "counts" else 0.0))
        ylabel = "bits"
    elif kind == "weights":
        heights = m
        ylabel = "weight"
    else:
        raise ValueError(f"kind must be 'counts', 'probabilities' or 'weights', got {kind!r}")
    ax = _ax(ax, (max(2.5, 0.35 * m.shape[1]), 1.8))
    logomaker.Logo(pd.DataFrame(heights.T, columns=list(DNA)), ax=ax, color_scheme="classic")
    ax.set_ylabel(ylabel)
    ax.set_xticks([])
    if kind != "weights":
        ax.set_ylim(0, 2)
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def training_curves(history, ax=None, title=None):
    """Plot train and validation loss per epoch from a ``train.fit`` history; mark the kept epoch."""
    if not isinstance(history, dict) or not {"train_loss", "valid_loss", "best_epoch"} <= set(history):
        raise TypeError("history must be what train.fit returns (a History with train_loss, valid_loss, "
                        f"best_epoch), got {type(history).__name__}")
    ax = _ax(ax, (4, 2.8))
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    ax.plot(epochs, history["train_loss"], label="train")
    ax.plot(epochs, history["valid_loss"], label="valid")
    ax.axvline(history["best_epoch"], color="grey", ls=":", label="kept")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss")
    ax.legend(frameon=False)
    if title:
        ax.set_title(title)
    return ax


def roc_pr_curves(y_true, scores, axes=None):
    """ROC and precision-recall curves of several models on one binary task.

    Parameters
    ----------
    y_true : array, shape ``(N,)``, 0/1 labels.
    scores : dict ``{model name: array of shape (N,)}``.
    axes : two matplotlib axes, or None to make a 1x2 figure.
    """
    if not isinstance(scores, dict) or not scores:
        raise TypeError("scores must be a dict {model name: scores of shape (N,)}, e.g. {'CNN': p_cnn}")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(8, 3.4))
    y_true = np.asarray(y_true)
    for name, s in scores.items():
        fpr, tpr, _ = roc_curve(y_true, s)
        prec, rec, _ = precision_recall_curve(y_true, s)
        axes[0].plot(fpr, tpr, label=name)
        axes[1].plot(rec, prec, label=name)
    axes[0].plot([0, 1], [0, 1], color="grey", ls=":")
    axes[1].axhline(y_true.mean(), color="grey", ls=":", label="random")
    axes[0].set(xlabel="false positive rate", ylabel="true positive rate", title="ROC")
    axes[1].set(xlabel="recall", ylabel="precision", title="precision-recall")
    axes[1].legend(frameon=False, fontsize=8)
    return axes


def use_course_style():
    """The course's one figure style: colour-blind-safe palette, fonts readable on a projector.

    Uses seaborn's ``colorblind`` palette for every line and bar, 11-pt text,
    no top/right spines, and small files (72 dpi) so notebooks stay small.
    """
    sns.set_theme(context="notebook", style="ticks", palette="colorblind", font_scale=0.9)
    plt.rcParams.update({"figure.dpi": 72, "savefig.dpi": 72,
                         "axes.spines.top": False, "axes.spines.right": False,
                         "legend.frameon": False, "image.cmap": "viridis"})


def seed_spread(results, x, y, hue=None, ax=None, title=None):
    """Mean and spread over seeds: one point per run, the mean with +- 1 sd bars.

    Parameters
    ----------
    results : pandas DataFrame, one row per run (e.g. columns model, seed, auroc).
    x : str, column of what is compared (categories on the x axis).
    y : str, the metric column. hue : optional str, a second grouping column.

    Returns
    -------
    matplotlib Axes.
    """
    if not isinstance(results, pd.DataFrame):
        raise TypeError(f"results must be a pandas DataFrame with one row per run, got {type(results).__name__}")
    for col in [x, y] + ([hue] if hue else []):
        if col not in results:
            raise ValueError(f"results has no column {col!r}; it has {list(results.columns)}")
    ax = _ax(ax, (5, 3.2))
    sns.stripplot(data=results, x=x, y=y, hue=hue, dodge=hue is not None, alpha=0.45, ax=ax, legend=False)
    sns.pointplot(data=results, x=x, y=y, hue=hue, dodge=0.4 if hue else False, errorbar="sd",
                  linestyle="none", marker="D", capsize=0.15, ax=ax)
    if hue:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1, 1), title=hue)
    ax.set_title(title or f"{y}: mean and 1 sd over {results.groupby(x).size().max()} runs")
    return ax


def heatmap(matrix, ax=None, title=None, cbar_label=None, **kwargs):
    """A heatmap with a labelled colour bar (``imshow``). ``matrix`` is 2-D, shape ``(rows, cols)``.

    Extra keyword arguments go to ``ax.imshow`` (e.g. ``cmap``, ``vmin``, ``vmax``).
    Returns the Axes.
    """
    m = np.asarray(matrix, dtype=float)
    if m.ndim != 2:
        raise ValueError(f"matrix must be 2-D, got shape {m.shape}")
    ax = _ax(ax, (4, 3.5))
    im = ax.imshow(m, aspect="auto", interpolation="nearest", **kwargs)
    cbar = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    if cbar_label:
        cbar.set_label(cbar_label)
    if title:
        ax.set_title(title)
    return ax
