"""DNA and protein sequences as numbers: one-hot, k-mers, PWMs and scanning.

Conventions used everywhere in the course:

* One-hot tensors are channels-first, the layout ``torch.nn.Conv1d`` expects:
  a batch of ``N`` sequences of length ``L`` has shape ``(N, 4, L)`` for DNA
  (channel order A, C, G, T) and ``(N, 20, L)`` for protein.
* Position matrices (counts, probabilities, log-odds) have shape ``(4, w)``:
  one row per base in the order A, C, G, T, one column per motif position, the
  same layout as JASPAR files and as the weights of a first-layer filter.
* Lower-case letters (soft-masked repeats) are treated as upper case.
"""
from dataclasses import dataclass
from itertools import product

import numpy as np

DNA = "ACGT"
PROTEIN = "ACDEFGHIKLMNPQRSTVWY"
_COMPLEMENT = str.maketrans("ACGTNacgtn", "TGCANtgcan")


def _as_list(seqs):
    """Return ``seqs`` as a list of strings; a single string becomes a list of one."""
    if isinstance(seqs, str):
        return [seqs]
    seqs = list(seqs)
    for i, s in enumerate(seqs):
        if not isinstance(s, str):
            raise TypeError(f"sequence {i} is a {type(s).__name__}, expected a str")
    return seqs


def _one_hot(seqs, alphabet, unknown_value, allowed_unknown):
    single = isinstance(seqs, str)
    seqs = _as_list(seqs)
    if not seqs:
        raise ValueError("no sequences given: pass a non-empty string or list of strings")
    lengths = {len(s) for s in seqs}
    if 0 in lengths:
        raise ValueError(f"sequence {[len(s) for s in seqs].index(0)} is empty")
    if len(lengths) > 1:
        first = len(seqs[0])
        bad = next(i for i, s in enumerate(seqs) if len(s) != first)
        raise ValueError(
            f"sequences must all have the same length to stack into one tensor: "
            f"sequence 0 has length {first} but sequence {bad} has length {len(seqs[bad])}; "
            "trim or pad them first"
        )
    index = np.full(256, -1, dtype=np.int16)
    for j, letter in enumerate(alphabet):
        index[ord(letter)] = j
        index[ord(letter.lower())] = j
    for letter in allowed_unknown:
        index[ord(letter)] = len(alphabet)
        index[ord(letter.lower())] = len(alphabet)
    length = lengths.pop()
    out = np.zeros((len(seqs), len(alphabet), length), dtype=np.float32)
    for i, s in enumerate(seqs):
        codes = np.frombuffer(s.encode("latin-1", errors="replace"), dtype=np.uint8)
        idx = index[codes]
        if (idx < 0).any():
            pos = int(np.argmax(idx < 0))
            raise ValueError(
                f"sequence {i} has the letter {s[pos]!r} at position {pos}; "
                f"allowed letters are {alphabet}{''.join(allowed_unknown)}"
            )
        known = idx < len(alphabet)
        out[i, idx[known], np.nonzero(known)[0]] = 1.0
        out[i, :, ~known] = unknown_value
    return out[0] if single else out


def one_hot_dna(seqs, n_value=0.0):
    """One-hot encode DNA.

    Parameters
    ----------
    seqs : str or list of str
        Sequences over A, C, G, T and N (any case). All must have the same length.
    n_value : float
        Value of every channel at an ``N``: 0.0 (default, "no information") or
        0.25 (a uniform base).

    Returns
    -------
    np.ndarray of float32, shape ``(N, 4, L)`` for a list, ``(4, L)`` for one string.

    Raises
    ------
    ValueError
        For an empty input, an empty sequence, ragged lengths, or a letter that is
        not A/C/G/T/N (the message names the sequence and position).
    """
    return _one_hot(seqs, DNA, n_value, allowed_unknown="N")


