"""Learner progress: which exercises were checked correct, kept in a small local file.

Every ``check()`` of an exercise records its outcome here. Nothing leaves the
computer: no network, no account. The file is JSON, one entry per exercise:
``{"02.q1": {"status": "correct", "ever_correct": true, "time": "2026-11-26T10:04:00"}}``;
open (thought) questions are recorded as ``"status": "answered", "kind": "thought"``
and counted apart: they are never marked correct.

Where it lives: ``$COURSE_PROGRESS_FILE`` if that is set, otherwise
``~/.course_utils/progress.json``. Reset with ``progress.reset()`` (or delete the file).
Two notebooks checking at the same moment lose nothing (writes are locked and
atomic); a damaged file is moved aside as a backup, with a warning, never overwritten.

    >>> from course_utils import progress
    >>> progress.show()          # one row per notebook: exercises done / total

For instructors, the class view reads many learners' files (the home folders of a
JupyterHub, or files handed in) and prints where a class is stuck::

    python -m course_utils.progress class /home --out class_progress.csv
"""
import argparse
import contextlib
import datetime
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

try:
    import fcntl
except ImportError:       # Windows: writes stay atomic, only the lock is missing
    fcntl = None

_warned = False


def path():
    """Path of the progress file (it may not exist yet)."""
    env = os.environ.get("COURSE_PROGRESS_FILE")
    return Path(env) if env else Path.home() / ".course_utils" / "progress.json"


def load():
    """The record as a dict ``{exercise name: entry}``; empty if nothing was checked yet.

    A file that cannot be parsed is moved aside (``progress.json.damaged-<time>``)
    with a warning, so the next check starts a new record without destroying the
    old one; entries of an unexpected shape are skipped with a warning.
    """
    return _read(path(), repair=True)


def _read(p, repair=False):
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text())
        if not isinstance(data, dict):
            raise ValueError(f"expected a JSON object, found {type(data).__name__}")
    except (OSError, UnicodeDecodeError, ValueError) as err:
        if not repair:
            warnings.warn(f"skipped the unreadable progress file {p} ({err})")
            return {}
        backup = p.with_name(f"{p.name}.damaged-{datetime.datetime.now():%Y%m%d-%H%M%S-%f}")
        try:
            p.replace(backup)
            where = f"it was moved to {backup} (nothing was deleted)"
        except OSError:
            where = "it could not be moved aside"
        warnings.warn(f"the progress file {p} was unreadable ({err}); {where}. A new record starts now.")
        return {}
    good = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)
            and isinstance(v.get("status", ""), str)}
    if len(good) < len(data):
        warnings.warn(f"skipped {len(data) - len(good)} entries of an unexpected shape in {p}")
    return good


