"""Every decimal number in a notebook's prose is printed by a code cell above it.

Prose and code drift apart when numbers are typed by hand ("the CNN reaches
0.94" after a change made it 0.91). This test finds each decimal number (0.94,
12.5, 3.0) in a markdown cell and fails unless an earlier code-cell output
contains the same number. Constants that no cell prints (a figure from a
paper, a value of a named setting) are listed, per notebook, in
``tests/prose_numbers_allowed.json`` with the reason; the key "*" holds the
few constants every notebook may use (a probability of one half, ...).

Not checked: the header cell's paper line, the further-reading section,
DOIs, arXiv ids, section numbers ("section 2.4.1"), version numbers and URLs.
"""
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ALLOWED = json.loads((ROOT / "tests" / "prose_numbers_allowed.json").read_text())

DECIMAL = re.compile(r"(?<![\w.])(\d+\.\d+)(?![\w.]*\d)")
SKIP = [
    re.compile(r"\]\([^)]*\)"),                                  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"doi:\s*\S+|\b10\.\d{4,}/\S+", re.I),             # DOIs
    re.compile(r"arXiv:\s*\d+\.\d+(v\d+)?", re.I),
    re.compile(r"\b(sections?|§|paper section|review section)\s*\d+(\.\d+)*(\s*(-|–|and|,)\s*\d+(\.\d+)*)*", re.I),
    re.compile(r"\b\d+\.\d+(\.\d+)+\b"),                         # 2.4.1, versions
    re.compile(r"\bv?\d+\.\d+\.\d+"),
    re.compile(r"\b(MA|PF)\d+\.\d+"),                            # JASPAR/Pfam ids
    re.compile(r"\*\*Paper:\*\*.*"),
    re.compile(r"\b\d+\.\d+\s*(kcal|GiB|MiB|GB|MB|kb|Mb)\b"),    # units that describe the data
]


def _drop_section_columns(text):
    """Blank the cells of markdown-table columns whose header names a (paper) section."""
    lines, section_cols = text.split("\n"), set()
    for k, line in enumerate(lines):
        if not line.lstrip().startswith("|"):
            section_cols = set()
            continue
        cells = line.split("|")
        if k + 1 < len(lines) and set(lines[k + 1].replace("|", "").strip()) <= set("-: ") and "-" in lines[k + 1]:
            section_cols = {j for j, c in enumerate(cells) if "section" in c.lower()}
        lines[k] = "|".join("" if j in section_cols else c for j, c in enumerate(cells))
    return "\n".join(lines)


def _prose(cell_source):
    text = _drop_section_columns(cell_source.split("## Further reading")[0])
    for pattern in SKIP:
        text = pattern.sub(" ", text)
    return text


def _output_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append("".join(out["text"]))
        for kind in ("text/plain", "text/html", "text/markdown"):
            if kind in out.get("data", {}):
                parts.append("".join(out["data"][kind]))
    return "\n".join(parts)


def _printed(number, text):
    """True if ``number`` (e.g. "0.50") appears in ``text`` as a number of its own ("0.50" or "0.5")."""
    base = number.rstrip("0").rstrip(".") if "." in number else number
    # the same value printed with more trailing zeros ("0.93" in the prose, "0.930" above) counts too
    return bool(re.search(r"(?<![\d.])" + re.escape(base) + r"0*(?!\d)", text))


def unprinted_numbers(nb):
    """``[(cell index, number)]`` for prose numbers that no earlier output prints."""
    allowed = set(ALLOWED.get(nb["_name"], {})) | set(ALLOWED["*"])
    seen = ""
    missing = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            seen += "\n" + _output_text(cell)
        elif cell["cell_type"] == "markdown":
            for number in DECIMAL.findall(_prose("".join(cell["source"]))):
                if number not in allowed and not _printed(number, seen):
                    missing.append((i, number))
    return missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_decimal_in_the_prose_is_printed_above(path):
    nb = json.loads(path.read_text())
    nb["_name"] = path.stem
    missing = unprinted_numbers(nb)
    assert not missing, (
        f"{path.name}: numbers in the prose that no earlier output prints (cell index, number): {missing}. "
        "Print them in a code cell above, or fix the prose; a constant from a paper goes in "
        "tests/prose_numbers_allowed.json with its reason.")


def test_the_checker_finds_an_unprinted_number_and_accepts_a_printed_one():
    nb = {"_name": "xx", "cells": [
        {"cell_type": "code", "source": "print(0.91)", "outputs": [{"name": "stdout", "text": ["AUROC 0.91\n"]}]},
        {"cell_type": "markdown", "source": "The CNN reaches 0.91, the baseline 0.85 (section 2.1, doi:10.1038/x.1)."},
        {"cell_type": "markdown", "source": "| nb | review section | AUROC |\n|---|---|---|\n| 02 | 2.1, 3.2 | 0.77 |"},
    ]}
    assert unprinted_numbers(nb) == [(1, "0.85"), (2, "0.77")]


def test_allowed_list_gives_a_reason_for_every_entry():
    for name, entries in ALLOWED.items():
        assert name == "*" or (ROOT / "notebooks" / f"{name}.ipynb").exists(), f"{name} in the allow-list is not a notebook"
        for number, reason in entries.items():
            assert DECIMAL.fullmatch(number) and len(reason) > 10, (name, number, reason)
