"""Interpretation: what a trained network learned, as motifs and as attribution maps.

First-layer filters back to motifs (``filter_activations``, ``filter_counts``; name them with
``motifs.matches``), and attribution maps written out by hand, with how to score them against
planted motifs.

Every attribution function takes a model that maps one-hot DNA ``X`` of shape
``(N, 4, L)`` to outputs of shape ``(N,)``, ``(N, 1)`` or ``(N, K)``, explains
the output column ``target`` (a logit: explain logits, not probabilities, unless
you want to see saturation), and returns a numpy array of shape ``(N, 4, L)``:

* ``saliency``           -- ``|d out / d x|`` for all four bases (Simonyan et al. 2013);
* ``gradient_x_input``   -- ``d out / d x * x``: the gradient at the observed base;
* ``ism``                -- in-silico mutagenesis: ``out(mutant) - out(x)`` for each of
  the 3 substitutions at every position (0 at the observed base);
* ``integrated_gradients`` -- ``(x - x') * mean_k d out / d x`` at ``x' + a_k (x - x')``
  (Sundararajan et al. 2017), a Riemann sum from a baseline ``x'``.

``position_scores`` turns any of them into one importance per base ``(N, L)``;
``motif_mask`` and ``motif_auroc`` score those against the ``truth`` table of
``course_utils.simulate``; ``top_seqlets`` and ``seqlet_counts`` turn attributions
into a motif (the minimal form of TF-MoDISco); ``cache_modisco_kernels`` lets the full
TF-MoDISco (modiscolite) load its compiled code from disk instead of compiling it in each run.
"""
import functools

import numpy as np
import pandas as pd
import torch
from sklearn.metrics import roc_auc_score

from . import train, validate


def _as_input(X):
    """One-hot ``X`` as a float32 tensor ``(N, 4, L)`` (numpy or torch, checked)."""
    a, single = validate.one_hot(X, 4, "X")
    if single:
        raise ValueError("X must be a batch of one-hot DNA of shape (N, 4, L); for one sequence use X[None]")
    return torch.from_numpy(a.astype(np.float32))


# Notebook 09 prints the source of ``gradient``, which asks ``_check_model`` for the
# device: it IS ``train.model_device`` (checks the model, returns its device).
_check_model = train.model_device


def _in_evaluation(fn):
    """Run ``fn(model, ...)`` inside ``train.evaluation(model)``: eval mode, the model's modes restored after."""
    @functools.wraps(fn)
    def run(model, *args, **kwargs):
        with train.evaluation(model):
            return fn(model, *args, **kwargs)
    return run


def _select(out, target):
    """Column ``target`` of a model output of shape (N,), (N, 1) or (N, K) -> shape (N,)."""
    if out.ndim == 1:
        if target != 0:
            raise ValueError(f"the model has one output, so target must be 0, got {target}")
        return out
    if out.ndim != 2:
        raise ValueError(f"the model output must have shape (N,) or (N, K), got {tuple(out.shape)}")
    if not isinstance(target, (int, np.integer)) or not 0 <= target < out.shape[1]:
        raise ValueError(f"target must be an output column between 0 and {out.shape[1] - 1}, got {target!r}")
    return out[:, target]


def output(model, X, target=0, batch_size=256):
    """The model's output column ``target`` for one-hot ``X`` ``(N, 4, L)``: numpy array ``(N,)``, no gradients.

    The model runs in evaluation mode and is left in the train/eval mode it was in.
    """
    device = train.model_device(model)
    batch_size = validate.count(batch_size, "batch_size", example=256)
    X = X if isinstance(X, torch.Tensor) and X.dtype == torch.float32 else _as_input(X)
    with train.evaluation(model), torch.no_grad():
        return torch.cat([_select(model(X[i:i + batch_size].to(device)), target).cpu()
                          for i in range(0, len(X), batch_size)]).numpy()


def gradient(model, X, target=0):
    """``d out[:, target] / d X``: numpy array ``(N, 4, L)``, the gradient of each output w.r.t. its own input."""
    device = _check_model(model)
    X = _as_input(X).to(device).requires_grad_(True)
    _select(model(X), target).sum().backward()      # examples are independent: the sum's gradient is per example
    return X.grad.detach().cpu().numpy()


# In evaluation mode, the model's own modes restored afterwards (wrapped here, not with a decorator
# line, so that the source notebook 09 prints stays the function above).
gradient = _in_evaluation(gradient)


def saliency(model, X, target=0):
    """Saliency map (Simonyan et al. 2013): ``|gradient|``, shape ``(N, 4, L)``, all four bases."""
    return np.abs(gradient(model, X, target))


