#!/usr/bin/env python
"""Write the data table of README.md from data/registry.json (keeps the README true).

Usage: python tools/readme_tables.py          # rewrite the table
       python tools/readme_tables.py --check  # exit 1 if the README is out of date
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

START, END = "<!-- data-table:start -->", "<!-- data-table:end -->"


def data_table():
    """The README's data table (needs course_utils and pandas; the launch links do not)."""
    sys.path.insert(0, str(ROOT))
    from course_utils.data import registry
    lines = ["| name | what it is | caveats | size | source | license |", "|---|---|---|---:|---|---|"]
    for name, e in registry().items():
        src = e["source"]
        ref = f"[{src['doi']}](https://doi.org/{src['doi']})" if src.get("doi") else src.get("publication", "")
        size = f"{e['bytes'] / 1e6:.2f} MB" if e["bytes"] >= 1e5 else f"{e['bytes'] / 1e3:.0f} kB"
        desc = e["description"].replace("|", "/")
        caveats = e.get("caveats", "(none recorded)").replace("|", "/")
        lines.append(f"| `{name}` | {desc} | {caveats} | {size} | {src['package']} {src['version']}; {ref} "
                     f"| {e['license']} |")
    return "\n".join(lines)


def replace_block(text, start, end, body):
    """``text`` with everything between the ``start`` and ``end`` markers replaced by ``body``."""
    if start not in text or end not in text:
        raise ValueError(f"README.md lacks the {start} / {end} markers")
    return re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: f"{start}\n{body}\n{end}", text, flags=re.S)


def render(text):
    return replace_block(text, START, END, data_table())


def main():
    readme = ROOT / "README.md"
    text = readme.read_text()
    new = render(text)
    if "--check" in sys.argv:
        if new != text:
            print("README.md data table is out of date: run python tools/readme_tables.py")
            return 1
        return 0
    readme.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
