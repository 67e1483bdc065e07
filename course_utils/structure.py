"""Protein secondary structure: per-residue encodings, Q3/Q8 scores over chains, Viterbi decoding.

Conventions (notebook 12):

* A chain is a protein sequence string; its labels are a string of DSSP states
  of the same length, ``"HHHEEC..."``, or an int array of state indices.
* ``SS3 = "HEC"`` (helix, strand, coil) and ``SS8 = "HGIEBTSC"`` list the states in
  index order; ``to_three_state`` reduces 8 states to 3 (H, G, I -> H; E, B -> E;
  T, S, C -> C).
* Inputs to a model have ``CHANNELS = 21`` channels, channels-first: the 20 amino
  acids of ``encoding.PROTEIN`` and a last channel that is 1 where there is no
  residue (beyond the ends of the chain, or padding). An unknown residue (X) is
  all zeros.
* A per-residue model maps a batch ``(N, 21, L)`` to logits ``(N, K, L)``;
  training labels are ``(N, L)`` int64 with ``IGNORE = -100`` where no label counts
  (``torch.nn.CrossEntropyLoss`` skips that index by default).
* Scores pool residues over chains (Q3 = correct residues / all residues) and
  their intervals resample whole chains (``metrics.ratio_bootstrap``): residues of
  one chain are not independent, so resampling residues would give intervals that
  are too narrow.
"""
import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, recall_score

from . import metrics, validate
from .encoding import PROTEIN, letter_index

SS3 = "HEC"
SS8 = "HGIEBTSC"
CHANNELS = len(PROTEIN) + 1
IGNORE = -100
_THREE = {"H": "H", "G": "H", "I": "H", "E": "E", "B": "E", "T": "C", "S": "C", "C": "C"}


def to_three_state(dssp8):
    """Reduce DSSP 8-state strings to 3 states: H, G, I -> H; E, B -> E; T, S, C -> C.

    Accepts one string or a list of strings; returns the same kind.
    """
    single = isinstance(dssp8, str)
    out = []
    for i, s in enumerate(validate.sequences(dssp8, "dssp8")):
        bad = set(s) - set(_THREE)
        if bad:
            raise ValueError(f"labels {i} hold {sorted(bad)}, which are not DSSP 8-state letters {SS8}")
        out.append("".join(_THREE[c] for c in s))
    return out[0] if single else out


def _check_states(states):
    if not isinstance(states, str) or len(states) < 2 or len(set(states)) != len(states):
        raise ValueError(f"states must be a string of distinct state letters such as {SS3!r} or {SS8!r}, "
                         f"got {states!r}")
    return states


def label_indices(labels, states=SS3):
    """State strings as int arrays of state indices (``states.index(letter)``).

    Parameters
    ----------
    labels : str or list of str (one per chain), or int arrays (returned checked).
    states : str, the states in index order (``SS3`` or ``SS8``).

    Returns
    -------
    list of np.ndarray of int64, one of length ``L_i`` per chain.
    """
    states = _check_states(states)
    if isinstance(labels, str) or isinstance(labels, np.ndarray) and labels.ndim == 1 and labels.dtype.kind in "iu":
        labels = [labels]
    if isinstance(labels, pd.Series):
        labels = labels.tolist()
    if not isinstance(labels, (list, tuple)):
        raise TypeError(f"labels must be a list of label strings or int arrays, one per chain; "
                        f"got {type(labels).__name__}")
    code = letter_index(states, ignore_case=False)
    out = []
    for i, lab in enumerate(labels):
        if isinstance(lab, str):
            idx = code[np.frombuffer(lab.encode("latin-1", errors="replace"), dtype=np.uint8)]
            if (idx < 0).any():
                bad = lab[int(np.argmax(idx < 0))]
                hint = " (reduce 8-state labels with to_three_state first)" if states == SS3 and bad in SS8 else ""
                raise ValueError(f"labels of chain {i} hold {bad!r}, not one of the states {states!r}{hint}")
        else:
            if type(lab).__module__.startswith("torch"):
                lab = validate.to_numpy(lab)
            idx = np.asarray(lab)
            if idx.ndim != 1 or idx.dtype.kind not in "iu":
                raise TypeError(f"labels of chain {i} must be a string or a 1-D int array, got "
                                f"{type(lab).__name__} with shape {np.shape(lab)}")
            if idx.size and (idx.min() < 0 or idx.max() >= len(states)):
                raise ValueError(f"labels of chain {i} hold indices outside 0..{len(states) - 1}")
            idx = idx.astype(np.int64)
        out.append(idx)
    return out


