"""interpret (filters -> motifs -> JASPAR), baselines, plots and envcheck."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from course_utils import baselines, envcheck, interpret, plots  # noqa: E402
from course_utils import encoding, motifs  # noqa: E402
from course_utils.motifs import Motif  # noqa: E402


def test_filter_counts_recover_a_filter_set_to_a_motif():
    conv = torch.nn.Conv1d(4, 2, 6)
    with torch.no_grad():
        conv.weight.zero_()
        conv.bias.zero_()
        conv.weight[0] = torch.from_numpy(encoding.one_hot_dna("TTGACA") * 2 - 1)
    seqs = ["CCCCTTGACACCCC", "TTGACAGGGGGGGG", "GGGGGGGGGGGGGG"]
    X = encoding.one_hot_dna(seqs)
    act = interpret.filter_activations(conv, X)
    assert act.shape == (3, 2, 9)
    counts, n_sites = interpret.filter_counts(conv, X, threshold=0.9)
    assert counts.shape == (2, 4, 6) and n_sites[0] == 2 and n_sites[1] == 0
    assert motifs.consensus(counts[0]) == "TTGACA"
    with pytest.raises(ValueError, match="shape"):
        interpret.filter_activations(conv, np.zeros((2, 5, 10)))
    with pytest.raises(TypeError, match="Conv1d"):
        interpret.filter_activations(torch.nn.Linear(4, 2), X)


def test_motif_similarity_and_matches():
    a = encoding.one_hot_dna("TTGACATG") * 10
    assert motifs.motif_similarity(a, a) == pytest.approx(1.0)
    assert motifs.motif_similarity(a, encoding.one_hot_dna(encoding.reverse_complement("TTGACATG")) * 10) == pytest.approx(1.0)
    partial = motifs.motif_similarity(a, encoding.one_hot_dna("TTGAC") * 10)
    unrelated = motifs.motif_similarity(a, encoding.one_hot_dna("GGGCCC") * 10)
    assert 0.3 < partial < 1.0 and unrelated < partial
    db = {"M1": Motif("M1", "good", a), "M2": Motif("M2", "bad", encoding.one_hot_dna("GGGCCCGG") * 10)}
    top = motifs.matches(a, db, top=2, method="similarity")
    assert list(top["matrix_id"]) == ["M1", "M2"] and top["similarity"][0] > top["similarity"][1]


def test_kmer_logistic_baseline_learns_a_composition_signal():
    rng = np.random.default_rng(0)
    at = ["".join(rng.choice(list("AAATTTGC"), 60)) for _ in range(100)]
    gc = ["".join(rng.choice(list("GGGCCCAT"), 60)) for _ in range(100)]
    model = baselines.kmer_logistic(at + gc, [0] * 100 + [1] * 100, k=2)
    p = model.predict_proba(["GCGCGGCCGC" * 6, "ATATTAATAT" * 6])[:, 1]
    assert p[0] > 0.9 and p[1] < 0.1


def test_plots_draw_and_check_shapes():
    ax = plots.logo(encoding.one_hot_dna("TTGACA") * 10)
    assert ax.get_ylim() == (0, 2)
    heights = sorted(p.get_path().get_extents().height for p in ax.patches)
    expected = motifs.information_content(motifs.probabilities(encoding.one_hot_dna("TTGACA") * 10)).max()
    assert len(ax.patches) == 24, "one glyph per base and position"
    assert heights[-1] == pytest.approx(expected, rel=0.05), "the tallest letter should be the column's bits"
    plots.logo(np.random.default_rng(0).normal(size=(4, 6)), kind="weights")
    with pytest.raises(ValueError, match=r"shape \(4, w\)"):
        plots.logo(np.ones((6, 4)))
    with pytest.raises(ValueError, match="kind"):
        plots.logo(np.ones((4, 6)), kind="bits")
    history = {"train_loss": [1, 0.5], "valid_loss": [1.1, 0.7], "best_epoch": 2}
    assert len(plots.training_curves(history).lines) == 3
    axes = plots.roc_pr_curves([0, 1, 0, 1], {"m": [0.1, 0.9, 0.2, 0.8]})
    assert len(axes) == 2
    plt.close("all")


def test_envcheck_report_is_complete(capsys):
    info = envcheck.report()
    assert info["packages"]["torch"].startswith("2.13.0")
    assert info["data_ok"] and info["cpus"] >= 1 and info["memory_gb"] > 0
    out = capsys.readouterr().out
    if info["problems"]:
        assert "Problems:" in out and all(p in out for p in info["problems"])
    else:
        assert "Everything is ready." in out
