"""The data sets extracted from PyPI packages (mavenn, logomaker, mdanalysistests): registered with
provenance, checksummed, and loading with the documented columns, shapes and label values."""
import time

import numpy as np
import pytest

from course_utils import data

MAVE = ["mpsa", "mpsa_replicate", "sortseq", "gb1", "amyloid", "tdp43"]
SITES = ["splice_sites_5p", "crp_sites", "crp_energy_matrix"]
ALL = MAVE + SITES + ["protein_ss_dssp"]
PROTEIN_STOP = set("ACDEFGHIKLMNPQRSTVWY*")


@pytest.fixture(scope="module")
def sets():
    return {name: data.load(name) for name in ALL}


@pytest.mark.parametrize("name", ALL)
def test_registry_entry_has_provenance_and_a_small_file(name):
    entry = data.registry()[name]
    assert entry["format"] == "table"
    assert entry["source"]["doi"].startswith("10.")
    assert entry["source"]["package"].split()[0] in {"mavenn", "logomaker", "mdanalysistests"}
    assert entry["license"] and entry["description"]
    assert entry["build"]["script"].startswith("data/build/build_")
    assert entry["bytes"] < 3_000_000
    assert data.verify([name]) == {name: "ok"}


@pytest.mark.parametrize("name", ALL)
def test_loads_in_under_a_second(name):
    start = time.process_time()          # CPU time, so a busy machine does not make it flaky
    data.load(name)
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("name, rows, length", [
    ("mpsa", 30_483, 9), ("mpsa_replicate", 30_697, 9), ("sortseq", 50_518, 75),
    ("gb1", 100_000, 55), ("amyloid", 16_066, 42), ("tdp43", 57_996, 84),
])
def test_mave_sets_have_sequences_of_one_length_and_mavenn_splits(sets, name, rows, length):
    df = sets[name]
    assert len(df) == rows == data.registry()[name]["rows"]
    assert list(df.columns[:3]) == ["row", "split", "sequence"]
    assert set(df["split"]) == {"train", "valid", "test"}
    assert (df["split"] == "train").mean() > 0.6
    assert (df["sequence"].str.len() == length).all()
    assert df["sequence"].is_unique and df["row"].is_unique and df["row"].is_monotonic_increasing
    assert df.notna().all().all()


@pytest.mark.parametrize("name", ["mpsa", "mpsa_replicate"])
def test_splice_site_activity_is_log10_psi_with_dna_letters(sets, name):
    df = sets[name]
    assert list(df.columns) == ["row", "split", "sequence", "tot_ct", "ex_ct", "y"]
    assert set("".join(df["sequence"])) == set("ACGT")
    assert (df["sequence"].str[3:5].isin(["GT", "GC"])).all()      # the intron starts GT or GC
    assert df["y"].between(-2, 2.5).all()
    if name == "mpsa":
        assert df.loc[df["sequence"] == "CAGGTAAGT", "y"].item() == pytest.approx(2.0)   # consensus = 100%


def test_the_two_splicing_replicates_agree(sets):
    both = sets["mpsa"].merge(sets["mpsa_replicate"], on="sequence")
    assert len(both) > 25_000
    assert 0.7 < np.corrcoef(both["y_x"], both["y_y"])[0, 1] < 0.9     # measured: 0.79, noise is real


def test_splicing_replicates_share_one_split_so_a_join_does_not_leak(sets):
    both = sets["mpsa"].merge(sets["mpsa_replicate"], on="sequence")
    assert (both["split_x"] == both["split_y"]).all()                  # was 45 % agreement (issue 13)
    entry = data.registry()["mpsa_replicate"]
    assert entry["rows_shared_with_mpsa"] == len(both)
    # the noise ceiling for r against one replicate is sqrt(r between replicates), not r itself
    ceiling = np.sqrt(np.corrcoef(both["y_x"], both["y_y"])[0, 1])
    assert entry["noise_ceiling_r"] == pytest.approx(ceiling, abs=1e-3)
    assert "square root" in entry["description"] and f"{ceiling:.2f}" in entry["description"]


