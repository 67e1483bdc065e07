"""course_utils.tomtom: TOMTOM p-values and q-values against JASPAR (memelite)."""
import numpy as np
import pytest

from course_utils import data, motifs, tomtom


@pytest.fixture(scope="module")
def jaspar():
    return data.load("jaspar2024_core_vertebrates")


def test_qvalues_match_benjamini_hochberg_by_hand():
    p = np.array([0.01, 0.04, 0.03, 0.5])
    # sorted: 0.01, 0.03, 0.04, 0.5 -> p*m/rank = 0.04, 0.06, 0.0533, 0.5 -> cumulative min from the top
    expected = np.array([0.04, 0.05333333, 0.05333333, 0.5])
    assert np.allclose(tomtom.qvalues(p), expected)
    q = tomtom.qvalues(np.random.default_rng(0).uniform(size=50))
    assert (q <= 1).all() and (q >= 0).all()


def test_qvalues_reject_bad_input():
    for bad in ([], [0.1, 1.2], [np.nan], [[0.1, 0.2]]):
        with pytest.raises(ValueError):
            tomtom.qvalues(bad)


def test_a_jaspar_motif_finds_itself_and_its_family(jaspar):
    queries = {"octamer": jaspar["MA0142.1"].counts, "mare": jaspar["MA0117.3"].counts[:, 2:-2]}
    hits = tomtom.best_matches(queries, jaspar, top=3)
    assert list(hits.columns) == ["query", "rank", "matrix_id", "name", "p_value", "q_value", "overlap", "strand"]
    assert len(hits) == 6 and hits.groupby("query")["rank"].apply(list).tolist() == [[1, 2, 3], [1, 2, 3]]
    octamer = hits[hits["query"] == "octamer"]
    assert octamer.iloc[0]["matrix_id"] == "MA0142.1" and octamer.iloc[0]["q_value"] < 1e-6
    assert (octamer["q_value"] >= octamer["p_value"]).all()
    assert all("POU" in n.upper() for n in octamer["name"])
    mare = hits[hits["query"] == "mare"]
    assert any(k in mare.iloc[0]["name"].upper() for k in ("MAF", "NRL", "BACH", "NFE2"))


def test_reverse_complement_query_matches_on_the_minus_strand(jaspar):
    counts = jaspar["MA0142.1"].counts[::-1, ::-1]
    best = tomtom.best_matches([counts], jaspar, top=1).iloc[0]
    assert best["matrix_id"] == "MA0142.1" and best["strand"] == "-"


def test_filter_counts_array_and_probabilities_are_accepted(jaspar):
    counts = np.stack([jaspar["MA0142.1"].counts[:, :10], jaspar["MA0117.3"].counts[:, :10]])
    hits = tomtom.best_matches(counts, jaspar)
    assert list(hits["query"]) == [0, 1] and hits.iloc[0]["matrix_id"] == "MA0142.1"
    with pytest.raises(ValueError, match="all zeros"):
        tomtom.best_matches(np.zeros((1, 4, 12)), jaspar)                 # a filter with no sites
    probs = motifs.probabilities(jaspar["MA0142.1"].counts)
    assert tomtom.best_matches({"p": probs}, jaspar).iloc[0]["matrix_id"] == "MA0142.1"


def test_bad_input_raises_clear_errors(jaspar):
    with pytest.raises(TypeError, match="dict"):
        tomtom.best_matches({"x": np.ones((4, 8))}, {"a": np.ones((4, 8))})
    with pytest.raises(ValueError, match="at least 25"):
        tomtom.best_matches({"x": np.ones((4, 8))}, dict(list(jaspar.items())[:5]))
    with pytest.raises(ValueError, match="transposed"):
        tomtom.best_matches({"x": np.ones((8, 4))}, jaspar)
    with pytest.raises(ValueError, match="empty"):
        tomtom.best_matches([], jaspar)
    with pytest.raises(TypeError, match="queries"):
        tomtom.best_matches("ACGT", jaspar)
