"""Variants and decoys of aligned protein sequences (notebook 07).

* ``match_columns``: the match columns of an A2M/Pfam alignment, without fragments.
* ``gap_pattern``: where each aligned sequence has gaps, as a string of ``-`` and ``x``.
* ``mutate``: random amino-acid substitutions at non-gap positions.
* ``shuffle_residues`` and ``scramble_columns``: decoys that keep every
  sequence's gap pattern, so that a rule looking only at gaps cannot tell them
  from natural sequences (AUROC exactly 0.5).

Decoys take a ``numpy.random.Generator`` so that a notebook fixes their seed.
"""
import numpy as np

from . import validate
from .encoding import PROTEIN

GAP = "-"


def _rows(seqs, what="seqs"):
    rows = validate.sequences(seqs, what)
    if not rows:
        raise ValueError(f"{what} is empty: pass at least one aligned sequence")
    lengths = {len(s) for s in rows}
    if len(lengths) != 1:
        raise ValueError(f"{what} must be rows of one alignment (all the same length); "
                         f"got lengths {sorted(lengths)[:5]}")
    return rows


def match_columns(seqs, max_gap_fraction=0.2):
    """Keep the match columns of an A2M alignment and drop fragments.

    In the A2M convention (Pfam, HMMER) upper-case letters and ``-`` sit in
    match columns; lower-case letters and ``.`` are insertions that only some
    rows have. A column is a match column if no row has an insertion there.

    Parameters
    ----------
    seqs : list of N aligned strings of equal length.
    max_gap_fraction : float in [0, 1]; rows with a larger fraction of ``-`` in
        the match columns (fragments) are dropped.

    Returns
    -------
    (rows, keep) : ``rows`` is a numpy array of the kept rows, restricted to the
    match columns (str, length = number of match columns); ``keep`` is a bool
    array of shape ``(N,)`` saying which input rows were kept.
    """
    seqs = _rows(seqs)
    max_gap_fraction = validate.fraction(max_gap_fraction, "max_gap_fraction")
    aligned = np.array([list(s) for s in seqs])
    is_match = ~((aligned == ".") | np.char.islower(aligned)).any(axis=0)
    if not is_match.any():
        raise ValueError("no match columns: every column has an insertion ('.' or lower case) in some row")
    rows = np.array(["".join(r) for r in aligned[:, is_match]])
    keep = np.char.count(rows, GAP) / is_match.sum() <= max_gap_fraction
    return rows[keep], keep


def gap_pattern(seqs):
    """Each aligned sequence as its gap pattern: ``-`` for a gap (``-`` or ``.``), ``x`` for a residue.

    A string in, a string out; a list in, a list out.
    """
    single = isinstance(seqs, str)
    rows = validate.sequences(seqs)
    out = ["".join(GAP if c in "-." else "x" for c in s) for s in rows]
    return out[0] if single else out


def mutate(seq, k, rng, alphabet=PROTEIN):
    """``seq`` with ``k`` random substitutions at distinct non-gap positions.

    Each chosen residue is replaced by a different letter of ``alphabet``, drawn uniformly.
    """
    if not isinstance(seq, str):
        raise TypeError(f"seq must be one aligned string, got {type(seq).__name__}")
    k = validate.count(k, "k")
    rng = validate.generator(rng)
    positions = [j for j, a in enumerate(seq) if a not in "-."]
    if k > len(positions):
        raise ValueError(f"cannot mutate {k} positions of a sequence with {len(positions)} residues")
    s = list(seq)
    for j in rng.choice(positions, size=k, replace=False):
        s[j] = rng.choice([a for a in alphabet if a != s[j]])
    return "".join(s)


def shuffle_residues(seqs, rng):
    """Shuffle the residues within each sequence; gaps stay where they are."""
    rng = validate.generator(rng)
    out = []
    for s in validate.sequences(seqs):
        chars = np.array(list(s))
        residues = np.flatnonzero(~np.isin(chars, ["-", "."]))
        chars[residues] = chars[rng.permutation(residues)]
        out.append("".join(chars))
    return out


def scramble_columns(seqs, rng, keep_gaps=True):
    """Column-scrambled decoys: permute each column's letters among the sequences.

    Every column keeps exactly its letters (so an independent-site model scores
    the decoys like the originals on average), but which residues occur together
    in one sequence is destroyed.

    Parameters
    ----------
    seqs : list of N aligned strings of equal length.
    rng : numpy Generator.
    keep_gaps : bool. If True (default), each column's residues are permuted only
        among the sequences that have a residue there, so decoy ``i`` has exactly
        the gap pattern of sequence ``i``. If False, gaps are permuted too, and the
        decoys get gap patterns no natural sequence has (scattered gaps), which a
        rule that looks only at gaps can detect.

    Returns
    -------
    list of N strings.
    """
    rng = validate.generator(rng)
    cols = np.array([list(s) for s in _rows(seqs)])
    for j in range(cols.shape[1]):
        rows = np.flatnonzero(~np.isin(cols[:, j], ["-", "."])) if keep_gaps else np.arange(len(cols))
        cols[rows, j] = cols[rng.permutation(rows), j]
    return ["".join(r) for r in cols]
