"""Expression matrices: sample splits, gene clustering, landmark genes, per-gene errors.

The LINCS L1000 idea (Subramanian et al. 2017) that D-GEX (Chen et al. 2016)
builds on: measure about a tenth of the genes, the *landmarks*, chosen to
cover the co-expression structure of the transcriptome, and infer the other,
*target*, genes from them. ``select_landmarks`` does this by clustering genes
by correlation (spherical k-means) and keeping, from each cluster, the gene
closest to the cluster's centre.

All matrices are ``(samples, genes)``: one row per sample (patient, cell), one
column per gene, as in ``data.load("all_expression")``.
"""
import numpy as np

from . import seeding, validate

__all__ = ["split_samples", "standardize", "cluster_genes", "select_landmarks", "per_gene_mae",
           "per_sample_mae", "mean_error", "mae_difference"]


# Notebook 05 prints the source of ``select_landmarks`` and ``mae_difference``, which
# call the validators by these two names; they ARE ``validate.matrix`` and
# ``validate.count`` (no checks of their own). Everything else calls ``validate``.
_matrix = validate.matrix
_count = validate.count


def split_samples(n_samples, test_size, valid_size, stratify=None, seed=0):
    """Split ``n_samples`` sample indices into train, validation and test sets.

    Use it with one row per patient (or per batch) so that no patient (batch)
    lands in two splits.

    Parameters
    ----------
    n_samples : int, the number of rows.
    test_size, valid_size : float in (0, 1), fractions of ALL samples for test
        and validation.
    stratify : array of length ``n_samples`` or None; class labels whose
        proportions every split keeps (e.g. B- and T-cell leukaemia).
    seed : int.

    Returns
    -------
    (i_train, i_valid, i_test) : sorted int arrays, disjoint, covering all rows.
    """
    from sklearn.model_selection import train_test_split

    n_samples = validate.count(n_samples, "n_samples", 3, 10**9)
    for name, f in (("test_size", test_size), ("valid_size", valid_size)):
        if isinstance(f, bool) or not isinstance(f, (float, np.floating)) or not 0 < f < 1:
            raise ValueError(f"{name} must be a fraction between 0 and 1, e.g. 0.25; got {f!r}")
    if test_size + valid_size >= 1:
        raise ValueError(f"test_size + valid_size = {test_size + valid_size:g} leaves no training samples")
    if stratify is not None:
        stratify = np.asarray(stratify)
        if len(stratify) != n_samples:
            raise ValueError(f"stratify has {len(stratify)} labels for {n_samples} samples")
    rows = np.arange(n_samples)
    rest, test = train_test_split(rows, test_size=test_size, stratify=stratify, random_state=seeding.shifted(seed))
    inner = None if stratify is None else stratify[rest]
    train, valid = train_test_split(rest, test_size=valid_size / (1 - test_size), stratify=inner,
                                    random_state=seeding.shifted(seed))
    return np.sort(train), np.sort(valid), np.sort(test)


def standardize(X_train, *others):
    """Centre and scale every gene with the mean and sd of the TRAINING samples.

    D-GEX reports errors on standardised genes (mean 0, sd 1), so an error of
    0.3 means 0.3 standard deviations of that gene. Using training statistics
    only keeps the test samples unseen.

    Parameters
    ----------
    X_train : array (n_train, genes). others : more arrays (n, genes).

    Returns
    -------
    list ``[Z_train, Z_other_1, ...]`` of float32 arrays of the same shapes.
    """
    X_train = validate.matrix(X_train, "X_train")
    mean, sd = X_train.mean(0), X_train.std(0)
    if (sd == 0).any():
        raise ValueError(f"{int((sd == 0).sum())} genes are constant in the training samples: drop them first")
    out = [X_train]
    for k, X in enumerate(others):
        X = validate.matrix(X, f"array {k + 2}", min_rows=1)
        if X.shape[1] != X_train.shape[1]:
            raise ValueError(f"array {k + 2} has {X.shape[1]} genes but X_train has {X_train.shape[1]}")
        out.append(X)
    return [((X - mean) / sd).astype(np.float32) for X in out]


