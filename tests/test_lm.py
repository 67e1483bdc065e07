"""Tests of course_utils.lm, the hf_model registry format and tools/pretrain_lm.py (offline, tiny runs)."""
import hashlib
import importlib.util
import os

import numpy as np
import pytest
import torch

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from course_utils import data, lm  # noqa: E402

ROOT = data.ROOT


@pytest.fixture(scope="module")
def pretrain_tool():
    spec = importlib.util.spec_from_file_location("pretrain_lm", ROOT / "tools" / "pretrain_lm.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _random_proteins(n, seed, low=20, high=60):
    rng = np.random.default_rng(seed)
    return ["".join(rng.choice(list(lm.AMINO_ACIDS), rng.integers(low, high))) for _ in range(n)]


@pytest.fixture(scope="module")
def tiny(pretrain_tool, tmp_path_factory):
    """A 3-step pretraining run on random proteins: (folder, result)."""
    out = tmp_path_factory.mktemp("tiny_lm")
    result = pretrain_tool.pretrain(_random_proteins(40, 0), _random_proteins(8, 1), out, steps=3, batch=4,
                                    crop=32, log=lambda m: None, checkpoint_every=0,
                                    hidden_size=32, intermediate_size=64, num_hidden_layers=2)
    return out, result


def test_tiny_pretraining_writes_a_folder_that_auto_classes_load_offline(tiny):
    from transformers import AutoModelForMaskedLM, AutoTokenizer
    out, result = tiny
    assert {"config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"} <= {p.name for p in out.iterdir()}
    model, tok = AutoModelForMaskedLM.from_pretrained(out), AutoTokenizer.from_pretrained(out)
    assert model.config.num_hidden_layers == 2 and tok.mask_token == "<mask>"
    assert tok("MKV")["input_ids"] == [0, 20, 15, 7, 2]         # ESM-2's ids: <cls> M K V <eos>
    assert result["steps"] == 3 and len(result["curve"]) == 2
    assert 2.0 < result["heldout_bits"] < 8.0                    # near log2(20) = 4.32 for an untrained model


def test_pretraining_is_seeded(pretrain_tool, tmp_path):
    kw = dict(steps=2, batch=4, crop=32, log=lambda m: None, checkpoint_every=0, hidden_size=32,
              intermediate_size=64, num_hidden_layers=1)
    a = pretrain_tool.pretrain(_random_proteins(20, 0), _random_proteins(4, 1), tmp_path / "a", **kw)
    b = pretrain_tool.pretrain(_random_proteins(20, 0), _random_proteins(4, 1), tmp_path / "b", **kw)
    assert a["curve"] == b["curve"]


def test_minutes_cap_stops_early(pretrain_tool, tmp_path):
    result = pretrain_tool.pretrain(_random_proteins(20, 0), _random_proteins(4, 1), tmp_path, steps=10_000,
                                    minutes=0.0, batch=4, crop=32, log=lambda m: None, checkpoint_every=0,
                                    hidden_size=32, intermediate_size=64, num_hidden_layers=1)
    assert result["steps"] == 1


def test_markov_counts_shapes_and_totals(pretrain_tool):
    counts = pretrain_tool.markov_counts(["ACDA", "AC"])
    assert counts["order0"].sum() == 6 and counts["order3"].sum() == 1
    assert counts["order1"][0, 1] == 2                           # "AC" twice
    assert counts["order3"].shape == (20, 20, 20, 20)


def test_hf_model_format_verifies_every_file(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / "weights.bin").write_bytes(b"\x00\x01")
    lines = [f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}" for n in ("config.json", "weights.bin")]
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    assert data._LOADERS["hf_model"](folder / "SHA256SUMS") == folder
    (folder / "weights.bin").write_bytes(b"\x00\x02")
    with pytest.raises(data.DataError, match="corrupt or changed"):
        data._LOADERS["hf_model"](folder / "SHA256SUMS")
    (folder / "weights.bin").unlink()
    with pytest.raises(data.DataError, match="lacks weights.bin"):
        data._LOADERS["hf_model"](folder / "SHA256SUMS")


def test_registered_model_loads_if_present():
    if "protein_mlm" not in data.registry():
        pytest.skip("protein_mlm not registered yet")
    model, tok = lm.load(data.load("protein_mlm"))
    assert 1e6 < sum(p.numel() for p in model.parameters()) < 3e6
    held = data.load("protein_lm_heldout")
    assert set(held.split) == {"valid", "test"}


def test_markov_bits_uniform_and_deterministic():
    counts = {f"order{k}": np.ones((20,) * (k + 1)) for k in range(3)}
    bits = lm.markov_bits(counts, ["ACDE"], [np.array([0, 3])], k=2, alpha=1.0)
    np.testing.assert_allclose(bits, np.log2(20))
    det = {"order0": np.ones(20), "order1": np.zeros((20, 20))}
    det["order1"][0, 1] = 1000                                   # A is always followed by C
    bits = lm.markov_bits(det, ["AC"], [np.array([1])], k=1, alpha=0.001)
    assert bits[0] < 0.01
    with pytest.raises(ValueError, match="order"):
        lm.markov_bits(det, ["AC"], [np.array([1])], k=3, alpha=1.0)


def test_mask_positions_is_seeded_and_never_empty():
    seqs = _random_proteins(50, 2)
    a, b = lm.mask_positions(seqs, 0.15, seed=3), lm.mask_positions(seqs, 0.15, seed=3)
    assert all(np.array_equal(x, y) for x, y in zip(a, b)) and all(len(x) >= 1 for x in a)
    frac = sum(map(len, a)) / sum(map(len, seqs))
    assert 0.1 < frac < 0.22


def test_substitution_scores():
    scores = lm.substitution_scores("MKVL", ["MKVL", "AKVL", "AKVA", "*KVL"], lm.blosum62)
    assert scores[0] == 0 and scores[1] == -1 and scores[2] == -2 and np.isnan(scores[3])
    table = np.zeros((4, 20))
    table[0, lm.AMINO_ACIDS.index("A")] = 1.5
    assert lm.substitution_scores("MKVL", ["AKVL"], table)[0] == 1.5
    assert lm.substitution_scores("MKVL", ["AKVL"], lm.hydrophobicity_change)[0] == pytest.approx(1.8 - 1.9)
    with pytest.raises(ValueError, match="residues"):
        lm.substitution_scores("MKVL", ["MKV"], lm.blosum62)


def test_marginals_embeddings_and_top_block(tiny):
    model, tok = lm.load(tiny[0])
    mm = lm.masked_marginals(model, tok, "MKVLAAGIVG")
    assert mm.shape == (10, 20)
    np.testing.assert_allclose(np.exp2(mm).sum(1), 1, atol=1e-5)
    scores = lm.variant_scores(model, tok, "MKVLAAGIVG", ["MKVLAAGIVG", "AKVLAAGIVG"])
    assert scores[0] == 0 and scores[1] == pytest.approx(mm[0, 0] - mm[0, lm.AMINO_ACIDS.index("M")])
    seqs = ["MKVLAAGIVGLL", "ACDEFGHIK"]
    last = lm.embed(model, tok, seqs)
    assert [e.shape for e in last] == [(12, 32), (9, 32)]
    below = lm.embed(model, tok, seqs, layer=model.config.num_hidden_layers - 1, special=True)
    X, y = lm.padded_states(below, [np.zeros(12, int), np.ones(9, int)], special=True)
    assert X.shape == (2, 14, 33) and (y[1, [0, 10, 11, 12, 13]] == -100).all()
    tagger = lm.TopBlockTagger(model, n_states=3)
    h = tagger.block(inputs_embeds=torch.as_tensor(X[:1, :, :-1])).last_hidden_state
    np.testing.assert_allclose(h[0, 1:13].detach().numpy(), last[0], atol=1e-4)   # the pretrained last block
    assert tagger(torch.as_tensor(X)).shape == (2, 3, 14)
    scratch = lm.TopBlockTagger(model, n_states=3, pretrained=False)
    assert not torch.allclose(scratch.block.encoder.layer[0].output.dense.weight,
                              tagger.block.encoder.layer[0].output.dense.weight)


def test_mlm_bits_positions_and_errors(tiny):
    model, tok = lm.load(tiny[0])
    seqs = ["MKVLAAGIVG", "ACDEF"]
    pos = [np.array([1, 4]), np.array([0])]
    bits = lm.mlm_bits(model, tok, seqs, pos)
    assert bits.shape == (3,) and (bits > 0).all()
    with pytest.raises(ValueError, match="positions"):
        lm.mlm_bits(model, tok, seqs, pos[:1])
    with pytest.raises(ValueError, match="20 amino acids"):
        lm.mlm_bits(model, tok, ["MKB"], [np.array([0])])


def test_bad_inputs_are_rejected_with_clear_messages(tmp_path):
    with pytest.raises(TypeError, match='data.load\\("protein_mlm"\\)'):
        lm.load(None)
    with pytest.raises(ValueError, match='data.load\\("protein_mlm"\\)'):
        lm.load(tmp_path / "no_such_folder")                # checked before transformers looks online
    with pytest.raises(TypeError, match="counts"):
        lm.markov_log2(None, 1.0)
    with pytest.raises(TypeError, match="alpha"):
        lm.markov_log2(np.ones(20), None)
    with pytest.raises(ValueError, match="alpha"):
        lm.markov_log2(np.ones(20), 0)
    with pytest.raises(TypeError, match="values"):
        lm.per_sequence(None, [np.array([0])])
    with pytest.raises(TypeError, match="positions"):
        lm.per_sequence(np.ones(1), None)
    with pytest.raises(TypeError, match="total"):
        lm.bits_per_residue(np.ones(2), None)
    for score in (lm.blosum62, lm.hydrophobicity_change):
        with pytest.raises(ValueError, match="wt must be"):
            score(None, "A")
        with pytest.raises(ValueError, match="mut must be"):
            score("A", "*")


def test_valid_inputs_give_the_same_numbers():
    n, total = lm.per_sequence([1.0, 2.0, 3.0], [np.array([0, 1]), np.array([4])])
    np.testing.assert_array_equal(n, [2, 1])
    np.testing.assert_array_equal(total, [3.0, 3.0])
    assert lm.bits_per_residue(n, total) == 2.0
    np.testing.assert_allclose(lm.markov_log2(np.ones(20, dtype=int), 1), np.log2(1 / 20))
    assert lm.blosum62("W", "W") == 11.0 and lm.hydrophobicity_change("I", "R") == pytest.approx(-9.0)
