"""Turn what a CNN learned back into motifs (compare them with JASPAR using ``motifs.best_matches``)."""
import numpy as np
import torch

from . import train, validate


def filter_activations(conv, X, batch_size=512):
    """Activations of a first-layer ``torch.nn.Conv1d`` on one-hot DNA.

    Parameters
    ----------
    conv : torch.nn.Conv1d with 4 input channels (no padding assumed).
    X : np.ndarray, shape ``(N, 4, L)``.

    Returns
    -------
    np.ndarray, shape ``(N, F, L - w + 1)``: the convolution output (before any
    nonlinearity) of each of the F filters of width w at every offset.
    """
    if not isinstance(conv, torch.nn.Conv1d) or conv.in_channels != 4:
        raise TypeError("conv must be a torch.nn.Conv1d with in_channels=4 (the first layer of a DNA model)")
    X, single = validate.one_hot(X, 4, "X")
    if single:
        raise ValueError("X must be a batch of one-hot DNA of shape (N, 4, L); for one sequence use X[None]")
    X = X.astype(np.float32)
    batch_size = validate.count(batch_size, "batch_size", example=512)
    device = train.model_device(conv)
    out = []
    with torch.no_grad():
        for i in range(0, len(X), batch_size):
            xb = torch.from_numpy(X[i:i + batch_size]).to(device)
            out.append(torch.nn.functional.conv1d(xb, conv.weight, conv.bias).cpu().numpy())
    return np.concatenate(out)


def filter_counts(conv, X, threshold=0.5):
    """Count matrix of the sites that switch each first-layer filter on (DeepBind/Basset style).

    For filter f, every window whose activation exceeds ``threshold`` times the
    filter's maximum activation over ``X`` is added to the count matrix.

    Parameters
    ----------
    conv : torch.nn.Conv1d, 4 input channels, F filters of width w.
    X : np.ndarray, shape ``(N, 4, L)``, one-hot DNA (use sequences the model
        calls positive to see what it looks for).
    threshold : float in (0, 1].

    Returns
    -------
    counts : np.ndarray, shape ``(F, 4, w)``; n_sites : np.ndarray, shape ``(F,)``.
    """
    threshold = validate.fraction(threshold, "threshold", low_open=True)
    act = filter_activations(conv, X)                      # (N, F, P)
    w = conv.kernel_size[0]
    windows = np.lib.stride_tricks.sliding_window_view(np.asarray(X, np.float32), w, axis=2)  # (N, 4, P, w)
    n_filters = act.shape[1]
    counts = np.zeros((n_filters, 4, w))
    n_sites = np.zeros(n_filters, dtype=int)
    for f in range(n_filters):
        peak = act[:, f].max()
        if peak <= 0:
            continue
        seq_i, pos = np.nonzero(act[:, f] > threshold * peak)
        counts[f] = windows[seq_i, :, pos].sum(axis=0)
        n_sites[f] = len(seq_i)
    return counts, n_sites
