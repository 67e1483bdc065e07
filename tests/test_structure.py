"""course_utils.structure: encodings, chain-level scores, transitions and Viterbi decoding."""
import itertools

import numpy as np
import pytest
import torch

from course_utils import structure


def test_to_three_state_reduces_the_eight_dssp_states():
    assert structure.to_three_state("HGIEBTSC") == "HHHEECCC"
    assert structure.to_three_state(["HHT", "EBC"]) == ["HHC", "EEC"]
    with pytest.raises(ValueError, match="not DSSP 8-state"):
        structure.to_three_state("HHX")


def test_label_indices_strings_and_arrays():
    out = structure.label_indices(["HEC", "CCH"])
    assert [a.tolist() for a in out] == [[0, 1, 2], [2, 2, 0]]
    assert structure.label_indices("HGE", structure.SS8)[0].tolist() == [0, 1, 3]
    assert structure.label_indices([np.array([0, 2])])[0].tolist() == [0, 2]
    with pytest.raises(ValueError, match="to_three_state"):
        structure.label_indices(["HGC"])
    with pytest.raises(ValueError, match="outside"):
        structure.label_indices([np.array([0, 3])])
    with pytest.raises(TypeError, match="one per chain"):
        structure.label_indices(42)


def test_encode_chain_is_one_hot_with_unknowns_zero():
    x = structure.encode_chain("ACDX")
    assert x.shape == (structure.CHANNELS, 4) and x.dtype == np.float32
    assert x[:, :3].sum(axis=0).tolist() == [1, 1, 1] and x[:, 3].sum() == 0
    assert x[-1].sum() == 0                               # no padding inside a chain
    with pytest.raises(ValueError, match="letter 'Z'"):
        structure.encode_chain("ACZ")


def test_window_features_centre_and_ends():
    seqs = ["ACDE", "WY"]
    f = structure.window_features(seqs, 3)
    assert f.shape == (6, structure.CHANNELS * 3)
    win = f.reshape(6, structure.CHANNELS, 3)
    centre = np.concatenate([structure.encode_chain(s) for s in seqs], axis=1).T
    assert np.array_equal(win[:, :, 1], centre)
    assert win[0, -1, 0] == 1 and win[3, -1, 2] == 1 and win[4, -1, 0] == 1   # chain ends are marked
    assert win[1, -1].sum() == 0
    with pytest.raises(ValueError, match="odd"):
        structure.window_features(seqs, 4)


def test_by_chain_round_trip_and_error():
    parts = structure.by_chain(np.arange(6), ["ACDE", "WY"])
    assert [p.tolist() for p in parts] == [[0, 1, 2, 3], [4, 5]]
    with pytest.raises(ValueError, match="one value per residue"):
        structure.by_chain(np.arange(5), ["ACDE", "WY"])


def test_crops_score_every_residue_once_with_true_context():
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACDEFGHIKLMNPQRSTVWY"), n)) for n in (5, 23, 40)]
    labels = ["".join(rng.choice(list("HEC"), len(s))) for s in seqs]
    X, y = structure.crops(seqs, labels, core=8, flank=3)
    assert X.shape[1:] == (structure.CHANNELS, 14) and y.shape[1] == 14
    assert (y != structure.IGNORE).sum() == sum(map(len, seqs))
    # each labelled position's one-hot column equals the chain's residue there, and its neighbours too
    full = "".join(seqs)
    seen = []
    for xi, yi in zip(X, y):
        for j in np.flatnonzero(yi != structure.IGNORE):
            seen.append(int(xi[:20, j].argmax()))
    assert seen == [structure.PROTEIN.index(c) for c in full]
    with pytest.raises(ValueError, match="label strings"):
        structure.crops(seqs, labels[:2])
    with pytest.raises(ValueError, match="residues but"):
        structure.crops(["ACD"], ["HE"])


