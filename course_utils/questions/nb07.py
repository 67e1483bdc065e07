"""Exercises of notebook 07: a VAE scores mutation effects (DeepSequence)."""
import functools
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .. import alignment, data, metrics, seeding, train, validate, variants
from ..exercises import ExperimentExercise, FunctionExercise, ThoughtExercise

_GAPS = "-."


def _weights(seqs, identity=0.8):
    n = len(seqs)
    neighbours = np.zeros(n)
    for i, a in enumerate(seqs):
        residues = [k for k, c in enumerate(a) if c not in _GAPS]
        for b in seqs:
            same = sum(a[k] == b[k] for k in residues)
            if same >= identity * max(len(residues), 1) - 1e-9:
                neighbours[i] += 1
    return 1.0 / np.maximum(neighbours, 1)


def _weights_gaps_match(seqs, identity=0.8):            # a shared gap counted as identity
    return np.array([1.0 / sum(sum(x == y for x, y in zip(a, b)) >= identity * len(a) for b in seqs)
                     for a in seqs])


def _weights_strict(seqs, identity=0.8):                # '>' instead of 'at least'
    out = []
    for a in seqs:
        res = [k for k, c in enumerate(a) if c not in _GAPS]
        out.append(1.0 / max(1, sum(sum(a[k] == b[k] for k in res) > identity * len(res) for b in seqs)))
    return np.array(out)


def _neighbour_counts(seqs, identity=0.8):              # forgot to invert
    return 1.0 / _weights(seqs, identity)


def _without_self(seqs, identity=0.8):                  # only the other sequences counted
    return 1.0 / np.maximum(1.0 / _weights(seqs, identity) - 1.0, 1.0)


q1 = FunctionExercise(
    "07.q1",
    cases=[((["ACDEF", "ACDEF", "ACDEW", "WWWWW"],), np.array([1 / 3, 1 / 3, 1 / 3, 1.0])),
           ((["AC---", "ACDEF", "----W"],), np.array([0.5, 1.0, 1.0])),
           ((["KLMNP", "KLMQQ", "KLMNQ"], 0.6), np.array([1 / 3, 1 / 3, 1 / 3])),
           ((["KLMNP", "KLMQQ", "KLMNQ"], 0.8), np.array([0.5, 0.5, 1 / 3]))],
    hint="For sequence i, look only at its residues (skip '-' and '.'). Count the sequences j "
         "(i itself included) that carry the same letter at at least `identity` of those positions; "
         "the weight is 1 / that count.",
    solution="def weights(seqs, identity=0.8):\n"
             "    out = []\n"
             "    for a in seqs:\n"
             "        residues = [k for k, c in enumerate(a) if c not in '-.']\n"
             "        n = sum(sum(a[k] == b[k] for k in residues) >= identity * len(residues) for b in seqs)\n"
             "        out.append(1 / n)\n"
             "    return np.array(out)\n"
             "course_utils.alignment.sequence_weights does the same with one matrix product.",
    solution_value=_weights,
    typical_wrong=[_weights_gaps_match, _weights_strict, _neighbour_counts, _without_self],
)


def _kl(mu, logvar):
    mu, logvar = np.asarray(mu, dtype=float), np.asarray(logvar, dtype=float)
    return float(0.5 * np.sum(mu ** 2 + np.exp(logvar) - 1.0 - logvar))


