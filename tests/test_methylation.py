"""course_utils.methylation: pooled levels, CpG density, neighbour features, the kNN average, correlation by
distance and the random split; and the imr90_chr22_cpg data set they read."""
import numpy as np
import pandas as pd
import pytest

from course_utils import data, methylation


def _table():
    return pd.DataFrame({"pos": [100, 150, 400, 1000, 5000], "m1": [5, 0, 9, 1, 3], "cov1": [5, 2, 10, 4, 3],
                         "m2": [5, 1, 1, 0, 0], "cov2": [6, 2, 2, 0, 0], "split": ["train"] * 5})


def test_pooled_levels_sums_replicates_and_drops_low_coverage():
    cpg = methylation.pooled_levels(_table(), min_coverage=4)
    assert cpg["pos"].tolist() == [100, 150, 400, 1000]            # the CpG with 3 reads is dropped
    assert cpg["coverage"].tolist() == [11, 4, 12, 4]
    assert cpg["level"].tolist() == pytest.approx([10 / 11, 0.25, 10 / 12, 0.25])
    assert cpg["split"].tolist() == ["train"] * 4


def test_pooled_levels_rejects_bad_tables():
    with pytest.raises(TypeError, match="DataFrame"):
        methylation.pooled_levels([1, 2, 3])
    with pytest.raises(ValueError, match=r"no column\(s\) \['m2'"):
        methylation.pooled_levels(_table().drop(columns=["m2"]))
    with pytest.raises(ValueError, match="sorted ascending"):
        methylation.pooled_levels(_table().iloc[::-1], min_coverage=1)


def test_cpg_density_counts_neighbours_within_the_window_but_not_itself():
    pos = np.array([0, 10, 20, 600, 2000])
    assert methylation.cpg_density(pos, pos, window=500).tolist() == [2, 2, 2, 0, 0]
    assert methylation.cpg_density(pos, [300], window=300).tolist() == [4]   # 0, 10, 20 and 600 lie within 300 bp
    with pytest.raises(ValueError, match="sorted"):
        methylation.cpg_density([5, 1], [1])


def test_neighbour_features_are_in_genome_order_and_never_hold_the_cpg_itself():
    pos = np.array([0, 10, 30, 60, 100])
    level = np.array([0.0, 0.1, 0.2, 0.3, 0.4])
    X = methylation.neighbour_features(pos, level, k=2)
    assert X.shape == (5, 2, 4) and X.dtype == np.float32
    # CpG 2 (at 30): upstream 0 and 10 (farthest first), downstream 60 and 100 (nearest first)
    assert X[2, 0].tolist() == pytest.approx([0.0, 0.1, 0.3, 0.4])
    assert (10 ** X[2, 1]).tolist() == pytest.approx([30, 20, 30, 70], rel=1e-5)
    assert not np.isclose(X[:, 0], level[:, None]).all(axis=1).any()
    # past the chromosome start a neighbour is missing: fill level, far distance
    assert X[0, 0, :2].tolist() == [methylation.FILL_LEVEL] * 2
    assert X[0, 1, :2].tolist() == pytest.approx([np.log10(methylation.FAR_BP)] * 2)


def test_neighbour_features_reject_bad_levels():
    with pytest.raises(ValueError, match=r"in \[0, 1\]"):
        methylation.neighbour_features([1, 2, 3], [0.1, 1.5, 0.2])
    with pytest.raises(ValueError, match="one value per CpG"):
        methylation.neighbour_features([1, 2, 3], [0.1, 0.2])
    with pytest.raises(ValueError, match="at least 1"):
        methylation.neighbour_features([1, 2, 3], [0.1, 0.2, 0.3], k=0)


def test_knn_predict_is_the_distance_weighted_mean_of_the_nearest():
    pos = np.array([0, 10, 30, 60, 100])
    level = np.array([0.0, 0.1, 0.2, 0.3, 0.4])
    X = methylation.neighbour_features(pos, level, k=2)
    # CpG 2: neighbours at 20 bp (0.1), 30 bp (0.0), 30 bp (0.3), 70 bp (0.4)
    assert methylation.knn_predict(X, 1, 0)[2] == pytest.approx(0.1)
    assert methylation.knn_predict(X, 4, 0)[2] == pytest.approx(0.2)
    w = np.array([1 / 20, 1 / 30, 1 / 30, 1 / 70])
    assert methylation.knn_predict(X, 4, 1)[2] == pytest.approx((w * [0.1, 0.0, 0.3, 0.4]).sum() / w.sum(), rel=1e-5)
    with pytest.raises(ValueError, match="more than the 4 neighbours"):
        methylation.knn_predict(X, 5, 1)
    with pytest.raises(ValueError, match="power"):
        methylation.knn_predict(X, 2, -1)
    with pytest.raises(ValueError, match=r"\(N, 2, 2k\)"):
        methylation.knn_predict(X[:, 0], 2, 1)


def test_correlation_by_distance_sees_a_planted_spatial_structure():
    rng = np.random.default_rng(0)
    pos = np.cumsum(rng.integers(20, 80, size=20_000))
    domain = (pos // 20_000) % 2                                # 20-kb domains, alternately low and high
    level = np.clip(0.2 + 0.6 * domain + rng.normal(0, 0.1, size=pos.size), 0, 1)
    corr = methylation.correlation_by_distance(pos, level, edges=(2, 200, 2000, 50_000))
    assert list(corr.columns) == ["low", "high", "mid", "pairs", "r"]
    assert corr["r"].iloc[0] > 0.8 and corr["r"].iloc[0] > corr["r"].iloc[-1] + 0.2
    assert (corr["pairs"] > 0).all()
    with pytest.raises(ValueError, match="increasing"):
        methylation.correlation_by_distance(pos, level, edges=(10, 5))


def test_random_split_holds_out_the_fraction_and_moves_with_the_seed_offset(monkeypatch):
    held = methylation.random_split(1000, 0.2, seed=0)
    assert held.dtype == bool and held.sum() == 200
    assert (methylation.random_split(1000, 0.2, seed=0) == held).all()
    monkeypatch.setenv("COURSE_SEED_OFFSET", "1")
    assert (methylation.random_split(1000, 0.2, seed=0) != held).any()
    with pytest.raises(ValueError):
        methylation.random_split(10, 1.5)


def test_imr90_chr22_cpg_loads_with_its_block_split():
    table = data.load("imr90_chr22_cpg")
    assert list(table.columns) == ["pos", "m1", "cov1", "m2", "cov2", "split"]
    assert len(table) == 494_728 and table["pos"].is_monotonic_increasing and table["pos"].is_unique
    assert (table[["m1", "m2"]].to_numpy() <= table[["cov1", "cov2"]].to_numpy()).all()
    assert ((table.cov1 + table.cov2) > 0).all()
    # only methylated cytosines were published: a replicate that reports a CpG has a methylated read there
    assert not ((table.m1 == 0) & (table.cov1 > 0)).any()
    entry = data.registry()["imr90_chr22_cpg"]
    block = table["pos"] // entry["block_bp"] % 5
    expected = block.map({0: "train", 1: "train", 2: "train", 3: "valid", 4: "test"})
    assert (table["split"] == expected).all()
    assert entry["genome_build"] == "hg18"