def test_sortseq_reads_fall_in_ten_ordered_bins(sets):
    df = sets["sortseq"]
    bins = [f"ct_{i}" for i in range(10)]
    assert list(df.columns) == ["row", "split", "sequence", *bins]
    counts = df[bins].to_numpy()
    assert (counts >= 0).all() and (counts.sum(axis=1) >= 1).all()
    # mutating the RNAP -35 box (positions 38-43) lowers expression: reads move to lower bins
    wt = "AATTAATGTGAGTTAGCTCACTCATTAGGCACCCCAGGCTTTACACTTTATGCTTCCGGCTCGTATGTTGTGTGG"
    mutated = np.array([s[38:44] != wt[38:44] for s in df["sequence"]])
    mean_bin = counts @ np.arange(10) / counts.sum(axis=1)
    assert mean_bin[mutated].mean() < mean_bin[~mutated].mean() - 0.5


@pytest.mark.parametrize("name, first, wild_type_start, measured", [
    ("gb1", 2, "QYKLILNGK", ["dist", "input_ct", "selected_ct", "y"]),
    ("amyloid", 1, "DAEFRHDSG", ["dist", "y", "dy"]),
    ("tdp43", 290, "GNSRGGGAG", ["dist", "y", "dy"]),
])
def test_protein_variants_list_their_mutations_against_the_wild_type(sets, name, first, wild_type_start, measured):
    df, entry = sets[name], data.registry()[name]
    assert list(df.columns) == ["row", "split", "sequence", "mutations", *measured]
    wt = entry["wild_type"]
    assert entry["first_residue"] == first and wt.startswith(wild_type_start)
    assert set("".join(df["sequence"])) <= PROTEIN_STOP
    n_mut = df["mutations"].str.count(":") + 1
    assert (n_mut == df["dist"]).all()
    for seq, muts in zip(df["sequence"].iloc[:50], df["mutations"].iloc[:50]):
        rebuilt = list(wt)
        for m in muts.split(":"):
            assert rebuilt[int(m[1:-1]) - first] == m[0]
            rebuilt[int(m[1:-1]) - first] = m[-1]
        assert "".join(rebuilt) == seq


def test_gb1_fitness_is_log2_enrichment_relative_to_wild_type(sets):
    df = sets["gb1"]
    offset = np.log2((df["selected_ct"] + 1) / (df["input_ct"] + 1)) - df["y"]
    assert offset.std() < 1e-4 and offset.mean() == pytest.approx(0.79, abs=0.01)
    assert data.registry()["gb1"]["rows_in_source"] == 530_737


def test_known_disease_mutations_sit_at_the_right_residues(sets):
    amyloid = " ".join(sets["amyloid"]["mutations"])
    assert "E22G" in amyloid and "D23N" in amyloid           # Arctic and Iowa mutations of amyloid beta
    tdp43 = " ".join(sets["tdp43"]["mutations"])
    assert "A315T" in tdp43 and "M337V" in tdp43             # ALS mutations of TDP-43


def test_splice_site_9mers_with_genome_counts(sets):
    df = sets["splice_sites_5p"]
    assert list(df.columns) == ["sequence", "count"] and len(df) == 10_227
    assert df["sequence"].is_unique and (df["sequence"].str.len() == 9).all()
    assert set("".join(df["sequence"])) == set("ACGT")
    assert (df["sequence"].str[3] == "G").all() and df["sequence"].str[4].isin(["C", "T"]).all()
    assert df["count"].min() == 1 and df["count"].is_monotonic_decreasing
    assert df.iloc[0]["sequence"] == "CAGGTGAGT"


