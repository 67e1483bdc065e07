"""DNA and protein sequences as one-hot tensors; reverse complements; GC content.

Conventions used everywhere in the course:

* One-hot tensors are channels-first, the layout ``torch.nn.Conv1d`` expects:
  a batch of ``N`` sequences of length ``L`` has shape ``(N, 4, L)`` for DNA
  (channel order A, C, G, T) and ``(N, 20, L)`` for protein.
* Lower-case letters (soft-masked repeats in genome files) are treated as upper case.
"""
import numpy as np

from . import validate

DNA = "ACGT"
PROTEIN = "ACDEFGHIKLMNPQRSTVWY"
_COMPLEMENT = str.maketrans("ACGTNacgtn", "TGCANtgcan")


def letter_index(alphabet, unknown="", unknown_code=None, ignore_case=True, missing=-1):
    """The course's one lookup table from letters to channel indices.

    ``table[np.frombuffer(s.encode("latin-1", errors="replace"), np.uint8)]`` turns
    a string ``s`` into one index per letter in a single numpy step (one-hot
    encoding, k-mer counting, chain encoding and state labels all use it).

    Parameters
    ----------
    alphabet : str, one letter per channel, in channel order (e.g. ``DNA``).
    unknown : str, letters that mean "unknown residue" (e.g. ``"N"``, ``"X"``).
    unknown_code : int, the index they get; default ``len(alphabet)`` (one past
        the last channel, so an encoder can drop it).
    ignore_case : bool, map the lower- and upper-case form of every letter
        (soft-masked genome sequence); False for case-sensitive codes such as
        secondary-structure states.
    missing : int, the index of every other byte (a letter that is not allowed).

    Returns
    -------
    np.ndarray of int64, shape ``(256,)``: ``table[ord(letter)]``.
    """
    for name, letters in (("alphabet", alphabet), ("unknown", unknown)):
        if not isinstance(letters, str) or any(ord(c) > 255 for c in letters):
            raise TypeError(f"{name} must be a string of letters (e.g. 'ACGT'), got {type(letters).__name__} "
                            f"{letters!r}")
    if not alphabet:
        raise ValueError("alphabet is empty: pass one letter per channel, e.g. encoding.DNA")
    if unknown_code is None:
        unknown_code = len(alphabet)
    table = np.full(256, missing, dtype=np.int64)
    for codes, value in ([(letter, j) for j, letter in enumerate(alphabet)]
                         + [(letter, unknown_code) for letter in unknown]):
        forms = {codes, codes.lower(), codes.upper()} if ignore_case else {codes}
        for form in forms:
            if len(form) == 1 and ord(form) < 256:
                table[ord(form)] = value
    return table


def one_hot(seqs, alphabet, unknown_value=0.0, allowed_unknown=""):
    """One-hot encode equal-length sequences over any alphabet.

    Parameters
    ----------
    seqs : str or list of str, all the same length (any case).
    alphabet : str, one letter per channel, in channel order.
    unknown_value : float, value of every channel at a letter of ``allowed_unknown``.
    allowed_unknown : str, letters that mean "unknown" (e.g. "N", "X").

    Returns
    -------
    np.ndarray of float32, shape ``(N, len(alphabet), L)``, or ``(len(alphabet), L)``
    for a single string.
    """
    single = isinstance(seqs, str)
    seqs = validate.sequences(seqs)
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
    index = letter_index(alphabet, allowed_unknown)
    length = lengths.pop()
    out = np.zeros((len(seqs), len(alphabet), length), dtype=np.float32)
    for i, s in enumerate(seqs):
        codes = np.frombuffer(s.encode("latin-1", errors="replace"), dtype=np.uint8)
        idx = index[codes]
        if (idx < 0).any():
            pos = int(np.argmax(idx < 0))
            hint = " (RNA? replace U with T first)" if s[pos] in "Uu" and alphabet == DNA else ""
            raise ValueError(
                f"sequence {i} has the letter {s[pos]!r} at position {pos}; "
                f"allowed letters are {alphabet}{allowed_unknown}{hint}"
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
        A pandas Series works; for a DataFrame pass the column, ``df["sequence"]``.
    n_value : float
        Value of every channel at an ``N``: 0.0 (default, "no information") or
        0.25 (a uniform base).

    Returns
    -------
    np.ndarray of float32, shape ``(N, 4, L)`` for a list, ``(4, L)`` for one string.

    Raises
    ------
    TypeError
        For anything that is not a str or a list-like of str (the message names the fix).
    ValueError
        For an empty input, an empty sequence, ragged lengths, or a letter that is
        not A/C/G/T/N (the message names the sequence and position).
    """
    n_value = validate.fraction(n_value, "n_value")
    if n_value * 4 > 1 + 1e-9:
        raise ValueError(f"n_value must be 0 or at most 0.25 (a uniform base), got {n_value}")
    return one_hot(seqs, DNA, n_value, allowed_unknown="N")


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
    return one_hot(seqs, PROTEIN, 0.0, allowed_unknown="X")


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
    """Reverse complement of one-hot DNA, shape ``(N, 4, L)`` or ``(4, L)`` -> same shape and type.

    With channel order A, C, G, T the complement is the channel axis reversed,
    so this is a flip of the last two axes. Works on numpy arrays and torch tensors.
    """
    validate.one_hot(x, 4, "x")
    if isinstance(x, np.ndarray):
        return x[..., ::-1, ::-1].copy()
    return x.flip(-1).flip(-2)


def gc_content(seqs):
    """Fraction of G and C among the A/C/G/T (or U) letters of each sequence.

    Parameters
    ----------
    seqs : str or list of str, DNA or RNA (any case; N is ignored).

    Returns
    -------
    np.ndarray of float64, shape ``(N,)`` (``(1,)`` for one string), values in [0, 1].
    """
    seqs = validate.sequences(seqs)
    out = np.empty(len(seqs))
    for i, s in enumerate(seqs):
        s = s.upper()
        bad = set(s) - set("ACGTUN")
        if bad:
            raise ValueError(f"sequence {i} has letters {sorted(bad)} that are not DNA/RNA (A, C, G, T, U, N)")
        acgt = sum(s.count(b) for b in "ACGTU")
        if acgt == 0:
            raise ValueError(f"sequence {i} has no A/C/G/T/U letters")
        out[i] = (s.count("G") + s.count("C")) / acgt
    return out
