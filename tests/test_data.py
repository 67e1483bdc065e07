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
    assert {"description", "size_kB", "source", "license", "caveats"} <= set(table.columns)
    assert "oct4_mafk" in table.index


def test_every_entry_has_caveats():
    for name, entry in data.registry().items():
        assert isinstance(entry.get("caveats"), str) and len(entry["caveats"].strip()) >= 8, \
            f"{name}: give it a short 'caveats' text (split rules, label meaning, confounders; 'none known' is allowed)"


def _script_caveats(script):
    """The CAVEATS dict a build script writes to the registry, read without running the script."""
    import ast

    tree = ast.parse((data.ROOT / script).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "CAVEATS" for t in node.targets):
            return ast.literal_eval(node.value)
    return {}


def test_build_scripts_write_the_registered_caveats_so_a_rebuild_keeps_them():
    for name, entry in data.registry().items():
        caveats = _script_caveats(entry["build"]["script"])
        assert caveats.get(name) == entry["caveats"], \
            f"{name}: {entry['build']['script']} must carry CAVEATS[{name!r}] equal to the registry's caveats"


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


def test_corrupt_registry_is_a_data_error_that_says_how_to_fix(scratch_registry, capsys):
    (scratch_registry / "registry.json").write_text('{"oct4_mafk": {"file": ')
    for call in (data.registry, lambda: data.load("oct4_mafk"), data.verify):
        with pytest.raises(data.DataError, match="corrupt, not valid JSON") as err:
            call()
        assert "git checkout -- data/registry.json" in str(err.value)
    assert data._main(["verify"]) == 1                      # the command line reports, no traceback
    assert "error: the data registry" in capsys.readouterr().err
    (scratch_registry / "registry.json").write_text("[1, 2]")
    with pytest.raises(data.DataError, match="not an object of data set entries"):
        data.registry()


def test_registry_file_name_typo_says_git_cannot_restore_it(scratch_registry):
    if data._tracked_by_git("data/registry.json") is not True:
        pytest.skip("needs a git checkout of the course")
    import json
    reg = json.loads((scratch_registry / "registry.json").read_text())
    reg["oct4_mafk"]["file"] = "tf_binding/oct4_mafk.tsv.gzz"
    (scratch_registry / "registry.json").write_text(json.dumps(reg))
    with pytest.raises(data.DataError, match="does not exist and is not tracked by git") as err:
        data.load("oct4_mafk")
    message = str(err.value)
    assert "`git checkout` cannot restore it" in message and "probably wrong (a typo?)" in message
    assert "Did you mean data/tf_binding/oct4_mafk.tsv.gz?" in message
    assert "git checkout -- data/tf_binding/oct4_mafk.tsv.gzz" not in message


@pytest.mark.parametrize("bad", [None, 3, ["oct4_mafk"], b"oct4_mafk"])
def test_a_name_that_is_not_a_string_is_a_type_error_naming_the_type(bad):
    with pytest.raises(TypeError, match=f"must be a str such as 'oct4_mafk', not {type(bad).__name__}"):
        data.load(bad)
    with pytest.raises(TypeError, match=type(bad).__name__):
        data.path(bad)


def test_verify_takes_one_name_or_a_list():
    assert data.verify("oct4_mafk") == {"oct4_mafk": "ok"}
    with pytest.raises(TypeError, match="not NoneType"):
        data.verify([None])


def test_rebuild_compares_every_set_the_script_wrote(scratch_registry, tmp_path, capsys):
    import json
    reg_path = scratch_registry / "registry.json"
    twin = scratch_registry / "tf_binding/twin.tsv"
    twin.write_text("old\n")
    script = tmp_path / "build_two.py"                 # rewrites 'twin' only, as a two-set build script may
    script.write_text(
        "import hashlib, json, sys, pathlib\n"
        "reg_path, twin = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])\n"
        "twin.write_text('new\\n')\n"
        "reg = json.loads(reg_path.read_text())\n"
        "reg['twin']['sha256'] = hashlib.sha256(twin.read_bytes()).hexdigest()\n"
        "reg_path.write_text(json.dumps(reg))\n")
    reg = json.loads(reg_path.read_text())
    build = {"script": str(script), "args": [str(reg_path), str(twin)]}
    reg["oct4_mafk"]["build"] = build
    reg["twin"] = {**reg["oct4_mafk"], "file": "tf_binding/twin.tsv", "sha256": data.sha256(twin)}
    reg_path.write_text(json.dumps(reg))
    old_twin = data.sha256(twin)
    report = data.rebuild("oct4_mafk")
    assert set(report) == {"oct4_mafk", "twin"}
    assert report["oct4_mafk"][0] == report["oct4_mafk"][1]
    assert report["twin"] == (old_twin, data.sha256(twin)) and old_twin != data.sha256(twin)
    twin.write_text("old\n")
    reg_path.write_text(json.dumps(reg))
    assert data._main(["rebuild", "oct4_mafk"]) == 1          # a set the script rewrote changed
    out = capsys.readouterr().out
    assert "oct4_mafk: registry before" in out and "identical" in out
    assert "twin: registry before" in out and "DIFFERENT" in out


def test_list_shows_size_source_license_and_caveats_in_full(capsys):
    assert data._main(["list"]) == 0
    out = " ".join(capsys.readouterr().out.split())         # the list wraps lines but never cuts them
    for name, e in data.registry().items():
        assert f"{name} ({e['bytes'] / 1000:,.1f} kB)" in out
        for text in (e["description"], f"{e['source']['package']} {e['source']['version']}", e["license"],
                     e["caveats"]):
            assert " ".join(text.split()) in out, f"{name}: {text[:40]}... is cut or missing"
