"""Non-deep baselines every deep model in the course must beat, tuned on the validation split."""
import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import make_scorer
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from . import metrics, validate
from .kmers import kmer_counts


def kmer_logistic(seqs, y, k=4, C=0.1):
    """Fit the k-mer + logistic regression baseline of notebook 01.

    Parameters
    ----------
    seqs : list of N DNA strings (any lengths).
    y : array of shape ``(N,)``, 0/1 labels.
    k : int, k-mer length (``4**k`` features).
    C : float, inverse L2 regularisation strength of the logistic regression.

    Returns
    -------
    A fitted scikit-learn pipeline (k-mer frequencies -> standardise -> logistic
    regression); ``model.predict_proba(seqs)[:, 1]`` gives the probability of label 1.
    """
    seqs = validate.sequences(seqs)
    y = np.asarray(y) if y is not None and not isinstance(y, (str, bytes)) else None
    if y is None or y.ndim != 1 or len(y) != len(seqs):
        raise ValueError(f"y must be a 1-D array of {len(seqs)} labels, one per sequence")
    if not set(np.unique(y).tolist()) <= {0, 1}:
        raise ValueError("y must hold 0/1 labels")
    if not (isinstance(C, (int, float)) and C > 0):
        raise ValueError(f"C must be a positive number (smaller = stronger regularisation), got {C!r}")
    model = make_pipeline(
        FunctionTransformer(kmer_counts, kw_args={"k": k}),
        StandardScaler(),
        LogisticRegression(C=C, max_iter=2000),
    )
    return model.fit(seqs, y)


def tuned_logistic(features, y_train, y_valid, Cs=(0.01, 0.1, 1.0), metric=metrics.auroc):
    """Logistic regression whose feature set and C are chosen on the validation split.

    The search is scikit-learn's ``GridSearchCV`` over ``C`` with a ``PredefinedSplit`` whose one fold
    is the validation split (training rows -1: always fitted on, validation rows 0: always scored): the
    pattern to use for any model tuned on a fixed validation split. Ties go to the first candidate.

    Parameters
    ----------
    features : dict ``{name: (F_train, F_valid)}``, e.g. ``{"k=3": (...), "k=4": (...)}``;
        arrays of shape ``(N_train, d)`` and ``(N_valid, d)``.
    y_train, y_valid : 0/1 labels.
    Cs : inverse regularisation strengths to try.
    metric : validation metric to maximise, ``metric(y_true, probability of class 1)``.

    Returns
    -------
    (name, C, model, valid_score): the best feature set, its C, the scikit-learn pipeline
    (standardise -> logistic regression) fitted on the training split, and its validation score.
    """
    if not isinstance(features, dict) or not features:
        raise TypeError("features must be a non-empty dict {name: (F_train, F_valid)}")
    y_train, y_valid = np.ravel(y_train), np.ravel(y_valid)
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(solver="liblinear", max_iter=1000))
    one_fold = PredefinedSplit(np.r_[np.full(len(y_train), -1), np.zeros(len(y_valid), dtype=int)])
    scorer = make_scorer(metric, response_method="predict_proba")
    best = None
    for name, (F_train, F_valid) in features.items():
        if len(F_train) != len(y_train) or len(F_valid) != len(y_valid):
            raise ValueError(f"features[{name!r}] rows do not match the labels")
        search = GridSearchCV(pipeline, {"logisticregression__C": list(Cs)}, scoring=scorer, cv=one_fold,
                              refit=False).fit(np.concatenate([F_train, F_valid]), np.r_[y_train, y_valid])
        score, C = float(search.best_score_), search.best_params_["logisticregression__C"]
        if best is None or score > best[3]:
            best = (name, C, clone(pipeline).set_params(logisticregression__C=C).fit(F_train, y_train), score)
    return best
