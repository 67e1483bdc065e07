"""Exercises of notebook 19: DNA methylation from neighbouring CpGs (DeepCpG's CpG module)."""
import functools

import numpy as np
from threadpoolctl import threadpool_limits

from .. import data, methylation, metrics
from ..exercises import ExperimentExercise, FunctionExercise, ThoughtExercise
from ._models import feature_matrix


# ---- q2: the distance-weighted mean of the neighbours' levels (the kNN baseline, by hand) --------------------------

def _weighted_level(levels, distances, power):
    w = np.asarray(distances, dtype=float) ** -float(power)
    return float((w * np.asarray(levels, dtype=float)).sum() / w.sum())


q2 = FunctionExercise(
    "19.q2",
    cases=[(([1.0, 0.0], [10.0, 10.0], 1), 0.5),               # equal distances: the plain mean
           (([1.0, 0.0], [10.0, 30.0], 1), 0.75),              # weights 1/10 and 1/30
           (([1.0, 0.0], [10.0, 30.0], 2), 0.9),               # weights 1/100 and 1/900
           (([0.2, 0.8, 0.5], [100.0, 50.0, 400.0], 0), 0.5),  # power 0: the plain mean
           (([0.9, 0.1, 0.6, 0.3], [20.0, 200.0, 40.0, 1000.0], 1), 0.7506172839506173)],
    hint="Each neighbour gets the weight w = distance ** -power (power 0: all equal; larger power: near "
         "neighbours count more). The prediction is sum(w * level) / sum(w): a weighted mean, so divide by "
         "the sum of the weights.",
    solution="def weighted_level(levels, distances, power):\n"
             "    w = np.asarray(distances, dtype=float) ** -power\n"
             "    return float((w * np.asarray(levels)).sum() / w.sum())",
    solution_value=_weighted_level,
    typical_wrong=[lambda l, d, p: float(np.mean(l)),                                       # ignores distance
                   lambda l, d, p: float((np.asarray(d, float) ** p * np.asarray(l)).sum()
                                         / (np.asarray(d, float) ** p).sum()),                # far ones count more
                   lambda l, d, p: float((np.asarray(d, float) ** -p * np.asarray(l)).sum()),  # not divided by sum(w)
                   lambda l, d, p: float(np.asarray(l)[np.argmin(d)])],                      # nearest only
    compare=lambda got, expected: abs(float(got) - expected) < 1e-6,
)


# ---- q3: give a linear model better features of the same neighbours; checked on validation blocks ----------------

_K_GIVEN = 20          # neighbours per side handed to the learner's function
_GOAL = 0.894          # validation AUROC; the raw neighbours (k = 10 per side) give about 0.890 here
_N_TRAIN, _N_VALID = 40_000, 20_000


@functools.lru_cache(maxsize=1)
def _sets():
    """Neighbour features (k = 20 per side) and labels of fixed subsamples of the train and valid blocks."""
    cpg = methylation.pooled_levels(data.load("imr90_chr22_cpg"))
    X = methylation.neighbour_features(cpg["pos"].to_numpy(), cpg["level"].to_numpy(), k=_K_GIVEN)
    y = (cpg["level"].to_numpy() > 0.5).astype(int)
    rng = np.random.default_rng(19)            # fixed: the check must not move with COURSE_SEED_OFFSET
    split = cpg["split"].to_numpy()
    out = {}
    for name, n in (("train", _N_TRAIN), ("valid", _N_VALID)):
        rows = np.sort(rng.choice(np.flatnonzero(split == name), n, replace=False))
        out[name] = (X[rows], y[rows])
    return out                                 # the test blocks stay untouched for the notebook


def _features_of(featurize, X, name):
    return feature_matrix(featurize(X.copy()), len(X), f"featurize (on the {name} blocks)", "CpG", 500)


def _logistic_auroc(F_train, y_train, F_valid, y_valid):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    with threadpool_limits(1):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000))
        model.fit(F_train, y_train)
        return metrics.auroc(y_valid, model.decision_function(F_valid))


