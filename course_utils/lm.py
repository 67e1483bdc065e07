"""Pretrained protein language models (notebook 18): scoring, embeddings, baselines.

The course's model (registry entry ``protein_mlm``) is a Hugging Face
``EsmForMaskedLM`` with ESM-2's vocabulary, so every function here takes the
``(model, tokenizer)`` pair that ``AutoModelForMaskedLM.from_pretrained`` and
``AutoTokenizer.from_pretrained`` return -- for the course's checkpoint or for
a published ESM-2 one.

* ``load``: the model (eval mode) and tokenizer from a ``save_pretrained`` folder.
* ``mask_positions`` / ``mlm_bits``: held-out cross-entropy of masked residues.
* ``markov_bits`` / ``window_bits``: the same residues scored by a k-th order
  Markov model, or by a count model of one neighbour on each side, fitted from
  k-mer counts (registry entry ``protein_lm_markov``); ``per_sequence`` and
  ``bits_per_residue`` compare two such scores with a bootstrap over sequences.
* ``masked_marginals`` / ``variant_scores``: zero-shot variant effects as the
  masked-marginal log-likelihood ratio; ``substitution_scores`` gives the same
  sum for BLOSUM62 and for the Kyte-Doolittle hydrophobicity change.
* ``embed``: per-residue hidden states of any layer.
* ``TopBlockTagger``: the pretrained (or a freshly initialised) last encoder
  block plus a linear head, trained on cached hidden states of the block below
  (the cheap form of fine-tuning used in notebook 18).

Units: log-probabilities and cross-entropies are in bits (log base 2).
"""
import os
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import seeding
from . import validate

AMINO_ACIDS = "ACDEFGHIKLMNPQRSTVWY"
# Kyte & Doolittle (1982) J Mol Biol 157:105-132, doi:10.1016/0022-2836(82)90515-0, Table 2 (hydropathy index)
KYTE_DOOLITTLE = {"A": 1.8, "R": -4.5, "N": -3.5, "D": -3.5, "C": 2.5, "Q": -3.5, "E": -3.5, "G": -0.4, "H": -3.2,
                  "I": 4.5, "L": 3.8, "K": -3.9, "M": 1.9, "F": 2.8, "P": -1.6, "S": -0.8, "T": -0.7, "W": -0.9,
                  "Y": -1.3, "V": 4.2}
_LN2 = np.log(2.0)


def _proteins(seqs, what="seqs"):
    seqs = validate.sequences(seqs, what)
    for i, s in enumerate(seqs):
        bad = set(s) - set(AMINO_ACIDS)
        if not s or bad:
            raise ValueError(f"{what}[{i}] must be a non-empty string of the 20 amino acids {AMINO_ACIDS}; "
                             f"found {sorted(bad) if bad else 'an empty string'}")
    return seqs


def load(folder):
    """``(model, tokenizer)``: ``AutoModelForMaskedLM`` (eval mode) and ``AutoTokenizer`` of ``folder``.

    ``folder`` is a str or Path of an existing ``save_pretrained`` folder, e.g.
    ``data.load("protein_mlm")``; nothing is downloaded. For a published model
    (a Hugging Face name such as ``"facebook/esm2_t6_8M_UR50D"``), call
    ``AutoModelForMaskedLM.from_pretrained`` and ``AutoTokenizer.from_pretrained`` directly.
    """
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be the path (str or Path) of a saved model folder, such as "
                        f"data.load(\"protein_mlm\"); got {type(folder).__name__}")
    if not Path(folder).is_dir():
        raise ValueError(f"folder {str(folder)!r} is not an existing folder: pass a saved model folder such as "
                         "data.load(\"protein_mlm\") (for a published model use "
                         "AutoModelForMaskedLM.from_pretrained(name) directly)")
    from transformers import AutoModelForMaskedLM, AutoTokenizer
    from transformers.utils import logging
    logging.set_verbosity_error()            # no progress bars or load reports in a notebook's output
    logging.disable_progress_bar()
    model = AutoModelForMaskedLM.from_pretrained(folder)
    model.eval()
    return model, AutoTokenizer.from_pretrained(folder)