def one_hot_protein(seqs):
    """One-hot encode protein sequences over the 20 standard amino acids.

    Parameters
    ----------
    seqs : str or list of str
        Sequences of equal length in one-letter code (any case); ``X`` (unknown
        residue) is encoded as all zeros.

    Returns
    -------
    np.ndarray of float32, shape ``(N, 20, L)`` or ``(20, L)`` for one string,
    channel order ``PROTEIN`` (ACDEFGHIKLMNPQRSTVWY).
    """
    return _one_hot(seqs, PROTEIN, 0.0, allowed_unknown="X")


def reverse_complement(seq):
    """Reverse complement of a DNA string (keeps case; N stays N).

    >>> reverse_complement("AACGTN")
    'NACGTT'
    """
    if not isinstance(seq, str):
        raise TypeError(f"expected a str, got {type(seq).__name__}; for one-hot arrays use reverse_complement_one_hot")
    bad = set(seq.upper()) - set("ACGTN")
    if bad:
        pos = next(i for i, c in enumerate(seq) if c.upper() in bad)
        raise ValueError(f"letter {seq[pos]!r} at position {pos} is not A/C/G/T/N")
    return seq.translate(_COMPLEMENT)[::-1]


def reverse_complement_one_hot(x):
    """Reverse complement of one-hot DNA, shape ``(..., 4, L)`` -> same shape.

    With channel order A, C, G, T the complement is the channel axis reversed,
    so this is a flip of the last two axes. Works on numpy arrays and torch tensors.
    """
    if x.shape[-2] != 4:
        raise ValueError(f"expected one-hot DNA with 4 channels on axis -2, got shape {tuple(x.shape)}")
    if isinstance(x, np.ndarray):
        return x[..., ::-1, ::-1].copy()
    return x.flip(-1).flip(-2)


def kmer_names(k):
    """All ``4**k`` DNA k-mers in lexicographic order (the columns of ``kmer_counts``)."""
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return ["".join(p) for p in product(DNA, repeat=k)]


def kmer_counts(seqs, k, normalize=True):
    """Count overlapping k-mers in each sequence.

    Parameters
    ----------
    seqs : str or list of str
        DNA sequences (lengths may differ). k-mers containing N are skipped.
    k : int
        k-mer length, 1 to 8.
    normalize : bool
        If True, divide each row by its number of counted k-mers (frequencies).

    Returns
    -------
    np.ndarray of float32, shape ``(N, 4**k)``; columns follow ``kmer_names(k)``.
    """
    if not isinstance(k, int) or not 1 <= k <= 8:
        raise ValueError(f"k must be an integer from 1 to 8, got {k!r}")
    seqs = _as_list(seqs)
    lut = np.full(256, -1, dtype=np.int64)
    for j, letter in enumerate(DNA):
        lut[ord(letter)] = j
        lut[ord(letter.lower())] = j
    lut[ord("N")] = lut[ord("n")] = -2
    out = np.zeros((len(seqs), 4**k), dtype=np.float32)
    weights = 4 ** np.arange(k - 1, -1, -1)
    for i, s in enumerate(seqs):
        if len(s) < k:
            raise ValueError(f"sequence {i} has length {len(s)}, shorter than k={k}")
        codes = lut[np.frombuffer(s.encode("latin-1", errors="replace"), dtype=np.uint8)]
        if (codes == -1).any():
            pos = int(np.argmax(codes == -1))
            raise ValueError(f"sequence {i} has the letter {s[pos]!r} at position {pos}; allowed are A/C/G/T/N")
        windows = np.lib.stride_tricks.sliding_window_view(codes, k)
        ok = (windows >= 0).all(axis=1)
        idx = windows[ok] @ weights
        np.add.at(out[i], idx, 1.0)
        if normalize and ok.any():
            out[i] /= ok.sum()
    return out


@dataclass(frozen=True)
class Motif:
    """A named position frequency matrix.

    Attributes
    ----------
    matrix_id : str, e.g. ``"MA0142.1"`` (JASPAR id with version)
    name : str, e.g. ``"Pou5f1::Sox2"``
    counts : np.ndarray, shape ``(4, w)``, site counts per base (rows A, C, G, T)
    """

    matrix_id: str
    name: str
    counts: np.ndarray

    @property
    def width(self):
        return self.counts.shape[1]

    def __repr__(self):
        return f"Motif({self.matrix_id} {self.name}, width {self.width})"


