"""Exercises of notebook 05: predicting target genes from landmark genes (D-GEX).

The experiment exercise (q2) rebuilds the notebook's split: the ALL patients split
by ``expression.split_samples(128, test_size=0.25, valid_size=0.15,
stratify=cell_type, seed=0)`` and standardised with the training patients'
statistics. It is built once, on the first check, and kept. The check scores
the validation patients; the test patients stay untouched for the notebook.
"""
import functools

import numpy as np

from .. import validate
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "05.q1",
    expected=75, types=(int,),
    hint="`np.linalg.matrix_rank(X_train)`. Before you run it, guess: the matrix has 76 rows (training "
         "patients) and 500 columns (landmarks), and every column was centred on its training mean.",
    solution="`np.linalg.matrix_rank(X_train)` = 75. A matrix's rank is at most min(rows, columns) = 76, "
             "and centring every column (standardize subtracts the training mean) removes one more "
             "direction: the rows now sum to zero. So the 500 landmark values of a training patient live in a "
             "75-dimensional space; any linear model of the targets, and the MLP's first layer, only ever sees "
             "these 75 directions in training. That is why 500 random landmarks do almost as well as 500 "
             "clustered ones here, and why D-GEX needed tens of thousands of profiles to use ~1000 landmarks.",
    explain={76: "close: 76 rows, but every column was centred on its training mean, so the rows sum to zero "
                 "and one direction is lost. Compute it with np.linalg.matrix_rank(X_train).",
             500: "500 is the number of columns, but a matrix's rank is at most min(rows, columns): "
                  "count the training patients.",
             128: "128 is all patients; X_train holds only the training patients."},
    typical_wrong=[76, 500, 128],
)


GOAL_MAE = 0.565
N_LANDMARKS = 50
ALPHAS = (10, 30, 100, 300, 1000)


@functools.lru_cache(maxsize=1)
def _split():
    """Standardised (train, valid, test) expression of the ALL patients, as in the notebook."""
    from .. import data, expression
    expr, samples = data.load("all_expression"), data.load("all_samples")
    X = expr.drop(columns="sample").to_numpy(np.float32)
    i_train, i_valid, i_test = expression.split_samples(len(X), test_size=0.25, valid_size=0.15,
                                                        stratify=samples["cell_type"], seed=0)
    return tuple(expression.standardize(X[i_train], X[i_valid], X[i_test]))


def _landmark_error(landmarks):
    """Validation MAE of ridge from ``landmarks`` to all other genes, alpha tuned on the training patients.

    The penalty is chosen by leave-one-out cross-validation on the training
    patients (``RidgeCV``, one alpha for all genes), so the validation patients
    only score and the test patients are never used.
    """
    from sklearn.linear_model import RidgeCV
    Z_train, Z_valid, _ = _split()
    targets = np.setdiff1d(np.arange(Z_train.shape[1]), landmarks)
    fit = RidgeCV(alphas=ALPHAS).fit(Z_train[:, landmarks], Z_train[:, targets])
    error = float(np.abs(Z_valid[:, targets] - fit.predict(Z_valid[:, landmarks])).mean())
    return error, fit.alpha_, len(targets)


def _evaluate_landmarks(answer):
    answer = validate.to_numpy(answer)                # a tensor on any device
    if isinstance(answer, (str, bytes, dict)) or np.ndim(answer) != 1:
        raise TypeError("pass the landmarks as a 1-D array or list of column indices (integers 0-4999), "
                        "e.g. expression.select_landmarks(Z_train, 50)")
    landmarks = np.asarray(answer)
    if landmarks.size and landmarks.dtype.kind not in "iu":
        raise TypeError(f"landmarks must be integer column indices, got dtype {landmarks.dtype}; "
                        "gene names or booleans do not work here: use np.flatnonzero(mask) for a mask")
    n_genes = _split()[0].shape[1]
    if len(np.unique(landmarks)) != len(landmarks):
        raise ValueError("some landmarks are listed twice: each gene can be measured only once")
    if landmarks.size == 0 or landmarks.min() < 0 or landmarks.max() >= n_genes:
        raise ValueError(f"landmark indices must lie between 0 and {n_genes - 1}")
    if len(landmarks) > N_LANDMARKS:
        return False, (f"{len(landmarks)} landmarks is over the budget of {N_LANDMARKS}: choose at most "
                       f"{N_LANDMARKS} genes")
    error, alpha, n_targets = _landmark_error(landmarks)
    return error <= GOAL_MAE, (f"{len(landmarks)} landmarks: ridge (alpha {alpha:g}, tuned by leave-one-out on the "
                               f"training patients) predicts the other {n_targets} genes of the validation "
                               f"patients with MAE {error:.3f} (goal: at most {GOAL_MAE})")


def _landmarks(method, seed=0):
    def build():
        from .. import expression
        return expression.select_landmarks(_split()[0], N_LANDMARKS, method=method, seed=seed)
    return build


q2 = ExperimentExercise(
    "05.q2",
    evaluate=_evaluate_landmarks,
    hint="Try `expression.select_landmarks(Z_train, 50, method=...)` with 'random', 'variance' and "
         "'cluster' and check each. Which choice spreads 50 genes over the co-expression modules instead "
         "of piling them into the biggest one?",
    solution="`landmarks_50 = expression.select_landmarks(Z_train, 50, method='cluster', seed=0)` gives a "
             "validation MAE of about 0.55. 50 random genes give about 0.58 to 0.60 and the 50 most variable "
             "genes about 0.58: high-variance genes are largely the same few modules (B- versus T-cell genes, "
             "for example), so many of them are redundant. With a small budget, coverage of the "
             "co-expression structure matters; that is why LINCS chose its landmarks by clustering.",
    solution_value=_landmarks("cluster"),
    typical_wrong=[_landmarks("random"), _landmarks("variance"), list(range(50)), list(range(60))],
)

q3 = ThoughtExercise(
    "05.q3",
    hint="Compare the two settings: how many training profiles did D-GEX have, how many landmarks, and "
         "how many do we have? Look at the learning curve: are the curves flat yet?",
    solution="D-GEX trained on 88,807 GEO profiles with 943 landmarks, so every landmark direction was "
             "sampled a hundred times over and a non-linear function of them could be learned; linear "
             "regression was then limited by its linearity. Here 76 patients span only 75 directions: "
             "ridge's strong shrinkage is the right bias for so few samples, and the MLP has nothing "
             "non-linear it can reliably learn (it overfits the noise instead). Before choosing an MLP "
             "for your own data: tune ridge on a validation split, draw a learning curve, and use the MLP "
             "only when the curves show the gap closing with more samples and you have (or can pool, e.g. "
             "from GEO) many more profiles. Also check the split: profiles of one patient, batch or study "
             "must not be in both training and test data.",
)
