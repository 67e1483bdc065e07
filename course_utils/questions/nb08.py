"""Exercises of notebook 08: transformers and DNA language models."""
import functools

import numpy as np
import torch.nn.functional as F
from torch import nn

from .. import data, encoding, metrics, motifs, simulate, train, validate
from ..exercises import ExperimentExercise, ValueExercise
from ._models import forbidden_layer, model_scores, output_lengths

q1 = ValueExercise(
    "08.q1",
    expected=(8, 2, 50, 50),
    types=(tuple,),
    hint="One weight for every (query position, key position) pair, for every head and every sequence. "
         "The embedding size d_model does not appear. Write the answer as a tuple, like a tensor's .shape.",
    solution="(8, 2, 50, 50): (batch, heads, query positions, key positions). Row i of one head's "
             "50 x 50 matrix says how position i spreads its attention over all 50 positions and sums "
             "to 1. This L x L matrix is why attention's cost grows with the square of the sequence length.",
    explain={
        (8, 50, 50): "that is the shape with the heads averaged (average_attn_weights=True); "
                     "our blocks keep one map per head.",
        (8, 2, 50, 32): "the last axis indexes key positions, not embedding dimensions: "
                        "each query position gets one weight per position it can look at.",
        (50, 50): "that is one map of one head of one sequence; add the batch and head axes in front.",
        (8, 50, 50, 2): "PyTorch puts the head axis second, right after the batch: (batch, heads, L, L).",
    },
    typical_wrong=[(8, 50, 50), (8, 2, 50, 32), (50, 50), (8, 50, 50, 2), [8, 2, 50, 50]],
)

q2 = ValueExercise(
    "08.q2",
    expected=4224,
    hint="nn.MultiheadAttention(embed_dim=32, num_heads=2) holds four 32 x 32 projections "
         "(query, key, value, output), each with a bias of 32. Does the number of heads change that?",
    solution="4 * (32 * 32 + 32) = 4224. The heads split the 32 dimensions into 2 groups of 16, so the count "
             "does not depend on num_heads. Check: train.count_parameters(nn.MultiheadAttention(32, 2)).",
    explain={
        4096: "close: you counted the four weight matrices but not their biases (4 x 32).",
        3168: "you counted query, key and value but not the output projection that mixes the heads.",
        8448: "the heads share the 32 dimensions (2 heads of 16), they do not each get a full 32 x 32 set.",
        1056: "that is one projection's worth (32 x 32 + 32): a layer has four of them.",
    },
    typical_wrong=[4096, 3168, 8448, 1056],
)

q3 = ValueExercise(
    "08.q3",
    expected=False,
    hint="Without positional encoding every token of the language model is only its embedding (it has no "
         "convolution either). Self-attention compares tokens with each other; then we average over positions. "
         "Does any step know where a token sits?",
    solution="False: the average does not change. Self-attention without positions is permutation-"
             "equivariant (shuffling the input shuffles the outputs the same way) and the mean over positions "
             "is permutation-invariant, so the model sees a bag of letters. It could not tell whether a "
             "motif is at the start or the end, which is exactly what the long-range task asks. "
             "Positional encodings (learned, as ours, or sinusoidal) break this symmetry. The classifier of "
             "section 4 is different: its convolution reads order within 15 bases, but without its positional "
             "encoding it could still not tell a site at the start from the same site in the middle.",
    explain={True: "try it: attention scores q_i . k_j depend only on the two tokens' embeddings, so "
                   "shuffling the positions shuffles the rows and columns of the attention matrix together "
                   "and the mean over positions comes out the same."},
    typical_wrong=[True],
)


# --- q4: an experiment. How much position does a CNN need for the long-range task? ------------------------
# The task, the models and the budget mirror the notebook's section 4.

_BUDGET = dict(epochs=20, lr=5e-3, batch_size=128, patience=4)
_MAX_BINS, _GOAL = 6, 0.80


@functools.lru_cache(maxsize=1)
def _pair_motifs():
    """The notebook's POU5F1 and MAFK motifs as (name, probability matrix) pairs."""
    jaspar = data.load("jaspar2024_core_vertebrates")
    return [("POU5F1", motifs.probabilities(jaspar["MA1115.2"].counts)),
            ("MAFK", motifs.probabilities(jaspar["MA0496.4"].counts))]


def _long_range_task(n, seed):
    """Tokens (n, 100) int64 (A, C, G, T = 0-3) and labels of the notebook's long-range task."""
    seqs, y, _ = simulate.long_range_pair(*_pair_motifs(), n=n, length=100, flank=15, rule="pair", seed=seed)
    return encoding.one_hot_dna(seqs).argmax(axis=1), y


