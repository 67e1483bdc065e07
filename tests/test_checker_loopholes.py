"""Each hole an adversarial review found in an experiment checker, closed by a test that would have caught it.

Issue 18, "Checkers that judge what was asked": a checker judges what the submission computes and does what the
exercise asks, not what the submission declares or what was computed elsewhere.
"""
import numpy as np
import pytest
import torch
from torch import nn

from course_utils.questions import _models, nb02, nb08, nb12, nb15


def _fresh_progress(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def test_frozen_parameters_and_buffers_count_toward_a_size_budget():
    model = nb02._DeepBindCNN(n_filters=32, width=15)      # 1,985 parameters
    for p in model.conv.parameters():
        p.requires_grad_(False)                             # frozen: count_parameters no longer sees them
    model.register_buffer("hidden", torch.zeros(100))
    assert _models.stored_numbers(model) == sum(p.numel() for p in model.parameters()) + 100
    ok, report = nb02._evaluate_model(model)
    assert not ok and "stores 2,085 numbers" in report and "frozen ones included" in report


class _DeclaresPoolingSkipsIt(nn.Module):
    """Declares AdaptiveMaxPool1d(6) but its forward flattens all 13 positions (keeps every position)."""

    def __init__(self):
        super().__init__()
        self.inner = nb08._SmallCNN(16, bins=6)
        self.head = nn.Linear(16 * 13, 1)

    def forward(self, tokens):
        h = torch.relu(self.inner.conv2(self.inner.scan(tokens)))      # (N, 16, 13): no pooling at all
        return self.head(h.flatten(1)).squeeze(-1)


def test_a_pooling_layer_that_forward_skips_does_not_count():
    ok, report = nb08._evaluate_bins(_DeclaresPoolingSkipsIt())
    assert not ok and "uses no nn.AdaptiveMaxPool1d" in report


def test_the_pooling_that_forward_computes_is_what_is_judged():
    X, _ = nb08._fresh_test_set()
    assert _models.output_lengths(nb08._SmallCNN(16, bins=4), X[:3], nn.AdaptiveMaxPool1d) == [4]
    ok, report = nb08._evaluate_bins(nb08._SmallCNN(16, bins=13))
    assert not ok and "keeps 13 pooled stretches" in report


def test_a_model_trained_elsewhere_cannot_be_handed_in_for_a_change(monkeypatch, tmp_path):
    _fresh_progress(monkeypatch, tmp_path)
    result = nb12.q3.check(nb12._CNN.build(11))                       # a model, not a function that builds one
    assert result.status == "incorrect" and "builds your UNTRAINED model" in result.message


@pytest.mark.slow
def test_the_checker_retrains_from_scratch_whatever_the_builder_hands_out():
    trained = nb12._CNN.build(1)
    with torch.no_grad():
        for p in trained.parameters():
            p.fill_(0.123)
    seen = {}

    def build():
        seen["model"] = trained
        return trained

    nb12._evaluate(build)
    assert not any(torch.all(p == 0.123) for p in seen["model"].parameters()), "the checker should re-initialise"


@pytest.mark.slow
def test_label_noise_remedy_is_trained_by_the_checker_on_labels_it_flips(monkeypatch, tmp_path):
    _fresh_progress(monkeypatch, tmp_path)
    clean_model = nn.Linear(4**5, 1)                                  # a model trained on clean labels is refused
    assert "not a model" in nb15.q2.check(clean_model).message
    probabilities = np.full(906, 0.5)                                 # so are test probabilities
    assert "not probabilities" in nb15.q2.check(probabilities).message
    assert nb15.q2.check(nn.BCEWithLogitsLoss()).status == "incorrect"   # no remedy: below the goal


@pytest.mark.slow
def test_label_noise_checker_never_reads_the_test_peaks(monkeypatch):
    import course_utils.data as data

    real_load = data.load

    def load(name):
        df = real_load(name)
        return df[df.split != "test"] if name == "oct4_mafk" else df

    nb15._features.cache_clear()
    monkeypatch.setattr(nb15.data, "load", load)
    try:
        ok, report = nb15._evaluate(nb15._ForwardCorrectedBCE(0.4))
    finally:
        nb15._features.cache_clear()
    assert ok and "test peaks stay untouched" in report


def test_a_loss_that_returns_no_number_gets_a_message(monkeypatch, tmp_path):
    _fresh_progress(monkeypatch, tmp_path)
    result = nb15.q2.check(lambda logits, y: 0.5)
    assert result.status == "incorrect" and "must return one number" in result.message


def test_learner_code_that_edits_the_model_it_is_given_cannot_change_later_checks(monkeypatch, tmp_path):
    from course_utils.questions import nb09

    _fresh_progress(monkeypatch, tmp_path)

    def vandal(model, X):                       # breaks the model it is handed, then answers nonsense
        for p in model.parameters():
            p.data.zero_()
        return np.zeros(tuple(X.shape))

    nb09.q2.check(vandal)
    assert nb09.q2.check(nb09.q2.reference()).status == "correct"