def test_q_score_and_chain_bootstrap():
    truth = ["HHHH", "EEEE", "CCCC"]
    pred = ["HHHH", "EEEE", "HHHH"]
    assert structure.q_score(truth, pred) == pytest.approx(8 / 12)
    est, lo, hi = structure.chain_bootstrap(truth, pred, n_boot=500)
    assert est == pytest.approx(8 / 12) and lo < est < hi and lo >= 0 and hi <= 1
    same = structure.chain_bootstrap(truth, truth, n_boot=200)
    assert same == (1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="predictions"):
        structure.q_score(truth, ["HHH", "EEEE", "CCCC"])


def test_chain_bootstrap_is_wider_than_residue_bootstrap_when_errors_cluster_in_chains():
    truth = ["H" * 50] * 10
    pred = ["H" * 50] * 5 + ["E" * 50] * 5                 # half the chains entirely wrong
    _, lo, hi = structure.chain_bootstrap(truth, pred, n_boot=1000)
    assert hi - lo > 0.4                                    # a residue bootstrap would give about 0.09


def test_paired_chain_bootstrap():
    truth = ["HHHH", "EEEE", "CCCC", "HHEE"]
    a = ["HHHH", "EEEE", "CCCC", "HHEE"]
    b = ["HHHH", "EEEE", "CCCC", "HHHH"]
    diff, lo, hi = structure.paired_chain_bootstrap(truth, a, b, n_boot=500)
    assert diff == pytest.approx(2 / 16) and 0 <= lo <= diff <= hi
    assert structure.paired_chain_bootstrap(truth, a, a, n_boot=100) == (0.0, 0.0, 0.0)


def test_structure_ids_take_the_part_before_the_colon():
    assert structure.structure_ids(["6zu5:A", "6zu5:B", "1abc:A", "noid"]).tolist() == ["6zu5", "6zu5", "1abc", "noid"]
    with pytest.raises(ValueError, match="chain_ids"):
        structure.structure_ids("6zu5:A")


def test_groups_resample_whole_structures():
    # one big structure of 8 chains, all wrong, and 8 structures of one right chain each
    truth = ["H" * 50] * 16
    pred = ["E" * 50] * 8 + ["H" * 50] * 8
    groups = ["big"] * 8 + [f"s{i}" for i in range(8)]
    est_c, lo_c, hi_c = structure.chain_bootstrap(truth, pred, n_boot=2000)
    est_g, lo_g, hi_g = structure.chain_bootstrap(truth, pred, n_boot=2000, groups=groups)
    assert est_c == est_g == pytest.approx(0.5)
    assert hi_g - lo_g > hi_c - lo_c + 0.1              # 9 units, one of them half the data: wider
    length, correct = structure.group_counts(truth, pred, groups)
    assert length.tolist() == [400] + [50] * 8 and correct.tolist() == [0] + [50] * 8
    assert structure.q_from_counts(length, correct) == pytest.approx(0.5)
    diff, lo, hi = structure.paired_chain_bootstrap(truth, pred, ["H" * 50] * 16, n_boot=500, groups=groups)
    assert diff == pytest.approx(-0.5) and lo <= diff <= hi
    with pytest.raises(ValueError, match="one id per chain"):
        structure.chain_bootstrap(truth, pred, groups=groups[:3])


def test_group_counts_feed_metrics_difference():
    from course_utils import metrics
    truth = ["HHHHEEEECC"] * 12
    good = ["HHHHEEEECC"] * 12
    bad = ["HHHHHHHHCC"] * 12
    groups = [f"s{i // 3}" for i in range(12)]
    length, correct_good = structure.group_counts(truth, good, groups)
    _, correct_bad = structure.group_counts(truth, bad, groups)
    d = metrics.difference(structure.q_from_counts, length, np.stack([correct_good] * 3), correct_bad, n_boot=200)
    assert d.estimate == pytest.approx(0.4)
    assert structure.group_counts(truth, good)[0].shape == (12,)          # no groups: one entry per chain
    with pytest.raises(ValueError, match="count arrays"):
        structure.q_from_counts([1, 2], [1])


