"""Turn what a CNN learned back into motifs and compare them with JASPAR."""
import numpy as np
import torch

from .sequences import probabilities


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
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 3 or X.shape[1] != 4:
        raise ValueError(f"X must be one-hot DNA of shape (N, 4, L); got {X.shape}")
    device = conv.weight.device
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
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
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


def motif_similarity(a, b, min_overlap=5):
    """Similarity of two motifs over all ungapped alignments and both strands.

    Both motifs are turned into probabilities, centred on the uniform background
    (p - 0.25) and, for each alignment, padded with background where they do
    not overlap. The score is the cosine similarity of the padded matrices, so a
    short motif that matches only part of a longer one scores lower than a
    motif that explains the whole of it (a simple stand-in for Tomtom).

    Parameters
    ----------
    a, b : array-like, shape ``(4, wa)`` and ``(4, wb)``, counts or probabilities.
    min_overlap : int, the fewest aligned columns to consider.

    Returns
    -------
    float in [-1, 1]; 1 means identical motifs.
    """
    pa, pb = probabilities(a) - 0.25, probabilities(b) - 0.25
    norm = np.sqrt((pa * pa).sum() * (pb * pb).sum())
    if norm == 0:
        return 0.0
    best = -1.0
    wa = pa.shape[1]
    for q in (pb, pb[::-1, ::-1]):
        wq = q.shape[1]
        need = min(min_overlap, wa, wq)
        for shift in range(-(wq - need), wa - need + 1):
            lo, hi = max(0, shift), min(wa, shift + wq)
            best = max(best, float((pa[:, lo:hi] * q[:, lo - shift:hi - shift]).sum() / norm))
    return best


def best_matches(counts, motifs, top=3, min_overlap=5):
    """Rank database motifs by similarity to one learned count matrix.

    Parameters
    ----------
    counts : array-like, shape ``(4, w)``.
    motifs : dict ``{matrix_id: Motif}``, e.g. ``data.load("jaspar2024_core_vertebrates")``.

    Returns
    -------
    list of ``(matrix_id, name, similarity)`` tuples, best first, length ``top``.
    """
    scored = [(mid, m.name, motif_similarity(counts, m.counts, min_overlap)) for mid, m in motifs.items()]
    scored.sort(key=lambda t: -t[2])
    return scored[:top]
