#!/usr/bin/env python
"""Tag the notebook cells whose outputs depend on floating-point training.

Trained numbers are deterministic on one machine but differ between instruction
sets (AVX-512, AVX2, SSE, Apple's NEON), so a stored training number is a
property of the machine that stored it. `make test` compares every other output
exactly; the cells whose printed numbers change with the instruction set carry
the nbval tag `nbval-ignore-output` (visible in JupyterLab's property inspector
and in the .ipynb), and the lesson they show is asserted by a checkpoint cell,
which runs everywhere.

This script finds those cells by running the stored notebooks under nbval with
other instruction sets than this machine's default (see ISAS) and tags every code
cell whose output differed in any of them. A cell that raised an error is not
tagged: the script reports it and exits 1 (a checkpoint that fails on another
CPU is a lesson to fix, not an output to hide).

Usage (after storing fresh outputs, e.g. `python tools/benchmark.py --store`):
    python tools/tag_training_outputs.py                      # every notebook
    python tools/tag_training_outputs.py notebooks/04_*.ipynb
    python tools/tag_training_outputs.py --check              # report, change nothing
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
TAG = "nbval-ignore-output"
# Instruction sets to try beside the machine's own. The first is the one `make test-isa` uses.
ISAS = {
    "no SIMD (ATEN default, oneDNN SSE4.1)": {"ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": "SSE41"},
    "AVX2": {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2"},
}


def failing_cells(notebooks, env, jobs):
    """{notebook path: {code-cell number: 'differs' or 'error'}} from one nbval run under ``env``."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        cmd = [sys.executable, "-m", "pytest", "-q", f"--junitxml={report}", "-n", str(jobs), "--dist", "loadfile",
               *map(str, notebooks)]
        subprocess.run(cmd, cwd=ROOT, env={**os.environ, "COURSE_DEVICE": "cpu", **env},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not report.exists():
            raise SystemExit(f"pytest wrote no report: run `{' '.join(cmd)}` by hand to see why")
        found = {}
        for case in ET.parse(report).iter("testcase"):
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            if problem is None:
                continue
            match = re.search(r"Cell (\d+)", case.get("name", ""))
            path = case.get("file") or case.get("classname", "").replace(".", "/")
            text = (problem.get("message") or "") + (problem.text or "")
            kind = "differs" if "Cell outputs differ" in text else "error"
            nb = next((n for n in notebooks if Path(n).stem in (case.get("classname", "") + path)), None)
            if match and nb is not None:
                found.setdefault(nb, {})[int(match.group(1))] = kind
        return found


def tag(notebook, cells):
    """Add TAG to the given code cells (numbered as nbval numbers them); returns how many were new."""
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    new = 0
    for i in sorted(cells):
        tags = code[i].metadata.setdefault("tags", [])
        if TAG not in tags:
            tags.append(TAG)
            new += 1
    if new:
        nbformat.write(nb, notebook)
    return new


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="report the cells, change nothing")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    errors, total = [], {}
    for label, env in ISAS.items():
        for nb, cells in failing_cells(notebooks, env, args.jobs).items():
            for cell, kind in cells.items():
                if kind == "error":
                    errors.append(f"{nb.name} cell {cell} raised under {label}")
                else:
                    total.setdefault(nb, set()).add(cell)
    for nb in notebooks:
        cells = sorted(total.get(nb, ()))
        added = 0 if args.check else tag(nb, cells)
        print(f"{nb.name}: {len(cells)} cells differ on another instruction set {cells}; {added} newly tagged")
    for line in errors:
        print("ERROR:", line)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
