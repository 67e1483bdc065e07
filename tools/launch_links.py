#!/usr/bin/env python
"""Write every launch badge and link from the one setting in course.toml.

Usage: python tools/launch_links.py           # rewrite README block and notebook launch cells
       python tools/launch_links.py --check   # exit 1 if anything disagrees with course.toml
       python tools/launch_links.py --hub-links  # print nbgitpuller links for a workshop hub

Each notebook gets, right after its header cell, a markdown cell with Binder and Colab
badges (tag ``launch-links``) and a code cell (tag ``colab-setup``) that installs the
course when ``course_utils`` is missing (Colab) and does nothing anywhere else.
"""
import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from readme_tables import replace_block  # noqa: E402

START, END = "<!-- launch:start -->", "<!-- launch:end -->"
NOT_CONFIGURED = ("the course's public address is not configured yet: set `url` in `course.toml`, "
                  "then run `python tools/launch_links.py`")


def settings(path=ROOT / "course.toml"):
    """``{url, branch, owner, repo, hub}`` from course.toml; owner/repo are None unless url is on GitHub."""
    raw = tomllib.loads(Path(path).read_text())
    url = raw["repository"]["url"].strip().rstrip("/").removesuffix(".git")
    branch = raw["repository"].get("branch", "main").strip() or "main"
    owner = repo = None
    if url:
        m = re.fullmatch(r"https://github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)", url)
        if not m:
            raise ValueError(f"course.toml: url must look like https://github.com/OWNER/REPO, got {url!r}")
        owner, repo = m.groups()
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", branch):
        raise ValueError(f"course.toml: branch {branch!r} is not a git branch name")
    hub = raw.get("hub", {}).get("url", "").strip().rstrip("/")
    if hub and not re.fullmatch(r"https?://[^\s\"'<>\\]+", hub):
        raise ValueError(f"course.toml: hub url must look like https://hub.example.org, got {hub!r}")
    return {"url": url, "branch": branch, "owner": owner, "repo": repo, "hub": hub}


def binder_url(s, notebook):
    return f"https://mybinder.org/v2/gh/{s['owner']}/{s['repo']}/{s['branch']}?urlpath=lab/tree/notebooks/{notebook}"


def colab_url(s, notebook):
    return f"https://colab.research.google.com/github/{s['owner']}/{s['repo']}/blob/{s['branch']}/notebooks/{notebook}"


def nbgitpuller_url(s, notebook="00_welcome.ipynb"):
    """A link that clones (first click) or updates (later clicks) the course in a hub user's home."""
    if not (s["url"] and s["hub"]):
        return None
    query = urlencode({"repo": s["url"], "branch": s["branch"],
                       "urlpath": f"lab/tree/{s['repo']}/notebooks/{notebook}"}, quote_via=quote)
    return f"{s['hub']}/hub/user-redirect/git-pull?{query}"


def badges(s, notebook):
    if not s["url"]:
        return f"*Launch in the cloud: {NOT_CONFIGURED}.*"
    return (f"[![Open in Binder](https://mybinder.org/badge_logo.svg)]({binder_url(s, notebook)}) "
            f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]({colab_url(s, notebook)})")


def colab_cell(s):
    repo = s["url"] + ".git" if s["url"] else ""
    return f'''# Colab (or a fresh hub): make course_utils importable. Where the course is installed this does nothing.
import importlib.util, os, subprocess, sys
if importlib.util.find_spec("course_utils") is None:
    if os.path.isdir("../course_utils"):               # a clone or an nbgitpuller copy: use it as it is
        sys.path.insert(0, os.path.abspath(".."))
    else:                                               # Colab: fetch the course (code and data)
        repo = os.environ.get("COURSE_REPO", {repo!r})
        if not repo:
            raise RuntimeError("{NOT_CONFIGURED.replace('`', '')}; or set COURSE_REPO to a clone's address")
        subprocess.run(["git", "clone", "-q", "--depth", "1", "-b", {s['branch']!r}, repo, "dl-genomics-course"], check=True)
        pip = [sys.executable, "-m", "pip", "install", "-q"]
        subprocess.run(pip + ["-r", "dl-genomics-course/requirements-colab.txt"], check=True)
        subprocess.run(pip + ["--no-deps", "-e", "dl-genomics-course"], check=True)
        print("compiling the numba code of memelite and tangermeme once (about 30-60 s) ...", flush=True)
        subprocess.run([sys.executable, "dl-genomics-course/tools/warmup.py"], check=True)
        sys.path.insert(0, os.path.abspath("dl-genomics-course"))
        os.chdir("dl-genomics-course/notebooks")'''


def readme_block(s, notebooks):
    lines = []
    if s["url"]:
        lines.append(f"**Launch without installing:** {badges(s, '00_welcome.ipynb')} "
                     "(every notebook has its own badges in its second cell).")
    else:
        lines.append(f"**Launch without installing (Binder, Colab):** {NOT_CONFIGURED}.")
    hub = nbgitpuller_url(s)
    lines.append("")
    lines.append(f"**Workshop on a JupyterHub:** {'[nbgitpuller link](' + hub + ')' if hub else 'set [hub] url in course.toml to generate the nbgitpuller link'}"
                 " (see `docs/jupyterhub.md`).")
    return "\n".join(lines)


def _cell(kind, source, tag):
    cell = {"cell_type": kind, "metadata": {"tags": [tag]}, "source": source.splitlines(keepends=True)}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def update_notebook(nb, s, name):
    """Insert or refresh the two launch cells after the header; returns True if anything changed."""
    cells = nb["cells"]
    wanted = [("markdown", badges(s, name), "launch-links"), ("code", colab_cell(s), "colab-setup")]
    changed = False
    for offset, (kind, source, tag) in enumerate(wanted, start=1):
        idx = next((i for i, c in enumerate(cells) if tag in c.get("metadata", {}).get("tags", [])), None)
        if idx is None:
            new = _cell(kind, source, tag)
            if "id" in cells[0]:
                new["id"] = tag
            cells.insert(offset, new)
            changed = True
        elif "".join(cells[idx]["source"]) != source:
            cells[idx]["source"] = source.splitlines(keepends=True)
            changed = True
    return changed


def run(check):
    s = settings()
    stale = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text())
        if update_notebook(nb, s, path.name):
            stale.append(str(path.relative_to(ROOT)))
            if not check:
                path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    readme = (ROOT / "README.md").read_text()
    new = replace_block(readme, START, END, readme_block(s, None))
    if new != readme:
        stale.append("README.md")
        if not check:
            (ROOT / "README.md").write_text(new)
    return stale


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--hub-links", action="store_true")
    args = parser.parse_args()
    if args.hub_links:
        s = settings()
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            print(path.name, nbgitpuller_url(s, path.name) or "set [hub] url and [repository] url in course.toml")
        return 0
    stale = run(args.check)
    if args.check and stale:
        print("out of date with course.toml: " + ", ".join(stale) + "; run python tools/launch_links.py")
        return 1
    print("launch links " + ("checked" if args.check else "written") + (f" ({len(stale)} files changed)" if stale and not args.check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
