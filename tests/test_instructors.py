"""The workshop schedules in docs/instructors.md use each notebook's own time and add up."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructors.md"


def notebook_minutes():
    """{'02': 55, ...}: teaching + exercise minutes from each notebook's header."""
    import nbformat
    minutes = {}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        header = nbformat.read(path, as_version=4).cells[0].source
        teach, practise = re.search(r"\*\*Time:\*\* *(\d+) min teaching \+ (\d+) min exercises", header).groups()
        minutes[path.name[:2]] = (int(teach), int(practise))
    return minutes


def schedules():
    """Each schedule column as a list of (start minute, label, (teach, practise) or (minutes,)) rows."""
    columns = []
    for table in re.findall(r"((?:^\|.*\|\n)+)", GUIDE.read_text(), flags=re.M):
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table.strip().splitlines()[2:]]
        for offset in range(0, len(rows[0]), 3):
            column = []
            for row in rows:
                if offset + 2 < len(row) and re.fullmatch(r"\d\d:\d\d", row[offset]):
                    hours, mins = map(int, row[offset].split(":"))
                    parts = tuple(int(x) for x in re.findall(r"\d+", row[offset + 2]))
                    column.append((60 * hours + mins, row[offset + 1], parts))
            if column:
                columns.append(column)
    return columns


def test_the_guide_has_schedules():
    assert len(schedules()) >= 4, "expected the one-day, two two-day columns and the third day"


@pytest.mark.parametrize("column", range(len(schedules())))
def test_schedule_rows_use_notebook_times_and_add_up(column):
    minutes = notebook_minutes()
    rows = schedules()[column]
    for (start, label, parts), (next_start, next_label, _) in zip(rows, rows[1:]):
        number = re.match(r"(\d\d) ", label)
        if number:
            assert parts == minutes[number.group(1)], (
                f"{label!r} is scheduled for {parts} min but the notebook's header says {minutes[number.group(1)]}")
        assert start + sum(parts) == next_start, (
            f"{label!r} starts at {start // 60:02d}:{start % 60:02d} and lasts {sum(parts)} min, "
            f"but {next_label!r} starts at {next_start // 60:02d}:{next_start % 60:02d}")
