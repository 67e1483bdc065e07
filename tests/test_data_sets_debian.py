"""The data sets exported from Debian packages load with the documented shapes, columns and labels."""
import numpy as np
import pytest

from course_utils import data


@pytest.mark.parametrize("name, n_samples, n_genes", [
    ("golub", 38, 3051), ("all", 128, 5000), ("bladderbatch", 57, 5000),
])
def test_expression_is_samples_by_genes_and_matches_its_sample_table(name, n_samples, n_genes):
    X = data.load(f"{name}_expression")
    samples = data.load(f"{name}_samples")
    assert X.shape == (n_samples, 1 + n_genes)
    assert X.columns[0] == "sample"
    assert list(X["sample"]) == list(samples["sample"])
    values = X.drop(columns="sample").to_numpy()
    assert values.dtype == np.float64 and np.isfinite(values).all()
    assert X["sample"].is_unique and X.columns.is_unique


def test_golub_has_27_all_and_11_aml():
    s = data.load("golub_samples")
    assert s["class"].value_counts().to_dict() == {"ALL": 27, "AML": 11}
    assert ((s["class"] == "AML") == (s["label"] == 1)).all()
    X = data.load("golub_expression")
    assert X.columns[1] == "AFFX-HUMISGF3A/M97935_MA_at"
    assert -2 < X.iloc[:, 1:].to_numpy().min() and X.iloc[:, 1:].to_numpy().max() < 4


def test_all_has_b_and_t_cells_and_molecular_subtypes():
    s = data.load("all_samples")
    assert s["cell_type"].value_counts().to_dict() == {"B": 95, "T": 33}
    assert (s["BT"].str[0] == s["cell_type"]).all()
    assert s["mol.biol"].value_counts()["BCR/ABL"] == 37
    assert s["sample"].iloc[0] == "01005"          # ids keep their leading zero
    X = data.load("all_expression").set_index("sample")
    assert 1.5 < X.to_numpy().min() and X.to_numpy().max() < 15   # RMA log2 scale


def test_all_keeps_the_most_variable_probes():
    reg = data.registry()["all_expression"]
    assert reg["n_probes_total"] == 12625
    X = data.load("all_expression").set_index("sample")
    # the probes that were kept are the most variable ones, so none is nearly constant
    assert X.var(ddof=1).min() > 0.1


def test_bladderbatch_has_57_samples_in_5_confounded_batches():
    s = data.load("bladderbatch_samples")
    assert sorted(s["batch"].unique()) == [1, 2, 3, 4, 5]
    assert s["cancer"].value_counts().to_dict() == {"Cancer": 40, "Normal": 8, "Biopsy": 9}
    # confounded: batch 1 holds only mTCC tumours, batch 4 only biopsies, normals sit in batches 2 and 3
    assert set(s.loc[s["batch"] == 1, "outcome"]) == {"mTCC"}
    assert set(s.loc[s["batch"] == 4, "cancer"]) == {"Biopsy"}
    assert set(s.loc[s["cancer"] == "Normal", "batch"]) == {2, 3}
