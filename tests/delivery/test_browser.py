"""Every notebook runs in JupyterLab, driven through the UI in headless Chromium.

A copy of the notebooks is served by JupyterLab; for each notebook the test opens it, runs
"Run All Cells" from the Run menu, waits until the kernel has finished, saves, and reads
the saved file back (JupyterLab renders only the cells in view, so the file is the record):
every code cell must have been executed, in order, and no output may be an error.

Needs Debian's chromium (apt-get install chromium) and playwright (requirements-delivery.txt).
"""
import json
import shutil
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import JupyterServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
playwright = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements-delivery.txt")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium: apt-get install chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab") / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    for nb in (root / "notebooks").glob("*.ipynb"):          # start from blank outputs, as a learner would
        data = json.loads(nb.read_text())
        for cell in data["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        nb.write_text(json.dumps(data, indent=1))
    server = JupyterServer(root, app="lab")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield server, root, browser
        browser.close()
    server.stop()


def _kernel_states(server):
    with urllib.request.urlopen(f"{server.url}/api/kernels?token={server.token}", timeout=10) as r:
        return [k["execution_state"] for k in json.load(r)]


def _wait_idle(server, timeout, quiet=5):
    """Wait until every kernel has been idle for ``quiet`` seconds in a row."""
    deadline, idle_since = time.time() + timeout, None
    while time.time() < deadline:
        states = _kernel_states(server)
        if states and all(s == "idle" for s in states):
            idle_since = idle_since or time.time()
            if time.time() - idle_since >= quiet:
                return True
        else:
            idle_since = None
        time.sleep(1)
    return False


def _menu(page, menu, item):
    """Click ``item`` in the menu bar's ``menu``, as a learner would."""
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).first.click(timeout=30_000)
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click(timeout=30_000)


def _saved_counts(page, root, path):
    """Save through the File menu and read the file back: (execution counts of the code cells, error outputs)."""
    _menu(page, "File", "Save Notebook")
    time.sleep(2)
    saved = json.loads((root / "notebooks" / path.name).read_text())
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    errors = [o.get("ename", "") + ": " + o.get("evalue", "") for c in code for o in c["outputs"]
              if o["output_type"] == "error"]
    return [c["execution_count"] for c in code], errors


def _shut_down_kernels(server):
    """Free the memory before the next notebook, also when a test failed."""
    with urllib.request.urlopen(f"{server.url}/api/kernels?token={server.token}", timeout=10) as r:
        ids = [k["id"] for k in json.load(r)]
    for kernel_id in ids:
        request = urllib.request.Request(f"{server.url}/api/kernels/{kernel_id}?token={server.token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_cells_in_jupyterlab(lab, path):
    server, root, browser = lab
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        # ?reset: a fresh workspace, so the tabs of earlier notebooks are not restored (one of them could
        # become the active tab, and the menus would run and save that notebook instead).
        page.goto(f"{server.url}/lab/tree/notebooks/{path.name}?reset&token={server.token}")
        page.wait_for_selector(".jp-Notebook", timeout=120_000)
        assert _wait_idle(server, timeout=120, quiet=3), f"{path.name}: the kernel did not start"
        _menu(page, "Run", "Run All Cells")
        # The kernel is idle for a moment between two cells (longer on a busy machine, while the browser
        # renders a figure), so "idle" alone does not mean done: save and look until every cell has run.
        deadline, clicks = time.time() + 600, 1
        while True:
            time.sleep(5)
            if not _wait_idle(server, timeout=max(1, deadline - time.time()), quiet=5):
                pytest.fail(f"{path.name}: the kernel did not finish within 10 minutes")
            counts, errors = _saved_counts(page, root, path)
            if errors or None not in counts or time.time() > deadline:
                break
            if all(c is None for c in counts) and clicks < 3:     # the click came before the page was ready
                _menu(page, "Run", "Run All Cells")
                clicks += 1
        assert not errors, f"{path.name}: error outputs {errors[:3]}"
        assert None not in counts, f"{path.name}: {counts.count(None)} of {len(counts)} code cells were not executed"
        assert counts == sorted(counts), f"{path.name}: cells ran out of order {counts}"
    finally:
        page.close()
        _shut_down_kernels(server)
