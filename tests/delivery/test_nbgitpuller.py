"""The JupyterHub path: an nbgitpuller link pulls the course into a learner's home, and a
second pull brings the instructor's updates while keeping the learner's edits.

A local clone stands in for the public repository and a plain Jupyter server with
nbgitpuller stands in for the hub (a hub runs the same server per user).
"""
import json
import subprocess
import urllib.parse
import urllib.request

import pytest
from conftest import JupyterServer

pytest.importorskip("nbgitpuller", reason="pip install -r requirements-delivery.txt")


def pull(server, repo, target):
    """Call nbgitpuller's API (what the link's page does) and return its event stream as text."""
    query = urllib.parse.urlencode({"repo": f"file://{repo}", "branch": "main", "targetpath": target,
                                    "token": server.token})
    with urllib.request.urlopen(f"{server.url}/git-pull/api?{query}", timeout=300) as response:
        text = response.read().decode()
    assert '"phase": "finished"' in text, text[-2000:]
    return text


@pytest.fixture
def hub_home(tmp_path):
    home = tmp_path / "home" / "learner"
    home.mkdir(parents=True)
    server = JupyterServer(home)
    yield server, home
    server.stop()


def test_first_pull_brings_the_notebooks_and_a_second_keeps_the_learners_edits(course_clone, hub_home):
    server, home = hub_home
    pull(server, course_clone, "dl-genomics-course")
    target = home / "dl-genomics-course"
    notebooks = sorted(p.name for p in (target / "notebooks").glob("*.ipynb"))
    assert notebooks == sorted(p.name for p in (course_clone / "notebooks").glob("*.ipynb")) and notebooks
    assert (target / "data" / "registry.json").exists() and (target / "course_utils").is_dir()

    # the learner answers an exercise in notebook 00 ...
    mine = target / "notebooks" / notebooks[0]
    nb = json.loads(mine.read_text())
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["my notes: GC is 2/4"]})
    mine.write_text(json.dumps(nb, indent=1))
    # ... while the instructor fixes a typo in another file upstream
    (course_clone / "CONTRIBUTING.md").write_text((course_clone / "CONTRIBUTING.md").read_text() + "\nUpdated.\n")
    subprocess.run(["git", "-C", str(course_clone), "commit", "-qam", "instructor update"], check=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin"})

    pull(server, course_clone, "dl-genomics-course")
    assert "my notes: GC is 2/4" in mine.read_text(), "the second pull lost the learner's edit"
    assert (target / "CONTRIBUTING.md").read_text().endswith("Updated.\n"), "the update did not arrive"
