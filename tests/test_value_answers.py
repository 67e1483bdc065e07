"""Every value exercise's expected answer, computed here from the line its solution names.

Comparing ``q.expected`` with itself cannot fail; these tests compute the answer the way the solution says a
learner can check it (``train.count_parameters(...)``, a layer's output shape, the data's own table) and pass
that to ``check``. Exercises answered by reading a notebook's analysis (01 q4, 05 q1) are left to the
notebooks' own tests.
"""
import math

import numpy as np
import pytest
import torch
from torch import nn

from course_utils import data, encoding, kmers, metrics, protein, train
from course_utils.questions import (nb00, nb01, nb02, nb03, nb04, nb06, nb08, nb09, nb10, nb11, nb12, nb13, nb14,
                                    nb15, nb16, nb17)


@pytest.fixture(autouse=True)
def _progress_in_tmp(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def _length_after(layers, length, channels=4):
    """Length of the last axis after ``layers`` (an nn.Sequential) on a (1, channels, length) input."""
    with torch.no_grad():
        return layers(torch.zeros(1, channels, length)).shape[-1]


def _receptive_field(layers, channels, length=101):
    """Number of input positions that reach the middle output of ``layers`` (all weights set to 1)."""
    for p in layers.parameters():
        nn.init.constant_(p, 1.0)
    x = torch.zeros(1, channels, length, requires_grad=True)
    layers(x)[0, :, length // 2].sum().backward()
    return int((x.grad.abs().sum(dim=1) > 0).sum())


CASES = {
    "00.q1": (nb00.q1, lambda: encoding.one_hot_dna(["ACGT"]).shape[1]),
    "01.q2": (nb01.q2, lambda: kmers.kmer_counts(["ACGTACGTAC"], 6).shape[1]),
    "01.q3": (nb01.q3, lambda: 2 + sum(p * math.log2(p) for p in (0.5, 0.5))),
    "02.q1": (nb02.q1, lambda: train.count_parameters(nn.Conv1d(4, 16, 15))),
    "02.q2": (nb02.q2, lambda: _length_after(nn.Conv1d(4, 16, 15), 200)),
    "03.q1": (nb03.q1, lambda: metrics.positive_rate(np.r_[np.ones(45), np.zeros(3000 - 45)])),
    "04.q1": (nb04.q1, lambda: train.count_parameters(nn.LSTM(4, 32, bidirectional=True))),
    "04.q2": (nb04.q2, lambda: _length_after(nn.Sequential(nn.Conv1d(4, 8, 11), nn.MaxPool1d(4)), 64)),
    "06.q1": (nb06.q1, lambda: float((data.load("pbmc68k_reduced")["X_log"] == 0).mean())),
    "06.q2": (nb06.q2, lambda: train.count_parameters(nb06._Autoencoder(765, 2))),
    "08.q2": (nb08.q2, lambda: train.count_parameters(nn.MultiheadAttention(32, 2))),
    "09.q1": (nb09.q1, lambda: int(sum(encoding.one_hot_dna(["A" * 200])[0].sum(axis=0) == 1) * 3)),
    "10.q1": (nb10.q1, lambda: _frozen_conv_head_parameters()),
    "11.q1": (nb11.q1, lambda: math.sqrt(0.64)),
    "12.q2": (nb12.q2, lambda: _receptive_field(nn.Sequential(nn.Conv1d(21, 4, 11, padding=5),
                                                               nn.Conv1d(4, 4, 11, padding=5)), 21)),
    "13.q1": (nb13.q1, lambda: np.hstack([protein.composition(["MKTAYIAKQR"], 1),
                                           protein.composition(["MKTAYIAKQR"], 2)]).shape[1]),
    "13.q2": (nb13.q2, lambda: _length_after(nn.Sequential(nn.Conv1d(20, 8, 9, padding=4), nn.MaxPool1d(5)), 200, 20)),
    "14.q1": (nb14.q1, lambda: sum(1 for i in range(48) for j in range(i + 1, 48) if j - i >= 6)),
    "15.q1": (nb15.q1, lambda: (1 - 2 * 0.4) * 0.9 + 0.4),
    "16.q2": (nb16.q2, lambda: _batches_with_both_classes()),
    "17.q2": (nb17.q2, lambda: _length_after(nn.Conv1d(4, 32, kernel_size=3, stride=3), 150 - 2)),
}


def _frozen_conv_head_parameters():
    conv, head = nn.Conv1d(4, 24, 15), nn.Linear(24, 1)
    for p in conv.parameters():
        p.requires_grad_(False)
    return train.count_parameters(nn.Sequential(conv, head))


def _batches_with_both_classes():
    samples = data.load("bladderbatch_samples")
    samples = samples[samples.cancer != "Biopsy"]
    return int((samples.groupby("batch").cancer.nunique() == 2).sum())


@pytest.mark.parametrize("name", sorted(CASES))
def test_expected_answer_is_what_the_solutions_line_computes(name):
    exercise, compute = CASES[name]
    value = compute()
    if isinstance(value, (int, np.integer)):
        value = int(value)
    result = exercise.check(value)
    assert result.status == "correct", f"{name}: the solution's own computation gives {value!r}: {result.message}"


def test_attention_weights_shape_and_permutation_invariance():
    mha = nn.MultiheadAttention(32, 2, batch_first=True)
    x = torch.randn(8, 50, 32)
    out, weights = mha(x, x, x, average_attn_weights=False)
    assert nb08.q1.check(tuple(weights.shape)).status == "correct"
    perm = torch.randperm(50)
    shuffled, _ = mha(x[:, perm], x[:, perm], x[:, perm])
    changes = not torch.allclose(out.mean(dim=1), shuffled.mean(dim=1), atol=1e-5)
    assert nb08.q3.check(changes).status == "correct"
