"""Exercises of notebook 18: the right answers pass, the typical wrong ones fail (offline)."""
import os

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from course_utils import data  # noqa: E402
from course_utils.exercises import CORRECT, INCORRECT, NOT_ATTEMPTED, ____  # noqa: E402
from course_utils.questions import nb18  # noqa: E402

needs_model = pytest.mark.skipif("protein_mlm" not in data.registry(), reason="protein_mlm not registered")


def test_q1_reference_passes_and_typical_wrong_answers_fail():
    assert nb18.q1.check(nb18._score_reference).status == CORRECT
    for wrong in nb18.q1.typical_wrong:
        assert nb18.q1.check(wrong).status == INCORRECT, wrong.__name__


def test_q1_matches_the_notebook_scores_on_gb1():
    """The hint's recipe gives the same number as lm.substitution_scores on a real double mutant."""
    from course_utils import lm
    wt = data.registry()["gb1"]["wild_type"]
    rng = np.random.default_rng(0)
    marg = np.log2(rng.dirichlet(np.ones(20), size=len(wt)))
    mutant = wt[:23] + "E" + wt[24:26] + "A" + wt[27:]            # residues 25 and 28 (first residue 2)
    name = f"{wt[23]}25E:{wt[26]}28A"
    expected = lm.substitution_scores(wt, [mutant], marg)[0]
    assert nb18._score_reference(marg, wt, name, 2) == pytest.approx(expected)


def test_q3_blank_is_not_attempted_without_embedding_anything():
    def blank(layers):
        return ____
    assert nb18.q3.check(blank).status == NOT_ATTEMPTED


# The hint's window of last-layer vectors passing and the notebook's own probe (layers[4]) and token embeddings
# (layers[0]) failing are checked once, in tests/test_questions.py (reference and typical wrong answers): the
# probe's fit takes about 20 s, so it is not repeated here.


@needs_model
@pytest.mark.slow
def test_q3_checks_the_same_features_again_without_refitting(monkeypatch):
    calls = []
    monkeypatch.delenv("COURSE_CHECKER_CACHE", raising=False)                # this process's memory only
    monkeypatch.setattr(nb18, "_PROBE_Q3", {})
    small = lambda layers: layers[0][:, :2]                                     # noqa: E731, a cheap probe
    import sklearn.linear_model
    real = sklearn.linear_model.LogisticRegression.fit
    monkeypatch.setattr(sklearn.linear_model.LogisticRegression, "fit",
                        lambda self, *a, **k: (calls.append(1), real(self, *a, **k))[1])
    first, again = nb18.q3.check(small), nb18.q3.check(lambda layers: layers[0][:, :2])
    assert first.status == again.status == INCORRECT and first.message == again.message
    assert len(calls) == 1                                                      # identical features: one fit
    nb18.q3.check(lambda layers: layers[0][:, 1:3])
    assert len(calls) == 2                                                      # different features: a new fit


@needs_model
@pytest.mark.slow                       # embeds every chain with the language model first
def test_q3_probe_results_are_shared_through_the_checker_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CHECKER_CACHE", str(tmp_path))
    monkeypatch.setattr(nb18, "_PROBE_Q3", {})
    first = nb18.q3.check(lambda layers: layers[0][:, :2])
    stored = list(tmp_path.glob("nb18-q3-*.json"))
    assert len(stored) == 1 and not list(tmp_path.glob("*.tmp"))
    stored[0].write_text('{"q3": 0.99}')                  # another worker's result, as this process would read it
    monkeypatch.setattr(nb18, "_PROBE_Q3", {})
    again = nb18.q3.check(lambda layers: layers[0][:, :2])
    assert first.status == INCORRECT and again.status == CORRECT and "Q3 0.99" in again.message


@pytest.mark.slow                       # embeds every chain with the language model first
def test_q3_rejects_features_of_the_wrong_shape():
    result = nb18.q3.check(lambda layers: np.zeros(3))
    assert result.status == INCORRECT
