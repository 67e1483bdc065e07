"""Binder gives 2 GiB for the server and every kernel together. A learner who finishes one
notebook and opens the next, without shutting the first kernel down, holds both kernels:
measure that, as it happens in one Jupyter server (kernels of one process tree, the first
left running while the second notebook runs), and check it stays within Binder's 2 GiB.
"""
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
BINDER_MIB = 2048
# Two of the notebooks with the largest measured peaks (README table), in course order.
PAIR = ["01_genomic_data_as_tensors.ipynb", "05_gene_expression_prediction.ipynb"]


def _tree_rss_mib():
    me = psutil.Process()
    procs = [me] + me.children(recursive=True)
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


def test_two_notebooks_one_after_the_other_in_one_server_stay_within_binders_memory():
    peak = {"mib": 0.0}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak["mib"] = max(peak["mib"], _tree_rss_mib())
            time.sleep(0.1)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    kernels = []
    try:
        for name in PAIR:
            nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
            km = KernelManager(kernel_name="python3")
            km.start_kernel(cwd=str(ROOT / "notebooks"), env={**__import__("os").environ, "COURSE_DEVICE": "cpu"})
            kernels.append(km)
            NotebookClient(nb, km=km, timeout=600).execute(cleanup_kc=False)   # leave the kernel running
        after = _tree_rss_mib()
    finally:
        stop.set()
        sampler.join()
        for km in kernels:
            km.shutdown_kernel(now=True)
    print(f"peak {peak['mib']:.0f} MiB with both kernels held; {after:.0f} MiB after the second notebook")
    assert peak["mib"] < BINDER_MIB, (
        f"two notebooks in one server peaked at {peak['mib']:.0f} MiB, above Binder's {BINDER_MIB} MiB: "
        "the notebooks and README must tell learners to shut kernels down")