def test_crp_sites_and_energy_matrix(sets):
    sites, energy = sets["crp_sites"], sets["crp_energy_matrix"]
    assert list(sites.columns) == ["site_id", "promoter", "position", "sequence"] and len(sites) == 358
    assert (sites["sequence"].str.len() == 26).all() and set("".join(sites["sequence"])) == set("ACGT")
    assert list(sites["site_id"]) == list(range(358))
    assert list(energy.columns) == ["pos", "A", "C", "G", "T"] and energy.shape == (26, 5)
    # the lowest-energy letters spell the CRP consensus TGTGA......TCACA
    best = "".join(energy[list("ACGT")].idxmin(axis=1))
    assert best[5:10] == "TGTGA" and best[16:21] == "TCACA"


def test_protein_ss_chains_have_aligned_labels(sets):
    df = sets["protein_ss_dssp"]
    entry = data.registry()["protein_ss_dssp"]
    assert list(df.columns) == ["chain_id", "source_file", "length", "sequence", "dssp3", "dssp8",
                                "cluster", "split"]
    assert len(df) == entry["rows"] and df["length"].sum() == entry["residues"] > 30_000
    assert df["sequence"].is_unique and df["chain_id"].is_unique and (df["length"] >= 30).all()
    assert (df["sequence"].str.len() == df["length"]).all()
    assert (df["dssp3"].str.len() == df["length"]).all() and (df["dssp8"].str.len() == df["length"]).all()
    assert set("".join(df["dssp3"])) == set("HEC") and set("".join(df["dssp8"])) <= set("HGIEBTSC")
    assert set("".join(df["sequence"])) <= set("ACDEFGHIKLMNPQRSTVWYX")
    reduce = str.maketrans("HGIEBTSC", "HHHEECCC")
    assert (df["dssp8"].str.translate(reduce) == df["dssp3"]).all()
    assert entry["reference_dssp3_agreement"] > 0.95


def test_protein_ss_chains_come_from_six_packages_with_their_paths(sets):
    df = sets["protein_ss_dssp"]
    packages = data.registry()["protein_ss_dssp"]["source"]["packages"]
    assert len(packages) == 6 and len(df) > 150 and df["length"].sum() > 30_000    # 71 chains, 11,916 before
    assert df["source_file"].str.split(":").str[0].value_counts().to_dict() == \
        {p: v["chains"] for p, v in packages.items()}
    # one chain per cluster and structure: the copies of a homo-oligomer are kept once
    assert not df.duplicated(["cluster", "source_file"]).any()


def test_protein_ss_split_keeps_each_cluster_in_one_split(sets):
    df = sets["protein_ss_dssp"]
    assert (df.groupby("cluster")["split"].nunique() == 1).all()
    share = df.groupby("split")["length"].sum() / df["length"].sum()
    assert share["train"] > 0.6 and 0.1 < share["valid"] < 0.2 and 0.1 < share["test"] < 0.2
    labels = "".join(df["dssp3"])
    for state in "HEC":                                       # all three states are common
        assert labels.count(state) / len(labels) > 0.2


def test_protein_ss_splits_share_the_class_mix_and_no_cluster_dominates_one(sets):
    df = sets["protein_ss_dssp"]
    stats = data.registry()["protein_ss_dssp"]["split_stats"]
    everything = "".join(df["dssp3"])
    for split, part in df.groupby("split"):
        labels = "".join(part["dssp3"])
        for state in "HEC":     # was helix 0.20 in test vs 0.39 in train (issue 13)
            fraction = labels.count(state) / len(labels)
            assert abs(fraction - everything.count(state) / len(everything)) < 0.02, (split, state)
            assert stats[split][state] == pytest.approx(fraction, abs=1e-3)
        # one homology cluster supplied a third of the test residues before
        largest = part.groupby("cluster")["length"].sum().max() / len(labels)
        assert largest <= 0.10 and stats[split]["max_cluster_share"] == pytest.approx(largest, abs=1e-3)
    assert "H/E/C" in data.registry()["protein_ss_dssp"]["description"]