q2 = FunctionExercise(
    "07.q2",
    cases=[((np.zeros(3), np.zeros(3)), 0.0),
           ((np.array([1.0, 0.0]), np.zeros(2)), 0.5),
           ((np.array([0.0]), np.array([math.log(2.0)])), 0.5 * (1.0 - math.log(2.0))),
           ((np.array([2.0, -1.0]), np.array([-1.0, 1.0])),
            0.5 * (4 + math.exp(-1) - 1 + 1) + 0.5 * (1 + math.exp(1) - 1 - 1))],
    hint="For one latent dimension KL(N(mu, s^2) || N(0, 1)) = 0.5 * (mu^2 + s^2 - 1 - log s^2), "
         "with s^2 = exp(logvar). Sum over the dimensions and return a float.",
    solution="def kl(mu, logvar):\n"
             "    return float(0.5 * np.sum(mu**2 + np.exp(logvar) - 1 - logvar))\n"
             "It is 0 only when q(z|x) is the prior itself (mu = 0, logvar = 0).",
    solution_value=_kl,
    typical_wrong=[lambda mu, lv: float(np.sum(mu ** 2 + np.exp(lv) - 1 - lv)),           # no 0.5
                   lambda mu, lv: float(-0.5 * np.sum(mu ** 2 + np.exp(lv) - 1 - lv)),    # sign
                   lambda mu, lv: float(0.5 * np.sum(mu ** 2 + lv - 1 - np.log(np.abs(lv) + 1e-12))),
                   lambda mu, lv: float(0.5 * np.sum(mu ** 2 + np.exp(lv) - 1 - lv) / len(mu))],  # mean
)

q3 = ThoughtExercise(
    "07.q3",
    hint="Column-scrambled decoys keep every column's amino-acid frequencies. What is the only "
         "information the PSSM uses?",
    solution="The PSSM scores each column on its own, so a decoy built from natural residues column by "
             "column gets the same expected score as a natural sequence: it cannot tell them apart "
             "(AUROC near 0.5). The VAE's latent variable ties the columns together, so it notices "
             "combinations of residues that never occur together. For the same reason the VAE can "
             "score two mutations that are harmful alone but compensate each other (epistasis), "
             "while an independent-site model simply adds their effects.",
)


# --- Exercise 4: an ablation. The checker rebuilds the notebook's held-out domains and scores the learner's model.

_WT = "P46937/173-202"            # YAP1 WW1, kept in the training split as in the notebook


@functools.lru_cache(maxsize=1)
def _held_out():
    """One-hot validation domains of the notebook's split and two kinds of decoys that keep their gaps."""
    msa = data.load("ww_domain_alignment")
    seqs, keep = variants.match_columns(msa.sequence, max_gap_fraction=0.2)
    ids = msa.id.to_numpy()[keep]
    split = seeding.rng(0).choice(np.array(["train", "valid", "test"]), size=len(seqs), p=[0.8, 0.1, 0.1])
    split[ids == _WT] = "train"                          # the notebook's split, row for row
    natural = list(seqs[split == "valid"])               # validation domains: never the notebook's test domains
    shuffled = variants.shuffle_residues(natural, seeding.rng(11))
    scrambled = variants.scramble_columns(natural, seeding.rng(12), keep_gaps=True)
    return seqs, split, [alignment.one_hot_alignment(d) for d in (natural, shuffled, scrambled)]


def _elbo(model, X, n_samples=20):
    out = None
    torch.manual_seed(0)
    for _ in range(n_samples):
        o = train.predict(model, X, batch_size=4096)
        if o.ndim != 2 or o.shape[1] != 2:
            raise ValueError(f"the model's forward returned shape {o.shape}; like VAE it must return (B, 2): "
                             "log p(x|z) and KL for each sequence")
        out = o if out is None else out + o
    out = out / n_samples
    return out[:, 0] - out[:, 1]


