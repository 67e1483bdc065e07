"""The data registry: every file verifies, and missing/corrupt/unknown data fail with a fix."""
import shutil

import pandas as pd
import pytest

from course_utils import data
from course_utils.motifs import Motif


def test_every_registered_file_is_present_and_verified():
    report = data.verify()
    assert report, "the registry is empty"
    assert all(status == "ok" for status in report.values()), {k: v for k, v in report.items() if v != "ok"}


def test_registry_entries_have_provenance():
    for name, entry in data.registry().items():
        for key in ("file", "format", "description", "source", "license", "bytes", "sha256", "build"):
            assert key in entry, f"{name} lacks {key}"
        assert entry["source"].get("package") and entry["source"].get("version"), name
        assert entry["source"].get("doi") or entry["source"].get("publication"), name
        assert (data.ROOT / entry["build"]["script"]).exists(), f"{name}: build script missing"


def test_data_dir_stays_small():
    total = sum(e["bytes"] for e in data.registry().values())
    assert total < 50e6, f"data/ holds {total / 1e6:.1f} MB; keep it well under 50 MB"


def test_list_datasets_table():
    table = data.list_datasets()
    assert {"description", "size_kB", "source", "license"} <= set(table.columns)
    assert "oct4_mafk" in table.index


def test_oct4_mafk_loader():
    peaks = data.load("oct4_mafk")
    assert isinstance(peaks, pd.DataFrame) and len(peaks) == 7997
    assert list(peaks.columns) == ["region", "sequence", "tf", "label", "split"]
    assert set(peaks.split) == {"train", "valid", "test"}
    assert peaks.sequence.str.len().eq(200).all()
    assert (peaks.groupby("tf").label.first() == pd.Series({"MafK": 0, "Oct4": 1})).all()
    test_chroms = set(peaks[peaks.split == "test"].region.str.split(":").str[0])
    train_chroms = set(peaks[peaks.split == "train"].region.str.split(":").str[0])
    assert {"chr8", "chr9"} <= test_chroms and not {"chr7", "chr8", "chr9"} & train_chroms


def test_jaspar_loader():
    motifs = data.load("jaspar2024_core_vertebrates")
    assert len(motifs) == 879
    m = motifs["MA0142.1"]
    assert isinstance(m, Motif) and m.name == "Pou5f1::Sox2" and m.counts.shape == (4, 15)
    sums = m.counts.sum(axis=0)
    assert (m.counts >= 0).all() and sums.min() > 0.95 * sums.max()   # same number of sites per column, give or take


@pytest.fixture
def scratch_registry(tmp_path, monkeypatch):
    """A copy of the data folder where files can be broken without touching the real one."""
    copy = tmp_path / "data"
    copy.mkdir()
    shutil.copy(data.REGISTRY, copy / "registry.json")
    (copy / "tf_binding").mkdir()
    shutil.copy(data.DATA_DIR / "tf_binding/oct4_mafk.tsv.gz", copy / "tf_binding/oct4_mafk.tsv.gz")
    monkeypatch.setattr(data, "DATA_DIR", copy)
    monkeypatch.setattr(data, "REGISTRY", copy / "registry.json")
    return copy


def test_missing_file_says_how_to_fix(scratch_registry):
    (scratch_registry / "tf_binding/oct4_mafk.tsv.gz").unlink()
    with pytest.raises(data.DataError, match="is missing") as err:
        data.load("oct4_mafk")
    assert "git checkout -- data/tf_binding/oct4_mafk.tsv.gz" in str(err.value)
    assert "python -m course_utils.data rebuild oct4_mafk" in str(err.value)


def test_corrupt_file_says_how_to_fix(scratch_registry):
    target = scratch_registry / "tf_binding/oct4_mafk.tsv.gz"
    target.write_bytes(target.read_bytes()[:-10])
    with pytest.raises(data.DataError, match="corrupt or changed") as err:
        data.load("oct4_mafk")
    assert "rebuild oct4_mafk" in str(err.value)


def test_unknown_name_suggests_and_lists():
    with pytest.raises(data.DataError, match="no data set called 'oct4'.*Did you mean 'oct4_mafk'"):
        data.load("oct4")
    with pytest.raises(data.DataError, match="python -m course_utils.data list"):
        data.load("nonexistent")


def test_command_line_verify_and_usage(capsys):
    assert data._main(["verify", "oct4_mafk"]) == 0
    assert "1 of 1 data sets ok" in capsys.readouterr().out
    assert data._main([]) == 2


def test_rebuild_reports_a_failing_build_script_with_the_fix(scratch_registry, monkeypatch, tmp_path):
    import json
    script = tmp_path / "broken_build.py"
    script.write_text("raise SystemExit(3)\n")
    reg = json.loads((scratch_registry / "registry.json").read_text())
    reg["oct4_mafk"]["build"]["script"] = str(script)
    (scratch_registry / "registry.json").write_text(json.dumps(reg))
    with pytest.raises(data.DataError, match=r"failed \(exit 3\).*pip install -r requirements-data.txt"):
        data.rebuild("oct4_mafk")