def _aa_ids(tok):
    return np.asarray(tok.convert_tokens_to_ids(list(AMINO_ACIDS)))


def mask_positions(seqs, rate=0.15, seed=0):
    """Random residue positions to mask: a list of sorted int arrays, one per sequence (>= 1 each).

    Seeded through ``seeding.rng``; ``rate`` is the expected fraction of residues masked.
    """
    seqs = validate.sequences(seqs)
    rate = validate.fraction(rate, "rate", low_open=True)
    rng = seeding.rng(seed)
    out = []
    for s in seqs:
        pos = np.flatnonzero(rng.random(len(s)) < rate)
        out.append(pos if len(pos) else np.array([int(rng.integers(len(s)))]))
    return out


def mlm_bits(model, tok, seqs, positions, batch_size=32):
    """Cross-entropy (bits) of each masked residue given the rest of its sequence.

    All ``positions[i]`` of sequence ``i`` are replaced by ``<mask>`` at once (as in
    pretraining) and the model predicts them from the unmasked residues.

    Returns
    -------
    np.ndarray float64 ``(sum of len(positions[i]),)``, sequence by sequence, positions in order.
    """
    seqs = _proteins(seqs)
    if len(positions) != len(seqs):
        raise ValueError(f"positions has {len(positions)} entries for {len(seqs)} sequences")
    out = []
    with torch.no_grad():
        for i in range(0, len(seqs), batch_size):
            enc = tok(seqs[i:i + batch_size], padding=True, return_tensors="pt")
            ids = enc["input_ids"].clone()
            rows = [(j, np.asarray(p)) for j, p in enumerate(positions[i:i + batch_size])]
            for j, p in rows:
                ids[j, p + 1] = tok.mask_token_id                # +1: the <cls> token
            logp = torch.log_softmax(model(input_ids=ids, attention_mask=enc["attention_mask"]).logits, -1)
            for j, p in rows:
                true = enc["input_ids"][j, p + 1]
                out.append(-logp[j, p + 1, true].numpy() / _LN2)
    return np.concatenate(out).astype(np.float64)


def markov_log2(counts, alpha):
    """``log2 P(next residue | previous k)`` from k-mer counts ``(20,) * (k + 1)`` plus pseudocount ``alpha``."""
    validate.numbers(counts, "counts")
    validate.positive(alpha, "alpha", example=1.0)
    counts = np.asarray(counts, dtype=np.float64)
    if counts.shape != (20,) * counts.ndim:
        raise ValueError(f"counts must have shape (20,)*(k+1), got {counts.shape}")
    if not alpha > 0:
        raise ValueError(f"alpha must be a positive pseudocount, got {alpha!r}")
    smoothed = counts + alpha
    return np.log2(smoothed / smoothed.sum(axis=-1, keepdims=True))


def markov_bits(counts, seqs, positions, k, alpha):
    """Cross-entropy (bits) of the residues at ``positions`` under a k-th order Markov model.

    Parameters
    ----------
    counts : dict ``{"order0": (20,), "order1": (20, 20), ...}`` of k-mer counts (``protein_lm_markov``).
    seqs : list of amino-acid strings; positions : list of int arrays (as for ``mlm_bits``).
    k : int, context length; a residue with fewer than k residues before it uses all it has.
    alpha : float, pseudocount added to every count.

    Returns
    -------
    np.ndarray float64, one value per position, in the order of ``mlm_bits``.
    """
    seqs = _proteins(seqs)
    if not isinstance(k, (int, np.integer)) or not 0 <= k or f"order{k}" not in counts:
        raise ValueError(f"k must be an order present in counts ({sorted(counts)}), got {k!r}")
    tables = [markov_log2(counts[f"order{j}"], alpha) for j in range(k + 1)]
    index = {a: i for i, a in enumerate(AMINO_ACIDS)}
    out = []
    for s, pos in zip(seqs, positions):
        x = np.array([index[c] for c in s])
        for p in np.asarray(pos):
            j = min(int(p), k)
            out.append(-tables[j][tuple(x[p - j:p + 1])])
    return np.asarray(out, dtype=np.float64)


