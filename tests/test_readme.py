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
    sys.path.insert(0, str(ROOT / "tools"))
    import benchmark
    for name, r in bench["notebooks"].items():
        assert r["error"] is None, f"{name} failed in the benchmark: {r['error']}"
        # wall time on an idle machine; on a shared one the kernel's CPU time stands in for it
        seconds = benchmark.measured_seconds(r)
        assert seconds <= benchmark.seconds_limit(name), f"{name} takes {seconds} s"
        assert r["peak_mib"] <= bench["budget"]["peak_mib"], f"{name} peaks at {r['peak_mib']} MiB"
        row = re.search(rf"\| \[`{re.escape(name)}`\]\([^)]*\) \| [^|]+ \| (\d+) \| (\d*) \| (\d+) \|", readme)
        assert row, f"README notebook table lacks {name}: run `make benchmark`"
        assert int(row.group(1)) == round(r["seconds"]) and int(row.group(3)) == r["peak_mib"]
        if r.get("cpu_seconds") is not None:
            assert int(row.group(2)) == round(r["cpu_seconds"])


def test_readme_gives_the_two_commands_and_ci_uses_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci/run").read_text()


def test_hub_resources_come_from_the_benchmark():
    import sys
    sys.path.insert(0, str(ROOT / "tools"))
    import benchmark
    bench = json.loads((ROOT / "tools" / "benchmark.json").read_text())["notebooks"]
    doc = (ROOT / "docs" / "jupyterhub.md").read_text()
    assert benchmark.hub_resources(bench) in doc, "run `make benchmark` to refresh docs/jupyterhub.md"
    worst = max(r["peak_mib"] for r in bench.values())
    assert f"largest kernel peak is {worst} MiB" in doc


def test_only_the_listed_notebooks_may_exceed_the_time_budget():
    sys.path.insert(0, str(ROOT / "tools"))
    import benchmark
    notebooks = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    for name, (ceiling, why) in benchmark.KNOWN_OVER.items():
        assert name in notebooks, f"KNOWN_OVER names {name}, which is not a notebook: remove it"
        assert benchmark.BUDGET_SECONDS < ceiling <= 2 * benchmark.BUDGET_SECONDS and len(why) > 40
    assert benchmark.seconds_limit("00_welcome.ipynb") == benchmark.BUDGET_SECONDS
    assert benchmark.measured_seconds({"seconds": 120, "cpu_seconds": 60, "load_avg": 4.0}) == 60
    assert benchmark.measured_seconds({"seconds": 70, "cpu_seconds": 60, "load_avg": 0.3}) == 70


def test_the_hub_guide_has_what_an_instructor_needs_and_its_memory_arithmetic_adds_up():
    doc = (ROOT / "docs" / "jupyterhub.md").read_text()
    for needed in ("Python 3.11", "python-3.11", "tools/warmup.py", "OMP_NUM_THREADS", "NUMBA_NUM_THREADS",
                   "tljh-config set limits.memory", "tljh-config set limits.cpu", "services.cull.timeout",
                   "prePuller", "cull:", "https:", "letsencrypt", "admin_users", "merges *by line*"):
        assert needed in doc, f"docs/jupyterhub.md lacks {needed!r}"
    import re
    guarantee = int(re.search(r"memory: \{guarantee: (\d+)G", doc).group(1))
    reserved = re.search(r"guarantees reserve 30 x (\d+) GiB = (\d+) GiB", doc)
    assert int(reserved.group(1)) == guarantee and int(reserved.group(2)) == 30 * guarantee
    limit = int(re.search(r"limits.memory (\d+)G", doc).group(1))
    assert f"memory: {{guarantee: {guarantee}G, limit: {limit}G}}" in doc


def test_the_package_docstring_lists_every_module():
    import course_utils
    modules = sorted(p.stem for p in (ROOT / "course_utils").glob("*.py") if not p.stem.startswith("_"))
    missing = [m for m in modules if f"``{m}``" not in course_utils.__doc__]
    assert not missing, f"course_utils/__init__.py does not list {missing}"
