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


def test_drosophila_upstream_is_2000_unique_2kb_promoters():
    d = data.load("drosophila_upstream")
    assert list(d.columns) == ["id", "chrom", "start", "end", "strand", "sequence"]
    assert len(d) == 2000 and d["sequence"].is_unique
    assert (d["sequence"].str.len() == 2000).all() and (d["end"] - d["start"] == 1999).all()
    assert d["sequence"].str.fullmatch("[ACGT]+").all()
    assert set(d["strand"]) == {"+", "-"} and {"chr2L", "chr2R", "chr3L", "chr3R", "chrX"} <= set(d["chrom"])


def test_yeast_chr1_is_one_230kb_sequence():
    d = data.load("yeast_chr1")
    assert list(d.columns) == ["id", "sequence"] and d["id"].tolist() == ["chrI"]
    seq = d["sequence"].iloc[0]
    assert len(seq) == 230208 and set(seq) <= set("ACGTN")
    assert seq.startswith("CCACACCACACCCACACACC")       # telomeric repeat
    assert 0.37 < (seq.count("G") + seq.count("C")) / len(seq) < 0.41


def _revcomp(seq):
    return seq[::-1].translate(str.maketrans("ACGT", "TGCA"))


def test_chlamydia_cds_are_codons_from_start_to_stop_on_the_genome():
    genome = data.load("chlamydia_genome")
    assert genome.shape == (1, 2)
    genome = genome["sequence"].iloc[0]
    assert len(genome) == 1042519 and set(genome) <= set("ACGT")
    cds = data.load("chlamydia_cds")
    assert list(cds.columns) == ["id", "start", "end", "strand", "length", "product", "note", "sequence"]
    assert len(cds) == 893 and set(cds["strand"]) == {"+", "-"}
    assert (cds["sequence"].str.len() == cds["length"]).all() and (cds["length"] % 3 == 0).all()
    assert cds["sequence"].str[-3:].isin(["TAA", "TAG", "TGA"]).mean() > 0.99
    assert cds["sequence"].str[:3].isin(["ATG", "GTG", "TTG"]).mean() > 0.99
    simple = cds[cds["note"].isna()]
    for row in simple.itertuples():
        piece = genome[row.start - 1:row.end]
        assert (piece if row.strand == "+" else _revcomp(piece)) == row.sequence, row.id
    covered = (simple["end"] - simple["start"] + 1).sum() / len(genome)
    assert 0.85 < covered < 0.95                     # bacterial genomes are ~90 % coding


COMPARTMENTS = {"nucleus", "cytoplasm", "mitochondrion", "extracellular", "plasma_membrane"}


@pytest.fixture(scope="module")
def localization():
    return data.load("swissprot_localization")


def test_swissprot_localization_has_five_compartments_of_800(localization):
    d = localization
    assert list(d.columns) == ["id", "location", "kingdom", "kingdom_evidence", "go_terms", "length", "split",
                               "sequence"]
    assert d["location"].value_counts().to_dict() == {c: 800 for c in COMPARTMENTS}
    assert d["id"].is_unique and d["sequence"].is_unique


def test_swissprot_localization_sequences_and_splits(localization):
    d = localization
    assert d["length"].between(50, 1000).all() and (d["sequence"].str.len() == d["length"]).all()
    assert d["sequence"].str.fullmatch("[ACDEFGHIKLMNPQRSTVWY]+").all()
    share = d["split"].value_counts(normalize=True)
    assert set(share.index) == {"train", "valid", "test"}
    assert 0.65 < share["train"] < 0.75 and 0.1 < share["test"] < 0.2
    # every protein of a compartment carries that compartment's GO term or one below it
    nuclear = d[d["location"] == "nucleus"]["go_terms"]
    assert nuclear.str.contains("GO:0005634").mean() > 0.5
    assert not d[d["location"] != "mitochondrion"]["go_terms"].str.contains("GO:0005739").any()


def _localization_build():
    import importlib
    import sys
    sys.path.insert(0, str(data.ROOT / "data/build"))
    try:
        return importlib.import_module("build_debian_localization")
    finally:
        sys.path.remove(str(data.ROOT / "data/build"))


# ancestors of a few GO 2014 terms, copied from metastudent-data's fullTransitiveClosureGO.txt
GO_2014 = {
    "GO:0042025": {"GO:0033648", "GO:0033647", "GO:0033646", "GO:0033643", "GO:0043656", "GO:0043657",   # host cell
                   "GO:0044217", "GO:0044216", "GO:0044215", "GO:0044421", "GO:0018995", "GO:0043245",   # nucleus
                   "GO:0005575", "GO:0005576"},
    "GO:0030430": {"GO:0033646", "GO:0033643", "GO:0043656", "GO:0043657", "GO:0044217", "GO:0044215",   # host cell
                   "GO:0044216", "GO:0044421", "GO:0018995", "GO:0043245", "GO:0005575", "GO:0005576"},  # cytoplasm
    "GO:0019012": {"GO:0005575"},                                                                        # virion
    "GO:0019028": {"GO:0044423", "GO:0019012", "GO:0005575"},                                            # capsid
    "GO:0005615": {"GO:0044421", "GO:0005576", "GO:0005575"},                              # extracellular space
    "GO:0005730": {"GO:0005634", "GO:0043231", "GO:0005622", "GO:0005575"},                # nucleolus (abridged)
}


def test_no_host_cell_or_virion_term_maps_to_a_compartment():
    build = _localization_build()
    for term in ("GO:0042025", "GO:0030430", "GO:0019012", "GO:0019028"):
        assert build.compartments_of(term, GO_2014) == {"other_organism"}, term
    assert build.compartments_of("GO:0005615", GO_2014) == {"extracellular"}
    assert build.compartments_of("GO:0005730", GO_2014) == {"nucleus"}


def test_swissprot_localization_holds_no_protein_with_a_host_cell_or_virion_term(localization):
    entry = data.registry()["swissprot_localization"]
    excluded = entry["excluded_terms"]
    assert {"GO:0042025", "GO:0030430", "GO:0019012"} <= set(excluded)   # host cell nucleus, cytoplasm, virion
    assert excluded["GO:0042025"] == "host cell nucleus"
    terms = {t for row in localization["go_terms"] for t in row.split(",")}
    assert not terms & set(excluded)
    assert sum(entry["excluded_other_organism"].values()) > 1000


def test_swissprot_localization_records_a_kingdom_proxy(localization):
    d = localization
    entry = data.registry()["swissprot_localization"]
    assert set(d["kingdom"]) == {"eukaryote", "prokaryote", "unknown"}
    assert (d.loc[d["location"].isin(["nucleus", "mitochondrion"]), "kingdom"] == "eukaryote").all()
    assert ((d["kingdom"] == "unknown") == d["kingdom_evidence"].isna()).all()
    markers = {**entry["kingdom_markers"]["eukaryote"], **entry["kingdom_markers"]["prokaryote"]}
    assert set(",".join(d["kingdom_evidence"].dropna()).split(",")) <= set(markers)
    counts = d.groupby(["location", "kingdom"]).size()
    assert {(c, k): n for c, ks in entry["kingdom_counts"].items() for k, n in ks.items()} == counts.to_dict()
    # the confound notebook 13 shows: prokaryotes only in the classes that bacteria have
    prok = d[d["kingdom"] == "prokaryote"]["location"]
    assert set(prok) <= {"cytoplasm", "plasma_membrane", "extracellular"} and len(prok) > 50
