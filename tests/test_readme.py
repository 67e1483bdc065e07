"""The README tells the truth: its tables match the registry and the measured benchmark."""
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_data_table_matches_the_registry():
    result = subprocess.run([sys.executable, "tools/readme_tables.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_notebook_is_benchmarked_within_budget_and_listed():
    bench = json.loads((ROOT / "tools/benchmark.json").read_text())
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(bench["notebooks"]) == notebooks, "run `make benchmark` after adding or renaming a notebook"
    readme = (ROOT / "README.md").read_text()
    for name, r in bench["notebooks"].items():
        assert r["error"] is None, f"{name} failed in the benchmark: {r['error']}"
        idle = r.get("load_avg") is None or r["load_avg"] <= 1.5    # wall time means something only when idle
        assert r["seconds"] <= bench["budget"]["seconds"] or not idle, f"{name} takes {r['seconds']} s"
        assert r["peak_mib"] <= bench["budget"]["peak_mib"], f"{name} peaks at {r['peak_mib']} MiB"
        row = re.search(rf"\| \[`{re.escape(name)}`\]\([^)]*\) \| [^|]+ \| (\d+) \| (\d+) \|", readme)
        assert row, f"README notebook table lacks {name}: run `make benchmark`"
        assert int(row.group(1)) == round(r["seconds"]) and int(row.group(2)) == r["peak_mib"]


def test_readme_gives_the_two_commands_and_ci_uses_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci/run").read_text()
