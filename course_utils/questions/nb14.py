"""Exercises of notebook 14: contacts from coevolution."""
import numpy as np

from ..exercises import ExperimentExercise, FunctionExercise, NotAttempted, ThoughtExercise, ValueExercise, is_blank

q1 = ValueExercise(
    "14.q1", expected=903, types=(int,),
    hint="Count the pairs i < j of 48 positions, then remove those with j - i < 6 (j - i = 1..5).",
    solution="48 * 47 / 2 = 1128 pairs; those with separation 1..5 number 47 + 46 + 45 + 44 + 43 = 225; "
             "1128 - 225 = 903 pairs are scored, and only L/5 = 9 of them are judged.",
    explain={1128: "that counts all pairs i < j; pairs closer than 6 along the chain are left out.",
             2304: "48 * 48 counts ordered pairs and the diagonal.",
             9: "that is L/5, the number of TOP pairs judged, not the number scored."},
    typical_wrong=[1128, 2304, 9, 2256],
)


def _apc(M):
    M = np.array(M, dtype=float)
    np.fill_diagonal(M, 0.0)
    L = len(M)
    row = M.sum(axis=1) / (L - 1)
    total = M.sum() / (L * (L - 1))
    out = M - np.outer(row, row) / total
    np.fill_diagonal(out, 0.0)
    return out


_M1 = np.array([[0.0, 0.9, 0.2, 0.4], [0.9, 0.0, 0.3, 0.5], [0.2, 0.3, 0.0, 0.1], [0.4, 0.5, 0.1, 0.0]])
_M2 = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 3.0], [1.0, 3.0, 0.0]])
_M3 = np.array([[5.0, 0.2, 0.6], [0.2, 5.0, 0.4], [0.6, 0.4, 5.0]])     # a diagonal that must be ignored


def _with_diagonal(M):                     # includes the diagonal in the means
    M = np.array(M, dtype=float)
    row = M.mean(axis=1)
    out = M - np.outer(row, row) / M.mean()
    np.fill_diagonal(out, 0.0)
    return out


def _mean_only(M):                         # subtracts the overall mean instead of the product
    M = np.array(M, dtype=float)
    np.fill_diagonal(M, 0.0)
    L = len(M)
    out = M - M.sum() / (L * (L - 1))
    np.fill_diagonal(out, 0.0)
    return out


def _divides(M):                           # divides by the product instead of subtracting
    M = np.array(M, dtype=float)
    np.fill_diagonal(M, 0.0)
    L = len(M)
    row = M.sum(axis=1) / (L - 1)
    out = M / (np.outer(row, row) + 1e-12)
    np.fill_diagonal(out, 0.0)
    return out


q2 = FunctionExercise(
    "14.q2",
    cases=[((_M1,), _apc(_M1)), ((_M2,), _apc(_M2)), ((_M3,), _apc(_M3))],
    hint="Set the diagonal to 0. mean_i = row sum / (L - 1); mean = total / (L (L - 1)); "
         "APC_ij = M_ij - mean_i * mean_j / mean, and the diagonal of the result is 0.",
    solution="def apc(M):\n"
             "    M = np.array(M, dtype=float)\n"
             "    np.fill_diagonal(M, 0.0)\n"
             "    L = len(M)\n"
             "    row = M.sum(axis=1) / (L - 1)\n"
             "    total = M.sum() / (L * (L - 1))\n"
             "    out = M - np.outer(row, row) / total\n"
             "    np.fill_diagonal(out, 0.0)\n"
             "    return out",
    solution_value=_apc,
    typical_wrong=[_with_diagonal, _mean_only, _divides, lambda M: np.array(M, dtype=float)],
)


def _held_out_families():
    """Two simulated families the notebook never trained on (same recipe, other seeds)."""
    from .. import alignment, coevolution
    fams = []
    for seed in (101, 102):
        c = coevolution.planted_contacts(48, coevolution.random_fold(48, seed=seed))
        X = coevolution.potts_family(c, 250, coupling=0.55, field=1.0, ancestors=60, divergence=0.3, seed=seed)
        fams.append((X, c))
    return fams


_CACHE = {}


def _evaluate(score):
    from .. import coevolution
    if not callable(score):
        raise TypeError(f"pass your scoring function (def score(X): ... return an (L, L) array), "
                        f"not a {type(score).__name__}")
    if "fams" not in _CACHE:
        _CACHE["fams"] = _held_out_families()
    precisions = []
    for X, c in _CACHE["fams"]:
        s = score(X.copy())
        if is_blank(s):
            raise NotAttempted
        s = np.asarray(s, dtype=float)
        if s.shape != c.shape:
            raise ValueError(f"your function returned shape {s.shape}; it must return an (L, L) map, here {c.shape}")
        precisions.append(coevolution.contact_precision(s, c))
    p = float(np.mean(precisions))
    return p >= 0.5, f"top-L/5 precision {p:.2f} on two held-out simulated families (goal: at least 0.50)"


def _mi_apc(X):
    from .. import alignment, coevolution
    return coevolution.apc(coevolution.mutual_information(X, alignment.sequence_weights(X)))


def _mi_raw(X):
    from .. import coevolution
    return coevolution.mutual_information(X)


q3 = ExperimentExercise(
    "14.q3", evaluate=_evaluate,
    hint="Start from coevolution.mutual_information(X, weights) and add the step this notebook showed "
         "removes the background shared by every pair of variable columns.",
    solution="def score(X):\n"
             "    w = alignment.sequence_weights(X)\n"
             "    return coevolution.apc(coevolution.mutual_information(X, w))\n"
             "Raw MI ranks pairs of variable columns first; the correction removes that shared part.",
    solution_value=_mi_apc,
    typical_wrong=[_mi_raw, lambda X: np.zeros((X.shape[2], X.shape[2]))],
)

q4 = ThoughtExercise(
    "14.q4",
    hint="What does a 2-D CNN see that a score of one pair alone cannot, and what does AlphaFold2 add on top?",
    solution="Contacts come in patterns: a pair of strands gives a run of contacts along an (anti-)diagonal, "
             "so a 2-D CNN that looks at the neighbourhood of a pair can promote weak pairs on a stripe and "
             "demote isolated noise. AlphaFold2 goes further: it reads the whole alignment (not just pair "
             "statistics), updates the pair representation with triangle rules (if i touches j and j touches "
             "k, i and k are constrained) and ends in 3-D coordinates, trained end to end on the PDB.",
)
