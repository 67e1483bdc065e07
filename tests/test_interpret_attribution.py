"""course_utils.interpret: hand-written attribution maps, scoring against planted motifs, seqlets."""
import numpy as np
import pandas as pd
import pytest
import torch

from course_utils import encoding, interpret, motifs


class Linear(torch.nn.Module):
    """out = sum(W * x): every attribution method has a closed form for it."""

    def __init__(self, length=12, seed=0):
        super().__init__()
        self.W = torch.nn.Parameter(torch.from_numpy(np.random.default_rng(seed).normal(size=(4, length))).float())

    def forward(self, x):
        return (x * self.W).sum(dim=(1, 2))[:, None]


@pytest.fixture
def X():
    return encoding.one_hot_dna(["ACGTACGTACGT", "TTTTGGGGCCCA"])


def test_gradient_saliency_and_gradient_x_input_of_a_linear_model(X):
    model = Linear()
    W = model.W.detach().numpy()
    assert np.allclose(interpret.gradient(model, X), np.broadcast_to(W, X.shape), atol=1e-6)
    assert np.allclose(interpret.saliency(model, X), np.abs(W)[None].repeat(2, 0), atol=1e-6)
    gxi = interpret.gradient_x_input(model, X)
    assert np.allclose(gxi, W * X, atol=1e-6)
    assert np.allclose(gxi.sum(axis=(1, 2)), interpret.output(model, X), atol=1e-5)


def test_ism_of_a_linear_model_is_the_weight_difference(X):
    model = Linear()
    W = model.W.detach().numpy()
    delta = interpret.ism(model, X)
    observed = (W * X).sum(axis=1, keepdims=True)                 # weight of the base that is there
    assert delta.shape == X.shape
    assert np.allclose(delta, (W - observed) * (1 - X), atol=1e-5)
    projected = interpret.ism_to_observed(delta, X)
    assert np.allclose(projected.sum(axis=1), -delta.sum(axis=1) / 3, atol=1e-6)
    assert np.allclose(projected * (1 - X), 0)


def test_integrated_gradients_is_exact_for_linear_and_complete_for_the_saturating_toy(X):
    model = Linear()
    assert np.allclose(interpret.integrated_gradients(model, X, steps=4), interpret.gradient_x_input(model, X),
                       atol=1e-5)
    ctcf_like = np.log2(motifs.probabilities(np.eye(4)[[0, 1, 2, 3, 0, 1, 2, 3]].T * 20) / 0.25)
    toy = interpret.SiteSumModel(ctcf_like, threshold=8.0, offset=4.0)
    seqs = encoding.one_hot_dna(["TTTTACGTACGTTTTTTTTTACGTACGTTTTT", "T" * 32])
    ig = interpret.integrated_gradients(toy, seqs, steps=100)
    gain = interpret.output(toy, seqs) - interpret.output(toy, np.zeros_like(seqs))
    assert np.allclose(ig.sum(axis=(1, 2)), gain, atol=0.02 * max(gain.max(), 1e-3))
    # a baseline equal to the input explains nothing
    assert np.allclose(interpret.integrated_gradients(toy, seqs, baseline=seqs), 0)


def test_saturation_gradient_vanishes_but_ig_splits_two_sites():
    pwm = np.log2(motifs.probabilities(np.eye(4)[[0, 1, 2, 3, 0, 1, 2, 3]].T * 20) / 0.25)
    toy = interpret.SiteSumModel(pwm, threshold=8.0, offset=4.0)
    two = encoding.one_hot_dna(["TTTTACGTACGTTTTTTTTTACGTACGTTTTT"])
    gxi = interpret.gradient_x_input(toy, two).sum(axis=1)[0]
    ig = interpret.integrated_gradients(toy, two, steps=100).sum(axis=1)[0]
    assert abs(gxi).max() < 1e-3
    assert abs(ig[4:12].sum() - ig[20:28].sum()) < 0.02 and ig[4:12].sum() > 0.4


def test_position_scores_mask_and_auroc():
    truth = pd.DataFrame({"seq": [0, 1, 2], "motif": ["A", "A", "B"], "start": [2, 5, 0], "end": [4, 8, 3],
                          "strand": ["+", "+", "-"]})
    mask = interpret.motif_mask(truth, rows=[1, 0, 7], length=10, motif="A")
    assert mask.shape == (3, 10) and mask[0, 5:8].all() and mask[1, 2:4].all() and not mask[2].any()
    scores = mask.astype(float) + 0.01
    au = interpret.motif_auroc(scores, mask)
    assert au[0] == 1 and au[1] == 1 and np.isnan(au[2])
    assert interpret.motif_auroc(-scores, mask)[0] == 0
    attr = np.zeros((1, 4, 5))
    attr[0, 2, 3] = -2.0
    assert interpret.position_scores(attr)[0, 3] == 2.0


