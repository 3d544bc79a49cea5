"""Write data/veiligheid/gewoon_rapport.yml: the parents' own words quoted in the report.

The crisis model learns from them what ordinary family talk sounds like (issue 27). They are
copied, not paraphrased, with the report's line numbers, so the file can be checked and made
again: .venv/bin/python scripts/report_quotes.py [path to the report]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT.parent / "shared" / "seed" / "rapport-gedeeld-en-betrokken-ouderschap.txt"
OUT = ROOT / "data" / "veiligheid" / "gewoon_rapport.yml"
HEADER = """\
# Hoe gemaakt: every quotation of a parent or volunteer in the report ("Gelijkwaardig ouderschap
# in dialoog", text lines that open with a curly quote), copied word for word by
# scripts/report_quotes.py; `regels` gives the report's lines. Ordinary family talk: none of it
# is a crisis, though some of it uses strong words ("zonder mijn zus zou ik niet kunnen leven").
"""


def quotes(report: Path) -> list[tuple[str, str]]:
    """(lines, text) of each quotation."""
    lines = report.read_text(encoding="utf-8").split("\n")
    found, i = [], 0
    while i < len(lines):
        if lines[i].startswith("“"):
            start, text = i, lines[i]
            while "”" not in text and i + 1 < len(lines):
                i += 1
                text += " " + lines[i]
            found.append((f"{start + 1}-{i + 1}", " ".join(text[1:].split("”", 1)[0].split())))
        i += 1
    return found


if __name__ == "__main__":
    found = quotes(Path(sys.argv[1]) if len(sys.argv) > 1 else REPORT)
    body = {"categorie": "gewoon", "zinnen": [text for _, text in found], "regels": [lines for lines, _ in found]}
    OUT.write_text(HEADER + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    print(f"{len(found)} quotations written to {OUT.relative_to(ROOT)}")
