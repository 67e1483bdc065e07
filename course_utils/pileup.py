"""Read pileups for variant calling, DeepVariant-style (notebook 20).

No real sequencing run with a truth set ships offline, so reads are simulated
from a real reference (a diploid sample with planted variants at known
positions) with an error model that a threshold caller falls for:

* ``sample_sites`` picks site positions in one split of the genome (blocks of
  positions, so training and test sites come from different regions) and what
  each site holds; ``simulate_site`` draws the reads of one site;
  ``simulate`` does both for many sites and returns pileup tensors with the truth.
* ``pileup_tensor``: the reads of one site as an image, shape ``(C, R, W)``:
  ``C = 8`` channels (``CHANNELS``), ``R = MAX_READS`` read rows, ``W = WINDOW``
  reference columns centred on the candidate position.
* ``evidence``: the candidate allele of each site and what every read says about it.
* ``threshold_call`` (allele fraction) and ``bayes_call`` (genotype likelihoods
  from base qualities): the two classical callers.
* ``truth_codes``, ``call_codes``, ``f1``, ``score_table``: scores per variant type.
* ``PileupCNN`` and ``BUDGET``: the notebook's network and its training budget.
* ``show``: a pileup as a picture.
* ``read_records``, ``vcf_record``: one site's reads and truth as BAM and VCF fields.

The error model (every rate is per read unless said otherwise):

* substitutions at every base at the rate its base quality states,
  ``10 ** (-Q / 10)``, to one of the other three bases;
* ``"low quality"`` sites: the centre column has qualities 2-12 in every read
  (still errors at the stated rate);
* ``"strand bias"`` sites: on one strand only, 50-95 % of reads show one wrong
  base at the centre with a normal, high quality (a systematic error);
* homopolymers: where a run of 6 or more identical reference bases ends at the
  centre, each read is one base short (or, less often, long) there with a
  probability of 20-55 %; ``"homopolymer"`` sites are such runs with no variant;
* ``"paralog"`` sites: 20-45 % of reads come from a similar copy elsewhere in
  the genome (mis-mapped), which differs at the centre and at 2-4 other columns.

Simplifications: every read spans the whole window; a window holds one
candidate; indels are written at the centre column, not left-aligned.
"""
from numbers import Real

import numpy as np
import torch
from torch import nn

from . import validate

BASES = "ACGT"
WINDOW = 15
CENTRE = WINDOW // 2
MAX_READS = 40
CHANNELS = ("A", "C", "G", "T", "base quality", "strand", "matches reference", "insertion")
TYPES = ("SNP", "insertion", "deletion")
GENOTYPES = ("hom-ref", "het", "hom-alt")
SITE_KINDS = ("SNP", "insertion", "deletion", "reference", "low quality", "strand bias", "homopolymer", "paralog")
ERROR_KINDS = ("low quality", "strand bias", "homopolymer", "paralog")
MIX = {"SNP": 0.16, "insertion": 0.10, "deletion": 0.10, "reference": 0.16,
       "low quality": 0.12, "strand bias": 0.12, "homopolymer": 0.12, "paralog": 0.12}
SPLITS = ("train", "valid", "test")
BLOCK = 50_000
HOMOPOLYMER = 6
MIN_ALT_READS, MIN_ALT_FRACTION = 2, 0.1