def encode_chain(seq):
    """One chain as a ``(21, L)`` float32 one-hot array (last channel: 0 everywhere, no padding here)."""
    if not isinstance(seq, str) or not seq:
        raise ValueError(f"a chain must be a non-empty string of amino acids, got {seq!r}")
    code = letter_index(PROTEIN, "X", unknown_code=CHANNELS)         # unknown: a row dropped below (all zeros)
    idx = code[np.frombuffer(seq.encode("latin-1", errors="replace"), dtype=np.uint8)]
    if (idx < 0).any():
        pos = int(np.argmax(idx < 0))
        raise ValueError(f"the chain has the letter {seq[pos]!r} at position {pos}; allowed: {PROTEIN} and X")
    out = np.zeros((CHANNELS + 1, len(seq)), dtype=np.float32)
    out[idx, np.arange(len(seq))] = 1.0
    return out[:CHANNELS]


def _padded(seq, flank):
    """``(21, L + 2 * flank)``: the chain with ``flank`` no-residue columns on each side."""
    x = encode_chain(seq)
    out = np.zeros((CHANNELS, x.shape[1] + 2 * flank), dtype=np.float32)
    out[-1] = 1.0
    out[:, flank:flank + x.shape[1]] = x
    return out


def _chains_and_labels(seqs, labels, states):
    seqs = validate.sequences(seqs, "seqs")
    if not seqs:
        raise ValueError("no chains given")
    if labels is None:
        return seqs, None
    labels = label_indices(labels, states)
    if len(labels) != len(seqs):
        raise ValueError(f"got {len(seqs)} chains but {len(labels)} label strings")
    for i, (s, lab) in enumerate(zip(seqs, labels)):
        if len(s) != len(lab):
            raise ValueError(f"chain {i} has {len(s)} residues but {len(lab)} labels")
    return seqs, labels


def window_features(seqs, width):
    """One row per residue: the one-hot window of ``width`` residues centred on it, flattened.

    Positions beyond the chain ends set the no-residue channel, so a model can
    learn that chain ends are mostly coil.

    Parameters
    ----------
    seqs : list of str (chains). width : odd int >= 1.

    Returns
    -------
    np.ndarray of float32, shape ``(total residues, 21 * width)``, chains in order.
    """
    width = validate.count(width, "width")
    if width % 2 == 0:
        raise ValueError(f"width must be odd so the window is centred on the residue, got {width}")
    seqs = validate.sequences(seqs, "seqs")
    half = width // 2
    rows = []
    for s in seqs:
        x = _padded(s, half)                                               # (21, L + 2 half)
        win = np.lib.stride_tricks.sliding_window_view(x, width, axis=1)   # (21, L, width)
        rows.append(win.transpose(1, 0, 2).reshape(len(s), -1))
    return np.concatenate(rows).astype(np.float32)


def by_chain(values, seqs):
    """Split a flat per-residue array (chains concatenated in order) back into one array per chain.

    ``values`` has ``sum(len(s) for s in seqs)`` rows (e.g. the output of a classifier on
    ``window_features(seqs, w)``); returns a list of ``len(seqs)`` arrays.
    """
    seqs = validate.sequences(seqs, "seqs")
    values = np.asarray(values)
    lengths = [len(s) for s in seqs]
    if values.ndim == 0 or values.shape[0] != sum(lengths):
        raise ValueError(f"values has {values.shape[0] if values.ndim else 0} rows but the chains hold "
                         f"{sum(lengths)} residues: pass one value per residue, chains in the same order")
    return np.split(values, np.cumsum(lengths)[:-1])


