"""The course's data sets: a registry with provenance and checksums, and loaders.

Every file under ``data/`` is listed in ``data/registry.json`` with where it
came from (publication, package and version), its license, size and SHA-256,
and the script that rebuilds it. ``load(name)`` verifies the checksum before
reading, so a missing or corrupt file fails loudly instead of training on junk.

Command line::

    python -m course_utils.data list            # what is there: size, source, license, caveats
    python -m course_utils.data verify          # check every file
    python -m course_utils.data rebuild NAME    # rerun NAME's build script, compare every set it wrote
"""
import difflib
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import sys
import textwrap
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


_RESTORE_REGISTRY = ("restore it with `git checkout -- data/registry.json` (this discards your edits to it), "
                     "or fix the JSON by hand if you edited it on purpose")


def registry():
    """The registry as a dict ``{name: entry}`` (the fields are described in data/README.md).

    Raises
    ------
    DataError
        If data/registry.json is missing, is not valid JSON, or is not an object of entries.
    """
    if not REGISTRY.exists():
        raise DataError(f"the data registry {REGISTRY} is missing: restore it with "
                        "`git checkout -- data/registry.json`")
    try:
        reg = json.loads(REGISTRY.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise DataError(f"the data registry {REGISTRY} is corrupt, not valid JSON ({err}): "
                        f"{_RESTORE_REGISTRY}") from None
    if not isinstance(reg, dict) or not all(isinstance(e, dict) and "file" in e for e in reg.values()):
        raise DataError(f"the data registry {REGISTRY} is valid JSON but not an object of data set entries "
                        f"(each with a 'file'): {_RESTORE_REGISTRY}")
    return reg


def _check_name(name):
    if not isinstance(name, str):
        raise TypeError(f"a data set name must be a str such as 'oct4_mafk', not {type(name).__name__} "
                        f"({name!r}); run `python -m course_utils.data list` to see the names")


def _entry(name):
    _check_name(name)
    reg = registry()
    if name not in reg:
        close = [n for n in reg if name.lower() in n or n in name.lower()]
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        raise DataError(f"no data set called {name!r}.{suggestion} "
                        f"Run `python -m course_utils.data list` to see the {len(reg)} data sets.")
    return reg[name]


def sha256(path):
    """SHA-256 hex digest of a file."""
    if not isinstance(path, (str, Path)):
        raise TypeError(f"sha256 needs the path of a file (str or pathlib.Path), not {type(path).__name__}")
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
        if _tracked_by_git(f"data/{entry['file']}") is False:
            raise DataError(_untracked_message(name, entry["file"]))
        raise DataError(f"data set {name!r} is missing: expected the file data/{entry['file']}. {fix}")
    if verify:
        digest = sha256(file)
        if digest != entry["sha256"]:
            raise DataError(f"data set {name!r} is corrupt or changed: data/{entry['file']} has SHA-256 "
                            f"{digest[:12]}... but the registry expects {entry['sha256'][:12]}.... {fix}")
    return file


def _tracked_by_git(relpath):
    """Whether git tracks ``relpath`` (relative to the repository root): True, False, or None if unknown.

    None when git is not installed or the course is not a git checkout (e.g. a downloaded zip).
    """
    try:
        out = subprocess.run(["git", "ls-files", "--error-unmatch", "--", relpath], cwd=ROOT,
                             capture_output=True, text=True, timeout=10)
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    return out.returncode == 0


def _untracked_message(name, file):
    """The message for a registry entry whose file is neither on disk nor in git (usually a typo)."""
    on_disk = [p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.is_file()]
    close = difflib.get_close_matches(file, on_disk, n=1, cutoff=0.6)
    hint = f" Did you mean data/{close[0]}?" if close else ""
    return (f"data set {name!r}: the registry names the file data/{file}, which does not exist and is not "
            f"tracked by git, so `git checkout` cannot restore it. The \"file\" of {name!r} in "
            f"data/registry.json is probably wrong (a typo?).{hint} Fix the entry (or restore the registry "
            f"with `git checkout -- data/registry.json`), or rebuild the set with "
            f"`python -m course_utils.data rebuild {name}`.")


def list_datasets():
    """A table of every data set: name, description, size (kB), source, license, caveats."""
    rows = []
    for name, e in registry().items():
        rows.append({"name": name, "description": e["description"], "size_kB": round(e["bytes"] / 1000, 1),
                     "source": f"{e['source']['package']} {e['source']['version']}", "license": e["license"],
                     "caveats": e.get("caveats", "(none recorded)")})
    return pd.DataFrame(rows).set_index("name")


def _print_list(width=None):
    """Every data set in full (wrapped to the terminal, never cut): name, size, source, license, caveats."""
    width = width or max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    table = list_datasets()
    for name, row in table.iterrows():
        print(f"{name}  ({row['size_kB']:,.1f} kB)")
        for label in ("description", "source", "license", "caveats"):
            print(textwrap.fill(str(row[label]), width=width, initial_indent=f"  {label + ':':13s}",
                                subsequent_indent=" " * 15, break_long_words=False, break_on_hyphens=False))
    print(f"{len(table)} data sets")


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


def _load_hf_model(file):
    """A ``save_pretrained`` folder: ``file`` is its SHA256SUMS manifest (checked by ``path``),
    which lists every file of the folder with its SHA-256; each is verified, the folder returned."""
    folder = file.parent
    for line in _read_text(file).splitlines():
        digest, name = line.split()
        if not (folder / name).exists():
            raise DataError(f"the model folder {folder} lacks {name} "
                            "(listed in its SHA256SUMS): restore it with git, or rebuild it with "
                            "`python tools/pretrain_lm.py`")
        if sha256(folder / name) != digest:
            raise DataError(f"{folder / name} is corrupt or changed: its "
                            "SHA-256 differs from SHA256SUMS; restore it with git, or rebuild the model with "
                            "`python tools/pretrain_lm.py`")
    return folder


_LOADERS = {"table": _load_table, "motifs": _load_motifs, "npz": _load_npz, "hf_model": _load_hf_model}


def load(name):
    """Load a registered data set after verifying its checksum.

    Returns
    -------
    Depends on the set's format (see ``list_datasets()`` and data/README.md):
    ``table`` -> pandas.DataFrame; ``motifs`` -> dict ``{matrix_id: Motif}``;
    ``npz`` -> dict of numpy arrays; ``hf_model`` -> the Path of a verified ``save_pretrained``
    folder (pass it to ``AutoModelForMaskedLM.from_pretrained`` / ``AutoTokenizer.from_pretrained``).
    """
    entry = _entry(name)
    return _LOADERS[entry["format"]](path(name))


def verify(names=None):
    """Check every (or the named) data file; returns ``{name: "ok" | problem}``.

    Raises DataError if the registry itself is missing or corrupt (then no file can be checked).
    """
    if isinstance(names, str):
        names = [names]
    for name in names or ():
        _check_name(name)
    report = {}
    for name in names or registry():
        try:
            path(name)
            report[name] = "ok"
        except DataError as err:
            report[name] = str(err)
    return report


def rebuild(name):
    """Rerun the build script of ``name``; return ``{set: (registry_sha256_before, new_sha256)}``.

    A build script often writes several sets (build_mavenn.py writes six); the result
    covers every set it wrote: each entry with the same build script, and any entry the
    run added or changed. A set new to the registry has ``None`` as its "before".
    Compare the two digests to see whether the public source still gives the same bytes.
    """
    entry = _entry(name)
    before = registry()
    script = ROOT / entry["build"]["script"]
    result = subprocess.run([sys.executable, str(script), *entry["build"].get("args", [])], cwd=script.parent)
    if result.returncode != 0:
        raise DataError(f"the build script {entry['build']['script']} failed (exit {result.returncode}). "
                        "Rebuilding needs the build-time packages: `pip install -r requirements-data.txt` "
                        "(and apt-get for the Debian sets; see the script's docstring).")
    after = registry()
    same_script = {n for n, e in {**before, **after}.items() if e["build"]["script"] == entry["build"]["script"]}
    changed = {n for n in after if after[n] != before.get(n)}
    report = {}
    for n in sorted(same_script | changed | {name}):
        file = DATA_DIR / after.get(n, before.get(n))["file"]
        report[n] = (before[n]["sha256"] if n in before else None, sha256(file) if file.exists() else None)
    return report


def _main(argv):
    if not argv or argv[0] not in {"list", "verify", "rebuild"} or (argv[0] == "rebuild" and len(argv) < 2):
        print(__doc__)
        return 2
    try:
        return _run(argv)
    except DataError as err:                  # a broken registry or a failed build: say what to do, no traceback
        print(f"error: {err}", file=sys.stderr)
        return 1


def _run(argv):
    if argv[0] == "list":
        _print_list()
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
        for built, (before, after) in rebuild(name).items():
            same = before == after
            changed += not same
            pad = " " * len(built)
            verdict = ("identical" if same else "NEW: not in the registry before" if before is None else
                       "DIFFERENT: the registry now records the new file; review with git diff")
            print(f"{built}: registry before {before}\n{pad}  rebuilt file    {after}\n{pad}  {verdict}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
