"""Exercises of notebook 20: variant calling from read pileups (DeepVariant-style)."""
import functools

import numpy as np

from .. import data, pileup, validate
from ..exercises import ExperimentExercise, FunctionExercise, ThoughtExercise, is_blank, NotAttempted


# ---------------------------------------------------------------- q1: reading the tensor
def _disagree_fraction(x):
    c = x.shape[3] // 2                                   # the centre column
    read = x[:, 5, :, c] != 0                             # real reads (padding rows have strand 0)
    disagree = read & ((x[:, 6, :, c] == 0) | (x[:, 7, :, c] == 1))   # mismatch or deletion, or an insertion
    return disagree.sum(axis=1) / read.sum(axis=1)


def _padding_counted(x):
    c = x.shape[3] // 2
    return 1 - x[:, 6, :, c].mean(axis=1)                 # padding rows count as disagreeing


def _insertions_missed(x):
    c = x.shape[3] // 2
    read = x[:, 5, :, c] != 0
    return (read & (x[:, 6, :, c] == 0)).sum(axis=1) / read.sum(axis=1)


def _whole_window(x):
    read = x[:, 5] != 0                                   # (N, R, W)
    disagree = read & ((x[:, 6] == 0) | (x[:, 7] == 1))
    return disagree.sum(axis=(1, 2)) / read.sum(axis=(1, 2))


def _first_column(x):
    read = x[:, 5, :, 0] != 0
    return (read & ((x[:, 6, :, 0] == 0) | (x[:, 7, :, 0] == 1))).sum(axis=1) / read.sum(axis=1)


def _case_pileups():
    """Small fixed pileups: a het SNP, a het insertion, a hom-alt deletion (one at a time), then all three."""
    rng = np.random.default_rng(20)                       # fixed cases, the same for every seed offset
    window = "ACGTTGCAGCATGCA"
    sites = [("SNP", 1, 1, 14), ("insertion", 1, 2, 12), ("deletion", 2, 1, 9)]
    xs = [pileup.pileup_tensor(pileup.simulate_site(window, kind, gt, length, cov, rng), window)
          for kind, gt, length, cov in sites]
    return [np.stack([x]) for x in xs] + [np.stack(xs)]


q1 = FunctionExercise(
    "20.q1",
    cases=[((x,), _disagree_fraction(x)) for x in _case_pileups()],
    hint="Work at the centre column c = x.shape[3] // 2 only. A row is a read when its strand channel "
         "(5) is not 0; padding rows are all zero. A read disagrees with the reference there when its "
         "'matches reference' channel (6) is 0 (a wrong base or a deletion) OR its insertion channel (7) "
         "is 1 (a read with an insertion still matches the reference base). Divide by the number of reads, "
         "not by the number of rows.",
    solution="def disagree_fraction(x):\n"
             "    c = x.shape[3] // 2\n"
             "    read = x[:, 5, :, c] != 0\n"
             "    disagree = read & ((x[:, 6, :, c] == 0) | (x[:, 7, :, c] == 1))\n"
             "    return disagree.sum(axis=1) / read.sum(axis=1)\n"
             "pileup.evidence does the same per allele, and a site becomes a candidate when enough reads "
             "show one allele.",
    solution_value=_disagree_fraction,
    typical_wrong=[_padding_counted, _insertions_missed, _whole_window, _first_column],
)


# ---------------------------------------------------------------- q2: a strand-aware caller
_GOAL_F1, _GOAL_STRAND = 0.78, 0.05


@functools.lru_cache(maxsize=1)
def _fresh_sites():
    """1,500 sites at 30x simulated for this check only: validation blocks, a seed the notebook never uses."""
    reference = data.load("chlamydia_genome").sequence[0]
    return pileup.simulate(reference, 1500, "valid", coverage=30, seed=2020)


def _evaluate_caller(caller):
    if not callable(caller):
        raise TypeError(f"pass your caller function itself (my_caller, without brackets), not a "
                        f"{type(caller).__name__}")
    sites = _fresh_sites()
    x = sites["x"]
    g = caller(x.copy())
    if is_blank(g):
        raise NotAttempted()
    g = validate.to_numpy(g)                # a tensor on any device
    g = np.asarray(g)
    if g.shape != (len(x),):
        raise ValueError(f"your caller must return one genotype per site, shape ({len(x)},); got shape {g.shape}")
    if g.dtype.kind not in "biu" and not (g.dtype.kind == "f" and np.all(g == np.round(g))):
        raise TypeError(f"genotypes must be whole numbers 0, 1 or 2, got dtype {g.dtype}")
    g = g.astype(int)
    if not np.isin(g, (0, 1, 2)).all():
        raise ValueError(f"genotypes must be 0 (hom-ref), 1 (het) or 2 (hom-alt); got values {np.unique(g)[:6]}")
    ev = pileup.evidence(x)
    truth = pileup.truth_codes(sites["genotype"], sites["vtype"])
    score = pileup.f1(0)(truth, pileup.call_codes(g, ev))
    plain = pileup.f1(0)(truth, pileup.call_codes(pileup.threshold_call(ev, 0.3, 0.85, 20), ev))
    strand = float((g[sites["kind"] == "strand bias"] > 0).mean())
    report = (f"on {len(x)} freshly simulated sites at 30x (validation blocks, not the notebook's test set): SNP F1 "
              f"{score:.2f} (goal: at least {_GOAL_F1:.2f}; the plain allele-fraction caller at 0.3 / 0.85 / Q20 "
              f"gets {plain:.2f}), strand-bias sites called a variant {strand:.0%} (goal: at most {_GOAL_STRAND:.0%})")
    return score >= _GOAL_F1 and strand <= _GOAL_STRAND, report


