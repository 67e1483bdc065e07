"""requirements.txt is the single source of versions; environment.yml (Binder) must match it."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^\s*-?\s*([A-Za-z0-9_.\-]+)==([^\s#]+)")


def pins(path):
    found = {}
    for line in path.read_text().splitlines():
        m = PIN.match(line)
        if m:
            name, version = m.group(1).lower().replace("_", "-"), m.group(2).split("+")[0]
            found[name] = version
    return found


def test_environment_yml_pins_match_requirements():
    req = pins(ROOT / "requirements.txt")
    env = pins(ROOT / "environment.yml")
    assert req, "requirements.txt has no pins"
    assert req == env, f"pins differ: only in requirements {set(req.items()) - set(env.items())}, " \
                       f"only in environment.yml {set(env.items()) - set(req.items())}"


def test_every_requirement_is_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert "==" in line, f"unpinned requirement: {line}"


def test_torch_is_the_cpu_build_on_binder_and_capped_here():
    env = (ROOT / "environment.yml").read_text()
    assert "torch==2.13.0+cpu" in env and "download.pytorch.org/whl/cpu" in env
    assert pins(ROOT / "requirements.txt")["torch"] == "2.13.0"


def test_python_version_is_3_11():
    assert "python=3.11" in (ROOT / "environment.yml").read_text()


def _dry_run(*args):
    """What `make` would run to build the venv, as a fresh shell would see it.

    MAKEFLAGS/MAKELEVEL are dropped: under `make test TORCH_INDEX=` (as CI runs it) they would
    pass the caller's variables down and hide the Makefile's own defaults."""
    import os
    import subprocess
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "TORCH_INDEX")}
    return subprocess.run(["make", "-n", "-B", ".venv/.installed", *args], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=env).stdout


def test_make_takes_the_cpu_build_of_torch_on_linux_unless_told_otherwise():
    import platform
    default = _dry_run()
    if platform.system() == "Linux":
        assert "--extra-index-url https://download.pytorch.org/whl/cpu" in default
        assert '"torch==2.13.0+cpu"' in default
    plain = _dry_run("TORCH_INDEX=")
    assert "--extra-index-url" not in plain and '"torch==2.13.0"' in plain


def test_make_checks_the_python_version_before_creating_the_venv():
    out = _dry_run()
    assert "sys.version_info" in out and out.index("sys.version_info") < out.index("-m venv")


def test_ci_runs_the_readme_test_command_from_local_disk():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test TORCH_INDEX=" in ci
    assert "make test" in (ROOT / "README.md").read_text()
