"""Exercises of notebook 16: heterogeneity and confounding (batch effects, held-out splits)."""
import functools

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .. import confounding, data, metrics
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise

N_GENES = 500      # the most variable probe sets, as in the notebook


@functools.lru_cache(maxsize=1)
def _bladder():
    expr, samples = data.load("bladderbatch_expression"), data.load("bladderbatch_samples")
    keep = (samples.cancer != "Biopsy").to_numpy()
    X = expr.drop(columns="sample").to_numpy(np.float64)[keep]
    X = X[:, np.argsort(X.var(0))[::-1][:N_GENES]]
    return X, (samples.cancer[keep] == "Cancer").to_numpy(int), samples.batch[keep].to_numpy()


def bladder():
    """Cancer (1) vs normal (0) bladder samples of notebook 16: ``(X, y, batch)``, X the N_GENES most variable.

    Returns fresh copies: changing them in the notebook cannot change what the checker uses.
    """
    return tuple(a.copy() for a in _bladder())


def _fixed_model():
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.01, solver="liblinear"))


def _other_batches():
    """Batch labels of another design (strings, in shuffled order) to see that a split follows its input."""
    labels = np.repeat(np.array(["run-A", "run-B", "run-C", "run-D"]), [6, 9, 5, 8])
    return np.random.default_rng(16).permutation(labels)


def _folds(split_fn, batch):
    try:
        return list(split_fn(batch.copy()))
    except TypeError:
        raise TypeError("my_split(batch) should return a list of (train_indices, test_indices) pairs") from None


def _evaluate_split(split_fn):
    if not callable(split_fn):
        raise TypeError(f"pass your split FUNCTION (def my_split(batch): ...), not a {type(split_fn).__name__}")
    X, y, batch = _bladder()
    folds = _folds(split_fn, batch)
    try:
        n = confounding.check_held_out(folds, batch)
    except ValueError as err:
        return False, f"not a batch-held-out split: {err}"
    other = _other_batches()
    try:
        confounding.check_held_out(_folds(split_fn, other), other)
    except ValueError as err:
        return False, (f"your folds do not follow the batch labels you are given: on another design "
                       f"(4 batches named run-A..run-D, samples in another order) they fail: {err}")
    for k, (tr, _) in enumerate(folds):
        if len(np.unique(y[np.asarray(tr, dtype=int)])) < 2:
            return False, (f"fold {k} trains on one class only: no classifier can learn cancer vs normal from it, "
                           f"so its test scores say nothing about the biology; group the batches so every training "
                           f"part holds both classes")
    # What the split is for: a model that sees only the batch must gain nothing from it.
    onehot = (batch[:, None] == np.unique(batch)[None, :]).astype(float)
    shortcut = metrics.auroc(y, confounding.out_of_fold(LogisticRegression, onehot, y, folds))
    if shortcut > 0.6:
        return False, f"a model that sees only the batch label scores AUROC {shortcut:.2f} on your folds: the split still rewards recognising the batch"
    # The honest evidence: inside a mixed batch that was held out whole, one model ranks both classes.
    within = []
    for tr, te in folds:
        tr, te = np.asarray(tr, dtype=int), np.asarray(te, dtype=int)
        model = _fixed_model().fit(X[tr], y[tr])
        for b in np.unique(batch[te]):
            rows = te[batch[te] == b]
            if len(np.unique(y[rows])) == 2:
                within.append(f"batch {b}: {metrics.auroc(y[rows], model.predict_proba(X[rows])[:, 1]):.2f}")
    return True, (f"{n} folds, no batch shared between train and test (also on another design), every sample tested "
                  f"once, both classes in every training part; a batch-only model scores AUROC {shortcut:.2f} on "
                  f"them (not above chance: no shortcut left); within-batch AUROC of a fixed logistic regression (C = 0.01) on the "
                  f"mixed batch it never saw: {', '.join(within) or 'none held out whole'}")


def _reference_split(batch):
    return [(np.flatnonzero(batch != b), np.flatnonzero(batch == b)) for b in np.unique(batch)]


def _random_split(batch):
    y = bladder()[1]
    return list(StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros(len(y)), y))


def _train_includes_test(batch):
    return [(np.arange(len(batch)), np.flatnonzero(batch == b)) for b in np.unique(batch)]


def _one_fold(batch):
    return [(np.flatnonzero(batch != 3), np.flatnonzero(batch == 3))]


def _hard_coded(batch):
    b = _bladder()[2]                         # the notebook's batches, whatever it is given
    return [(np.flatnonzero(b != v), np.flatnonzero(b == v)) for v in np.unique(b)]


def _one_class_training(batch):               # trains on batch 3 alone (normal only) in one fold
    rows = np.asarray(batch) == np.unique(batch)[2]
    return [(np.flatnonzero(~rows), np.flatnonzero(rows)), (np.flatnonzero(rows), np.flatnonzero(~rows))]


q1 = ExperimentExercise(
    "16.q1", evaluate=_evaluate_split,
    hint="Loop over the distinct batch labels (np.unique(batch)); for each, the test part is the samples of "
         "that batch (np.flatnonzero(batch == b)) and the train part is everything else. Use only the batch "
         "labels you are given: the checker also tries your function on another design.",
    solution="def my_split(batch):\n"
             "    return [(np.flatnonzero(batch != b), np.flatnonzero(batch == b)) for b in np.unique(batch)]\n"
             "This is sklearn's LeaveOneGroupOut().split(X, y, groups=batch). Every sample is tested once, by a "
             "model that never saw its batch, so batch-specific shifts cannot help it: a model that sees only the batch "
             "label gains nothing (its pooled AUROC falls below chance, for the reason the notebook explains), and "
             "the model tested on batch 2 must separate cancer from normal inside one batch.",
    solution_value=lambda: _reference_split,
    typical_wrong=[lambda: _random_split, lambda: _train_includes_test, lambda: _one_fold, lambda: _hard_coded,
                   lambda: _one_class_training],
)

q2 = ValueExercise(
    "16.q2", expected=1, types=(int,),
    hint="Look at the batch x cancer table at the top: count the rows with samples in BOTH columns.",
    solution="Only batch 2 holds both cancer and normal samples (14 and 4). Batches 1 and 5 are all cancer, "
             "batch 3 all normal: there, batch and disease cannot be told apart by any method.",
    explain={0: "look again at batch 2.", 2: "batch 5 has cancer and biopsy samples; biopsies are left out here.",
             5: "most batches hold one class only; that is the problem."},
    typical_wrong=[0, 2, 3, 5],
)

q3 = ThoughtExercise(
    "16.q3",
    hint="After per-batch centring, what is the mean of every gene in batch 1 (all cancer) and batch 3 "
         "(all normal)? Where is a cancer-vs-normal difference still visible?",
    solution="Centring forces each batch's mean to the same value. In a batch that holds only cancer (1, 5) or "
             "only normal (3) samples the batch mean IS the class mean, so the cancer-normal difference is "
             "subtracted away with the batch shift; only batch 2, the one mixed batch, keeps a within-batch "
             "contrast. A correction can only separate batch from biology where the design crosses them. The "
             "fix is in the design (randomise samples over batches), not in the analysis; with a confounded "
             "design the honest statement is that the data cannot tell.",
)