def gradient_x_input(model, X, target=0):
    """Gradient x input: the gradient at the observed base, shape ``(N, 4, L)`` (0 at the other bases)."""
    return gradient(model, X, target) * np.asarray(X, dtype=np.float32)


def ism(model, X, target=0, batch_size=512):
    """In-silico saturation mutagenesis: the output change of every single-base substitution.

    Parameters
    ----------
    model : torch.nn.Module, (N, 4, L) -> (N,) or (N, K).
    X : one-hot DNA, shape ``(N, 4, L)``.

    Returns
    -------
    np.ndarray ``(N, 4, L)``: ``out(x with base b at position i) - out(x)``; 0 at the
    observed base. ``-ism(...).sum(axis=1) / 3`` is the mean loss of output when a
    position is mutated (see ``ism_to_observed``).
    """
    X = _as_input(X)
    n, _, length = X.shape
    ref = output(model, X, target)
    delta = np.zeros((n, 4, length), dtype=np.float32)
    for i in range(n):
        mutants = X[i].repeat(4 * length, 1, 1)               # (4L, 4, L): one copy per (base, position)
        base, pos = np.divmod(np.arange(4 * length), length)
        mutants[np.arange(4 * length), :, pos] = 0.0
        mutants[np.arange(4 * length), base, pos] = 1.0
        delta[i] = (output(model, mutants, target, batch_size) - ref[i]).reshape(4, length)
    return delta * (1 - X.numpy())                             # exactly 0 at the observed base


def ism_to_observed(delta, X):
    """Project ISM onto the observed bases: ``-mean`` of the 3 substitutions, placed at the observed base.

    ``delta`` and ``X`` have shape ``(N, 4, L)``; returns ``(N, 4, L)``. Positive = mutating the
    base lowers the output (the base supports the prediction).
    """
    delta = validate.as_array(delta, "delta")
    X = _as_input(X).numpy().astype(np.float64)
    if delta.shape != X.shape:
        raise ValueError(f"delta {delta.shape} and X {X.shape} must have the same shape (N, 4, L)")
    return -delta.sum(axis=1, keepdims=True) / 3 * X


def integrated_gradients(model, X, target=0, baseline=None, steps=32):
    """Integrated gradients (Sundararajan et al. 2017) by a midpoint Riemann sum.

    ``IG(x) = (x - x') * (1/m) sum_k grad f(x' + a_k (x - x'))`` with ``a_k = (k + 1/2) / m``.
    The attributions of one sequence sum to about ``f(x) - f(x')`` (completeness).

    Parameters
    ----------
    X : one-hot DNA ``(N, 4, L)``.
    baseline : None (all zeros), an array ``(4, L)`` used for every sequence, or ``(N, 4, L)``
        (e.g. a dinucleotide shuffle of each sequence).
    steps : int, number of points on the straight path from baseline to input.

    Returns
    -------
    np.ndarray ``(N, 4, L)``.
    """
    X = _as_input(X).numpy()
    steps = validate.count(steps, "steps")
    if baseline is None:
        base = np.zeros_like(X)
    else:
        b = validate.as_array(baseline, "baseline").astype(np.float32)
        if b.shape not in (X.shape[1:], X.shape):
            raise ValueError(f"baseline must be None, shape {X.shape[1:]} or shape {X.shape}, got {b.shape}")
        base = np.broadcast_to(b, X.shape)
    total = np.zeros_like(X)
    for k in range(steps):
        point = base + (k + 0.5) / steps * (X - base)
        total += gradient(model, point, target)
    return (X - base) * total / steps


def position_scores(attr):
    """One importance per base: ``max`` over the 4 channels of ``|attr|``; ``(N, 4, L)`` -> ``(N, L)``.

    For maps that are non-zero only at the observed base (gradient x input, IG,
    projected ISM, DeepLIFT) this is ``|attribution of the observed base|``; for
    saliency it is the largest ``|gradient|`` at the position.
    """
    a = validate.as_array(attr, "attr")
    if a.ndim != 3 or a.shape[1] != 4:
        raise ValueError(f"attr must have shape (N, 4, L), got {a.shape}")
    return np.abs(a).max(axis=1)


