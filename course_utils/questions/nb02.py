"""Exercises of notebook 02: a CNN for transcription factor binding."""
import functools

import numpy as np
import torch
from torch import nn

from .. import data, encoding, metrics, sampling, seeding, train, validate
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise
from ._models import model_scores, stored_numbers

q1 = ValueExercise(
    "02.q1", expected=976, types=(int,),
    hint="Each filter has one weight per input channel per position (4 x width) plus one bias.",
    solution="16 filters x (4 channels x 15 positions) weights + 16 biases = 960 + 16 = 976. "
             "Check with train.count_parameters(nn.Conv1d(4, 16, 15)).",
    explain={960: "you counted the weights; each filter also has a bias.",
             240: "that is 16 x 15: each position of a filter has one weight per CHANNEL (A, C, G, T).",
             64: "4 x 16 ignores the filter width."},
    typical_wrong=[960, 240, 64, 976.5],
)

q2 = ValueExercise(
    "02.q2", expected=186, types=(int,),
    hint="Without padding, a filter of width w fits at L - w + 1 offsets.",
    solution="200 - 15 + 1 = 186 positions, so each filter gives 186 activations per strand "
             "before the global max pooling keeps only the largest.",
    explain={185: "off by one: a width-15 filter fits at offsets 0 to 185, that is 186 offsets.",
             200: "that would need padding; nn.Conv1d pads nothing by default.",
             214: "a convolution without padding makes the output SHORTER than the input."},
    typical_wrong=[185, 200, 214],
)

q3 = ThoughtExercise(
    "02.q3",
    hint="Look at what separates the TRAINING peaks most cheaply: how different is the GC content of the two classes, "
         "and what does the loss reward once most peaks are already on the right side? For the test: where can "
         "composition not help at all, and where is composition the only thing left?",
    solution="In this data Oct4 peaks are more G/C-rich than MafK peaks (GC alone reaches a test AUROC well above 0.5), "
             "so a filter that fires on G/C-rich sequence separates many training peaks, including Oct4 peaks whose "
             "octamer is weak or absent. The loss rewards whatever separates the labels, not the biology we expect: "
             "composition is a shortcut the network takes beside the motif. Training stops when the validation loss "
             "(on equally confounded peaks) stops improving, whatever the network has learned by then, so whether an "
             "octamer detector appears at all can depend on the seed. To measure the reliance, score the network "
             "where composition cannot help (GC-matched test peaks) and where composition is all that is left "
             "(shuffled peaks: GC kept, motifs destroyed), next to the same network trained on GC-matched peaks; "
             "notebook 16 returns to such confounders.",
)


# ---- q4: the learner designs a small CNN; the check measures it on the GC-matched validation peaks -------------
MAX_PARAMETERS = 500      # the learner's model may have at most this many trainable parameters
GOAL_AUROC = 0.93         # AUROC on the GC-matched validation peaks (GC content alone is at chance there)
RECIPE = dict(lr=1e-2, batch_size=64, epochs=50, patience=3)     # the notebook's recipe


@functools.lru_cache(maxsize=1)
def _peaks():
    """Notebook 02's arrays ``(X, y)``: training, validation and GC-matched validation peaks.

    The check scores on the GC-matched validation peaks, never on the test split (the notebook's final report).
    """
    peaks = data.load("oct4_mafk")
    parts = {s: peaks[peaks.split == s] for s in ("train", "valid")}
    valid = parts["valid"]
    matched = valid.iloc[sampling.gc_matched(valid.sequence.tolist(), valid.label.to_numpy(), seed=0)]
    return [(encoding.one_hot_dna(d.sequence.tolist()), d.label.to_numpy(np.float32)[:, None])
            for d in (parts["train"], valid, matched)]


