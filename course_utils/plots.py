"""Plots the notebooks reuse: sequence logos, training curves, ROC and PR curves.

Every function draws on a matplotlib ``ax`` (made for you if not given) and
returns it, so a notebook can add titles or combine panels.
"""
import logomaker
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_curve, roc_curve

from .sequences import DNA, information_content, probabilities


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
    """Small, light figures so notebooks stay small on disk and readable on a laptop."""
    plt.rcParams.update({"figure.dpi": 72, "savefig.dpi": 72, "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False})
