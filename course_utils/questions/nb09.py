"""Exercises of notebook 09: interpreting deep models (attribution maps scored against planted motifs)."""
import copy
import functools

import numpy as np
import torch

from .. import data, encoding, interpret, motifs, simulate, validate
from ..exercises import ExperimentExercise, NotAttempted, ThoughtExercise, ValueExercise, is_blank

q1 = ValueExercise(
    "09.q1", expected=600, types=(int,),
    hint="At every position the base can be changed to each of the bases that are not there.",
    solution="200 positions x 3 substitutions = 600 mutant sequences (plus one pass for the original, to "
             "subtract). That is why ISM costs hundreds of forward passes per sequence while a gradient costs one "
             "backward pass, and why tangermeme recomputes only the changed positions (fastISM).",
    explain={800: "that counts 4 bases per position, but one of them is the base already there: not a mutant.",
             601: "601 forward passes, yes, but the original is not a mutant: count only the changed sequences.",
             200: "each position can be changed to 3 different bases, not 1.",
             3: "3 substitutions at EACH of the 200 positions."},
    typical_wrong=[800, 601, 200, 3],
)

# ---- q2: an attribution function that gives redundant, saturated sites their credit ----------------------------
GOAL_AUROC = 0.9          # per-sequence AUROC of |attribution| at the planted bases, mean over sequences
CREDIT_RANGE = (0.7, 1.3)  # summed attribution at the two sites / (P(bound | x) - P(bound | all zeros))


@functools.lru_cache(maxsize=1)
def _checker_set():
    """The saturating CTCF toy model and 20 fixed sequences with two consensus CTCF sites each."""
    ctcf = data.load("jaspar2024_core_vertebrates")["MA0139.2"]
    pwm = motifs.log_odds(motifs.probabilities(ctcf.counts))
    model = interpret.SiteSumModel(pwm, threshold=12.0, offset=4.0)
    site = motifs.consensus(ctcf.counts)
    rng = np.random.default_rng(9)
    seqs, mask = simulate.background(20, 200, seed=9), np.zeros((20, 200), dtype=bool)
    for i in range(20):
        first = int(rng.integers(0, 80))
        second = int(rng.integers(first + 30, 185))
        for start in (first, second):
            seqs[i] = simulate.plant(seqs[i], site, start)
            mask[i, start:start + len(site)] = True
    X = encoding.one_hot_dna(seqs)
    gain = interpret.output(model, X) - interpret.output(model, np.zeros_like(X))
    return model, X, mask, gain


def _evaluate(fn):
    if not callable(fn) or isinstance(fn, torch.nn.Module):
        raise TypeError("pass your function itself, my_attribution (no brackets), which takes (model, X) and returns "
                        "an array of shape (N, 4, L)")
    model, X, mask, gain = _checker_set()
    attr = fn(copy.deepcopy(model), torch.from_numpy(X.copy()))     # copies: learner code cannot change them
    if is_blank(attr):
        raise NotAttempted
    attr = validate.to_numpy(attr)                # a tensor on any device
    attr = np.asarray(attr, dtype=np.float64)
    if attr.shape != X.shape:
        raise ValueError(f"your function returned shape {attr.shape}; expected {X.shape} (N, 4, L): one number "
                         "per base and position, e.g. (attribution * X)")
    if not np.isfinite(attr).all():
        raise ValueError("your attributions contain NaN or infinite values")
    auroc = float(np.nanmean(interpret.motif_auroc(interpret.position_scores(attr), mask)))
    credit = float(np.median((attr.sum(axis=1) * mask).sum(axis=1) / gain))
    ok = auroc >= GOAL_AUROC and CREDIT_RANGE[0] <= credit <= CREDIT_RANGE[1]
    return ok, (f"mean per-sequence AUROC at the planted sites {auroc:.2f} (goal: at least {GOAL_AUROC}); "
                f"credit given to the two sites {credit:.2f} of the change in P(bound) from an all-zero input "
                f"(goal: between {CREDIT_RANGE[0]} and {CREDIT_RANGE[1]}) on 20 sequences with two CTCF sites each")


def _integrated_gradients(model, X, steps=50):
    X = torch.as_tensor(X, dtype=torch.float32)
    total = torch.zeros_like(X)
    for k in range(steps):
        point = ((k + 0.5) / steps * X).requires_grad_(True)
        model(point)[:, 0].sum().backward()
        total += point.grad
    return (X * total / steps).numpy()


def _gradient_x_input(model, X):
    X = torch.as_tensor(X, dtype=torch.float32).requires_grad_(True)
    model(X)[:, 0].sum().backward()
    return (X.grad * X).detach().numpy()


def _ism(model, X):
    return interpret.ism_to_observed(interpret.ism(model, X), X.numpy())


def _random(model, X):
    return np.random.default_rng(0).normal(size=tuple(X.shape))


q2 = ExperimentExercise(
    "09.q2", evaluate=_evaluate,
    hint="Gradients are zero where the sigmoid is flat, and mutating one of two redundant sites changes nothing. "
         "A method that compares the input with a reference and adds up the gradient along the way (integrated "
         "gradients from an all-zero baseline, 30-50 steps) gives each site its share.",
    solution="    def my_attribution(model, X):\n"
             "        X = torch.as_tensor(X, dtype=torch.float32)\n"
             "        steps, total = 50, torch.zeros_like(X)\n"
             "        for k in range(steps):\n"
             "            point = ((k + 0.5) / steps * X).requires_grad_(True)   # zero baseline\n"
             "            model(point)[:, 0].sum().backward()\n"
             "            total += point.grad\n"
             "        return (X * total / steps).numpy()\n"
             "Integrated gradients satisfy completeness: the attributions add up to P(bound | x) - P(bound | 0), "
             "and two equal sites share it. Gradient x input gives almost nothing (the sigmoid is saturated), ISM "
             "gives almost nothing to either of two redundant sites, and too few steps (e.g. 5) miss the steep "
             "part of the path, so the credit no longer adds up.",
    solution_value=lambda: _integrated_gradients,
    typical_wrong=[lambda: _gradient_x_input, lambda: _ism, lambda: _random,
                   lambda: (lambda model, X: X.numpy()),
                   lambda: functools.partial(_integrated_gradients, steps=3)],
)

q3 = ThoughtExercise(
    "09.q3",
    hint="What does ISM measure: the effect of removing ONE base while everything else stays? What happens to "
         "that effect when other sites can do the same job, or when the output is already near its maximum?",
    solution="No. ISM measures the effect of one change at a time. With three sites, destroying one leaves two, "
             "and the predicted binding is already saturated, so every single mutation changes little: the sites "
             "are redundant, not unimportant. Ways out: mutate several sites together (e.g. knock out all three, "
             "or pairs, and see the prediction fall), or use a reference-based method (integrated gradients, "
             "DeepLIFT/SHAP) whose attributions add up to the difference from a reference without the sites: the "
             "three sites should then share the credit. Explaining logits instead of probabilities also removes "
             "the saturation of the final sigmoid.",
)