def _check_matrix(m, what):
    m = np.asarray(m, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != 4:
        hint = " (it looks transposed: use m.T)" if m.ndim == 2 and m.shape[1] == 4 else ""
        raise ValueError(f"{what} must have shape (4, w) with rows A, C, G, T; got {m.shape}{hint}")
    if (m < 0).any():
        raise ValueError(f"{what} has negative entries")
    return m


def probabilities(counts, pseudocount=0.5):
    """Position probability matrix from counts.

    Parameters
    ----------
    counts : array-like, shape ``(4, w)``, non-negative counts (or probabilities).
    pseudocount : float, added to every count before normalising (avoids log(0)).

    Returns
    -------
    np.ndarray, shape ``(4, w)``; every column sums to 1.
    """
    counts = _check_matrix(counts, "counts")
    c = counts + pseudocount
    total = c.sum(axis=0, keepdims=True)
    if (total == 0).any():
        raise ValueError("a column has no counts and pseudocount is 0")
    return c / total


def log_odds(probs, background=(0.25, 0.25, 0.25, 0.25)):
    """Log-odds (bits) of a position probability matrix against a background.

    Parameters
    ----------
    probs : array-like, shape ``(4, w)``, columns sum to 1 and are > 0.
    background : sequence of 4 floats, base frequencies A, C, G, T.

    Returns
    -------
    np.ndarray, shape ``(4, w)``, ``log2(p / background)`` in bits: the position
    weight matrix (PWM) used for scanning.
    """
    probs = _check_matrix(probs, "probs")
    if not np.allclose(probs.sum(axis=0), 1.0, atol=1e-6):
        raise ValueError("probs columns must sum to 1: convert counts with probabilities() first")
    if (probs <= 0).any():
        raise ValueError("probs has zeros, so log-odds would be -inf: use probabilities(counts, pseudocount>0)")
    bg = np.asarray(background, dtype=np.float64).reshape(4, 1)
    return np.log2(probs / bg)


def information_content(probs):
    """Letter heights of a sequence logo, in bits.

    Parameters
    ----------
    probs : array-like, shape ``(4, w)``, columns sum to 1.

    Returns
    -------
    np.ndarray, shape ``(4, w)``: ``p * IC`` where ``IC = 2 + sum(p log2 p)`` is
    the column's information content (0 to 2 bits).
    """
    probs = _check_matrix(probs, "probs")
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(probs > 0, probs * np.log2(probs), 0.0)
    ic = 2.0 + plogp.sum(axis=0, keepdims=True)
    return probs * ic


def scan(x, pwm, both_strands=True):
    """Slide a PWM along one-hot DNA and return the log-odds score at every offset.

    Parameters
    ----------
    x : np.ndarray, shape ``(N, 4, L)`` or ``(4, L)``, one-hot DNA.
    pwm : array-like, shape ``(4, w)``, log-odds weights (see ``log_odds``).
    both_strands : bool
        If True, also score the reverse complement and keep the better strand
        at each offset.

    Returns
    -------
    np.ndarray of float64, shape ``(N, L - w + 1)`` (or ``(L - w + 1,)`` for a single
    sequence): the score of the site starting at each offset, in bits.
    """
    x = np.asarray(x, dtype=np.float64)
    single = x.ndim == 2
    if single:
        x = x[None]
    if x.ndim != 3 or x.shape[1] != 4:
        raise ValueError(f"x must be one-hot DNA of shape (N, 4, L) or (4, L); got {x.shape}")
    pwm = np.asarray(pwm, dtype=np.float64)
    if pwm.ndim != 2 or pwm.shape[0] != 4:
        raise ValueError(f"pwm must have shape (4, w); got {pwm.shape}")
    w = pwm.shape[1]
    if w > x.shape[2]:
        raise ValueError(f"motif width {w} is longer than the sequences ({x.shape[2]})")
    windows = np.lib.stride_tricks.sliding_window_view(x, w, axis=2)  # (N, 4, L-w+1, w)
    scores = np.einsum("nclw,cw->nl", windows, pwm)
    if both_strands:
        rc = pwm[::-1, ::-1]
        scores = np.maximum(scores, np.einsum("nclw,cw->nl", windows, rc))
    return scores[0] if single else scores


def gc_content(seqs):
    """Fraction of G and C among the A/C/G/T letters of each sequence, shape ``(N,)``."""
    seqs = _as_list(seqs)
    out = np.empty(len(seqs))
    for i, s in enumerate(seqs):
        s = s.upper()
        acgt = sum(s.count(b) for b in DNA)
        if acgt == 0:
            raise ValueError(f"sequence {i} has no A/C/G/T letters")
        out[i] = (s.count("G") + s.count("C")) / acgt
    return out


# --- protein family alignments (notebooks 07 and 14) ---

ALIGNMENT = PROTEIN + "-"


def one_hot_alignment(seqs):
    """One-hot encode aligned protein sequences with a gap channel.

    Parameters
    ----------
    seqs : str or list of str
        Rows of a multiple sequence alignment, all the same length, over the 20
        amino acids (any case), the gaps ``-`` and ``.``, and ``X`` (unknown).

    Returns
    -------
    np.ndarray of float32, shape ``(N, 21, L)`` or ``(21, L)`` for one string.
    Channels follow ``ALIGNMENT`` (ACDEFGHIKLMNPQRSTVWY then ``-``): both gap
    symbols go to channel 20; ``X`` is all zeros.

    Raises
    ------
    ValueError
        For an empty input, ragged rows, or any other letter (the message names
        the sequence and position).
    """
    single = isinstance(seqs, str)
    rows = [s.replace(".", "-") for s in _as_list(seqs)]
    out = _one_hot(rows, ALIGNMENT, 0.0, allowed_unknown="X")
    return out[0] if single else out


def sequence_weights(x, identity=0.8, block=1024):
    """DeepSequence/EVmutation sequence weights: 1 / size of each sequence's neighbourhood.

    A sequence's neighbours are the sequences (itself included) that share at
    least ``identity`` of its non-gap positions. Clusters of near-duplicates
    then count about once, so the weights add up to the effective number of
    sequences ``N_eff``.

    Parameters
    ----------
    x : np.ndarray, shape ``(N, 20, L)`` or ``(N, 21, L)``, one-hot alignment
        (``one_hot_alignment``); only the 20 amino-acid channels are compared, so
        shared gaps do not count as identity.
    identity : float in (0, 1], fraction of sequence ``i``'s residues that
        sequence ``j`` must match to count as its neighbour.
    block : int, rows compared at a time (bounds memory to ``block * N`` floats).

    Returns
    -------
    np.ndarray of float64, shape ``(N,)``, each weight in ``(0, 1]``.
    """
    x = np.asarray(x)
    if x.ndim != 3 or x.shape[1] not in (20, 21):
        raise ValueError(f"x must be a one-hot alignment of shape (N, 21, L) or (N, 20, L); got {x.shape}")
    if not 0 < identity <= 1:
        raise ValueError(f"identity must be a fraction in (0, 1], got {identity!r} (80 % is 0.8)")
    flat = x[:, :20, :].reshape(len(x), -1).astype(np.float32)
    length = np.maximum(flat.sum(axis=1), 1.0)          # residues (non-gap positions) per sequence
    neighbours = np.empty(len(x))
    for start in range(0, len(x), block):
        shared = flat[start:start + block] @ flat.T      # (block, N) identical residues
        frac = shared / length[start:start + block, None]
        neighbours[start:start + block] = (frac >= identity - 1e-6).sum(axis=1)
    return 1.0 / np.maximum(neighbours, 1.0)


def consensus(matrix):
    """Consensus string of a ``(4, w)`` count or probability matrix (most frequent base per column)."""
    m = _check_matrix(matrix, "matrix")
    return "".join(DNA[i] for i in m.argmax(axis=0))