def crops(seqs, labels, states=SS3, core=64, flank=16):
    """Cut chains into equal-length training examples for a per-residue model.

    Each example is ``core`` labelled residues with ``flank`` residues of real
    context on each side (no-residue columns beyond the chain ends); the flanks
    carry the label ``IGNORE``, so each residue is scored once, with its true
    neighbours in view as long as the model looks at most ``flank`` residues away.

    Returns
    -------
    X : float32 array ``(M, 21, core + 2 * flank)``; y : int64 array ``(M, core + 2 * flank)``.
    """
    seqs, labels = _chains_and_labels(seqs, labels, states)
    if labels is None:
        raise ValueError("crops needs labels for every chain")
    core, flank = validate.count(core, "core"), validate.count(flank, "flank", minimum=0)
    X, y = [], []
    for s, lab in zip(seqs, labels):
        x = _padded(s, flank + core)                       # room for the last, partly filled crop
        t = np.full(len(s) + 2 * (flank + core), IGNORE, dtype=np.int64)
        t[flank + core:flank + core + len(s)] = lab
        for start in range(0, len(s), core):
            a = start + flank + core                       # chain position `start` in padded coordinates
            X.append(x[:, a - flank:a + core + flank])
            yy = t[a - flank:a + core + flank].copy()
            yy[:flank] = IGNORE
            yy[flank + core:] = IGNORE
            y.append(yy)
    return np.stack(X), np.stack(y)


def predict_chains(model, seqs):
    """Per-residue log-probabilities of a model, one chain at a time (no padding, no gradients).

    Parameters
    ----------
    model : torch.nn.Module mapping ``(1, 21, L)`` to logits ``(1, K, L)``.
    seqs : list of str.

    Returns
    -------
    list of np.ndarray, shape ``(L_i, K)``, log-softmax over the K states.
    """
    import torch

    from . import train

    device = train.model_device(model)                      # checks that model is a torch.nn.Module
    seqs = validate.sequences(seqs, "seqs")
    out = []
    with train.evaluation(model), torch.no_grad():          # the model is left in the mode it was in
        for s in seqs:
            x = torch.as_tensor(encode_chain(s)[None], device=device)
            logits = model(x)
            if not isinstance(logits, torch.Tensor) or logits.ndim != 3 or logits.shape[0] != 1 \
                    or logits.shape[2] != len(s):
                shape = tuple(logits.shape) if isinstance(logits, torch.Tensor) else type(logits).__name__
                raise ValueError(f"the model must map (1, {CHANNELS}, L) to logits (1, K, L) with the same L; "
                                 f"for a chain of {len(s)} residues it returned {shape} "
                                 "(use padding=kernel_size // 2 in every convolution)")
            out.append(torch.log_softmax(logits[0], dim=0).T.cpu().numpy().astype(np.float64))
    return out


def _pairs(y_true, y_pred, states):
    t = label_indices(y_true, states)
    p = label_indices(y_pred, states)
    if len(t) != len(p):
        raise ValueError(f"got labels for {len(t)} chains but predictions for {len(p)}")
    for i, (a, b) in enumerate(zip(t, p)):
        if len(a) != len(b):
            raise ValueError(f"chain {i}: {len(a)} labels but {len(b)} predictions")
    if not t:
        raise ValueError("no chains given")
    return t, p


def _per_chain(y_true, y_pred, states):
    t, p = _pairs(y_true, y_pred, states)
    correct = np.array([(a == b).sum() for a, b in zip(t, p)], dtype=float)
    length = np.array([len(a) for a in t], dtype=float)
    return correct, length


def q_score(y_true, y_pred, states=SS3):
    """Fraction of residues whose predicted state is right, pooled over chains (Q3 or Q8).

    ``y_true`` and ``y_pred`` are lists (one entry per chain) of state strings or
    index arrays of equal lengths.
    """
    correct, length = _per_chain(y_true, y_pred, states)
    return float(correct.sum() / length.sum())


def structure_ids(chain_ids):
    """The structure each chain comes from: the part of ``chain_id`` before ``':'`` (``'6zu5:A'`` -> ``'6zu5'``).

    Chains of one structure (the subunits of a ribosome, the copies in one crystal)
    were solved together and share their errors; bootstrap over structures with
    ``groups=structure_ids(...)`` when one structure holds many chains.
    """
    ids = list(chain_ids) if isinstance(chain_ids, (list, tuple, np.ndarray)) or type(chain_ids).__name__ == "Series" \
        else None
    if ids is None or not ids or not all(isinstance(c, str) and c for c in ids):
        raise ValueError("chain_ids must be a list of non-empty strings such as '6zu5:A'")
    return np.array([c.split(":", 1)[0] for c in ids])


def _grouped(correct, length, groups):
    """Per-chain counts summed per group (order of first appearance); unchanged when ``groups`` is None."""
    if groups is None:
        return correct, length
    groups = np.asarray(groups)
    if groups.ndim != 1 or len(groups) != len(length):
        raise ValueError(f"groups must hold one id per chain ({len(length)} chains), got shape {groups.shape}: "
                         "e.g. groups=structure.structure_ids(chain_ids)")
    _, first, inverse = np.unique(groups, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))                  # group number in order of first appearance
    g = order[inverse]
    k = len(first)
    return np.bincount(g, correct, minlength=k), np.bincount(g, length, minlength=k)