def _evaluate_features(featurize):
    if not callable(featurize):
        raise TypeError(f"pass your feature function itself (featurize, without brackets), not a "
                        f"{type(featurize).__name__}")
    sets = _sets()
    F = {name: _features_of(featurize, X, name) for name, (X, _) in sets.items()}
    if F["train"].shape[1] != F["valid"].shape[1]:
        raise ValueError("featurize returned a different number of features for different CpGs: the columns "
                         "must not depend on which CpGs are passed")
    score = _logistic_auroc(F["train"], sets["train"][1], F["valid"], sets["valid"][1])
    report = (f"logistic regression (standardised, C = 1) on your {F['train'].shape[1]} features of "
              f"{_N_TRAIN:,} CpGs of the training blocks: AUROC {score:.3f} on {_N_VALID:,} CpGs of the "
              f"validation blocks (goal: at least {_GOAL}; the raw 10 neighbours per side give about 0.890)")
    return score >= _GOAL, report


def _raw(X, k=10):
    """The notebook's features: levels and log10 distances of the k nearest neighbours per side, flattened."""
    mid = X.shape[2] // 2
    return X[:, :, mid - k:mid + k].reshape(len(X), -1)


def _raw_plus_knn(X):
    averages = [methylation.knn_predict(X, k, p) for k in (1, 2, 5, 10, 20, 40) for p in (0, 1, 2)]
    return np.column_stack([_raw(X)] + averages)


q3 = ExperimentExercise(
    "19.q3", evaluate=_evaluate_features,
    hint="A linear model adds up its inputs, so it cannot form a distance-WEIGHTED average of the levels by "
         "itself: that is a product of a level and a function of a distance. Hand it those averages "
         "(methylation.knn_predict(X, k, power) for a few k and powers, e.g. k in 1, 2, 5, 10, 20, 40 and "
         "power in 0, 1, 2) next to the raw neighbours (X[:, :, 10:30].reshape(len(X), -1)) and stack them "
         "with np.column_stack.",
    solution="def featurize(X):                                   # X: (N, 2, 40), 20 neighbours per side\n"
             "    raw = X[:, :, 10:30].reshape(len(X), -1)          # the 10 nearest per side, as in the notebook\n"
             "    averages = [methylation.knn_predict(X, k, p) for k in (1, 2, 5, 10, 20, 40) for p in (0, 1, 2)]\n"
             "    return np.column_stack([raw] + averages)\n"
             "Validation AUROC rises from about 0.890 to about 0.899, level with gradient boosting and the "
             "network: their edge over logistic regression was a nonlinearity you can write down by hand "
             "(weighting levels by distance). More raw neighbours alone do not help a linear model.",
    solution_value=lambda: _raw_plus_knn,
    typical_wrong=[lambda: _raw,                                          # the notebook's inputs: about 0.890
                   lambda: (lambda X: X.reshape(len(X), -1)),             # all 20 per side, still linear
                   lambda: (lambda X: X[:100].reshape(100, -1)),          # not one row per CpG
                   "knn_predict"],
    time_limit=120.0,
)


# ---- q1: what the data leave out -----------------------------------------------------------------------------------

q1 = ThoughtExercise(
    "19.q1",
    hint="Every CpG in the file has at least one methylated read in each replicate that reports it. Which "
         "CpGs of the genome have none? Where do they sit, and what would the model see there?",
    solution="The file lists only cytosines Lister et al. called methylated, so CpGs that are unmethylated in "
             "IMR90 (most CpG-island CpGs, at promoters) are missing: the low mode of the bimodal "
             "distribution is cut away, the positive rate is far higher than in the genome, and 'CpG density' "
             "from these positions undercounts unmethylated islands. A model trained here has almost never "
             "seen an unmethylated island, so on a complete methylome it would predict 'methylated' inside "
             "islands too; its scores here say nothing about islands. Before training, ask how the rows of a "
             "table were chosen (coverage filters, calling thresholds), not only what the columns mean; a "
             "complete data set (all CpGs with their coverage, e.g. a Bismark coverage file) avoids it.",
    mentions=["only methylated CpGs are listed (a selection on the label)", "unmethylated CpG islands are missing",
              "the model would fail on islands / a complete methylome", "check how rows were filtered"],
)
