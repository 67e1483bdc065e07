"""Learner progress: which exercises were checked correct, kept in a small local file.

Every ``check()`` of an exercise records its outcome here. Nothing leaves the
computer: no network, no account. The file is JSON, one entry per exercise:
``{"02.q1": {"status": "correct", "ever_correct": true, "time": "2026-11-26T10:04:00"}}``.

Where it lives: ``$COURSE_PROGRESS_FILE`` if that is set, otherwise
``~/.course_utils/progress.json``. Reset with ``progress.reset()`` (or delete the file).

    >>> from course_utils import progress
    >>> progress.show()          # one row per notebook: exercises done / total
"""
import datetime
import importlib
import json
import os
import pkgutil
import warnings
from pathlib import Path

_warned = False


def path():
    """Path of the progress file (it may not exist yet)."""
    env = os.environ.get("COURSE_PROGRESS_FILE")
    return Path(env) if env else Path.home() / ".course_utils" / "progress.json"


def load():
    """The record as a dict ``{exercise name: entry}``; empty if nothing was checked yet."""
    p = path()
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError):
        warnings.warn(f"the progress file {p} is unreadable; run progress.reset() to start a new one")
        return {}
    return data if isinstance(data, dict) else {}


def record(name, status):
    """Store the outcome ``status`` ("correct", "incorrect", "not attempted") of exercise ``name``.

    Never raises: if the file cannot be written (read-only home, full disk) it warns once.
    """
    global _warned
    if status == "not attempted":
        return
    data = load()
    entry = data.get(name, {})
    entry.update(status=status, ever_correct=bool(entry.get("ever_correct")) or status == "correct",
                 time=datetime.datetime.now().isoformat(timespec="seconds"))
    data[name] = entry
    p = path()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        tmp.replace(p)
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


def _all_exercises():
    """``{notebook number: [exercise names]}`` for every exercise of the course."""
    from . import questions
    from .exercises import Exercise
    found = {}
    for mod in sorted(m.name for m in pkgutil.iter_modules(questions.__path__)):
        module = importlib.import_module(f"{questions.__name__}.{mod}")
        names = sorted(obj.name for obj in vars(module).values() if isinstance(obj, Exercise))
        if names:
            found[mod.removeprefix("nb")] = names
    return found


def table():
    """Progress per exercise as a pandas DataFrame: notebook, exercise, status, ever_correct, time."""
    import pandas as pd
    data = load()
    rows = []
    for nb, names in _all_exercises().items():
        for name in names:
            e = data.get(name, {})
            rows.append({"notebook": nb, "exercise": name, "status": e.get("status", "not attempted"),
                         "ever_correct": bool(e.get("ever_correct")), "time": e.get("time", "")})
    return pd.DataFrame(rows)


def show():
    """Summary per notebook (exercises correct / total, and which are still open) as a DataFrame."""
    t = table()
    summary = t.groupby("notebook").agg(correct=("ever_correct", "sum"), total=("exercise", "size"),
                                        open=("exercise", lambda s: ", ".join(
                                            n.split(".")[-1] for n in s[~t.loc[s.index, "ever_correct"]])))
    summary["correct"] = summary["correct"].astype(int)
    print(f"progress file: {path()}")
    return summary
