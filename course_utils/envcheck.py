"""Report the Python environment: versions, CPU/GPU, memory, data files."""
import os
import platform
import sys
from importlib import metadata

PACKAGES = ["torch", "numpy", "pandas", "scikit-learn", "matplotlib", "logomaker", "jupyterlab", "nbval"]


def report(print_it=True):
    """Collect versions, CPU/GPU and memory; print a short report and return it as a dict.

    Returns
    -------
    dict with keys ``python``, ``packages`` (name -> version or "missing"),
    ``cpus``, ``memory_gb``, ``device`` and ``problems`` (a list of strings;
    empty when everything the course needs is there).
    """
    import psutil
    import torch

    from . import data
    from .train import get_device

    info = {"python": platform.python_version(), "packages": {}, "problems": []}
    for name in PACKAGES:
        try:
            info["packages"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["packages"][name] = "missing"
            info["problems"].append(f"{name} is not installed: run `make lab` (or `pip install -r requirements.txt`)")
    if sys.version_info[:2] != (3, 11):
        info["problems"].append(f"the course is tested on Python 3.11, you have {info['python']}")
    info["cpus"] = os.cpu_count()
    info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    info["device"] = str(get_device())
    info["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    bad = {k: v for k, v in data.verify().items() if v != "ok"}
    info["data_ok"] = not bad
    info["problems"] += list(bad.values())
    if info["memory_gb"] < 2:
        info["problems"].append(f"only {info['memory_gb']} GiB of memory; notebooks need up to 1.5 GiB")
    if print_it:
        print(f"Python {info['python']} on {platform.system()} {platform.machine()}")
        for name, version in info["packages"].items():
            print(f"  {name:14s} {version}")
        print(f"CPU cores: {info['cpus']}, memory: {info['memory_gb']} GiB, "
              f"device: {info['device']}{' (' + info['gpu'] + ')' if info['gpu'] else ''}")
        print(f"data files: {'all verified' if info['data_ok'] else 'PROBLEMS'}")
        print("Everything is ready." if not info["problems"] else "Problems:\n  " + "\n  ".join(info["problems"]))
    return info
