"""The course website builds offline, has a page per notebook, and its internal links resolve.

Run with `make test-delivery` (it installs Jupyter Book 1 into .venv-site first).
"""
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "build" / "site" / "_build" / "html"


@pytest.fixture(scope="module")
def site():
    python = ROOT / ".venv-site" / "bin" / "python"
    if not python.exists():
        pytest.skip("the site builder is not installed: run `make site` (creates .venv-site)")
    run = subprocess.run([str(python), "tools/build_site.py"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    print(run.stdout.strip())
    return HTML


def test_every_notebook_has_a_page_with_its_stored_outputs(site):
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        page = site / "notebooks" / f"{nb.stem}.html"
        assert page.exists(), f"no page for {nb.name}"
        text = page.read_text()
        assert "cell_output" in text, f"{page.name} shows no stored outputs"
    for extra in ("README.html", "docs/instructors.html", "data/README.html", "CONTRIBUTING.html"):
        assert (site / extra).exists(), extra


def test_internal_links_resolve(site):
    broken = []
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]   # _static holds theme templates
    assert len(pages) > 10
    for page in pages:
        for href in re.findall(r'(?:href|src)="([^"]+)"', page.read_text()):
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "//")):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if url.path and not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif url.fragment and target.suffix == ".html" and f'id="{url.fragment}"' not in target.read_text():
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:10]}"


def test_readme_links_to_notebooks_lead_to_their_pages(site):
    readme = (site / "README.html").read_text()
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert f"notebooks/{nb.stem}.html" in readme, f"README page does not link {nb.stem}"


def test_math_is_served_with_the_site_not_from_a_cdn(site):
    page = (site / "notebooks" / "07_vae_mutation_effects.html").read_text()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert not [s for s in scripts if "mathjax" in s.lower() and urlparse(s).scheme], "MathJax must not come from a CDN"
    local = [s for s in scripts if "MathJax.js" in s]
    assert len(local) == 1, f"MathJax should be loaded exactly once, got {local}"
    assert (site / "notebooks" / urlparse(local[0]).path).resolve().exists()
    assert 'class="math notranslate nohighlight">\\(' in page, "the page has inline math for MathJax to render"


def test_the_colab_setup_cell_is_not_on_the_site(site):
    for page in (site / "notebooks").glob("*.html"):
        assert "dl-genomics-course" not in page.read_text(), f"{page.name} shows the Colab setup cell"
