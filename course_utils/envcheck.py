"""Report the Python environment: versions against the course's pins, CPU/GPU, memory, data files.

Run ``python -m course_utils.envcheck`` in a terminal, or ``envcheck.report()`` in a notebook.
"""
import os
import platform
import re
import sys
from importlib import metadata
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"
# Checked when requirements.txt is not next to the package (e.g. an installed wheel).
PACKAGES = ["torch", "numpy", "pandas", "scikit-learn", "matplotlib", "seaborn", "logomaker", "jupyterlab", "nbval"]


def pins(path=REQUIREMENTS):
    """``{package: version}`` from the ``name==version`` lines of requirements.txt ({} if it is absent)."""
    if not Path(path).exists():
        return {}
    found = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"^\s*([A-Za-z0-9_.\-]+)==([^\s#;]+)", line)
        if m:
            found[m.group(1)] = m.group(2)
    return found


def _same_release(installed, pinned):
    """True if versions match, ignoring a local build label ("2.13.0+cpu" matches "2.13.0")."""
    return installed.split("+")[0] == pinned.split("+")[0]


def report(print_it=True):
    """Collect versions, CPU/GPU and memory; print a short report and return it as a dict.

    Returns
    -------
    dict with keys ``python``, ``packages`` (name -> installed version or "missing"),
    ``pinned`` (name -> version in requirements.txt), ``cpus``, ``memory_gb``,
    ``device``, ``gpu``, ``data_ok`` and ``problems`` (a list of strings, each
    with the fix; empty when everything the course needs is there).
    """
    info = {"python": platform.python_version(), "packages": {}, "problems": [], "cpus": os.cpu_count(),
            "memory_gb": None, "device": None, "gpu": None, "data_ok": None}
    info["pinned"] = pins() or {name: None for name in PACKAGES}
    for name, wanted in info["pinned"].items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["packages"][name] = "missing"
            info["problems"].append(f"{name} is not installed: run `make lab` (or `pip install -r requirements.txt`)")
            continue
        info["packages"][name] = have
        if wanted and not _same_release(have, wanted):
            info["problems"].append(f"{name} {have} is installed but the course is tested with {wanted}: "
                                    f"run `pip install {name}=={wanted}` (or `make lab`, which builds .venv)")
    if sys.version_info[:2] != (3, 11):
        info["problems"].append(f"the course is tested on Python 3.11, you have {info['python']}")
    try:
        import psutil
        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        if info["memory_gb"] < 2:
            info["problems"].append(f"only {info['memory_gb']} GiB of memory; notebooks need up to 1.5 GiB")
    except ImportError:
        info["problems"].append("psutil cannot be imported, so memory is not checked: pip install -r requirements.txt")
    try:
        import torch

        from .train import get_device
        info["gpu"] = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
        info["device"] = str(get_device())
    except ImportError as err:
        info["problems"].append(f"torch cannot be imported ({err}): run `make lab` or "
                                "`pip install -r requirements.txt`")
    except RuntimeError as err:                       # a COURSE_DEVICE that cannot work
        info["problems"].append(str(err))
    try:
        from . import data
        bad = {k: v for k, v in data.verify().items() if v != "ok"}
        info["data_ok"] = not bad
        info["problems"] += list(bad.values())
    except Exception as err:                          # a broken registry must not hide the rest of the report
        info["data_ok"] = False
        info["problems"].append(f"the data files could not be checked: {err}")
    if print_it:
        _print(info)
    return info


def _print(info):
    print(f"Python {info['python']} on {platform.system()} {platform.machine()}")
    for name, version in info["packages"].items():
        wanted = info["pinned"].get(name)
        flag = "" if not wanted or version == "missing" or _same_release(version, wanted) else f"  (tested: {wanted})"
        print(f"  {name:14s} {version}{flag}")
    gpu = f" ({info['gpu']})" if info["gpu"] else ""
    print(f"CPU cores: {info['cpus']}, memory: {info['memory_gb']} GiB, device: {info['device']}{gpu}")
    print(f"data files: {'all verified' if info['data_ok'] else 'PROBLEMS'}")
    print("Everything is ready." if not info["problems"] else "Problems:\n  " + "\n  ".join(info["problems"]))


if __name__ == "__main__":
    sys.exit(1 if report()["problems"] else 0)
