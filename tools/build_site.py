#!/usr/bin/env python
"""Build the course website offline: every notebook with its stored outputs, the README,
the instructor guide and notes, and the data description.

Usage: python tools/build_site.py      (or: make site)   -> build/site/html/index.html

It copies the pages into build/site/src with the repository's layout (so the README's
links such as notebooks/02_cnn_tf_binding.ipynb keep working), writes the table of
contents from the notebooks present, and runs Jupyter Book 1 (Sphinx) with execution
off. Needs the packages in requirements-site.txt (``make site`` installs them in .venv-site).
"""
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
        shutil.copy(ROOT / "notebooks" / name, SRC / "notebooks" / name)
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


def build():
    start = time.perf_counter()
    notebooks = assemble()
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(SRC), "--path-output", str(BUILD), "--builder", "html"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout[-4000:], run.stderr[-4000:])
        raise SystemExit(f"jupyter-book failed (exit {run.returncode}); see the output above")
    html = BUILD / "_build" / "html"
    print(f"built {len(notebooks)} notebook pages in {time.perf_counter() - start:.0f} s: {html / 'index.html'}")
    return html


if __name__ == "__main__":
    build()