def _unit_gene_profiles(Z):
    """Genes as rows, centred and scaled to length 1: dot products are correlations."""
    G = np.asarray(Z, dtype=np.float64).T.copy()
    G -= G.mean(1, keepdims=True)
    norm = np.linalg.norm(G, axis=1, keepdims=True)
    if (norm == 0).any():
        raise ValueError(f"{int((norm == 0).sum())} genes are constant across the samples: drop them first")
    return G / norm


def cluster_genes(X, n_clusters, seed=0, n_iter=50):
    """Group genes by co-expression: spherical k-means on the genes' correlation profiles.

    Each gene is a point (its centred, unit-length profile over the samples);
    the similarity of two genes is their Pearson correlation. Every round
    assigns each gene to the centre it correlates with most, then moves each
    centre to the mean direction of its genes. An emptied cluster restarts at
    the gene that fits its own centre worst.

    Parameters
    ----------
    X : array (samples, genes); use the training samples only.
    n_clusters : int, 1 <= n_clusters <= genes.
    seed : int, picks the starting centres (distinct random genes).
    n_iter : int, the most rounds (it stops earlier when no gene moves).

    Returns
    -------
    labels : int array (genes,), the cluster of each gene, 0..n_clusters-1.
    centres : array (n_clusters, samples), unit-length cluster centres.
    """
    X = validate.matrix(X, "X", min_rows=3)
    n_clusters = validate.count(n_clusters, "n_clusters", 1, X.shape[1])
    n_iter = validate.count(n_iter, "n_iter", 1, 10_000)
    G = _unit_gene_profiles(X)
    rng = seeding.rng(seed)
    centres = G[rng.choice(len(G), n_clusters, replace=False)].copy()
    labels = np.full(len(G), -1)
    for _ in range(n_iter):
        new = np.argmax(G @ centres.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        sums = np.stack([np.bincount(labels, weights=col, minlength=n_clusters) for col in G.T], axis=1)
        sizes = np.bincount(labels, minlength=n_clusters)
        fit = np.einsum("ij,ij->i", G, centres[labels])
        for c in np.where(sizes == 0)[0]:          # restart an empty cluster at the worst-fitting gene
            worst = int(np.argmin(fit))
            sums[c], fit[worst] = G[worst], np.inf
        centres = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    labels = np.argmax(G @ centres.T, axis=1)
    return labels, centres


def select_landmarks(X, n_landmarks, method="cluster", seed=0):
    """Choose ``n_landmarks`` landmark genes (column indices of ``X``).

    Parameters
    ----------
    X : array (samples, genes); the TRAINING samples (the choice must not see
        the test samples).
    n_landmarks : int, 1 <= n_landmarks < genes (D-GEX and LINCS: about a tenth).
    method : ``"cluster"`` -- cluster the genes by correlation into
        ``n_landmarks`` groups (``cluster_genes``) and keep from each group the
        gene most correlated with its centre, so the landmarks cover the
        co-expression structure; ``"random"`` -- a uniform random draw (the
        ablation); ``"variance"`` -- the most variable genes (a common shortcut
        that picks many redundant genes).
    seed : int, for the clustering's start and for the random draw.

    Returns
    -------
    np.ndarray of int, sorted, ``n_landmarks`` distinct column indices.
    """
    X = _matrix(X, "X", min_rows=3)
    n_landmarks = _count(n_landmarks, "n_landmarks", 1, X.shape[1] - 1)
    if method == "random":
        return np.sort(seeding.rng(seed).choice(X.shape[1], n_landmarks, replace=False))
    if method == "variance":
        return np.sort(np.argsort(-X.var(0), kind="stable")[:n_landmarks])
    if method != "cluster":
        raise ValueError(f"method must be 'cluster', 'random' or 'variance', got {method!r}")
    labels, centres = cluster_genes(X, n_landmarks, seed=seed)
    G = _unit_gene_profiles(X)
    fit = np.einsum("ij,ij->i", G, centres[labels])           # each gene's correlation with its centre
    chosen = [np.flatnonzero(labels == c)[np.argmax(fit[labels == c])] for c in np.unique(labels)]
    if len(chosen) < n_landmarks:                  # a cluster emptied in the last round: add the genes
        order = np.argsort(fit, kind="stable")     # whose centres fit them worst
        rest = order[~np.isin(order, chosen)]
        chosen += list(rest[:n_landmarks - len(chosen)])
    return np.sort(np.asarray(chosen, dtype=int))


def per_gene_mae(Y_true, Y_pred):
    """Mean absolute error of every gene over the samples (D-GEX's error measure).

    Parameters
    ----------
    Y_true, Y_pred : arrays (samples, genes) of the same shape.

    Returns
    -------
    np.ndarray (genes,); its mean is the overall MAE D-GEX reports.
    """
    Y_true, Y_pred = validate.matrix(Y_true, "Y_true", min_rows=1), validate.matrix(Y_pred, "Y_pred", min_rows=1)
    if Y_true.shape != Y_pred.shape:
        raise ValueError(f"Y_true has shape {Y_true.shape} but Y_pred has {Y_pred.shape}: predict the same "
                         "samples and target genes")
    return np.abs(Y_true - Y_pred).mean(0)


def per_sample_mae(Y_true, Y_pred):
    """Mean absolute error of every sample (patient) over the genes.

    The samples are the independent examples of an expression model (the genes
    are its outputs), so this is what a test of difference resamples. Its mean is
    the overall MAE.

    Parameters
    ----------
    Y_true : array (samples, genes). Y_pred : array of the same shape, or
        (seeds, samples, genes) for one prediction per training seed.

    Returns
    -------
    np.ndarray (samples,), or (seeds, samples) for stacked predictions.
    """
    Y_true = validate.matrix(Y_true, "Y_true", min_rows=1)
    Y_pred = np.asarray(Y_pred, dtype=float)
    if Y_pred.shape[-2:] != Y_true.shape or Y_pred.ndim not in (2, 3):
        raise ValueError(f"Y_pred has shape {Y_pred.shape} but Y_true has {Y_true.shape}: pass (samples, genes) "
                         "or one such matrix per seed stacked as (seeds, samples, genes)")
    if not np.isfinite(Y_pred).all():
        raise ValueError("Y_pred contains NaN or infinite values: check the model's predictions")
    return np.abs(Y_true - Y_pred).mean(axis=-1)


def mean_error(samples, errors):
    """The metric ``metrics.difference`` needs for errors given per sample: their mean (the MAE).

    ``samples`` (the sample indices) is not used; it is there because a metric is
    ``metric(y_true, y_score)``.
    """
    if samples is None or errors is None or isinstance(errors, (str, bytes)):
        raise TypeError("mean_error(samples, errors) takes the sample indices and one error per sample "
                        "(expression.per_sample_mae), as metrics.difference passes them")
    errors = np.asarray(errors, dtype=float)
    if errors.ndim != 1 or len(errors) != len(np.atleast_1d(samples)) or not np.isfinite(errors).all():
        raise ValueError(f"errors must be one finite number per sample ({len(np.atleast_1d(samples))}), "
                         f"got shape {errors.shape}")
    return float(np.mean(errors))


def mae_difference(Y_true, Y_pred_a, Y_pred_b, n_boot=1000, level=0.95, seed=0):
    """Overall MAE of model a minus model b, judged with ``metrics.difference`` over samples and seeds.

    Each model's errors are taken per sample (``per_sample_mae``); the test of
    difference resamples the samples (patients) in pairs and adds the spread
    over seeds when a model is given as one prediction per seed.

    Parameters
    ----------
    Y_true : array (samples, genes).
    Y_pred_a, Y_pred_b : arrays (samples, genes) for one run (a deterministic
        model such as ridge), or (seeds, samples, genes).

    Returns
    -------
    ``metrics.Difference``: ``.estimate`` (negative: a has the lower error),
    ``.low``, ``.high``, ``.differs``, ``.verdict``; ``str()`` prints it.
    """
    from . import metrics

    Y_true = _matrix(Y_true, "Y_true", min_rows=1)
    e_a, e_b = per_sample_mae(Y_true, Y_pred_a), per_sample_mae(Y_true, Y_pred_b)
    return metrics.difference(mean_error, np.arange(len(Y_true)), e_a, e_b, n_boot=n_boot, level=level, seed=seed)