def motif_mask(truth, rows, length, motif=None):
    """Boolean mask of planted motif bases.

    Parameters
    ----------
    truth : DataFrame with columns ``seq, motif, start, end`` (from ``course_utils.simulate``).
    rows : sequence of int, the ``seq`` values (rows of the simulated set) to take, in order.
    length : int, sequence length L.
    motif : None (every planted motif) or a motif name.

    Returns
    -------
    np.ndarray of bool, shape ``(len(rows), length)``.
    """
    if not isinstance(truth, pd.DataFrame) or not {"seq", "start", "end", "motif"} <= set(truth.columns):
        raise TypeError("truth must be the DataFrame a simulate function returns (columns seq, motif, start, end)")
    length = validate.count(length, "length")
    rows = [int(r) for r in rows]
    where = {r: i for i, r in enumerate(rows)}
    mask = np.zeros((len(rows), length), dtype=bool)
    sites = truth if motif is None else truth[truth.motif == motif]
    for seq, start, end in zip(sites.seq, sites.start, sites.end):
        if seq in where:
            mask[where[seq], start:end] = True
    return mask


def motif_auroc(scores, mask):
    """Per-sequence AUROC of position scores at motif bases (positives) vs all other bases.

    Parameters
    ----------
    scores : array ``(N, L)``, e.g. ``position_scores(attr)``.
    mask : bool array ``(N, L)``, e.g. ``motif_mask(...)``.

    Returns
    -------
    np.ndarray ``(N,)``: 1 = every motif base outranks every other base, 0.5 = chance;
    NaN for a sequence without motif bases (or with nothing else).
    """
    s = validate.as_array(scores, "scores")
    m = np.asarray(mask, dtype=bool)
    if s.shape != m.shape or s.ndim != 2:
        raise ValueError(f"scores {s.shape} and mask {m.shape} must have the same shape (N, L)")
    if not np.isfinite(s).all():
        raise ValueError("scores contain NaN or infinite values")
    out = np.full(len(s), np.nan)
    for i in range(len(s)):
        if 0 < m[i].sum() < m.shape[1]:
            out[i] = roc_auc_score(m[i], s[i])
    return out


def top_seqlets(attr, X, width, per_seq=1, flank=0):
    """The windows of highest summed attribution: the 'seqlets' of TF-MoDISco in their simplest form.

    Parameters
    ----------
    attr : array ``(N, 4, L)`` of attributions projected on the observed bases (attr x input).
    X : one-hot DNA ``(N, 4, L)``.
    width : int, seqlet core width in bases (the window whose attribution is summed).
    per_seq : int, seqlets per sequence (non-overlapping, best first).
    flank : int, bases kept on each side of the core (zeros beyond the sequence ends),
        so that ``seqlet_counts`` can shift seqlets to align them.

    Returns
    -------
    windows : np.ndarray ``(N * per_seq, 4, width + 2 * flank)``, the one-hot bases of each
    seqlet, best (highest summed attribution) first;
    table : DataFrame with ``seq, start, score`` (core start, summed attribution of the core), same order.
    """
    a = validate.as_array(attr, "attr")
    X, _ = validate.one_hot(X, 4, "X")
    width, per_seq = validate.count(width, "width"), validate.count(per_seq, "per_seq")
    flank = validate.count(flank, "flank", minimum=0)
    if a.shape != X.shape:
        raise ValueError(f"attr {a.shape} and X {X.shape} must have the same shape (N, 4, L)")
    if width > X.shape[2]:
        raise ValueError(f"width {width} is longer than the sequences ({X.shape[2]})")
    track = a.sum(axis=1)                                               # (N, L)
    window_sum = np.lib.stride_tricks.sliding_window_view(track, width, axis=1).sum(axis=2)
    padded = np.pad(X, ((0, 0), (0, 0), (flank, flank)))
    windows, rows = [], []
    for i in range(len(X)):
        s = window_sum[i].copy()
        for _ in range(per_seq):
            start = int(np.argmax(s))
            if not np.isfinite(s[start]):
                break
            windows.append(padded[i, :, start:start + width + 2 * flank])
            rows.append((i, start, float(window_sum[i, start])))
            s[max(0, start - width + 1):start + width] = -np.inf        # no overlapping seqlets
    table = pd.DataFrame(rows, columns=["seq", "start", "score"])
    order = np.argsort(-table.score.to_numpy(), kind="stable")            # best seqlet first
    return np.array(windows)[order], table.iloc[order].reset_index(drop=True)