@contextlib.contextmanager
def _locked(p):
    """Hold an exclusive lock on ``<file>.lock`` (where the platform has fcntl) while the record is updated."""
    p.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    with open(p.with_name(p.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def record(name, status, kind="checked"):
    """Store the outcome ``status`` of exercise ``name``.

    ``status`` is "correct", "incorrect" or "answered" ("not attempted" is not
    stored); ``kind`` is "checked" or "thought" (open questions, never correct).
    Never raises: if the file cannot be written (read-only home, full disk) it warns once.
    """
    global _warned
    if status == "not attempted":
        return
    p = path()
    try:
        with _locked(p):
            data = load()
            entry = data.get(name, {})
            entry.update(status=status, kind=kind, time=datetime.datetime.now().isoformat(timespec="seconds"),
                         ever_correct=bool(entry.get("ever_correct")) or status == "correct")
            data[name] = entry
            fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=p.name + ".", suffix=".tmp")
            with os.fdopen(fd, "w") as f:
                f.write(json.dumps(data, indent=1, sort_keys=True))
            os.replace(tmp, p)
    except OSError as err:
        if not _warned:
            warnings.warn(f"could not save your progress to {p} ({err}); set COURSE_PROGRESS_FILE "
                          "to a writable file to keep it")
            _warned = True


def reset():
    """Delete the progress file (all exercises count as not attempted again)."""
    p = path()
    if p.exists():
        p.unlink()


CATALOG = Path(__file__).resolve().parent / "questions" / "catalog.json"


def _all_exercises():
    """``{notebook number: [(exercise name, kind)]}`` for every exercise of the course.

    Read from ``questions/catalog.json`` (written by ``questions.write_catalog()``; a test keeps it
    equal to the question modules), so the progress record never imports the question modules
    and, through them, torch.
    """
    try:
        raw = json.loads(CATALOG.read_text())
    except (OSError, ValueError) as err:
        warnings.warn(f"the exercise list {CATALOG} is unreadable ({err}); showing recorded exercises only")
        raw = {}
        for name in load():
            raw.setdefault(name.split(".")[0], []).append([name, "checked"])
    return {nb: [tuple(pair) for pair in names] for nb, names in raw.items()}


def _done(entry):
    return bool(entry.get("ever_correct")) or entry.get("status") == "answered"


def table():
    """Progress per exercise as a pandas DataFrame: notebook, exercise, kind, status, ever_correct, done, time."""
    import pandas as pd
    data = load()
    rows = []
    for nb, names in _all_exercises().items():
        for name, kind in names:
            e = data.get(name, {})
            rows.append({"notebook": nb, "exercise": name, "kind": kind, "status": e.get("status", "not attempted"),
                         "ever_correct": bool(e.get("ever_correct")), "done": _done(e), "time": e.get("time", "")})
    return pd.DataFrame(rows)


def show():
    """Summary per notebook as a DataFrame: checked exercises correct / total, open questions
    answered / total (never marked correct), and which exercises are still open."""
    t = table()
    checked, thought = t[t.kind == "checked"], t[t.kind == "thought"]
    summary = checked.groupby("notebook").agg(correct=("ever_correct", "sum"), total=("exercise", "size"))
    summary["questions answered"] = thought.groupby("notebook")["done"].sum()
    summary["questions"] = thought.groupby("notebook").size()
    summary = summary.fillna(0).astype(int)
    summary["open"] = t[~t.done].groupby("notebook")["exercise"].agg(lambda s: ", ".join(n.split(".")[-1] for n in s))
    summary["open"] = summary["open"].fillna("")
    print(f"progress file: {path()}")
    return summary


def find_files(paths):
    """Progress files under ``paths``: files as given, and in folders every ``progress.json``
    (e.g. ``/home/<learner>/.course_utils/progress.json``) and ``*.json`` handed in.

    Returns ``{learner name: Path}``: the home folder's name for a hub layout, else the file's stem.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not isinstance(paths, (list, tuple)) or not all(isinstance(p, (str, os.PathLike)) for p in paths):
        raise TypeError(f"paths must be a list of progress files or folders (str or Path), got {paths!r}")
    found = {}
    for p in map(Path, paths):
        if p.is_file():
            candidates = [p]
        elif p.is_dir():
            candidates = sorted(set(p.rglob("progress.json")) | set(p.glob("*.json")))
        else:
            raise FileNotFoundError(f"{p} is neither a progress file nor a folder")
        for f in candidates:
            name = f.parent.parent.name if f.name == "progress.json" and f.parent.name == ".course_utils" else f.stem
            while name in found:
                name += "'"
            found[name] = f
    return found


def class_table(paths):
    """Per-exercise table for a class: how many learners completed, attempted, or are stuck.

    Parameters
    ----------
    paths : list of files or folders (see ``find_files``).

    Returns
    -------
    pandas DataFrame, one row per exercise of the course, columns ``kind``,
    ``completed`` (correct at least once, or answered for an open question),
    ``attempted`` (any check that was not blank), ``stuck`` (attempted, never
    completed), ``not started`` and ``learners``; sorted by notebook and exercise.
    """
    import pandas as pd
    files = find_files(paths)
    records = {name: _read(f) for name, f in files.items()}
    rows = []
    for nb, names in _all_exercises().items():
        for name, kind in names:
            entries = [r[name] for r in records.values() if name in r]
            completed = sum(_done(e) for e in entries)
            rows.append({"notebook": nb, "exercise": name, "kind": kind, "completed": completed,
                         "attempted": len(entries), "stuck": len(entries) - completed,
                         "not started": len(records) - len(entries), "learners": len(records)})
    return pd.DataFrame(rows).set_index("exercise")


def main(argv=None):
    """``python -m course_utils.progress class PATH ... [--out FILE.csv]``: the class view."""
    parser = argparse.ArgumentParser(prog="python -m course_utils.progress", description=main.__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    cls = sub.add_parser("class", help="per-exercise table over many learners' progress files")
    cls.add_argument("paths", nargs="+", help="progress files, or folders holding them (e.g. /home)")
    cls.add_argument("--out", help="also save the table as CSV here")
    args = parser.parse_args(argv)
    t = class_table(args.paths)
    n = int(t["learners"].iloc[0]) if len(t) else 0
    print(f"{n} learners; per exercise: completed / attempted / stuck (attempted, never completed)")
    print(t.to_string())
    stuck = t[t.stuck > 0].sort_values("stuck", ascending=False).head(5)
    if len(stuck):
        print("\nwhere the class is stuck most:", ", ".join(f"{e} ({k})" for e, k in stuck["stuck"].items()))
    if args.out:
        t.to_csv(args.out)
        print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