def _evaluate_ablation(model):
    if isinstance(model, type):
        raise TypeError("pass a trained model (an instance such as blind), not the class BlindVAE")
    validate.model(model, example="answer = blind")
    natural, shuffled, scrambled = _held_out()[2]
    y = np.r_[np.ones(len(natural)), np.zeros(len(natural))]
    s_nat = _elbo(model, natural)
    a_shuffled = metrics.auroc(y, np.r_[s_nat, _elbo(model, shuffled)])
    a_scrambled = metrics.auroc(y, np.r_[s_nat, _elbo(model, scrambled)])
    ok = a_shuffled >= 0.95 and a_scrambled <= 0.60
    report = (f"validation domains vs shuffled: AUROC {a_shuffled:.2f} (goal: at least 0.95, it still knows the family); "
              f"vs column-scrambled with gaps kept: AUROC {a_scrambled:.2f} (goal: at most 0.60, it no longer sees "
              "which residues go together)")
    if a_shuffled < 0.95:
        report += ". Was the model trained? An untrained decoder scores every sequence alike"
    elif a_scrambled > 0.60:
        report += ". The decoder still uses z: make it ignore z (e.g. z = 0 * z), not just change its size"
    return ok, report


class _SmallVAE(nn.Module):
    """The notebook's VAE in small (for the tests); blind=True hides z from the decoder."""

    def __init__(self, length, latent=4, hidden=64, states=21, blind=False):
        super().__init__()
        self.shape, self.blind = (states, length), blind
        self.encoder = nn.Sequential(nn.Flatten(), nn.Linear(states * length, hidden), nn.ReLU(),
                                     nn.Linear(hidden, 2 * latent))
        self.decoder = nn.Sequential(nn.Linear(latent, hidden), nn.ReLU(), nn.Linear(hidden, states * length))

    def forward(self, x):
        mu, logvar = self.encoder(x).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        if self.blind:
            z = 0 * z
        logits = self.decoder(z).view(-1, *self.shape)
        log_px = (x * F.log_softmax(logits, dim=1)).sum(dim=(1, 2))
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(dim=1)
        return torch.stack([log_px, kl], dim=1)


def _trained_small_vae(blind, epochs):
    seqs, split, _ = _held_out()
    X = alignment.one_hot_alignment(list(seqs[split == "train"]))
    w = np.ones(len(X), dtype=np.float32)
    train.set_seed(0)
    model = _SmallVAE(X.shape[2], blind=blind)
    if epochs:
        train.fit(model, (X, w), (X[:256], w[:256]), loss_fn=lambda out, w: -(w * (out[:, 0] - out[:, 1])).mean(),
                  epochs=epochs, lr=3e-3, batch_size=256, patience=epochs, seed=0, progress=False)
    return model


q4 = ExperimentExercise(
    "07.q4",
    evaluate=_evaluate_ablation,
    hint="All columns are decoded from the same z; that shared z is the only path by which one column can "
         "depend on another. In BlindVAE.forward, copy VAE.forward and replace z by zeros before the decoder "
         "(z = 0 * z), then train it with the same train.fit call as the VAE and pass the trained model.",
    solution="class BlindVAE(VAE):\n"
             "    def forward(self, x):\n"
             "        mu, logvar = self.encoder(x).chunk(2, dim=1)\n"
             "        z = 0 * (mu + torch.exp(0.5 * logvar) * torch.randn_like(mu))   # the decoder sees no z\n"
             "        logits = self.decoder(z).view(-1, *self.shape)\n"
             "        log_px = (x * F.log_softmax(logits, dim=1)).sum(dim=(1, 2))\n"
             "        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum(dim=1)\n"
             "        return torch.stack([log_px, kl], dim=1)\n"
             "Trained like the VAE, it still rejects shuffled domains (AUROC about 1.0) but scores column-scrambled "
             "decoys like natural ones (about 0.50, the PSSM's number): without z the decoder outputs one fixed "
             "distribution per column, an independent-site model. So the shared latent variable is what carries "
             "the couplings between columns. (A very large weight on the KL term has the same effect: the "
             "encoder gives up, z carries no information, and the advantage disappears.)",
    solution_value=lambda: _trained_small_vae(blind=True, epochs=12),
    typical_wrong=[lambda: _trained_small_vae(blind=False, epochs=12),     # the VAE itself, not ablated
                   lambda: _trained_small_vae(blind=True, epochs=0),       # ablated but never trained
                   "blind"],
)
