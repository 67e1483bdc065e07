#!/usr/bin/env python
"""Build the course website offline: every notebook with its stored outputs, the README,
the instructor guide and notes, and the data description.

Usage: python tools/build_site.py      (or: make site)   -> build/site/html/index.html

It copies the pages into build/site/src with the repository's layout (so the README's
links such as notebooks/02_cnn_tf_binding.ipynb keep working), writes the table of
contents from the notebooks present, and runs Jupyter Book 1 (Sphinx) with execution
off. Needs the packages in requirements-site.txt (``make site`` installs them in .venv-site).
"""
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "site"
SRC = BUILD / "src"


def assemble():
    """Copy the pages into build/site/src and write _toc.yml; returns the list of pages."""
    if SRC.exists():
        shutil.rmtree(SRC)
    (SRC / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "site" / "_config.yml", SRC / "_config.yml")
    shutil.copy(ROOT / "README.md", SRC / "README.md")
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for name in notebooks:
        (SRC / "notebooks" / name).write_text(json.dumps(site_copy(ROOT / "notebooks" / name), indent=1))
    copy_mathjax(SRC / "_extra" / "mathjax")
    shutil.copytree(ROOT / "docs", SRC / "docs")
    (SRC / "data").mkdir()
    shutil.copy(ROOT / "data" / "README.md", SRC / "data" / "README.md")
    for extra in ("CONTRIBUTING.md",):
        shutil.copy(ROOT / extra, SRC / extra)
    notes = sorted(p.relative_to(SRC).with_suffix("").as_posix() for p in (SRC / "docs" / "instructor-notes").glob("*.md"))
    toc = ["format: jb-book", "root: README", "parts:",
           "- caption: Notebooks", "  chapters:"] + [f"  - file: notebooks/{Path(n).stem}" for n in notebooks]
    toc += ["- caption: Teaching", "  chapters:", "  - file: docs/instructors", "    sections:"]
    toc += [f"    - file: {n}" for n in notes]
    toc += ["- caption: Data and maintenance", "  chapters:", "  - file: data/README", "  - file: docs/AUTHORING",
            "  - file: CONTRIBUTING"]
    (SRC / "_toc.yml").write_text("\n".join(toc) + "\n")
    return notebooks


def site_copy(path):
    """The notebook as the site shows it: the Colab setup cell removed (it means nothing on a web page)."""
    nb = json.loads(Path(path).read_text())
    for cell in nb["cells"]:
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if "colab-setup" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    return nb


def copy_mathjax(dest):
    """Serve MathJax with the site (site/_config.yml points mathjax_path there), not from a CDN.

    MathJax 2.7 comes from the PyPI package jupyter-server-mathjax (requirements-site.txt). It goes
    to ``_extra`` (copied to the site's root by html_extra_path), not ``_static``: Jupyter Book
    would load every .js file in ``_static`` on every page.
    """
    try:
        import jupyter_server_mathjax
    except ImportError:
        raise SystemExit("jupyter-server-mathjax is missing: run `make site` (it installs requirements-site.txt)")
    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    shutil.copytree(static, dest, ignore=shutil.ignore_patterns("*.eot", "*.svg", "*.otf"))


def build():
    start = time.perf_counter()
    notebooks = assemble()
    jb = Path(sys.executable).parent / "jupyter-book"
    # --warningiserror: a dead link or a broken page fails the build instead of passing in a warning
    run = subprocess.run([str(jb), "build", str(SRC), "--path-output", str(BUILD), "--builder", "html",
                          "--warningiserror", "--keep-going"], capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout[-4000:], run.stderr[-4000:])
        raise SystemExit(f"jupyter-book failed (exit {run.returncode}); see the output above")
    html = BUILD / "_build" / "html"
    print(f"built {len(notebooks)} notebook pages in {time.perf_counter() - start:.0f} s: {html / 'index.html'}")
    return html


if __name__ == "__main__":
    build()
