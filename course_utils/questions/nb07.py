"""Exercises of notebook 07: a VAE scores mutation effects (DeepSequence)."""
import math

import numpy as np

from ..exercises import FunctionExercise, ThoughtExercise, ValueExercise

_GAPS = "-."


def _weights(seqs, identity=0.8):
    n = len(seqs)
    neighbours = np.zeros(n)
    for i, a in enumerate(seqs):
        residues = [k for k, c in enumerate(a) if c not in _GAPS]
        for b in seqs:
            same = sum(a[k] == b[k] for k in residues)
            if same >= identity * max(len(residues), 1) - 1e-9:
                neighbours[i] += 1
    return 1.0 / np.maximum(neighbours, 1)


def _weights_gaps_match(seqs, identity=0.8):            # a shared gap counted as identity
    return np.array([1.0 / sum(sum(x == y for x, y in zip(a, b)) >= identity * len(a) for b in seqs)
                     for a in seqs])


def _weights_strict(seqs, identity=0.8):                # '>' instead of 'at least'
    out = []
    for a in seqs:
        res = [k for k, c in enumerate(a) if c not in _GAPS]
        out.append(1.0 / max(1, sum(sum(a[k] == b[k] for k in res) > identity * len(res) for b in seqs)))
    return np.array(out)


def _neighbour_counts(seqs, identity=0.8):              # forgot to invert
    return 1.0 / _weights(seqs, identity)


def _without_self(seqs, identity=0.8):                  # only the other sequences counted
    return 1.0 / np.maximum(1.0 / _weights(seqs, identity) - 1.0, 1.0)


q1 = FunctionExercise(
    "07.q1",
    cases=[((["ACDEF", "ACDEF", "ACDEW", "WWWWW"],), np.array([1 / 3, 1 / 3, 1 / 3, 1.0])),
           ((["AC---", "ACDEF", "----W"],), np.array([0.5, 1.0, 1.0])),
           ((["KLMNP", "KLMQQ", "KLMNQ"], 0.6), np.array([1 / 3, 1 / 3, 1 / 3])),
           ((["KLMNP", "KLMQQ", "KLMNQ"], 0.8), np.array([0.5, 0.5, 1 / 3]))],
    hint="For sequence i, look only at its residues (skip '-' and '.'). Count the sequences j "
         "(i itself included) that carry the same letter at at least `identity` of those positions; "
         "the weight is 1 / that count.",
    solution="def weights(seqs, identity=0.8):\n"
             "    out = []\n"
             "    for a in seqs:\n"
             "        residues = [k for k, c in enumerate(a) if c not in '-.']\n"
             "        n = sum(sum(a[k] == b[k] for k in residues) >= identity * len(residues) for b in seqs)\n"
             "        out.append(1 / n)\n"
             "    return np.array(out)\n"
             "course_utils.alignment.sequence_weights does the same with one matrix product.",
    solution_value=_weights,
    typical_wrong=[_weights_gaps_match, _weights_strict, _neighbour_counts, _without_self],
)


def _kl(mu, logvar):
    mu, logvar = np.asarray(mu, dtype=float), np.asarray(logvar, dtype=float)
    return float(0.5 * np.sum(mu ** 2 + np.exp(logvar) - 1.0 - logvar))


q2 = FunctionExercise(
    "07.q2",
    cases=[((np.zeros(3), np.zeros(3)), 0.0),
           ((np.array([1.0, 0.0]), np.zeros(2)), 0.5),
           ((np.array([0.0]), np.array([math.log(2.0)])), 0.5 * (1.0 - math.log(2.0))),
           ((np.array([2.0, -1.0]), np.array([-1.0, 1.0])),
            0.5 * (4 + math.exp(-1) - 1 + 1) + 0.5 * (1 + math.exp(1) - 1 - 1))],
    hint="For one latent dimension KL(N(mu, s^2) || N(0, 1)) = 0.5 * (mu^2 + s^2 - 1 - log s^2), "
         "with s^2 = exp(logvar). Sum over the dimensions and return a float.",
    solution="def kl(mu, logvar):\n"
             "    return float(0.5 * np.sum(mu**2 + np.exp(logvar) - 1 - logvar))\n"
             "It is 0 only when q(z|x) is the prior itself (mu = 0, logvar = 0).",
    solution_value=_kl,
    typical_wrong=[lambda mu, lv: float(np.sum(mu ** 2 + np.exp(lv) - 1 - lv)),           # no 0.5
                   lambda mu, lv: float(-0.5 * np.sum(mu ** 2 + np.exp(lv) - 1 - lv)),    # sign
                   lambda mu, lv: float(0.5 * np.sum(mu ** 2 + lv - 1 - np.log(np.abs(lv) + 1e-12))),
                   lambda mu, lv: float(0.5 * np.sum(mu ** 2 + np.exp(lv) - 1 - lv) / len(mu))],  # mean
)

q3 = ThoughtExercise(
    "07.q3",
    hint="Column-scrambled decoys keep every column's amino-acid frequencies. What is the only "
         "information the PSSM uses?",
    solution="The PSSM scores each column on its own, so a decoy built from natural residues column by "
             "column gets the same expected score as a natural sequence: it cannot tell them apart "
             "(AUROC near 0.5). The VAE's latent variable ties the columns together, so it notices "
             "combinations of residues that never occur together. For the same reason the VAE can "
             "score two mutations that are harmful alone but compensate each other (epistasis), "
             "while an independent-site model simply adds their effects.",
)

q4 = ValueExercise(
    "07.q4", expected="negative", types=(str,),
    hint="The ELBO is a lower bound on log p(x): how likely the model finds a sequence to be a WW "
         "domain. Almost every member of the family has W at the first tryptophan position.",
    solution="negative. Replacing the first W, which almost every family member keeps, makes the "
             "sequence look much less like a WW domain, so ELBO(mutant) - ELBO(wild type) < 0; the "
             "heatmap shows a dark column there for every substitution.",
    explain={"positive": "a positive difference would mean the mutant looks MORE like a WW domain than "
                         "the wild type. Look at the column of the first W in the heatmap.",
             "zero": "a neutral mutation gives about zero, but this W is almost invariant in the family; "
                     "look at the colour of its column in the heatmap."},
    typical_wrong=["positive", "zero"],
)
