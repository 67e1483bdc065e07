"""Exercises of notebook 15: the nature of the data (noisy labels, missing negatives, data types)."""
import functools

import numpy as np
import torch
from torch import nn

from .. import data, kmers, labels, metrics, train
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "15.q1", expected=0.58, tolerance=0.005, types=(float, int),
    hint="A label is right with probability 1 - eps and flipped with probability eps: "
         "P(noisy label = 1) = (1 - eps) * p + eps * (1 - p).",
    solution="(1 - 0.4) * 0.9 + 0.4 * (1 - 0.9) = 0.54 + 0.04 = 0.58, i.e. (1 - 2 eps) p + eps. "
             "A confident 0.9 becomes a timid 0.58: symmetric noise squashes every probability towards 1/2, "
             "which is the under-confidence seen in the reliability diagram.",
    explain={0.9: "that is the clean probability; the model was trained on noisy labels.",
             0.54: "you counted the peaks that keep their label 1, but a label-0 peak flipped to 1 also counts "
                   "(0.4 x 0.1).",
             0.5: "only at 50 % noise would every prediction be 1/2.",
             0.1: "that is 1 - p; the question asks for the noisy probability of label 1."},
    typical_wrong=[0.9, 0.54, 0.5, 0.1],
)

# ---- q2: the learner chooses a remedy (a loss); the checker trains with it on labels it flips itself ---------------
# The learner passes a loss, not predictions or a trained model: the checker flips 40 % of the training labels
# itself (seeds 0, 1, 2), trains the notebook's KmerLogistic with that loss and FIT's budget, stops early on a
# noisy-labelled 15 % of the training peaks, and scores on the clean VALIDATION peaks. A model trained on clean
# labels cannot be handed in, and the test chromosome stays untouched for the notebook's comparison.
K = 5
NOISE = 0.4
SEEDS = (0, 1, 2)
FIT = dict(epochs=30, lr=3e-3, batch_size=256, weight_decay=1e-3, patience=3, progress=False)   # the notebook's FIT
GOAL_AUROC = 0.80     # mean clean-validation AUROC over the 3 seeds. Measured: plain BCE 0.75, label smoothing 0.75,
                      # ForwardCorrectedBCE(0.1) 0.78, (0.2) 0.82, (0.4) 0.85, (0.45) 0.86


@functools.lru_cache(maxsize=1)
def _features():
    """Standardised 5-mer frequencies and labels of the training and validation peaks (the notebook's X and y)."""
    peaks = data.load("oct4_mafk")
    parts = {s: peaks[peaks.split == s] for s in ("train", "valid")}
    F = {s: kmers.kmer_counts(d.sequence.tolist(), K) for s, d in parts.items()}
    mean, sd = F["train"].mean(axis=0), F["train"].std(axis=0) + 1e-6
    X = {s: ((f - mean) / sd).astype(np.float32) for s, f in F.items()}
    y = {s: d.label.to_numpy(np.float32)[:, None] for s, d in parts.items()}
    return X, y


def _loss_value(loss_fn, logits, targets):
    """The learner's loss on a small batch, with a clear error unless it returns one differentiable number."""
    try:
        value = loss_fn(logits, targets)
    except Exception as err:
        raise ValueError(f"your loss cannot take (logits of shape (N, 1), noisy labels of shape (N, 1)): "
                         f"{type(err).__name__}: {err}") from None
    if not isinstance(value, torch.Tensor) or value.numel() != 1 or not value.requires_grad:
        raise ValueError("your loss must return one number (a 0-d torch tensor) computed from the logits, as "
                         "nn.BCEWithLogitsLoss() and the notebook's ForwardCorrectedBCE do")
    return value