def window_bits(counts, seqs, positions, alpha):
    """Cross-entropy (bits) of each residue at ``positions`` given one neighbour on EACH side.

    ``P(x | left, right)`` is proportional to the 3-mer count ``counts["order2"][left, x, right]``
    plus ``alpha``: the count model that, like a masked language model, looks both ways. A
    residue at either end of its sequence falls back to the composition (``order0``).
    """
    seqs = _proteins(seqs)
    validate.positive(alpha, "alpha", example=1.0)
    tri = np.asarray(counts["order2"], dtype=np.float64) + alpha
    cond = np.log2(tri / tri.sum(axis=1, keepdims=True))           # normalised over the middle residue
    single = markov_log2(counts["order0"], alpha)
    index = {a: i for i, a in enumerate(AMINO_ACIDS)}
    out = []
    for s, pos in zip(seqs, positions):
        x = np.array([index[c] for c in s])
        for p in np.asarray(pos):
            inside = 0 < p < len(s) - 1
            out.append(-(cond[x[p - 1], x[p], x[p + 1]] if inside else single[x[p]]))
    return np.asarray(out, dtype=np.float64)


def per_sequence(values, positions):
    """``(n, total)``: positions scored and the sum of ``values`` for each sequence.

    ``values`` is one number per position in the order of ``mlm_bits`` / ``markov_bits``;
    pass ``(n, total_a)`` and ``total_b`` to ``metrics.difference(bits_per_residue, n, total_a,
    total_b)`` to compare two models with a bootstrap over sequences (residues of one
    sequence are not independent).
    """
    validate.numbers(values, "values")
    if positions is None or isinstance(positions, (str, bytes)) or not hasattr(positions, "__len__"):
        raise TypeError("positions must be a list of int arrays, one per sequence (as from mask_positions), "
                        f"got {type(positions).__name__}")
    n = np.array([len(p) for p in positions], dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    if len(values) != int(n.sum()):
        raise ValueError(f"{len(values)} values for {int(n.sum())} positions")
    return n, np.add.reduceat(values, np.r_[0, np.cumsum(n)[:-1]].astype(int)) if len(n) else np.zeros(0)


def bits_per_residue(n, total):
    """Mean bits per residue from per-sequence counts and sums: ``sum(total) / sum(n)``."""
    validate.numbers(n, "n")
    validate.numbers(total, "total")
    n, total = np.asarray(n, dtype=np.float64), np.asarray(total, dtype=np.float64)
    if n.shape != total.shape or n.sum() <= 0:
        raise ValueError(f"n and total must be arrays of one shape with positions, got {n.shape} and {total.shape}")
    return float(total.sum() / n.sum())


def masked_marginals(model, tok, seq, batch_size=64):
    """``(L, 20)`` log2-probabilities of each amino acid at each position, that position masked alone.

    Columns follow ``AMINO_ACIDS``. One forward pass per position (batched).
    """
    seq = _proteins(seq, "seq")[0]
    enc = tok([seq], return_tensors="pt")
    ids = enc["input_ids"].repeat(len(seq), 1)
    ids[torch.arange(len(seq)), torch.arange(len(seq)) + 1] = tok.mask_token_id
    aa = torch.as_tensor(_aa_ids(tok))
    rows = []
    with torch.no_grad():
        for i in range(0, len(seq), batch_size):
            logits = model(input_ids=ids[i:i + batch_size]).logits
            pos = torch.arange(i, min(i + batch_size, len(seq)))
            logp = torch.log_softmax(logits[torch.arange(len(pos)), pos + 1][:, aa], -1)   # over the 20 residues
            rows.append(logp.numpy() / _LN2)
    return np.concatenate(rows).astype(np.float64)


def _differences(wild_type, variants):
    wild_type = _proteins(wild_type, "wild_type")[0]
    variants = validate.sequences(variants, "variants")
    for i, v in enumerate(variants):
        if len(v) != len(wild_type):
            raise ValueError(f"variant {i} has {len(v)} residues, the wild type {len(wild_type)}: "
                             "pass full-length mutant sequences (substitutions only)")
    return wild_type, variants


def substitution_scores(wild_type, variants, table):
    """Sum over substituted positions of ``table[(mutant, wild-type residue, position)]``.

    Parameters
    ----------
    wild_type : str. variants : list of full-length mutant sequences (substitutions only).
    table : ``(L, 20)`` array (e.g. ``masked_marginals``; a row per position, columns ``AMINO_ACIDS``)
        scored as ``table[i, mut] - table[i, wt]``; or a callable ``f(wt_aa, mut_aa) -> float``.

    Returns
    -------
    np.ndarray float64 ``(N,)``; NaN for a variant with a letter outside the 20 amino
    acids (a stop codon ``*``); 0 for the wild type itself.
    """
    wild_type, variants = _differences(wild_type, variants)
    index = {a: i for i, a in enumerate(AMINO_ACIDS)}
    if not callable(table):
        table = np.asarray(table, dtype=np.float64)
        if table.shape != (len(wild_type), 20):
            raise ValueError(f"table must have shape ({len(wild_type)}, 20), got {table.shape}")
    out = np.zeros(len(variants))
    for n, v in enumerate(variants):
        total = 0.0
        for i, (w, m) in enumerate(zip(wild_type, v)):
            if w == m:
                continue
            if m not in index:
                total = np.nan
                break
            total += table(w, m) if callable(table) else table[i, index[m]] - table[i, index[w]]
        out[n] = total
    return out


def variant_scores(model, tok, wild_type, variants):
    """Zero-shot masked-marginal score of each variant: sum of ``log2 p(mut) - log2 p(wt)`` (bits).

    The marginals come from the wild type with one position masked at a time
    (Meier et al. 2021, doi:10.1101/2021.07.09.450648). NaN for variants with a stop codon.
    """
    return substitution_scores(wild_type, variants, masked_marginals(model, tok, wild_type))


def blosum62(wt, mut):
    """BLOSUM62 substitution score (Henikoff & Henikoff 1992), from Biopython's table."""
    validate.choice(wt, list(AMINO_ACIDS), "wt")
    validate.choice(mut, list(AMINO_ACIDS), "mut")
    from Bio.Align import substitution_matrices
    global _BLOSUM
    if "_BLOSUM" not in globals():
        _BLOSUM = substitution_matrices.load("BLOSUM62")
    return float(_BLOSUM[wt][mut])


def hydrophobicity_change(wt, mut):
    """Kyte-Doolittle hydropathy of the mutant residue minus that of the wild-type residue."""
    validate.choice(wt, list(AMINO_ACIDS), "wt")
    validate.choice(mut, list(AMINO_ACIDS), "mut")
    return KYTE_DOOLITTLE[mut] - KYTE_DOOLITTLE[wt]


def embed(model, tok, seqs, layer=-1, batch_size=16, special=False):
    """Per-residue hidden states: a list of float32 arrays ``(L_i, H)``.

    ``layer`` indexes ``hidden_states`` (0 = embeddings, -1 = last encoder block, after
    ESM's final layer norm); works for ``EsmForMaskedLM`` and ``EsmModel``. With
    ``special=True`` the rows of <cls> and <eos> are kept: ``(L_i + 2, H)`` (what a
    ``TopBlockTagger`` needs to see the same context as the full model). A tuple of
    layers returns ``{layer: list of arrays}`` from one forward pass.
    """
    seqs = _proteins(seqs)
    base = getattr(model, "esm", model)
    order = np.argsort([len(s) for s in seqs], kind="stable")     # similar lengths together: less padding
    layers = tuple(layer) if isinstance(layer, (tuple, list)) else (layer,)
    out = {lay: [None] * len(seqs) for lay in layers}
    extra = 1 if special else 0
    with torch.no_grad():
        for i in range(0, len(seqs), batch_size):
            chunk = order[i:i + batch_size]
            enc = tok([seqs[n] for n in chunk], padding=True, return_tensors="pt")
            res = base(**enc, output_hidden_states=True)
            for lay in layers:
                h = res.last_hidden_state if lay == -1 else res.hidden_states[lay]
                for j, n in enumerate(chunk):
                    out[lay][n] = h[j, 1 - extra:len(seqs[n]) + 1 + extra].numpy().astype(np.float32)
    return out if isinstance(layer, (tuple, list)) else out[layer]


def padded_states(states, labels=None, length=None, special=False):
    """Stack per-residue states into ``X (N, L, H + 1)`` (last channel 1 = a token, 0 = padding).

    Parameters
    ----------
    states : list of ``(L_i, H)`` arrays (``embed``); labels : optional list of int arrays ``(L_i,)``.
    length : padded length (default: the longest); longer chains are cut into pieces of ``length``.
    special : True if ``states`` hold the <cls> and <eos> rows (``embed(..., special=True)``):
        they get the label -100 (no loss, no score).

    Returns
    -------
    X float32 ``(N, length, H + 1)``; and y int64 ``(N, length)`` with -100 at padding if labels given.
    """
    if not states:
        raise ValueError("states is empty")
    if labels is not None:
        if len(labels) != len(states):
            raise ValueError(f"{len(labels)} label arrays for {len(states)} chains")
        labels = [np.r_[-100, np.asarray(lab), -100] if special else np.asarray(lab) for lab in labels]
        for n, (s, lab) in enumerate(zip(states, labels)):
            if len(s) != len(lab):
                raise ValueError(f"chain {n}: {len(s)} state rows but {len(lab)} labels (special={special})")
    length = length or max(len(s) for s in states)
    pieces_x, pieces_y = [], []
    for n, s in enumerate(states):
        for a in range(0, len(s), length):
            x = np.zeros((length, s.shape[1] + 1), dtype=np.float32)
            part = s[a:a + length]
            x[:len(part), :-1] = part
            x[:len(part), -1] = 1.0
            pieces_x.append(x)
            if labels is not None:
                y = np.full(length, -100, dtype=np.int64)
                y[:len(part)] = np.asarray(labels[n])[a:a + length]
                pieces_y.append(y)
    X = np.stack(pieces_x)
    return (X, np.stack(pieces_y)) if labels is not None else X


class TopBlockTagger(nn.Module):
    """Last encoder block of an ESM model plus a linear per-residue head.

    Input ``(N, L, H + 1)`` from ``padded_states`` (hidden states of the block
    below, and a residue/padding channel); output logits ``(N, n_states, L)`` for
    ``nn.CrossEntropyLoss(ignore_index=-100)``.

    Parameters
    ----------
    model : the pretrained ``EsmForMaskedLM`` / ``EsmModel`` whose last block (and final
        layer norm) is copied and trained.
    n_states : number of classes per residue.
    pretrained : if False the copied block is re-initialised (the same architecture from scratch).
    """

    def __init__(self, model, n_states=3, pretrained=True):
        super().__init__()
        from transformers import EsmConfig, EsmModel
        base = getattr(model, "esm", model)
        config = EsmConfig(**{**base.config.to_dict(), "num_hidden_layers": 1})
        self.block = EsmModel(config, add_pooling_layer=False)
        if pretrained:
            state = {k: v for k, v in base.state_dict().items() if not k.startswith(("encoder.layer.", "contact_head."))}
            last = base.config.num_hidden_layers - 1
            state.update({k.replace(f"encoder.layer.{last}.", "encoder.layer.0."): v
                          for k, v in base.state_dict().items() if k.startswith(f"encoder.layer.{last}.")})
            self.block.load_state_dict(state, strict=False)
        self.head = nn.Linear(config.hidden_size, n_states)

    def forward(self, x):
        att = x[..., -1].long()
        h = self.block(inputs_embeds=x[..., :-1], attention_mask=att).last_hidden_state
        return self.head(h).transpose(1, 2)