def _strand_aware(x):
    ev = pileup.evidence(x)
    g = pileup.threshold_call(ev, het=0.3, hom=0.85, min_quality=20)
    forward = (ev["alt"] & ev["forward"]).sum(axis=1)
    reverse = (ev["alt"] & ~ev["forward"]).sum(axis=1)
    one_sided = np.minimum(forward, reverse) < 0.2 * (forward + reverse)   # under a fifth on the weaker strand
    return np.where(one_sided, 0, g)


def _plain(x):
    return pileup.threshold_call(pileup.evidence(x), het=0.3, hom=0.85, min_quality=20)


def _both_strands_equal(x):
    ev = pileup.evidence(x)
    g = pileup.threshold_call(ev, het=0.3, hom=0.85, min_quality=20)
    forward = (ev["alt"] & ev["forward"]).sum(axis=1)
    reverse = (ev["alt"] & ~ev["forward"]).sum(axis=1)
    return np.where(forward == reverse, g, 0)            # far too strict: sampling alone unbalances strands


def _higher_threshold(x):
    return pileup.threshold_call(pileup.evidence(x), het=0.5, hom=0.85, min_quality=20)


q2 = ExperimentExercise(
    "20.q2", evaluate=_evaluate_caller,
    hint="Start from ev = pileup.evidence(x) and g = pileup.threshold_call(ev, ...) with the settings tuned "
         "above (or 0.3, 0.85 and Q20). ev['alt'] (N, R) says which reads show the candidate allele and "
         "ev['forward'] (N, R) which reads are on the forward strand. Count the alt reads on each strand; "
         "a real variant is read from both strands, a strand-specific error from one. Set the genotype to "
         "0 where the weaker strand holds only a small share (say under a fifth) of the alt reads. Do not "
         "demand equal counts: with 15 alt reads, sampling alone splits them 5/10 often.",
    solution="def my_caller(x):\n"
             "    ev = pileup.evidence(x)\n"
             "    g = pileup.threshold_call(ev, het=0.3, hom=0.85, min_quality=20)\n"
             "    forward = (ev['alt'] & ev['forward']).sum(axis=1)\n"
             "    reverse = (ev['alt'] & ~ev['forward']).sum(axis=1)\n"
             "    one_sided = np.minimum(forward, reverse) < 0.2 * (forward + reverse)\n"
             "    return np.where(one_sided, 0, g)\n"
             "A strand-balance filter removes almost every strand-bias false positive at a tiny cost in recall "
             "(this is what GATK's FisherStrand / StrandOddsRatio annotations do). The paralog sites still fool "
             "it; a filter on reads with several mismatches in the window would remove most of them. Every such "
             "rule is one more thing to write, tune and maintain per sequencing technology; the CNN learned both "
             "from labelled examples. Note that the rule had to be invented by someone who knew the artefact.",
    solution_value=lambda: _strand_aware,
    typical_wrong=[lambda: _plain, lambda: _both_strands_equal, lambda: _higher_threshold,
                   lambda: (lambda x: np.zeros(len(x), dtype=int)), lambda: (lambda x: np.zeros(5, dtype=int))],
    time_limit=120.0,
)


q3 = ThoughtExercise(
    "20.q3",
    hint="What tells an aligner's user that a read could have come from elsewhere in the genome? Think of "
         "the per-read number every BAM record carries next to the CIGAR, and of what the Bayesian caller "
         "assumes about each read.",
    solution="Mis-mapped reads from a paralog carry a low mapping quality (MAPQ) in a real BAM: the aligner "
             "found a second, almost as good place for them. DeepVariant gives the CNN a mapping-quality "
             "channel, and a Bayesian caller can weight each read by the probability that it is mapped "
             "correctly (as GATK does, capping a base's quality at the read's MAPQ). Our simulation gives no "
             "MAPQ, so the CNN had to notice that these reads show several mismatches across the window, a "
             "pattern the Bayesian caller cannot express: it assumes reads are independent, correctly placed, "
             "and wrong only at the rate their base qualities state. With MAPQ in the likelihood, the "
             "Bayesian caller would close much of the paralog gap; the strand-bias gap needs a strand term.",
    mentions=("mapping quality", "MAPQ", "independent"),
)