def _evaluate(loss_fn):
    if isinstance(loss_fn, nn.Module) and any(True for _ in loss_fn.parameters()):
        raise TypeError("pass a loss (called as loss_fn(logits, labels)), not a model: the checker trains the "
                        "notebook's KmerLogistic itself, on labels it flips")
    if not callable(loss_fn):
        raise TypeError(f"pass the remedy, a loss such as ForwardCorrectedBCE(eps=...), not "
                        f"{'probabilities' if hasattr(loss_fn, '__len__') else 'a ' + type(loss_fn).__name__}: "
                        "the checker trains the model itself on labels it flips")
    _loss_value(loss_fn, torch.zeros(4, 1, requires_grad=True), torch.tensor([[0.0], [1.0], [1.0], [0.0]]))
    X, y = _features()
    n = len(y["train"])
    order = np.random.default_rng(123).permutation(n)          # fixed: the same stop set for every learner
    stop, fit_rows = order[: n * 15 // 100], order[n * 15 // 100:]
    aurocs, eces = [], []
    for seed in SEEDS:
        noisy = labels.flip_labels(y["train"], NOISE, seed=seed)
        train.set_seed(seed)
        model = nn.Linear(4**K, 1)                                 # the notebook's KmerLogistic
        train.fit(model, (X["train"][fit_rows], noisy[fit_rows]), (X["train"][stop], noisy[stop]),
                  loss_fn=loss_fn, seed=seed, **FIT)
        p = 1 / (1 + np.exp(-train.predict(model, X["valid"])[:, 0]))
        if not np.isfinite(p).all():
            return False, "training with your loss gave NaN or infinite outputs"
        aurocs.append(metrics.auroc(y["valid"][:, 0], p))
        eces.append(labels.expected_calibration_error(y["valid"][:, 0], p))
    auroc, ece = float(np.mean(aurocs)), float(np.mean(eces))
    return auroc >= GOAL_AUROC, (f"trained on 40 % flipped labels with your loss, 3 seeds: clean-validation AUROC "
                                 f"{auroc:.2f} (goal: at least {GOAL_AUROC:.2f}), ECE {ece:.3f}; the test peaks stay "
                                 "untouched")


class _ForwardCorrectedBCE(nn.Module):
    """The notebook's ForwardCorrectedBCE."""

    def __init__(self, eps):
        super().__init__()
        self.eps = eps

    def forward(self, logits, y_noisy):
        p_clean = torch.sigmoid(logits)
        p_noisy = (1 - 2 * self.eps) * p_clean + self.eps
        return nn.functional.binary_cross_entropy(p_noisy.clamp(1e-6, 1 - 1e-6), y_noisy)


class _LabelSmoothing(nn.Module):
    """A typical wrong remedy: smoothing pulls the targets towards 1/2, as the noise already does."""

    def forward(self, logits, y_noisy):
        return nn.functional.binary_cross_entropy_with_logits(logits, 0.8 * y_noisy + 0.1)


q2 = ExperimentExercise(
    "15.q2", evaluate=_evaluate, time_limit=300,
    hint="Plain cross-entropy learns the probability of the NOISY label. The notebook's ForwardCorrectedBCE "
         "lets the model predict the clean probability and passes it through the noise; what eps should you "
         "assume when 40 % of the labels are flipped? Pass the loss itself: q2.check(ForwardCorrectedBCE(eps=...)).",
    solution="    answer = ForwardCorrectedBCE(0.4)\n"
             "    q2.check(answer)\n"
             "The checker flips 40 % of the training labels itself, trains the notebook's KmerLogistic with your "
             "loss and FIT's budget (3 seeds) and scores on the clean validation peaks. Plain BCE and label "
             "smoothing stay well below the goal (smoothing pulls the targets further towards 1/2), and an assumed "
             "eps far below 0.4 (0.1) corrects too little; eps near the true rate recovers the ranking.",
    solution_value=lambda: _ForwardCorrectedBCE(0.4),
    typical_wrong=[lambda: nn.BCEWithLogitsLoss(), lambda: _LabelSmoothing(), lambda: _ForwardCorrectedBCE(0.1),
                   np.full(906, 0.5)],
)

q3 = ThoughtExercise(
    "15.q3",
    hint="Which negative set keeps everything about the positives except the order of the bases? "
         "What can a model use to tell Oct4 peaks from random sequence?",
    solution="Dinucleotide-shuffled Oct4 peaks: they have the positives' length, GC and dinucleotide counts, so the "
             "only remaining difference is the arrangement of bases, i.e. motifs; a model that wins against them "
             "must have learned order (and GC alone scores about 1/2). The GC-matched random background gives the "
             "highest AUROC because any genomic feature (repeats, CpG depletion, poly-A tracts, other TFs' motifs) "
             "separates real DNA from random letters: easy negatives inflate the metric without testing the motif. "
             "MafK peaks answer a different question (Oct4 vs MafK sites) and reward MafK-site absence. Best "
             "practice: report the negatives with the metric, and test against the hardest plausible set.",
)