def test_confusion_and_recall():
    m = structure.confusion(["HHEC"], ["HECC"])
    assert m.loc["H", "H"] == 1 and m.loc["H", "E"] == 1 and m.loc["E", "C"] == 1 and m.loc["C", "C"] == 1
    assert m.to_numpy().sum() == 4
    r = structure.per_class_recall(["HHEC"], ["HECC"])
    assert r.tolist() == [0.5, 0.0, 1.0]
    m = structure.confusion(["HHEC", "CCHH"], ["HECC", "CHHH"]).to_numpy()
    by_confusion = np.diag(m) / m.sum(axis=1)                         # recall from the confusion matrix
    assert np.allclose(structure.per_class_recall(["HHEC", "CCHH"], ["HECC", "CHHH"]), by_confusion)
    assert np.isnan(structure.per_class_recall(["HHCC"], ["HECC"])["E"])   # no true strand residue: undefined


def test_transition_log_probs():
    log_init, log_trans = structure.transition_log_probs(["HHHE", "EECH"], pseudocount=0.0)
    assert np.allclose(np.exp(log_trans).sum(axis=1), 1)
    assert np.exp(log_trans[0, 0]) == pytest.approx(2 / 3)     # H -> H twice, H -> E once
    assert np.exp(log_init).tolist() == pytest.approx([0.5, 0.5, 0.0])
    with pytest.raises(ValueError, match="pseudocount"):
        structure.transition_log_probs(["HHH"], pseudocount=0.0)


def test_viterbi_matches_brute_force():
    rng = np.random.default_rng(1)
    e, a, i = rng.normal(size=(6, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
    best = max(itertools.product(range(3), repeat=6),
               key=lambda p: i[p[0]] + sum(e[t, s] for t, s in enumerate(p)) + sum(a[p[t - 1], p[t]] for t in range(1, 6)))
    assert structure.viterbi(e, a, i).tolist() == list(best)
    assert structure.viterbi(e, np.zeros((3, 3))).tolist() == e.argmax(axis=1).tolist()
    with pytest.raises(ValueError, match="log_trans"):
        structure.viterbi(e, np.zeros((2, 2)))


def test_segments():
    seg = structure.segments(["HHECC", "E"])
    assert seg.values.tolist() == [[0, "H", 0, 2], [0, "E", 2, 1], [0, "C", 3, 2], [1, "E", 0, 1]]


def test_predict_chains_shapes_and_errors():
    torch.manual_seed(0)
    model = torch.nn.Conv1d(structure.CHANNELS, 3, 5, padding=2)
    out = structure.predict_chains(model, ["ACDEFG", "WY"])
    assert [o.shape for o in out] == [(6, 3), (2, 3)]
    assert np.allclose(np.exp(out[0]).sum(axis=1), 1)
    with pytest.raises(ValueError, match="padding"):
        structure.predict_chains(torch.nn.Conv1d(structure.CHANNELS, 3, 5), ["ACDEFG"])
    with pytest.raises(TypeError, match="torch.nn.Module"):
        structure.predict_chains("model", ["ACD"])


def test_max_identity():
    a = "MKTAYIAKQRQISFVKSHFSRQLEERLGLIEVQAPILSRVGDGTQDNLSGAEKAVQVKVKALPDAQFEVV"
    b = a[:30] + "W" + a[31:]
    ident = structure.max_identity([a, "GSGSGSGSGSGSGSGSGSGSPPPPP"], [b, "ACDEFGHIKLMNPQRSTVWY"])
    assert ident[0] == pytest.approx(69 / 70) and ident[1] < 0.5


def test_predict_chains_leaves_the_models_modes_as_found_and_asks_train_for_the_device(monkeypatch):
    from course_utils import train
    model = torch.nn.Sequential(torch.nn.Conv1d(structure.CHANNELS, 3, 5, padding=2), torch.nn.Dropout(0.5))
    model.train()
    model[1].eval()
    first = structure.predict_chains(model, ["ACDEFGHIK"])
    assert model.training and model[0].training and not model[1].training
    model.eval()
    assert np.array_equal(structure.predict_chains(model, ["ACDEFGHIK"])[0], first[0])    # no dropout in either
    monkeypatch.setattr(train, "model_device", lambda m: torch.device("meta"))
    with pytest.raises((NotImplementedError, RuntimeError)):
        structure.predict_chains(model, ["ACD"])                                        # inputs went to 'meta'
