"""Every launch badge and link agrees with the one setting in course.toml."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import launch_links  # noqa: E402
from test_environment import pins  # noqa: E402


def test_readme_and_notebooks_agree_with_course_toml():
    run = subprocess.run([sys.executable, "tools/launch_links.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_notebook_has_the_launch_cells_after_its_header():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        assert "launch-links" in cells[1]["metadata"].get("tags", []), path.name
        assert "colab-setup" in cells[2]["metadata"].get("tags", []), path.name
        assert cells[2]["outputs"] == [], f"{path.name}: the Colab cell must do nothing (and print nothing) here"


def test_unconfigured_address_is_said_plainly_not_a_placeholder():
    s = launch_links.settings()
    text = (ROOT / "README.md").read_text()
    if not s["url"]:
        assert "not configured yet" in text
    assert "<owner>" not in text and "<repo>" not in text


def test_links_follow_the_setting(tmp_path):
    toml = tmp_path / "course.toml"
    toml.write_text('[repository]\nurl = "https://github.com/acme/dl-genomics"\nbranch = "v2"\n'
                    '[hub]\nurl = "https://hub.example.org/"\n')
    s = launch_links.settings(toml)
    assert launch_links.binder_url(s, "02_cnn_tf_binding.ipynb") == (
        "https://mybinder.org/v2/gh/acme/dl-genomics/v2?urlpath=lab/tree/notebooks/02_cnn_tf_binding.ipynb")
    assert launch_links.colab_url(s, "02_cnn_tf_binding.ipynb") == (
        "https://colab.research.google.com/github/acme/dl-genomics/blob/v2/notebooks/02_cnn_tf_binding.ipynb")
    hub = launch_links.nbgitpuller_url(s)
    assert hub.startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Facme")
    assert "branch=v2" in hub and "urlpath=lab%2Ftree%2Fdl-genomics%2Fnotebooks%2F00_welcome.ipynb" in hub
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# 02 · x"]}]}
    assert launch_links.update_notebook(nb, s, "02_cnn_tf_binding.ipynb")
    assert "mybinder.org/v2/gh/acme/dl-genomics/v2" in "".join(nb["cells"][1]["source"])
    assert "'https://github.com/acme/dl-genomics.git'" in "".join(nb["cells"][2]["source"])
    assert not launch_links.update_notebook(nb, s, "02_cnn_tf_binding.ipynb"), "a second run changes nothing"


def test_a_bad_address_is_rejected(tmp_path):
    toml = tmp_path / "course.toml"
    toml.write_text('[repository]\nurl = "github.com"\n')
    with pytest.raises(ValueError, match="OWNER/REPO"):
        launch_links.settings(toml)


def test_colab_installs_the_same_pins_as_requirements():
    colab, req = pins(ROOT / "requirements-colab.txt"), pins(ROOT / "requirements.txt")
    assert colab and all(req.get(name) == version for name, version in colab.items()), (colab, req)


def test_binder_warms_the_numba_caches_and_installs_the_course():
    post = (ROOT / "postBuild").read_text()
    assert "tools/warmup.py" in post and "pip install" in post
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "repo2docker runs postBuild only if it is executable"
    assert shutil.which("bash")


def test_quotes_or_spaces_in_the_settings_cannot_write_broken_code(tmp_path):
    toml = tmp_path / "course.toml"
    for bad in ['url = "https://github.com/a/b\\"; import os"', 'url = "https://github.com/a/b c"']:
        toml.write_text(f"[repository]\n{bad}\nbranch = \"main\"\n")
        with pytest.raises(ValueError, match="must look like"):
            launch_links.settings(toml)
    toml.write_text('[repository]\nurl = "https://github.com/a/b"\nbranch = "ma\\"in"\n')
    with pytest.raises(ValueError, match="not a git branch name"):
        launch_links.settings(toml)
    toml.write_text('[repository]\nurl = "https://github.com/a/b"\n[hub]\nurl = "https://hub.org/\\"x"\n')
    with pytest.raises(ValueError, match="hub url"):
        launch_links.settings(toml)
    toml.write_text('[repository]\nurl = "https://github.com/my-org/dl.course"\nbranch = "v1.0"\n')
    compile(launch_links.colab_cell(launch_links.settings(toml)), "colab-cell", "exec")


def test_launch_links_run_with_a_plain_python_without_pandas():
    code = ("import sys; sys.modules['pandas'] = None; sys.modules['numpy'] = None; "
            "sys.argv = ['launch_links.py', '--check']; sys.path.insert(0, 'tools'); "
            "import launch_links; sys.exit(launch_links.main())")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert "No module named" not in run.stderr and "import of pandas halted" not in run.stderr, run.stderr
    assert "launch links checked" in run.stdout or "out of date with course.toml" in run.stdout, run.stdout