@functools.lru_cache(maxsize=1)
def _fresh_test_set():
    return _long_range_task(600, seed=77)      # a seed the notebook does not use


def _evaluate_bins(model):
    validate.model(model, example="q4.check(my_cnn)")
    other = forbidden_layer(model)
    if other:
        return False, f"your model contains a {other} layer; this exercise asks for a CNN (SmallCNN)"
    X, y = _fresh_test_set()
    try:
        computed = output_lengths(model, X[:8], nn.AdaptiveMaxPool1d)   # what forward computes, not what it declares
    except Exception as err:
        raise ValueError(f"your model cannot take tokens of shape (N, 100): {type(err).__name__}: {err}") from None
    if not computed:
        return False, ("your model's forward pass uses no nn.AdaptiveMaxPool1d (a pooling layer that is declared "
                       "but skipped does not count); build it as SmallCNN(16, bins=...)")
    bins = computed[-1]
    if bins > _MAX_BINS:
        return False, (f"your CNN keeps {bins} pooled stretches; the goal is at most {_MAX_BINS} (bins=13 keeps "
                       "every position, as the notebook's CNN that keeps position)")
    scores = model_scores(model, X, len(y), "tokens of shape (N, 100)", "shape (N,) or (N, 1)")
    if not np.isfinite(scores).all():
        return False, "your model returns NaN or infinite scores"
    accuracy = metrics.accuracy(y, (scores > 0).astype(int))
    return accuracy >= _GOAL, (f"held-out accuracy {accuracy:.2f} on 600 new long-range sequences (goal: at least "
                               f"{_GOAL:.2f}) with {bins} pooling bin{'s' if bins != 1 else ''} and "
                               f"{train.count_parameters(model):,} parameters")


class _MotifScanner(nn.Module):
    """The notebook's MotifScanner."""
    # tokens (N, 100) -> motif scores (N, channels, 21): one-hot, convolution of width 15, max pooling over 4
    def __init__(self, channels):
        super().__init__()
        self.conv, self.pool = nn.Conv1d(4, channels, 15), nn.MaxPool1d(4)

    def forward(self, tokens):
        x = F.one_hot(tokens, 4).float().transpose(1, 2)              # (N, 4, L), as in notebook 02
        return self.pool(F.relu(self.conv(x)))


class _SmallCNN(nn.Module):
    """The notebook's SmallCNN."""

    def __init__(self, channels=16, bins=1, hidden=16):
        super().__init__()
        self.scan = _MotifScanner(channels)
        self.conv2 = nn.Conv1d(channels, channels, 9)
        self.bins = nn.AdaptiveMaxPool1d(bins)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(channels * bins, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, tokens):
        return self.head(self.bins(F.relu(self.conv2(self.scan(tokens))))).squeeze(-1)


def _trained(bins):
    """SmallCNN(16, bins) trained on the notebook's split (seed 1, 2,000 + 600) with the notebook's budget."""
    X, y = _long_range_task(3100, seed=1)
    train.set_seed(0)
    model = _SmallCNN(16, bins=bins)
    train.fit(model, (X[:2000], y[:2000]), (X[2000:2600], y[2000:2600]), seed=0, progress=False, **_BUDGET)
    return model


q4 = ExperimentExercise(
    "08.q4",
    evaluate=_evaluate_bins,
    hint="bins=k splits the 13 outputs of the second convolution into k stretches and keeps each filter's best "
         "score in each. The label needs to know what sits in the first 15 and the last 15 bases, and each of "
         "the 13 outputs already sees 50 bases. Try bins=2, 3, 4 and 6 and watch the held-out accuracy.",
    solution="train.set_seed(0); my_cnn = SmallCNN(16, bins=6); "
             "train.fit(my_cnn, (X_train, y_train), (X_valid, y_valid), **budget, progress=False); q4.check(my_cnn). "
             "With 2 bins each stretch covers more than half of the sequence, and the distractor sites in the "
             "middle fall into both, so the CNN still mixes up start sites and distractors; from 3 bins on, and "
             "clearly with 4-6, the first and last stretches hold mostly the flanks, enough to read which motif "
             "sits at each end. "
             "Coarse position is enough here: what the globally pooled CNN lacks is not attention but any record "
             "of where its motif scores came from.",
    solution_value=lambda: _trained(bins=6),
    typical_wrong=[lambda: _trained(bins=1), lambda: _trained(bins=2), lambda: _SmallCNN(12, bins=13),
                   lambda: nn.MultiheadAttention(16, 2), np.zeros(600)],
)