def group_counts(y_true, y_pred, groups=None, states=SS3):
    """Residues and correctly predicted residues of each chain, or of each group of chains.

    Returns
    -------
    (length, correct) : float arrays, one entry per chain (``groups=None``) or per
    group in order of first appearance. ``q_from_counts(length, correct)`` is the Q
    score; pass them to ``metrics.difference(structure.q_from_counts, length,
    correct_a, correct_b)`` (rows of ``correct`` per seed) to compare two models
    with a bootstrap over chains or structures and the seed spread.
    """
    correct, length = _per_chain(y_true, y_pred, states)
    correct, length = _grouped(correct, length, groups)
    return length, correct


def q_from_counts(length, correct):
    """Q score from per-chain (or per-structure) residue counts: ``sum(correct) / sum(length)``."""
    if length is None or correct is None:
        raise TypeError("q_from_counts(length, correct) takes two arrays of residue counts, one per chain")
    length, correct = np.asarray(length, dtype=float), np.asarray(correct, dtype=float)
    if length.shape != correct.shape or length.sum() <= 0:
        raise ValueError(f"length and correct must be count arrays of one shape with residues, got "
                         f"{length.shape} and {correct.shape}")
    return float(correct.sum() / length.sum())


def chain_bootstrap(y_true, y_pred, states=SS3, n_boot=1000, level=0.95, seed=0, groups=None):
    """Q score with a percentile bootstrap interval that resamples whole chains.

    ``groups`` (one id per chain, e.g. ``structure_ids(chain_ids)``) resamples
    whole groups instead: all chains of a structure enter or leave together.

    Returns
    -------
    (estimate, low, high) : floats.
    """
    correct, length = _grouped(*_per_chain(y_true, y_pred, states), groups)
    return metrics.ratio_bootstrap(correct, length, n_boot, level, seed)


def paired_chain_bootstrap(y_true, pred_a, pred_b, states=SS3, n_boot=1000, level=0.95, seed=0, groups=None):
    """Difference ``Q(a) - Q(b)`` on the same chains, with an interval from resampling chains.

    Both predictions are scored on the same resample each time, so the interval
    is that of the difference. If it contains 0, call it no difference.
    ``groups`` (one id per chain) resamples whole groups, e.g. structures.

    Returns
    -------
    (difference, low, high) : floats.
    """
    ca, length = _per_chain(y_true, pred_a, states)
    cb, _ = _per_chain(y_true, pred_b, states)
    ca, length_g = _grouped(ca, length, groups)
    cb, _ = _grouped(cb, length, groups)
    return metrics.ratio_bootstrap(ca - cb, length_g, n_boot, level, seed)


def confusion(y_true, y_pred, states=SS3):
    """Residue counts: rows the true state (DSSP), columns the predicted state; a DataFrame."""
    t, p = _pairs(y_true, y_pred, states)
    t, p = np.concatenate(t), np.concatenate(p)
    m = confusion_matrix(t, p, labels=np.arange(len(states)))          # scikit-learn's
    return pd.DataFrame(m, index=pd.Index(list(states), name="true"), columns=pd.Index(list(states), name="predicted"))


def per_class_recall(y_true, y_pred, states=SS3):
    """Fraction of the residues of each true state that were predicted as that state (a Series).

    ``sklearn.metrics.recall_score(..., average=None)`` over the pooled residues; NaN for a state
    with no residue in ``y_true``.
    """
    t, p = _pairs(y_true, y_pred, states)
    recall = recall_score(np.concatenate(t), np.concatenate(p), labels=np.arange(len(states)), average=None,
                          zero_division=np.nan)
    return pd.Series(recall, index=pd.Index(list(states), name="state"), name="recall")