def seqlet_counts(windows, width, n_rounds=3):
    """Align seqlets (strand and shift) and count bases: a motif from attributions.

    The first (best) seqlet's central ``width`` bases seed a probability matrix. In
    each round every seqlet is placed at the strand and offset where it agrees
    best (dot product with the centred probabilities) and the matrix is recounted.

    Parameters
    ----------
    windows : array ``(S, 4, W)`` of one-hot seqlets with ``W >= width``, best first
        (as ``top_seqlets`` returns them with ``flank = (W - width) // 2``).
    width : int, width of the motif to build.

    Returns
    -------
    counts : np.ndarray ``(4, width)``; placement : DataFrame with ``strand`` (+/-) and
    ``offset`` of each seqlet.
    """
    w = validate.as_array(windows, "windows")
    width = validate.count(width, "width")
    if w.ndim != 3 or w.shape[1] != 4 or len(w) == 0:
        raise ValueError(f"windows must have shape (S, 4, W) with S >= 1, got {w.shape}")
    if width > w.shape[2]:
        raise ValueError(f"width {width} is longer than the seqlets ({w.shape[2]})")
    both = np.stack([w, w[:, ::-1, ::-1]], axis=1)                      # (S, 2 strands, 4, W)
    views = np.lib.stride_tricks.sliding_window_view(both, width, axis=3)  # (S, 2, 4, n_offsets, width)
    centre = (w.shape[2] - width) // 2
    counts = w[0, :, centre:centre + width].copy()
    for _ in range(validate.count(n_rounds, "n_rounds")):
        probs = (counts + 0.25) / (counts.sum(axis=0, keepdims=True) + 1.0) - 0.25
        score = np.einsum("stcow,cw->sto", views, probs).reshape(len(w), -1)
        best = score.argmax(axis=1)
        strand, offset = np.divmod(best, views.shape[3])
        counts = views[np.arange(len(w)), strand, :, offset].sum(axis=0)
    placement = pd.DataFrame({"strand": np.where(strand == 1, "-", "+"), "offset": offset})
    return counts, placement


class SiteSumModel(torch.nn.Module):
    """A transparent model that saturates: P(bound) from the summed strength of one motif's sites.

    ``out = sigmoid(sum_i ReLU(pwm . x[:, i:i+w] - threshold) - offset)``, shape ``(N, 1)``: every
    window scoring above ``threshold`` bits adds its excess to the logit, and the sigmoid
    squashes the sum, so one strong site already gives a probability close to 1 and a
    second site changes almost nothing (saturation). No training needed: the filter
    *is* the PWM (forward strand only).

    Parameters
    ----------
    pwm : array ``(4, w)`` of log-odds weights (``motifs.log_odds``).
    threshold : float, bits a window needs before it counts as a site.
    offset : float, the logit of a sequence without sites is ``-offset``.
    sigmoid_module : bool; True uses ``torch.nn.Sigmoid`` (a module DeepLIFT has a rule for),
        False calls ``torch.sigmoid`` inside ``forward`` (invisible to DeepLIFT's hooks).
    """

    def __init__(self, pwm, threshold=10.0, offset=4.0, sigmoid_module=True):
        super().__init__()
        pwm = np.asarray(pwm, dtype=np.float32)
        if pwm.ndim != 2 or pwm.shape[0] != 4 or not np.isfinite(pwm).all():
            raise ValueError(f"pwm must be a finite (4, w) log-odds matrix, got shape {pwm.shape}")
        self.conv = torch.nn.Conv1d(4, 1, pwm.shape[1])
        with torch.no_grad():
            self.conv.weight.copy_(torch.from_numpy(pwm)[None])
            self.conv.bias.fill_(-float(threshold))
        self.relu = torch.nn.ReLU()
        self.offset = float(offset)
        self.sigmoid = torch.nn.Sigmoid() if sigmoid_module else torch.sigmoid
        self.requires_grad_(False)

    def forward(self, x):                                    # x: (N, 4, L)
        logit = self.relu(self.conv(x)).sum(dim=2) - self.offset  # (N, 1)
        return self.sigmoid(logit)


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


def cache_modisco_kernels():
    """Keep TF-MoDISco's compiled code on disk, so a run loads it instead of compiling it again.

    modiscolite compiles about 30 numba kernels on first use in every Python process: about 20 s
    of a notebook's time on 2 cores, each run. Its own on-disk caching switches on only where it can
    fork helper processes, which a Jupyter kernel (several threads) never allows. This turns numba's
    cache on for every kernel of modiscolite (``Dispatcher.enable_caching``): the first run writes
    the cache next to modiscolite's code (``tools/warmup.py`` does it at setup), later runs load it
    in well under a second. Results are the same: the cached machine code is the compiled code.
    Call it before ``TFMoDISco``; calling it again does nothing more.

    Returns
    -------
    int, the number of kernels whose cache is on.
    """
    from modiscolite import affinitymat, aggregator, gapped_kmer, tfmodisco, util
    from numba.core.dispatcher import Dispatcher

    cached = 0
    for module in (affinitymat, aggregator, gapped_kmer, tfmodisco, util):
        for kernel in vars(module).values():
            if isinstance(kernel, Dispatcher):
                try:
                    kernel.enable_caching()
                except RuntimeError:         # numba found no file to cache it next to: it compiles as before
                    continue
                cached += 1
    return cached
