"""Report the Python environment: versions against the course's pins, CPU/GPU, memory, data files.

Run ``python -m course_utils.envcheck`` in a terminal, or ``envcheck.report()`` in a notebook.

On a laptop or a hub (``make lab``), every package is compared with its pin in
requirements.txt. On Google Colab the runtime brings its own torch, numpy, pandas,
scikit-learn ... which the course must not replace (that would break Colab's
other packages), so there the check is what the course needs to run: every package
importable, Colab's own ones at least at the versions the course was tested with
(``COLAB_MINIMUM``), and the packages the setup cell installs at their pins.
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
# Colab's own packages: the oldest versions the course was tested with there (README, "Colab").
COLAB_MINIMUM = {"torch": "2.3", "numpy": "2.0", "pandas": "2.2", "scipy": "1.13", "scikit-learn": "1.6",
                 "matplotlib": "3.8", "seaborn": "0.13", "tqdm": "4.66", "numba": "0.60"}
# Packages only the laptop setup needs (running the tests, serving JupyterLab, building the package).
NOT_NEEDED_ON_COLAB = {"jupyterlab", "ipykernel", "ipywidgets", "nbval", "nbclient", "nbformat", "pytest",
                       "pytest-xdist", "execnet", "setuptools", "psutil"}
COLAB_REQUIREMENTS = REQUIREMENTS.parent / "requirements-colab.txt"


def on_colab():
    """True inside a Google Colab runtime (or when ``COURSE_ENV=colab`` says so, for tests)."""
    if os.environ.get("COURSE_ENV", "").lower() == "colab":
        return True
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def _version_tuple(v):
    return tuple(int(x) for x in re.findall(r"\d+", v.split("+")[0])[:3])


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
    ``device``, ``gpu``, ``data_ok``, ``colab`` (running on Google Colab),
    ``problems`` (a list of strings, each with the fix; empty when everything
    the course needs is there) and ``notes`` (worth knowing, nothing to fix).
    """
    info = {"python": platform.python_version(), "packages": {}, "problems": [], "notes": [], "cpus": os.cpu_count(),
            "memory_gb": None, "device": None, "gpu": None, "data_ok": None}
    colab = on_colab()
    info["colab"] = colab
    if colab:
        _check_colab(info)
    else:
        _check_pins(info)
    try:
        import psutil
        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
        if info["memory_gb"] < 2:
            info["problems"].append(f"only {info['memory_gb']} GiB of memory; notebooks need up to 1.5 GiB")
    except ImportError:
        if not colab:
            info["problems"].append("psutil cannot be imported, so memory is not checked: "
                                    "pip install -r requirements.txt")
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


def _check_pins(info):
    """Laptop and hub: every package at its pin in requirements.txt, Python 3.11."""
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


def _check_colab(info):
    """Colab: Colab's packages importable and recent enough (never advise replacing them); ours at their pins."""
    ours = pins(COLAB_REQUIREMENTS)
    info["pinned"] = {**{name: None for name in COLAB_MINIMUM}, **ours}
    for name in info["pinned"]:
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            info["packages"][name] = "missing"
            fix = ("run the notebook's first code cell (the Colab setup), then Runtime > Restart session"
                   if name in ours else "this Colab runtime lacks it: Runtime > Disconnect and delete runtime, "
                   "then run the notebook again")
            info["problems"].append(f"{name} is not installed: {fix}")
            continue
        info["packages"][name] = have
        if name in ours and not _same_release(have, ours[name]):
            info["problems"].append(f"{name} {have} is installed but the setup cell installs {ours[name]}: "
                                    "run the notebook's first code cell again")
        elif name in COLAB_MINIMUM and _version_tuple(have) < _version_tuple(COLAB_MINIMUM[name]):
            info["notes"].append(f"{name} {have} is older than the {COLAB_MINIMUM[name]} the course was tested with "
                                 "on Colab; notebooks should run, but numbers may differ (do not reinstall it: "
                                 "Colab's other packages depend on its own version)")


def _print(info):
    print(f"Python {info['python']} on {platform.system()} {platform.machine()}")
    for name, version in info["packages"].items():
        wanted = info["pinned"].get(name)
        flag = "" if not wanted or version == "missing" or _same_release(version, wanted) else f"  (tested: {wanted})"
        print(f"  {name:14s} {version}{flag}")
    gpu = f" ({info['gpu']})" if info["gpu"] else ""
    print(f"CPU cores: {info['cpus']}, memory: {info['memory_gb']} GiB, device: {info['device']}{gpu}")
    print(f"data files: {'all verified' if info['data_ok'] else 'PROBLEMS'}")
    if info.get("colab"):
        print("Google Colab: Colab's own packages are kept; numbers may differ from the stored outputs in the last "
              "digits (the checkpoints allow for that).")
    for note in info.get("notes", []):
        print("Note:", note)
    print("Everything is ready." if not info["problems"] else "Problems:\n  " + "\n  ".join(info["problems"]))


if __name__ == "__main__":
    sys.exit(1 if report()["problems"] else 0)