def split_of(positions, block=BLOCK):
    """Split of each reference position: blocks of ``block`` bases, block index mod 5:
    0, 1, 2 -> "train", 3 -> "valid", 4 -> "test".

    Parameters
    ----------
    positions : int or array of ints, 0-based positions on the reference.

    Returns
    -------
    np.ndarray of str, the same shape as ``positions``.
    """
    if validate.numbers(positions, "positions").dtype.kind not in "iu":
        raise TypeError("positions must be whole numbers (0-based positions on the reference), "
                        f"got dtype {np.asarray(positions).dtype}")
    validate.count(block, "block", example=BLOCK)
    names = np.array(["train", "train", "train", "valid", "test"])
    return names[(np.asarray(positions) // block) % 5]


def _codes(reference):
    if not isinstance(reference, str):
        raise TypeError(f"reference must be a str of A/C/G/T, got {type(reference).__name__}")
    codes = np.frombuffer(reference.upper().encode(), dtype=np.uint8)
    lookup = np.full(256, 4, dtype=np.int8)
    for i, b in enumerate(BASES):
        lookup[ord(b)] = i
    return lookup[codes]


def homopolymer_ends(reference, min_length=HOMOPOLYMER):
    """0-based positions where a run of at least ``min_length`` identical bases ends (its last base).

    Returns
    -------
    np.ndarray of int, sorted.
    """
    codes = _codes(reference)
    change = np.flatnonzero(np.diff(codes) != 0)        # last index of every run but the final one
    ends = np.r_[change, len(codes) - 1]
    starts = np.r_[0, change + 1]
    return ends[(ends - starts + 1 >= min_length) & (codes[ends] < 4)]


def _run_length_at_centre(window):
    run = 1
    while run <= CENTRE and window[CENTRE - run] == window[CENTRE]:
        run += 1
    return run


def sample_sites(reference, n_sites, split, seed=0, mix=None):
    """Positions and truth of ``n_sites`` sites in one split of the reference.

    Parameters
    ----------
    reference : str, the genome (A/C/G/T).
    n_sites : int, how many sites.
    split : "train", "valid" or "test" (see ``split_of``).
    seed : int, shifted by ``COURSE_SEED_OFFSET`` (``seeding.rng``).
    mix : dict ``{site kind: fraction}`` over ``SITE_KINDS``; default ``MIX``.

    Returns
    -------
    dict of arrays of length ``n_sites``: ``position`` (0-based centre),
    ``kind`` (str, one of ``SITE_KINDS``), ``genotype`` (0 hom-ref, 1 het,
    2 hom-alt), ``vtype`` (0 SNP, 1 insertion, 2 deletion, -1 none),
    ``length`` (indel length in bases, 1-3; 1 for SNPs; 0 for none).
    About a third of the planted indels sit at the end of a homopolymer.
    """
    from . import seeding
    n_sites = validate.count(n_sites, "n_sites")
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    mix = dict(MIX if mix is None else mix)
    unknown = set(mix) - set(SITE_KINDS)
    if unknown or not mix or min(mix.values()) < 0 or sum(mix.values()) <= 0:
        raise ValueError(f"mix must map site kinds {SITE_KINDS} to fractions >= 0; got {mix}")
    rng = seeding.rng(seed)
    codes = _codes(reference)
    kinds = list(mix)
    p = np.array([mix[k] for k in kinds], dtype=float)
    kind = np.array(kinds, dtype=object)[rng.choice(len(kinds), size=n_sites, p=p / p.sum())].astype(str)
    margin = WINDOW
    everywhere = np.arange(margin, len(codes) - margin)
    allowed = everywhere[split_of(everywhere) == split]
    allowed = allowed[codes[allowed] < 4]
    runs = homopolymer_ends(reference)
    runs = runs[(runs >= margin) & (runs < len(codes) - margin)]
    runs = runs[split_of(runs) == split]
    if len(runs) == 0 and (kind == "homopolymer").any():
        raise ValueError(f"the {split} blocks of this reference hold no homopolymer run of {HOMOPOLYMER}+ bases: "
                         "pass a mix without 'homopolymer'")
    in_run = (kind == "homopolymer") | (np.isin(kind, ["insertion", "deletion"]) & (rng.random(n_sites) < 1 / 3))
    in_run &= len(runs) > 0
    position = rng.choice(allowed, size=n_sites)
    position[in_run] = rng.choice(runs, size=int(in_run.sum()))
    genotype = np.where(rng.random(n_sites) < 2 / 3, 1, 2)
    vtype = np.full(n_sites, -1)
    for t, name in enumerate(TYPES):
        vtype[kind == name] = t
    genotype[vtype < 0] = 0
    length = np.where(vtype == 0, 1, rng.integers(1, 4, n_sites))
    length[in_run & (vtype > 0)] = 1
    length[vtype < 0] = 0
    return {"position": position, "kind": kind, "genotype": genotype, "vtype": vtype, "length": length}


def simulate_site(window, kind, genotype, length, coverage, rng):
    """Reads of one site of a diploid sample, aligned to the reference window.

    Parameters
    ----------
    window : str of length ``WINDOW``, the reference around the site (centre at ``CENTRE``).
    kind : one of ``SITE_KINDS``.
    genotype : 0, 1 or 2 copies of the planted variant (0 for the error kinds).
    length : int, indel length (ignored for SNPs).
    coverage : float, mean depth; the read count is Poisson, capped at ``MAX_READS``, at least 2.
    rng : numpy Generator.

    Returns
    -------
    dict with ``base`` (R, W) int8 read base per reference column (0-3, -1 deleted),
    ``quality`` (R, W) int Phred base quality (0 where deleted), ``strand`` (R,)
    bool (True forward), ``insertion`` (R, W) int bases inserted after each column,
    ``inserted`` str (the planted inserted bases), ``variant`` str (the ALT allele
    of a planted SNP or insertion, else ""), ``alt`` (R,) bool (read from the
    variant haplotype) and ``paralog`` (R,) bool (mis-mapped read).
    """
    if kind not in SITE_KINDS:
        raise ValueError(f"kind must be one of {SITE_KINDS}, got {kind!r}")
    ref = _codes(window)
    if len(ref) != WINDOW or (ref > 3).any():
        raise ValueError(f"window must be {WINDOW} bases of A/C/G/T, got {window!r}")
    n = int(np.clip(rng.poisson(coverage), 2, MAX_READS))
    strand = rng.random(n) < 0.5
    alt = rng.random(n) < genotype / 2
    base = np.tile(ref, (n, 1)).astype(np.int8)
    insertion = np.zeros((n, WINDOW), dtype=np.int64)
    quality = np.clip(np.round(rng.normal(rng.uniform(24, 38, (n, 1)), 4, (n, WINDOW))), 2, 41).astype(np.int64)
    inserted = variant = ""
    in_run = _run_length_at_centre(window) >= HOMOPOLYMER
    paralog = np.zeros(n, dtype=bool)
    if kind == "SNP":
        alt_base = (ref[CENTRE] + rng.integers(1, 4)) % 4
        base[alt, CENTRE] = alt_base
        variant = BASES[alt_base]
    elif kind == "deletion":
        base[alt, CENTRE:CENTRE + length] = -1
    elif kind == "insertion":
        inserted = window[CENTRE] * length if in_run else "".join(rng.choice(list(BASES), length))
        insertion[alt, CENTRE] = length
        variant = window[CENTRE] + inserted
    elif kind == "low quality":
        quality[:, CENTRE] = rng.integers(2, 13, n)
    elif kind == "strand bias":
        hit = (strand == (rng.random() < 0.5)) & (rng.random(n) < rng.uniform(0.5, 0.95))
        base[hit, CENTRE] = (ref[CENTRE] + rng.integers(1, 4)) % 4
    elif kind == "paralog":
        paralog = rng.random(n) < rng.uniform(0.2, 0.45)
        others = np.r_[rng.choice(np.r_[0:CENTRE, CENTRE + 1:WINDOW], rng.integers(2, 5), replace=False), CENTRE]
        base[np.ix_(paralog, others)] = (ref[others] + rng.integers(1, 4, len(others))) % 4
    errors = rng.random((n, WINDOW)) < 10.0 ** (-quality / 10)
    errors &= base >= 0
    base[errors] = (base[errors] + rng.integers(1, 4, int(errors.sum()))) % 4
    if in_run:                                          # homopolymer slippage at the run's last base
        slip = (rng.random(n) < rng.uniform(0.2, 0.55)) & (base[:, CENTRE] >= 0)
        short = slip & (rng.random(n) < 0.75)
        base[short, CENTRE] = -1
        insertion[slip & ~short, CENTRE] += 1
    quality[base < 0] = 0
    return {"base": base, "quality": quality, "strand": strand, "insertion": insertion,
            "inserted": inserted, "variant": variant, "alt": alt, "paralog": paralog}


def pileup_tensor(reads, window):
    """The reads of one site as an image of shape ``(C, R, W)`` = ``(8, MAX_READS, WINDOW)``, float32.

    Channels (``CHANNELS``): one-hot read base A, C, G, T (all 0 where the read
    has a deletion); base quality / 40; strand (+1 forward, -1 reverse);
    matches reference (1 or 0); insertion after this column (1 or 0). Rows are
    reads, forward strand first; rows beyond the read count are all zero
    (padding, recognisable by strand 0).
    """
    ref = _codes(window)
    base, n = reads["base"], len(reads["strand"])
    order = np.argsort(~reads["strand"], kind="stable")       # forward reads on top
    x = np.zeros((len(CHANNELS), MAX_READS, WINDOW), dtype=np.float32)
    b = base[order]
    x[:4, :n] = b[None] == np.arange(4)[:, None, None]
    x[4, :n] = reads["quality"][order] / 40
    x[5, :n] = np.where(reads["strand"][order], 1.0, -1.0)[:, None]
    x[6, :n] = b == ref
    x[7, :n] = reads["insertion"][order] > 0
    return x


def simulate(reference, n_sites, split, coverage=30, seed=0, mix=None):
    """Simulate ``n_sites`` sites of one split and return their pileups and truth.

    Parameters
    ----------
    reference : str, the genome.
    n_sites : int.
    split : "train", "valid" or "test".
    coverage : float (mean depth) or a tuple ``(low, high)``: each site's mean depth
        is drawn uniformly from it.
    seed : int, shifted by ``COURSE_SEED_OFFSET``.
    mix : site kinds and their fractions (default ``MIX``).

    Returns
    -------
    dict: ``x`` float32 ``(N, 8, MAX_READS, WINDOW)`` pileups, ``depth`` (N,) reads,
    and the arrays of ``sample_sites`` (``position``, ``kind``, ``genotype``,
    ``vtype``, ``length``).
    """
    from . import seeding
    ok = (isinstance(coverage, tuple) and len(coverage) == 2 and 0 < coverage[0] <= coverage[1]) or \
        (isinstance(coverage, (int, float)) and not isinstance(coverage, bool) and coverage > 0)
    if not ok:
        raise ValueError(f"coverage must be a positive number such as 30, or a tuple (low, high); got {coverage!r}")
    sites = sample_sites(reference, n_sites, split, seed=seed, mix=mix)
    rng = seeding.rng(seed + 7919)
    if isinstance(coverage, tuple):
        depths = rng.uniform(coverage[0], coverage[1], n_sites)
    else:
        depths = np.full(n_sites, float(coverage))
    x = np.zeros((n_sites, len(CHANNELS), MAX_READS, WINDOW), dtype=np.float32)
    depth = np.zeros(n_sites, dtype=np.int64)
    for i, pos in enumerate(sites["position"]):
        window = reference[pos - CENTRE:pos + CENTRE + 1]
        reads = simulate_site(window, sites["kind"][i], sites["genotype"][i], sites["length"][i], depths[i], rng)
        x[i] = pileup_tensor(reads, window)
        depth[i] = len(reads["strand"])
    return dict(sites, x=x, depth=depth)


PILEUPS = (f"pileup tensors of shape (N, {len(CHANNELS)}, {MAX_READS}, {WINDOW}) (or one "
           f"({len(CHANNELS)}, {MAX_READS}, {WINDOW})), e.g. pileup.simulate(...)['x']")


def _check_pileups(x):
    try:
        validate.numbers(x, "x")
    except TypeError:
        hint = ": pass its 'x' (the pileups), not the whole dict" if isinstance(x, dict) else ""
        raise TypeError(f"x must be {PILEUPS}; got {type(x).__name__}{hint}") from None
    x = np.asarray(validate.to_numpy(x))
    if x.ndim == 3:
        x = x[None]
    if x.ndim != 4 or x.shape[1] != len(CHANNELS):
        raise ValueError(f"pileups must have shape (N, {len(CHANNELS)}, reads, window), got {x.shape}: "
                         f"pass {PILEUPS}")
    return x


EVIDENCE_KEYS = ("candidate", "ctype", "alt", "ref", "read", "quality")


def _check_evidence(ev):
    """Check that ``ev`` is the dict that ``evidence`` returns (the callers take it, not pileups)."""
    if not isinstance(ev, dict):
        hint = (": call ev = pileup.evidence(x) on the pileups first"
                if hasattr(ev, "shape") else "")
        raise TypeError(f"ev must be the dict from pileup.evidence(x), got {type(ev).__name__}{hint}")
    missing = [k for k in EVIDENCE_KEYS if k not in ev]
    if missing:
        raise ValueError(f"ev lacks {missing}: pass the dict from pileup.evidence(x), "
                         "not the dict from pileup.simulate(...)")


def evidence(x):
    """Candidate allele of each site and what each read says about it, at the centre column.

    The candidate allele is the most frequent non-reference observation at the
    centre: a base (SNP), a deletion or an insertion. A site is a candidate when
    at least ``MIN_ALT_READS`` reads and ``MIN_ALT_FRACTION`` of reads show it.

    Parameters
    ----------
    x : pileups ``(N, 8, R, W)`` (or one ``(8, R, W)``).

    Returns
    -------
    dict: ``candidate`` (N,) bool, ``ctype`` (N,) int 0 SNP / 1 insertion / 2 deletion,
    ``alt`` (N, R) bool read shows the candidate allele, ``ref`` (N, R) bool read
    shows the reference, ``read`` (N, R) bool real read (not padding),
    ``quality`` (N, R) Phred quality at the centre, ``forward`` (N, R) bool,
    ``depth`` (N,) and ``alt_count`` (N,).
    """
    x = _check_pileups(x)
    c = x.shape[3] // 2
    read = x[:, 5, :, c] != 0
    onehot = x[:, :4, :, c] > 0.5                                 # (N, 4, R)
    match = x[:, 6, :, c] > 0.5
    deleted = read & ~onehot.any(axis=1)
    inserted = read & (x[:, 7, :, c] > 0.5)
    mismatch = onehot & (read & ~match & ~deleted)[:, None]
    counts = np.concatenate([mismatch.sum(axis=2), inserted.sum(axis=1)[:, None], deleted.sum(axis=1)[:, None]], 1)
    best = counts.argmax(axis=1)                                  # 0-3 a base, 4 insertion, 5 deletion
    ctype = np.where(best < 4, 0, best - 3)
    n = np.arange(len(x))
    alt_snp = onehot[n, np.minimum(best, 3)] & (read & ~match & ~deleted)
    alt = np.where((best == 4)[:, None], inserted, np.where((best == 5)[:, None], deleted, alt_snp))
    ref = np.where((ctype == 0)[:, None], match, np.where((ctype == 1)[:, None], read & ~inserted, read & ~deleted))
    depth, alt_count = read.sum(axis=1), alt.sum(axis=1)
    candidate = (alt_count >= MIN_ALT_READS) & (alt_count >= MIN_ALT_FRACTION * np.maximum(depth, 1))
    return {"candidate": candidate, "ctype": ctype, "alt": alt, "ref": ref & ~alt, "read": read,
            "quality": np.round(x[:, 4, :, c] * 40), "forward": x[:, 5, :, c] > 0, "depth": depth, "alt_count": alt_count}


def allele_fraction(ev, min_quality=0):
    """Fraction of reads showing the candidate allele, among reads with base quality >= ``min_quality``.

    Indel observations have no base quality and always count. Returns (N,) floats.
    """
    _check_evidence(ev)
    validate.positive(min_quality, "min_quality", example=20, zero=True)
    usable = ev["read"] & ((ev["quality"] >= min_quality) | (ev["ctype"] > 0)[:, None])
    return (ev["alt"] & usable).sum(1) / np.maximum(usable.sum(1), 1)


def threshold_call(ev, het=0.2, hom=0.8, min_quality=0):
    """Allele-fraction caller: genotype 0 below ``het``, 1 from ``het``, 2 from ``hom``; 0 where not a candidate.

    Parameters
    ----------
    ev : dict from ``evidence``.
    het, hom : float fractions in [0, 1]. min_quality : Phred, reads below it are ignored.

    Returns
    -------
    (N,) int genotypes.
    """
    _check_evidence(ev)
    het, hom = validate.fraction(het, "het"), validate.fraction(hom, "hom")
    af = allele_fraction(ev, min_quality)
    return np.where(ev["candidate"], (af >= het).astype(int) + (af >= hom), 0)


def genotype_log_likelihoods(ev, indel_error=0.01):
    """log P(reads | genotype) for genotypes 0, 1, 2 copies of the candidate allele, shape (N, 3).

    A read shows its true allele with probability ``1 - e`` and each wrong base
    with ``e / 3``, where ``e = 10 ** (-Q / 10)`` from its base quality (SNPs) or
    ``indel_error`` (indels). Reads are independent; a het read comes from
    either haplotype with probability 1/2. Reads showing neither allele are left out.
    """
    _check_evidence(ev)
    validate.fraction(indel_error, "indel_error", low_open=True)
    e_snp = np.clip(10.0 ** (-ev["quality"] / 10), 1e-5, 0.75)
    snp = (ev["ctype"] == 0)[:, None]
    p_alt_given_ref = np.where(snp, e_snp / 3, indel_error)       # read shows alt, haplotype is ref
    p_alt_given_alt = np.where(snp, 1 - e_snp, 1 - indel_error)
    p_ref_given_alt = np.where(snp, e_snp / 3, indel_error)
    p_ref_given_ref = np.where(snp, 1 - e_snp, 1 - indel_error)
    out = []
    for g in (0, 1, 2):
        f = g / 2
        p = np.where(ev["alt"], (1 - f) * p_alt_given_ref + f * p_alt_given_alt,
                     (1 - f) * p_ref_given_ref + f * p_ref_given_alt)
        out.append(np.where(ev["alt"] | ev["ref"], np.log(p), 0.0).sum(axis=1))
    return np.stack(out, axis=1)


def bayes_call(ev, log10_prior=-3.0, indel_error=0.01):
    """Genotype with the highest posterior: likelihoods from base qualities, prior P(het) = 10**log10_prior,
    P(hom-alt) = P(het) / 2; 0 where not a candidate. Returns (N,) int genotypes."""
    _check_evidence(ev)
    if isinstance(log10_prior, bool) or not isinstance(log10_prior, Real):
        raise TypeError(f"log10_prior must be a number such as -3.0 (P(het) = 10 ** log10_prior), "
                        f"got {type(log10_prior).__name__} {log10_prior!r}")
    if not np.isfinite(log10_prior) or log10_prior >= np.log10(2 / 3):
        raise ValueError(f"log10_prior must be a finite number below log10(2/3) = -0.18, such as -3.0; "
                         f"got {log10_prior!r}")
    theta = 10.0 ** log10_prior
    log_prior = np.log([1 - 1.5 * theta, theta, theta / 2])
    post = genotype_log_likelihoods(ev, indel_error) + log_prior
    return np.where(ev["candidate"], post.argmax(axis=1), 0)


def truth_codes(genotype, vtype):
    """One code per site for scoring: 0 no variant, else ``1 + 2 * type + (genotype - 1)`` (1-6). (N,) ints."""
    validate.numbers(genotype, "genotype")
    validate.numbers(vtype, "vtype")
    genotype, vtype = np.asarray(genotype), np.asarray(vtype)
    try:
        np.broadcast_shapes(genotype.shape, vtype.shape)
    except ValueError:
        raise ValueError(f"genotype and vtype must have one value per site each, got shapes "
                         f"{genotype.shape} and {vtype.shape} (e.g. sites['genotype'], sites['vtype'])") from None
    return np.where(genotype > 0, 1 + 2 * np.maximum(vtype, 0) + genotype - 1, 0)


def call_codes(genotype, ev):
    """Codes (as ``truth_codes``) of called genotypes of the candidate allele; 0 where not a candidate."""
    _check_evidence(ev)
    if np.shape(validate.numbers(genotype, "genotype")) != ev["candidate"].shape:
        raise ValueError(f"genotype must hold one called genotype per site of ev, shape {ev['candidate'].shape}; "
                         f"got shape {np.shape(genotype)}")
    return np.where(ev["candidate"], truth_codes(genotype, ev["ctype"]), 0)


def _type_of(code):
    return (np.asarray(code) - 1) // 2


def counts(y_true, y_call, vtype):
    """True positives, false positives and false negatives of variant type ``vtype`` (0, 1, 2).

    A call is a true positive when it names the right type and genotype at a
    variant site; a wrong genotype counts as one false positive and one false
    negative (as vcfeval does).
    """
    validate.choice(vtype, {0: "SNP", 1: "insertion", 2: "deletion"}, "vtype")
    shapes = np.shape(validate.numbers(y_true, "y_true")), np.shape(validate.numbers(y_call, "y_call"))
    if len(shapes[0]) != 1 or shapes[0] != shapes[1]:
        raise ValueError(f"y_true and y_call must be 1-D codes of the same sites, from pileup.truth_codes "
                         f"and pileup.call_codes; got shapes {shapes[0]} and {shapes[1]}")
    y_true, y_call = np.asarray(y_true).astype(int), np.asarray(y_call).astype(int)
    tp = int(np.sum((y_call == y_true) & (y_true > 0) & (_type_of(y_true) == vtype)))
    fp = int(np.sum((y_call > 0) & (_type_of(y_call) == vtype))) - tp
    fn = int(np.sum((y_true > 0) & (_type_of(y_true) == vtype))) - tp
    return tp, fp, fn


def f1(vtype):
    """A metric ``f(y_true, y_call) -> F1`` for one variant type (0 SNP, 1 insertion, 2 deletion, or "all"),
    on codes from ``truth_codes`` / ``call_codes``; usable with ``metrics.difference``."""
    validate.choice(vtype, {0: "SNP", 1: "insertion", 2: "deletion", "all": "all three"}, "vtype")
    def metric(y_true, y_call):
        types = range(3) if vtype == "all" else [vtype]
        tp, fp, fn = np.sum([counts(y_true, y_call, t) for t in types], axis=0)
        return float(2 * tp / max(2 * tp + fp + fn, 1))
    metric.__name__ = f"f1_{vtype}"
    return metric


def score_table(y_true, y_call):
    """Precision, recall and F1 per variant type (rows SNP, insertion, deletion), a pandas DataFrame."""
    import pandas as pd
    rows = []
    for t, name in enumerate(TYPES):
        tp, fp, fn = counts(y_true, y_call, t)
        rows.append({"type": name, "TP": tp, "FP": fp, "FN": fn, "precision": tp / max(tp + fp, 1),
                     "recall": tp / max(tp + fn, 1), "F1": 2 * tp / max(2 * tp + fp + fn, 1)})
    return pd.DataFrame(rows).set_index("type")


# The notebook's network, character for character (tests/test_nb20_exercises.py compares the source).
class PileupCNN(nn.Module):
    def __init__(self, channels=8, filters=16, width=5, hidden=32):
        super().__init__()
        self.conv = nn.Conv2d(channels, filters, (1, width), padding=(0, width // 2))   # along each read
        self.read_layer = nn.Linear(2 * filters, filters)     # one read: its centre + the most it shows anywhere
        self.head = nn.Sequential(nn.LayerNorm(2 * filters + 1), nn.Linear(2 * filters + 1, hidden), nn.ReLU(),
                                  nn.Linear(hidden, 3))

    def forward(self, x):                                     # x: (N, C, R, W) pileups
        is_read = (x[:, 5, :, 0] != 0).float()                # (N, R): 1 for a read, 0 for padding
        h = torch.relu(self.conv(x))                          # (N, F, R, W): features along each read
        per_read = torch.cat([h[..., x.shape[3] // 2], h.amax(dim=3)], dim=1).transpose(1, 2)  # (N, R, 2F)
        r = torch.relu(self.read_layer(per_read)) * is_read[..., None]                         # (N, R, F)
        n = is_read.sum(dim=1, keepdim=True).clamp(min=1)     # (N, 1) reads
        site = torch.cat([r.sum(dim=1) / n, r.amax(dim=1), torch.log(n) / 4], dim=1)          # (N, 2F + 1)
        return self.head(site)                                # (N, 3) genotype logits


BUDGET = dict(epochs=40, lr=3e-3, batch_size=64, patience=5)


_COLOURS = np.array([[0.0, 0.62, 0.45], [0.0, 0.45, 0.7], [0.9, 0.6, 0.0], [0.8, 0.15, 0.1]])   # A C G T


def show(x, ax=None, title=None):
    """Draw one pileup ``(8, R, W)`` as a picture of reads (rows) over reference columns.

    Bases that match the reference are grey, mismatches take their base's colour
    (A green, C blue, G orange, T red), fainter where the base quality is low;
    deletions are black, insertions a purple bar at the column's right edge. The
    narrow column on the left is the strand (dark forward, light reverse);
    padding rows are white. Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt
    x = _check_pileups(x)[0]
    read = x[5, :, 0] != 0
    n, width = int(read.sum()), x.shape[2]
    q = np.clip(x[4, :n], 0.15, 1.0)[..., None]
    colour = np.where(x[6, :n, :, None] > 0.5, 0.55, np.einsum("brw,bk->rwk", x[:4, :n], _COLOURS))
    rgb = 1 - q * (1 - colour)                                 # fade low-quality bases towards white
    rgb[x[:4, :n].sum(axis=0) == 0] = 0.0                      # deletions
    img = np.ones((x.shape[1], width + 2, 3))
    img[:n, 2:] = rgb
    img[:n, 0] = np.where(x[5, :n, 0, None] > 0, [0.2, 0.2, 0.5], [0.75, 0.75, 0.95])
    ax = ax or plt.subplots(figsize=(3, 3.2))[1]
    ax.imshow(img, aspect="auto", interpolation="nearest")
    rows, cols = np.nonzero(x[7, :n] > 0.5)
    ax.scatter(cols + 2.5, rows, marker="|", s=40, color="purple", linewidths=2)
    ax.axvline(2 + width // 2 - 0.5, color="k", lw=0.5, ls=":")
    ax.axvline(2 + width // 2 + 0.5, color="k", lw=0.5, ls=":")
    ax.set(xticks=[0, 2 + width // 2], xticklabels=["strand", "centre"], yticks=[], ylabel=f"{n} reads")
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def read_records(reads, start, window):
    """The reads of one site as BAM fields (plain Python, for ``pysam.AlignedSegment``).

    Parameters
    ----------
    reads : dict from ``simulate_site``. start : int, 0-based reference position of
    the window's first column. window : str, the reference window.

    Returns
    -------
    list of dicts ``name``, ``start`` (0-based), ``cigar`` (list of (op, length):
    0 match, 1 insertion, 2 deletion), ``sequence`` (str), ``qualities`` (list of
    Phred ints) and ``reverse`` (bool). Reads that begin with a deletion start later.
    """
    keys = ("base", "quality", "strand", "insertion", "inserted", "alt")
    if not isinstance(reads, dict) or any(k not in reads for k in keys):
        raise TypeError("reads must be the dict from pileup.simulate_site(...) with keys "
                        f"{', '.join(keys)}; got {type(reads).__name__}")
    validate.count(start, "start", minimum=0, example=1000)
    if not isinstance(window, str) or len(window) != WINDOW:
        raise TypeError(f"window must be the reference window, a str of {WINDOW} bases, got "
                        f"{type(window).__name__} {window!r:.40}")
    out = []
    for r in range(len(reads["strand"])):
        ops, seq, qual = [], [], []
        for j in range(WINDOW):
            b = int(reads["base"][r, j])
            ops.append(2 if b < 0 else 0)
            if b >= 0:
                seq.append(BASES[b])
                qual.append(int(reads["quality"][r, j]))
            k = int(reads["insertion"][r, j])
            if k:
                extra = reads["inserted"] if (reads["alt"][r] and reads["inserted"]) else window[j] * k
                extra = (extra + window[j] * k)[:k]
                ops += [1] * k
                seq.append(extra)
                qual += [30] * k
        first = next(i for i, op in enumerate(ops) if op != 2)
        cigar = []
        for op in ops[first:]:
            if cigar and cigar[-1][0] == op:
                cigar[-1] = (op, cigar[-1][1] + 1)
            else:
                cigar.append((op, 1))
        out.append({"name": f"read{r}", "start": start + first, "cigar": cigar, "sequence": "".join(seq),
                    "qualities": qual, "reverse": not bool(reads["strand"][r])})
    return out


def vcf_record(window, start, kind, genotype, length, variant=""):
    """VCF fields of one planted variant: ``(pos0, ref, alt, gt)`` with ``pos0`` 0-based.

    ``variant`` is ``simulate_site``'s ``variant`` (the ALT of a SNP or an insertion).
    Deletions and insertions are anchored on the base before the change (VCF rule).
    """
    gt = (0, 1) if genotype == 1 else (1, 1)
    if kind == "SNP":
        return start + CENTRE, window[CENTRE], variant, gt
    if kind == "deletion":
        return start + CENTRE - 1, window[CENTRE - 1:CENTRE + length], window[CENTRE - 1], gt
    if kind == "insertion":
        return start + CENTRE, window[CENTRE], variant, gt
    raise ValueError(f"kind must be 'SNP', 'insertion' or 'deletion', got {kind!r}")
