#!/usr/bin/env python
"""Execute notebooks in fresh kernels, measure wall time and peak memory, update the README.

Usage:
    python tools/benchmark.py                  # all notebooks, one at a time
    python tools/benchmark.py notebooks/02_*.ipynb
    python tools/benchmark.py --store          # also save the fresh outputs into the notebooks

Peak memory is the largest total resident set size (RSS) of the kernel process
tree, sampled every 0.05 s. Results go to tools/benchmark.json and into the
table between the notebook-table markers in README.md. Exits 1 if a notebook
fails or exceeds the budget (90 s, 1.5 GiB).
"""
import argparse
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient
from readme_tables import replace_block  # tools/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "tools" / "benchmark.json"
README = ROOT / "README.md"
BUDGET_SECONDS, BUDGET_MIB = 90, 1536
START, END = "<!-- notebook-table:start -->", "<!-- notebook-table:end -->"


class PeakRSS(threading.Thread):
    """Samples the summed RSS of this process's children (the kernel) until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self):
        me = psutil.Process()
        while self.running:
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)


# Stored outputs are CPU results; a GPU machine must reproduce them, so the kernels run on the CPU.
os.environ.setdefault("COURSE_DEVICE", "cpu")


def run_one(path, store):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    load = round(os.getloadavg()[0], 1)     # > 1.5 on 2 cores: others compete, wall time is inflated
    sampler = PeakRSS()
    sampler.start()
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as err:  # report and go on with the next notebook
        error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1] if str(err).strip() else ''}"
    seconds = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    if store and error is None:
        for cell in nb.cells:
            cell.metadata.pop("execution", None)   # per-cell timestamps: noise in diffs
        nbformat.write(nb, path)
    title = next((c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells if c.cell_type == "markdown"), path.stem)
    return {"notebook": path.name, "title": title, "seconds": round(seconds, 1),
            "peak_mib": round(sampler.peak / 2**20), "load_avg": load, "error": error}


IDLE_LOAD = 1.5    # 1-minute load average below which a 2-core machine counts as idle


def table(results):
    lines = ["| notebook | what you do | time (s) | peak memory (MiB) | load at start |", "|---|---|---:|---:|---:|"]
    for r in sorted(results.values(), key=lambda r: r["notebook"]):
        title = r["title"].split("·", 1)[-1].strip()
        load = "" if r.get("load_avg") is None else f"{r['load_avg']:.1f}"
        lines.append(f"| [`{r['notebook']}`](notebooks/{r['notebook']}) | {title} | {r['seconds']:.0f} | {r['peak_mib']} | {load} |")
    shared = [r["notebook"][:2] for r in results.values() if (r.get("load_avg") or 0) > IDLE_LOAD]
    if shared:
        lines.append(f"\nNotebooks {', '.join(sorted(shared))} were measured while other jobs shared the 2 cores "
                     f"(load average above {IDLE_LOAD}): their wall times are inflated and are not held to the "
                     "90 s budget until `make benchmark` re-measures them on an idle machine; memory is.")
    return "\n".join(lines)


def update_readme(results, machine):
    body = f"{table(results)}\n\nMeasured with `make benchmark` on {machine}."
    README.write_text(replace_block(README.read_text(), START, END, body))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--store", action="store_true", help="write the executed outputs back into the notebooks")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    results = json.loads(RESULTS.read_text())["notebooks"] if RESULTS.exists() else {}
    existing = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    results = {k: v for k, v in results.items() if k in existing}
    failed = False
    for path in paths:
        r = run_one(path, args.store)
        results[r["notebook"]] = r
        over = (r["seconds"] > BUDGET_SECONDS and r["load_avg"] <= IDLE_LOAD) or r["peak_mib"] > BUDGET_MIB
        failed |= bool(r["error"]) or over
        status = r["error"] or ("OVER BUDGET" if over else "ok")
        print(f"{r['notebook']:42s} {r['seconds']:6.1f} s {r['peak_mib']:6d} MiB  {status}", flush=True)
    machine = (f"{psutil.cpu_count()} CPU cores ({platform.machine()}), "
               f"{round(psutil.virtual_memory().total / 2**30)} GiB RAM, Python {platform.python_version()}")
    RESULTS.write_text(json.dumps({"machine": machine, "budget": {"seconds": BUDGET_SECONDS, "peak_mib": BUDGET_MIB},
                                   "notebooks": dict(sorted(results.items()))}, indent=2) + "\n")
    update_readme(results, machine)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
