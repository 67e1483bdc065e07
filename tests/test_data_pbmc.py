"""The PBMC single-cell set (notebook 06): registered, checksummed, shapes and labels as documented."""
import numpy as np
import pytest

from course_utils import data


@pytest.fixture(scope="module")
def pbmc():
    return data.load("pbmc68k_reduced")


def test_registry_entry_has_provenance():
    entry = data.registry()["pbmc68k_reduced"]
    assert entry["format"] == "npz"
    assert entry["source"]["doi"] == "10.1038/ncomms14049"
    assert entry["source"]["version"] == "1.11.5"
    assert "BSD-3-Clause" in entry["license"]
    assert entry["bytes"] < 2_000_000


def test_arrays_and_shapes(pbmc):
    assert set(pbmc) == {"X", "X_log", "genes", "cells", "bulk_labels", "louvain", "cell_types", "colors"}
    assert pbmc["X"].shape == pbmc["X_log"].shape == (700, 765)
    assert pbmc["X"].dtype == pbmc["X_log"].dtype == np.float32
    assert pbmc["genes"].shape == (765,) and len(set(pbmc["genes"])) == 765
    assert pbmc["cells"].shape == pbmc["bulk_labels"].shape == pbmc["louvain"].shape == (700,)
    assert {"CD79A", "MS4A1", "LYZ", "NKG7", "CD3E"} <= set(pbmc["genes"])


def test_scaled_and_log_values(pbmc):
    X, X_log = pbmc["X"], pbmc["X_log"]
    assert np.abs(X.mean(axis=0)).max() < 0.1            # scaled per gene: mean about 0
    assert X_log.min() == 0 and X_log.max() < 10          # log1p of normalised counts
    assert 0.6 < (X_log == 0).mean() < 0.75               # about two-thirds of the entries are zero
    assert np.isfinite(X).all()


def test_labels(pbmc):
    labels, types = pbmc["bulk_labels"], pbmc["cell_types"]
    assert len(types) == 10 and set(labels) == set(types)
    counts = {t: int((labels == t).sum()) for t in types}
    assert counts["Dendritic"] == 240 and counts["CD14+ Monocyte"] == 129 and counts["CD19+ B"] == 95
    assert sorted(np.unique(pbmc["louvain"]).tolist()) == list(range(11))
    assert len(pbmc["colors"]) == 10 and all(c.startswith("#") for c in pbmc["colors"])
    # the marker genes agree with the labels: B cells express CD79A far more than monocytes do
    cd79a = pbmc["X_log"][:, list(pbmc["genes"]).index("CD79A")]
    assert cd79a[labels == "CD19+ B"].mean() > cd79a[labels == "CD14+ Monocyte"].mean() + 1


def test_unknown_name_suggests_the_right_one():
    with pytest.raises(data.DataError, match="pbmc68k_reduced"):
        data.load("pbmc68k")
