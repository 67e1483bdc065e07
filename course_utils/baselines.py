"""Non-deep baselines every deep model in the course must beat."""
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from . import validate
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
