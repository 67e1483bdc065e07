"""Exercises of notebook 11: regulatory genomics (5' splice sites and the lac promoter)."""
import functools

import numpy as np

from .. import data, encoding, mave
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise
from ._models import feature_matrix

q1 = ValueExercise(
    "11.q1", expected=0.8, tolerance=0.01,
    hint="Write each replicate as the true activity plus independent noise. The replicates correlate at "
         "r_rep = var(true) / var(measured); a perfect model predicts the true activity. What is its "
         "correlation with ONE replicate?",
    solution="sqrt(0.64) = 0.8. The perfect model correlates with one replicate at sqrt(r_rep), so a model "
             "may beat the replicate-replicate correlation (0.64) and still be honest; only r above 0.8 "
             "would be suspicious (leakage, or a ceiling estimated on other sequences). Its R^2 ceiling "
             "is r_rep = 0.64.",
    explain={0.64: "0.64 is the correlation between the two replicates, i.e. the ceiling on R^2 (r squared), "
                   "not on r. The perfect model carries no noise of its own, so it agrees with one "
                   "replicate better than the other replicate does.",
             0.4096: "you squared the replicate correlation; the ceiling on r is its square root.",
             1.0: "no model can predict the noise of one replicate, so r = 1 is out of reach."},
    typical_wrong=[0.64, 0.4096, 1.0, 0.32],
)


@functools.lru_cache(maxsize=1)
def _mpsa():
    mpsa = data.load("mpsa")
    return {s: (mpsa.sequence[mpsa.split == s].tolist(), mpsa.y[mpsa.split == s].to_numpy(np.float64))
            for s in ("train", "valid")}            # the test split stays untouched for the notebook


_GOAL = 0.45
_ALPHAS = (1.0, 10.0, 100.0, 1000.0)


def _encoded(encode, seqs, name):
    return feature_matrix(encode(list(seqs)), len(seqs), f"encode (on the {name} split)", "sequence", 4000,
                          "; all pairwise one-hot terms of a 9-mer need only 36 * 16 = 576")


def _evaluate_encoding(encode):
    if not callable(encode):
        raise TypeError(f"pass your encoding function itself (encode, without brackets), not a "
                        f"{type(encode).__name__}")
    sets = _mpsa()
    F = {s: _encoded(encode, seqs, s) for s, (seqs, _) in sets.items()}
    if len({f.shape[1] for f in F.values()}) != 1:
        raise ValueError("encode returned a different number of features for different splits: "
                         "the features must not depend on which sequences are passed")
    y = sets["train"][1]
    inner = np.arange(len(y)) % 5 != 0             # four fifths fit, one fifth chooses the penalty
    fit = mave.fit_ridge((F["train"][inner], y[inner]), (F["train"][~inner], y[~inner]), alphas=_ALPHAS)
    score = mave.r2(sets["valid"][1], fit.predict(F["valid"]))
    report = (f"ridge regression on your {F['train'].shape[1]} features (fitted on four fifths of the training "
              f"split, penalty {fit.alpha:g} chosen on the other fifth): validation R^2 {score:.2f} (goal: at "
              f"least {_GOAL:.2f}; one-hot features alone give about 0.20)")
    return score >= _GOAL, report


def _one_hot_pairs(seqs):
    x = encoding.one_hot_dna(seqs)                                   # (N, 4, 9)
    n, _, length = x.shape
    pairs = [(x[:, :, i, None] * x[:, None, :, j]).reshape(n, 16)    # one-hot of the base pair at (i, j)
             for i in range(length) for j in range(i + 1, length)]
    return np.concatenate([x.reshape(n, -1)] + pairs, axis=1)


def _one_hot(seqs):
    return encoding.one_hot_dna(seqs).reshape(len(seqs), -1)


q2 = ExperimentExercise(
    "11.q2", evaluate=_evaluate_encoding,
    hint="A linear model can only add up the features it is given. Give it one feature per PAIR of "
         "positions and pair of bases: for positions i < j, the product x[:, a, i] * x[:, b, j] of the "
         "one-hot entries is 1 exactly when base a sits at i and base b at j. Keep the 36 one-hot "
         "features too. Return a (N, features) array.",
    solution="def encode(seqs):\n"
             "    x = encoding.one_hot_dna(seqs)                        # (N, 4, 9)\n"
             "    n, _, length = x.shape\n"
             "    pairs = [(x[:, :, i, None] * x[:, None, :, j]).reshape(n, 16)\n"
             "             for i in range(length) for j in range(i + 1, length)]\n"
             "    return np.concatenate([x.reshape(n, -1)] + pairs, axis=1)  # 36 + 36 * 16 = 612 features\n"
             "Validation R^2 rises from about 0.20 to about 0.49: a linear model with pairwise features "
             "is the pairwise model without the sigmoid read-out. Pairwise features help a linear model "
             "more than they help the model with the read-out, because part of what they capture is "
             "the saturation itself: on the wrong scale, a nonlinear read-out looks like interactions "
             "between positions (global epistasis).",
    solution_value=_one_hot_pairs,
    typical_wrong=[_one_hot,
                   lambda seqs: encoding.one_hot_dna(seqs).sum(axis=2),         # base composition: positions lost
                   lambda seqs: encoding.one_hot_dna(seqs[:100]).reshape(100, -1),  # not one row per sequence
                   "one-hot plus pairs"],
)

q3 = ThoughtExercise(
    "11.q3",
    hint="Energy: lower means tighter binding. Mean bin: higher means more fluorescence. Then think about "
         "what CRP does for RNA polymerase, and about what an additive model of the mean bin assumes.",
    solution="Lower CRP binding energy means CRP is bound more often; bound CRP recruits RNA polymerase "
             "through a protein-protein contact, so expression and the mean bin go up: a base that "
             "lowers the energy raises the mean bin, and the two matrices correlate negatively. The "
             "additive model of the mean bin adds the CRP, -35 and -10 effects, whereas in the "
             "thermodynamic model of Kinney et al. (2010) expression is a nonlinear function of two "
             "binding energies plus a CRP-RNAP interaction energy: CRP helps only as much as it "
             "recruits polymerase, and fluorescence saturates. A small neural network whose first "
             "layer is linear (one unit per binding site, i.e. an energy matrix) followed by a "
             "nonlinear read-out can express that, as MAVE-NN does.",
)