def transition_log_probs(labels, states=SS3, pseudocount=1.0):
    """First-order Markov statistics of state strings: where chains start and how states follow each other.

    Parameters
    ----------
    labels : list of state strings (or index arrays), one per chain.
    pseudocount : float >= 0 added to every count.

    Returns
    -------
    log_init : array ``(K,)``, log P(first residue in state k).
    log_trans : array ``(K, K)``, ``log_trans[i, j] = log P(next state j | state i)``; rows sum to 1 in probability.
    """
    idx = label_indices(labels, states)
    if not isinstance(pseudocount, (int, float)) or pseudocount < 0:
        raise ValueError(f"pseudocount must be a number >= 0, got {pseudocount!r}")
    k = len(states)
    init = np.full(k, float(pseudocount))
    trans = np.full((k, k), float(pseudocount))
    for a in idx:
        if len(a):
            init[a[0]] += 1
            np.add.at(trans, (a[:-1], a[1:]), 1)
    if (init.sum() == 0) or (trans.sum(axis=1) == 0).any():
        raise ValueError("some state never occurs in labels: use pseudocount > 0")
    with np.errstate(divide="ignore"):
        return np.log(init / init.sum()), np.log(trans / trans.sum(axis=1, keepdims=True))


def viterbi(log_emit, log_trans, log_init=None):
    """Most probable state path under per-residue scores plus transition scores.

    Maximises ``log_init[s_1] + sum_t log_emit[t, s_t] + sum_t log_trans[s_{t-1}, s_t]``
    by dynamic programming: the decoding step of an HMM, and of a linear-chain CRF
    such as DeepCNF's.

    Parameters
    ----------
    log_emit : array ``(L, K)``, per-residue scores (e.g. a network's log-probabilities).
    log_trans : array ``(K, K)``; log_init : array ``(K,)`` or None (all 0).

    Returns
    -------
    np.ndarray of int64, shape ``(L,)``, the best path of state indices.
    """
    e = validate.as_array(log_emit, "log_emit")
    a = validate.as_array(log_trans, "log_trans")
    if e.ndim != 2 or e.shape[0] == 0:
        raise ValueError(f"log_emit must have shape (L, K) with L >= 1, got {e.shape}")
    k = e.shape[1]
    if a.shape != (k, k):
        raise ValueError(f"log_trans must have shape ({k}, {k}) to match log_emit's {k} states, got {a.shape}")
    init = np.zeros(k) if log_init is None else validate.as_array(log_init, "log_init")
    if init.shape != (k,):
        raise ValueError(f"log_init must have shape ({k},), got {init.shape}")
    if np.isnan(e).any() or np.isnan(a).any() or np.isnan(init).any():
        raise ValueError("log_emit, log_trans and log_init must not contain NaN")
    length = e.shape[0]
    score = init + e[0]
    back = np.zeros((length, k), dtype=np.int64)
    for t in range(1, length):
        cand = score[:, None] + a                   # (from, to)
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + e[t]
    path = np.empty(length, dtype=np.int64)
    path[-1] = int(score.argmax())
    for t in range(length - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return path


def segments(labels, states=SS3):
    """Runs of equal states: a DataFrame with one row per segment (chain, state, start, length)."""
    idx = label_indices(labels, states)
    rows = []
    for c, a in enumerate(idx):
        if not len(a):
            continue
        cut = np.flatnonzero(np.diff(a)) + 1
        starts = np.concatenate([[0], cut])
        ends = np.concatenate([cut, [len(a)]])
        rows += [(c, states[a[s]], int(s), int(e - s)) for s, e in zip(starts, ends)]
    return pd.DataFrame(rows, columns=["chain", "state", "start", "length"])


def max_identity(queries, references):
    """For each query chain, its highest sequence identity to any reference chain.

    Identity is measured as in the data set's clustering: a global alignment
    without end-gap penalties (Biopython ``PairwiseAligner``, BLOSUM62, gap open
    -10, extend -0.5), counting identical aligned residues over the length of the
    shorter chain. Chains below about 0.3 share no detectable homology at this level.

    Returns
    -------
    np.ndarray of float, shape ``(len(queries),)``.
    """
    from Bio.Align import PairwiseAligner, substitution_matrices

    queries, references = validate.sequences(queries, "queries"), validate.sequences(references, "references")
    if not queries or not references:
        raise ValueError("queries and references must each hold at least one chain")
    aligner = PairwiseAligner(mode="global", substitution_matrix=substitution_matrices.load("BLOSUM62"),
                              open_gap_score=-10, extend_gap_score=-0.5, end_gap_score=0)
    best = np.zeros(len(queries))
    for i, q in enumerate(queries):
        for r in references:
            same = aligner.align(q, r)[0].counts().identities
            best[i] = max(best[i], same / min(len(q), len(r)))
    return best
