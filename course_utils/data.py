"""The course's data sets: a registry with provenance and checksums, and loaders.

Every file under ``data/`` is listed in ``data/registry.json`` with where it
came from (publication, package and version), its license, size and SHA-256,
and the script that rebuilds it. ``load(name)`` verifies the checksum before
reading, so a missing or corrupt file fails loudly instead of training on junk.

Command line::

    python -m course_utils.data list            # what is there
    python -m course_utils.data verify          # check every file
    python -m course_utils.data rebuild NAME    # rerun the build script, show checksums
"""
import gzip
import hashlib
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from .motifs import Motif

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REGISTRY = DATA_DIR / "registry.json"


class DataError(Exception):
    """A data file is missing, corrupt, or not in the registry. The message says how to fix it."""


def registry():
    """The registry as a dict ``{name: entry}`` (the fields are described in data/README.md)."""
    if not REGISTRY.exists():
        raise DataError(f"the data registry {REGISTRY} is missing: restore it with `git checkout data/registry.json`")
    return json.loads(REGISTRY.read_text())


def _entry(name):
    reg = registry()
    if name not in reg:
        close = [n for n in reg if name.lower() in n or n in name.lower()]
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        raise DataError(f"no data set called {name!r}.{suggestion} "
                        f"Run `python -m course_utils.data list` to see the {len(reg)} data sets.")
    return reg[name]


def sha256(path):
    """SHA-256 hex digest of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def path(name, verify=True):
    """Path of the file behind data set ``name``, checked against the registry.

    Raises
    ------
    DataError
        If the name is unknown, the file is missing, or its SHA-256 differs from
        the registry; the message gives the command that fixes it.
    """
    entry = _entry(name)
    file = DATA_DIR / entry["file"]
    fix = (f"Restore it with `git checkout -- data/{entry['file']}` (or `git lfs pull` if you cloned "
           f"without LFS), or rebuild it with `python -m course_utils.data rebuild {name}`.")
    if not file.exists():
        raise DataError(f"data set {name!r} is missing: expected the file data/{entry['file']}. {fix}")
    if verify:
        digest = sha256(file)
        if digest != entry["sha256"]:
            raise DataError(f"data set {name!r} is corrupt or changed: data/{entry['file']} has SHA-256 "
                            f"{digest[:12]}... but the registry expects {entry['sha256'][:12]}.... {fix}")
    return file


def list_datasets():
    """A table of every data set: name, description, size (kB), source, license."""
    rows = []
    for name, e in registry().items():
        rows.append({"name": name, "description": e["description"], "size_kB": round(e["bytes"] / 1000, 1),
                     "source": f"{e['source']['package']} {e['source']['version']}", "license": e["license"]})
    return pd.DataFrame(rows).set_index("name")


def _read_text(file):
    opener = gzip.open if file.suffix == ".gz" else open
    with opener(file, "rt") as fh:
        return fh.read()


# --- loaders: one per file format, chosen by the registry's "format" field ---

def _load_table(file):
    return pd.read_csv(io.StringIO(_read_text(file)), sep="\t" if ".tsv" in file.name else ",")


def _load_motifs(file):
    records = json.loads(_read_text(file))
    return {r["matrix_id"]: Motif(r["matrix_id"], r["name"], np.asarray(r["counts"], dtype=np.float64))
            for r in records}


def _load_npz(file):
    with np.load(file, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


_LOADERS = {"table": _load_table, "motifs": _load_motifs, "npz": _load_npz}


def load(name):
    """Load a registered data set after verifying its checksum.

    Returns
    -------
    Depends on the set's format (see ``list_datasets()`` and data/README.md):
    ``table`` -> pandas.DataFrame; ``motifs`` -> dict ``{matrix_id: Motif}``;
    ``npz`` -> dict of numpy arrays.
    """
    entry = _entry(name)
    return _LOADERS[entry["format"]](path(name))


def verify(names=None):
    """Check every (or the named) data file; returns ``{name: "ok" | problem}``."""
    report = {}
    for name in names or registry():
        try:
            path(name)
            report[name] = "ok"
        except DataError as err:
            report[name] = str(err)
    return report


def rebuild(name):
    """Rerun the build script of ``name``; return ``(registry_sha256_before, new_sha256)``.

    The build script rewrites the file and its registry entry; compare the two
    digests to see whether the public source still gives the same bytes.
    """
    entry = _entry(name)
    script = ROOT / entry["build"]["script"]
    result = subprocess.run([sys.executable, str(script), *entry["build"].get("args", [])], cwd=script.parent)
    if result.returncode != 0:
        raise DataError(f"the build script {entry['build']['script']} failed (exit {result.returncode}). "
                        "Rebuilding needs the build-time packages: `pip install -r requirements-data.txt` "
                        "(and apt-get for the Debian sets; see the script's docstring).")
    return entry["sha256"], sha256(DATA_DIR / entry["file"])


def _main(argv):
    if not argv or argv[0] not in {"list", "verify", "rebuild"} or (argv[0] == "rebuild" and len(argv) < 2):
        print(__doc__)
        return 2
    if argv[0] == "list":
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(list_datasets())
        return 0
    if argv[0] == "verify":
        start = time.perf_counter()
        report = verify(argv[1:] or None)
        for name, status in report.items():
            print(f"{name:32s} {status}")
        bad = sum(s != "ok" for s in report.values())
        print(f"{len(report) - bad} of {len(report)} data sets ok ({time.perf_counter() - start:.1f} s)")
        return 1 if bad else 0
    changed = 0
    for name in argv[1:]:
        before, after = rebuild(name)
        same = before == after
        changed += not same
        pad = " " * len(name)
        print(f"{name}: registry before {before}\n{pad}  rebuilt file    {after}\n"
              f"{pad}  {'identical' if same else 'DIFFERENT: the registry now records the new file; review with git diff'}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