class _DeepBindCNN(nn.Module):
    """The notebook's DeepBindCNN: filters on both strands, global max pooling, dropout, one logit."""
    def __init__(self, n_filters=16, width=15, dropout=0.2):
        super().__init__()
        self.conv = nn.Conv1d(4, n_filters, kernel_size=width)    # n_filters learned PWMs
        self.dropout = nn.Dropout(dropout)
        self.dense = nn.Linear(n_filters, 1)                      # one logit: Oct4 vs MafK

    def forward(self, x):                                         # x: (N, 4, L)
        forward_strand = self.conv(x).amax(dim=2)                 # (N, n_filters): best site
        reverse_strand = self.conv(x.flip(1, 2)).amax(dim=2)      # same filters on the other strand
        h = torch.relu(torch.maximum(forward_strand, reverse_strand))
        return self.dense(self.dropout(h))                        # (N, 1) logits


def _evaluate_model(model):
    validate.model(model, example="q4.check(my_model)")
    n_params = stored_numbers(model)           # frozen parameters and buffers count too
    if n_params > MAX_PARAMETERS:
        return False, (f"your model stores {n_params:,} numbers (parameters, frozen ones included, and buffers); "
                       f"the budget is at most {MAX_PARAMETERS} (count them with train.count_parameters before "
                       "freezing anything)")
    _, _, (X_matched, y_matched) = _peaks()
    scores = model_scores(model, X_matched, len(y_matched), "one-hot DNA of shape (N, 4, 200)",
                          "shape (N, 1), as DeepBindCNN does")
    if not np.isfinite(scores).all():
        return False, "your model returns NaN or infinite scores"
    auroc = metrics.auroc(y_matched[:, 0], scores)
    report = (f"AUROC {auroc:.2f} on the {len(y_matched)} GC-matched validation peaks with {n_params} parameters "
              f"(goal: at least {GOAL_AUROC} with at most {MAX_PARAMETERS})")
    return auroc >= GOAL_AUROC, report


def _trained(n_filters, width):
    """A DeepBindCNN trained as in the notebook: the 1,000-peak subset, the notebook's recipe, seed 0."""
    (X_train, y_train), valid, _ = _peaks()
    subset = seeding.rng(0).permutation(len(X_train))[:1000]               # the notebook's subset
    train.set_seed(0)
    model = _DeepBindCNN(n_filters=n_filters, width=width)
    train.fit(model, (X_train[subset], y_train[subset]), valid, seed=0, progress=False, **RECIPE)
    return model


def _untrained(n_filters, width):
    train.set_seed(0)
    return _DeepBindCNN(n_filters, width)


q4 = ExperimentExercise(
    "02.q4", evaluate=_evaluate_model,
    hint="The sweep says which of width and number of filters matters most here. A filter of width w on 4 "
         "channels has 4*w + 1 parameters and the dense layer n_filters + 1, so DeepBindCNN(n, w) has "
         "n*(4*w + 2) + 1. Within 500 you can afford 8 filters of width 15 (497) or 16 of width 7 (481): which "
         "one can hold a whole motif? Check train.count_parameters(my_model) before training.",
    solution="Keep the filters few but wide enough to hold a whole motif (the octamer and the MARE are 8-15 bp):\n"
             "    train.set_seed(0)\n"
             "    my_model = DeepBindCNN(n_filters=8, width=15)          # 497 parameters\n"
             "    train.fit(my_model, (X_train[subset], y_train[subset]), (X_valid, y_valid), seed=0, progress=False, **recipe)\n"
             "    q4.check(my_model)\n"
             "Sixteen width-7 filters (481 parameters) see only half a motif each and lean on composition "
             "(k-mer-like) evidence, which the GC-matched test takes away: they stay well below the goal. Four "
             "width-15 filters (249 parameters) are too few to cover both motifs and the background in every seed.",
    solution_value=lambda: _trained(8, 15),
    typical_wrong=[lambda: _trained(16, 7), lambda: _untrained(8, 15), lambda: _untrained(32, 15),
                   np.zeros((490, 1))],
)
