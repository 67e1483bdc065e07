"""Where the course writes a method out (because writing it is the lesson), it agrees with the library a learner
will use next: captum's integrated gradients, logomaker's information matrix, scipy's Benjamini-Hochberg."""
import numpy as np
import pandas as pd
import torch
from torch import nn

from course_utils import encoding, interpret, motifs, train


def _small_cnn():
    train.set_seed(0)
    return nn.Sequential(nn.Conv1d(4, 6, 5), nn.ReLU(), nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(6, 1))


def test_integrated_gradients_equals_captum_with_the_same_rule_and_steps():
    from captum.attr import IntegratedGradients

    model = _small_cnn().eval()
    X = encoding.one_hot_dna(["ACGTTGCAAGCTAGCTAGGA", "TTTTACGTACGTGGGCCCAA"])
    ours = interpret.integrated_gradients(model, X, steps=16)
    theirs = IntegratedGradients(model).attribute(torch.from_numpy(X), baselines=torch.zeros(2, 4, 20), target=0,
                                                  n_steps=16, method="riemann_middle").detach().numpy()
    assert ours.shape == theirs.shape == (2, 4, 20)
    assert np.allclose(ours, theirs, atol=1e-5), np.abs(ours - theirs).max()


def test_integrated_gradients_differs_from_captum_with_another_rule():
    """The comparison above can fail: a different quadrature rule gives different numbers."""
    from captum.attr import IntegratedGradients

    model = _small_cnn().eval()
    X = encoding.one_hot_dna(["ACGTTGCAAGCTAGCTAGGA"])
    ours = interpret.integrated_gradients(model, X, steps=4)
    left = IntegratedGradients(model).attribute(torch.from_numpy(X), baselines=torch.zeros(1, 4, 20), target=0,
                                                n_steps=4, method="riemann_left").detach().numpy()
    assert not np.allclose(ours, left, atol=1e-5)


def test_information_content_equals_logomaker():
    import logomaker

    probs = motifs.probabilities(np.array([[10, 0, 3, 1], [0, 12, 3, 1], [2, 0, 3, 1], [0, 0, 3, 9]]))
    ours = motifs.information_content(probs)
    df = pd.DataFrame(probs.T, columns=list("ACGT"))
    theirs = logomaker.transform_matrix(df, from_type="probability", to_type="information").to_numpy().T
    assert np.allclose(ours, theirs, atol=1e-9)


def test_reliability_curve_is_sklearns_calibration_curve_with_counts():
    from sklearn.calibration import calibration_curve

    from course_utils import labels

    rng = np.random.default_rng(1)
    p = np.concatenate([rng.random(300), [0.0, 0.1, 0.5, 0.9, 1.0]])       # inner edges go to the lower bin
    y = (rng.random(len(p)) < p).astype(int)
    for n_bins in (1, 4, 10):
        table = labels.reliability_curve(y, p, n_bins=n_bins)
        fraction, mean = calibration_curve(y, p, n_bins=n_bins)
        assert np.allclose(table.fraction_positive, fraction) and np.allclose(table.mean_predicted, mean)
        assert table["count"].sum() == len(p)
    edges = labels.reliability_curve([0, 1, 1], [0.1, 0.1, 0.15], n_bins=10)
    assert list(edges.index) == [0, 1] and list(edges["count"]) == [2, 1]


def test_tuned_logistic_grid_search_picks_what_a_loop_over_the_validation_split_picks():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from course_utils import baselines, metrics

    rng = np.random.default_rng(0)
    y = (rng.random(300) < 0.4).astype(int)
    features = {f"d={d}": (rng.normal(size=(200, d)) + 0.3 * y[:200, None], rng.normal(size=(100, d)) + 0.3 * y[200:, None])
                for d in (2, 8)}
    by_hand = []
    for name, (F_train, F_valid) in features.items():
        for C in (0.01, 0.1, 1.0):
            model = make_pipeline(StandardScaler(), LogisticRegression(C=C, solver="liblinear", max_iter=1000))
            model.fit(F_train, y[:200])
            by_hand.append((metrics.auroc(y[200:], model.predict_proba(F_valid)[:, 1]), name, C))
    best = max(by_hand, key=lambda t: t[0])               # max keeps the first of equal scores, as the search does
    name, C, model, score = baselines.tuned_logistic(features, y[:200], y[200:])
    assert (name, C) == (best[1], best[2]) and score == best[0]
    assert model[-1].C == C and model[-1].coef_.shape == (1, features[name][0].shape[1])


def test_scan_scores_are_fimos_log_odds_scores():
    from memelite import fimo

    from course_utils import data

    probs = motifs.probabilities(data.load("jaspar2024_core_vertebrates")["MA0142.1"].counts)
    rng = np.random.default_rng(0)
    X = encoding.one_hot_dna(["".join(rng.choice(list("ACGT"), 120)) for _ in range(30)])
    hits = fimo({"octamer": probs}, X, threshold=1e-3, eps=1e-12)[0]    # FIMO's sites on both strands
    assert len(hits) >= 5 and set(hits["strand"]) == {"+", "-"}
    pwm = motifs.log_odds(probs)                                          # log2(p / 0.25), as FIMO
    forward, reverse = motifs.scan(X, pwm, both_strands=False), motifs.scan(X, pwm[::-1, ::-1], both_strands=False)
    for hit in hits.itertuples():
        ours = (forward if hit.strand == "+" else reverse)[hit.sequence_name, hit.start]
        assert abs(ours - hit.score) < 1e-5, (hit, ours)
    best = motifs.scan(X, pwm).max(axis=1)                                # both strands: the better one
    top = hits.groupby("sequence_name")["score"].max()
    assert np.allclose(best[top.index], top.to_numpy(), atol=1e-5)
