"""course_utils.motifs.matches: TOMTOM p-values and q-values against JASPAR (memelite), and the course's similarity."""
import numpy as np
import pytest

from course_utils import data, motifs
from course_utils.motifs import Motif


@pytest.fixture(scope="module")
def jaspar():
    return data.load("jaspar2024_core_vertebrates")


def test_qvalues_are_benjamini_hochberg_over_the_whole_database(jaspar):
    from scipy.stats import false_discovery_control

    hits = motifs.matches({"octamer": jaspar["MA0142.1"].counts[:, 1:-1]}, jaspar, top=len(jaspar))
    assert len(hits) == len(jaspar) and hits["p_value"].is_monotonic_increasing
    assert np.allclose(hits["q_value"], false_discovery_control(hits["p_value"], method="bh"))


def test_a_jaspar_motif_finds_itself_and_its_family(jaspar):
    queries = {"octamer": jaspar["MA0142.1"].counts, "mare": jaspar["MA0117.3"].counts[:, 2:-2]}
    hits = motifs.matches(queries, jaspar, top=3)
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
    best = motifs.matches([counts], jaspar, top=1).iloc[0]
    assert best["matrix_id"] == "MA0142.1" and best["strand"] == "-"


def test_filter_counts_array_and_probabilities_are_accepted(jaspar):
    counts = np.stack([jaspar["MA0142.1"].counts[:, :10], jaspar["MA0117.3"].counts[:, :10]])
    hits = motifs.matches(counts, jaspar)
    assert list(hits["query"]) == [0, 1] and hits.iloc[0]["matrix_id"] == "MA0142.1"
    with pytest.raises(ValueError, match="all zeros"):
        motifs.matches(np.zeros((1, 4, 12)), jaspar)                 # a filter with no sites
    probs = motifs.probabilities(jaspar["MA0142.1"].counts)
    assert motifs.matches({"p": probs}, jaspar).iloc[0]["matrix_id"] == "MA0142.1"


def test_bad_input_raises_clear_errors(jaspar):
    with pytest.raises(TypeError, match="dict"):
        motifs.matches({"x": np.ones((4, 8))}, {"a": np.ones((4, 8))})
    with pytest.raises(ValueError, match="at least 25"):
        motifs.matches({"x": np.ones((4, 8))}, dict(list(jaspar.items())[:5]))
    with pytest.raises(ValueError, match="transposed"):
        motifs.matches({"x": np.ones((8, 4))}, jaspar)
    with pytest.raises(ValueError, match="empty"):
        motifs.matches([], jaspar)
    with pytest.raises(TypeError, match="queries"):
        motifs.matches("ACGT", jaspar)


def test_the_similarity_method_ranks_like_motif_similarity(jaspar):
    query = jaspar["MA0142.1"].counts[:, 2:-1]
    hits = motifs.matches({"q": query, "rc": query[::-1, ::-1]}, jaspar, top=3, method="similarity")
    assert list(hits.columns) == ["query", "rank", "matrix_id", "name", "similarity"]
    first = hits[hits["query"] == "q"]
    assert first.iloc[0]["matrix_id"] == "MA0142.1" and first["similarity"].is_monotonic_decreasing
    assert first.iloc[0]["similarity"] == pytest.approx(motifs.motif_similarity(query, jaspar["MA0142.1"].counts))
    assert np.allclose(hits[hits["query"] == "rc"]["similarity"], first["similarity"])      # both strands
    small = {"M1": Motif("M1", "good", query), "M2": Motif("M2", "other", np.ones((4, 6)))}
    one = motifs.matches(query, small, top=5, method="similarity")                            # one matrix: query 0
    assert list(one["query"]) == [0, 0] and list(one["matrix_id"]) == ["M1", "M2"]
    with pytest.raises(ValueError, match="method"):
        motifs.matches(query, jaspar, method="pearson")