def test_top_seqlets_and_counts_align_both_strands():
    site = "GGATCCAT"
    rng = np.random.default_rng(0)
    seqs, attrs = [], []
    for i in range(6):
        bg = "".join(rng.choice(list("ACGT"), 40))
        s = site if i % 2 == 0 else encoding.reverse_complement(site)
        start = 5 + 3 * i
        seqs.append(bg[:start] + s + bg[start + 8:])
        a = np.zeros(40)
        a[start:start + 8] = 1.0 + i * 0.01
        attrs.append(a)
    X = encoding.one_hot_dna(seqs)
    attr = np.asarray(attrs)[:, None, :] * X
    windows, table = interpret.top_seqlets(attr, X, width=8, flank=2)
    assert windows.shape == (6, 4, 12)
    assert table.score.is_monotonic_decreasing
    assert sorted(table.start) == [5 + 3 * i for i in range(6)]
    counts, placement = interpret.seqlet_counts(windows, width=8)
    cons = motifs.consensus(counts)
    assert cons in (site, encoding.reverse_complement(site))
    assert counts.max(axis=0).min() == 6                        # every seqlet agrees at every position
    assert set(placement.strand) == {"+", "-"}


def test_bad_inputs_raise_clear_errors(X):
    model = Linear()
    with pytest.raises(ValueError, match="channels-last|one-hot"):
        interpret.gradient(model, X.transpose(0, 2, 1))
    with pytest.raises(ValueError, match=r"\(N, 4, L\)"):
        interpret.saliency(model, X[0])
    with pytest.raises(TypeError, match="torch.nn.Module"):
        interpret.gradient(lambda x: x, X)
    with pytest.raises(ValueError, match="target"):
        interpret.gradient(model, X, target=3)
    with pytest.raises(ValueError, match="baseline"):
        interpret.integrated_gradients(model, X, baseline=np.zeros((4, 3)))
    with pytest.raises(ValueError, match="same shape"):
        interpret.motif_auroc(np.zeros((2, 5)), np.zeros((2, 6), bool))
    with pytest.raises(ValueError, match="width"):
        interpret.top_seqlets(np.zeros(X.shape), X, width=50)
    with pytest.raises(ValueError, match="pwm"):
        interpret.SiteSumModel(np.zeros((3, 5)))
    with pytest.raises(TypeError, match="truth"):
        interpret.motif_mask([1, 2], rows=[0], length=5)


class _Probe(torch.nn.Module):
    """Linear, plus a dropout layer and a record of the mode each forward pass ran in."""

    def __init__(self, length=12):
        super().__init__()
        self.lin = Linear(length)
        self.drop = torch.nn.Dropout(0.5)
        self.modes = []

    def forward(self, x):
        self.modes.append(self.training)
        return self.drop(self.lin(x))


@pytest.mark.parametrize("method", ["output", "gradient", "saliency", "gradient_x_input", "ism",
                                    "integrated_gradients"])
def test_every_method_runs_the_model_in_eval_mode_and_leaves_its_mode_as_found(X, method):
    model = _Probe()
    model.train()
    model.drop.eval()                                    # a layer the learner froze in eval mode
    first = getattr(interpret, method)(model, X)
    assert model.modes and not any(model.modes), "attribution must run the model in eval mode (no dropout)"
    assert model.training and model.lin.training and not model.drop.training, "modes must be restored"
    model.eval()
    assert np.array_equal(getattr(interpret, method)(model, X), first)   # the same in either mode
    assert not model.training


def test_attribution_asks_train_for_the_models_device(X, monkeypatch):
    from course_utils import train
    assert interpret._check_model is train.model_device           # gradient's device helper is train's
    monkeypatch.setattr(train, "model_device", lambda model: torch.device("meta"))
    with pytest.raises((NotImplementedError, RuntimeError)):
        interpret.output(Linear(), X)                              # the inputs went to 'meta'


def test_cache_modisco_kernels_turns_numba_disk_caching_on_for_modiscolite():
    from modiscolite import affinitymat
    from numba.core.caching import NullCache
    n = interpret.cache_modisco_kernels()
    assert n >= 20                                            # about 30 kernels in modiscolite 2.x
    assert not isinstance(affinitymat._jaccard_all._cache, NullCache)
    assert interpret.cache_modisco_kernels() == n             # again: nothing more, nothing less
