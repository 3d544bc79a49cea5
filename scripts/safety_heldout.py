"""Recall and false alarms of the safety patterns on the held-out phrasings.

The held-out files (tests/data/*_apart.yml) were written before the patterns were tuned and
no pattern was written from them, so these figures say how the safety net does on phrasings
it has not seen. They are printed, not asserted: a gate would invite tuning on them.
Usage: .venv/bin/python scripts/safety_heldout.py  (writes results/safety_heldout.txt)
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addons.safety_patterns import detect  # noqa: E402

DATA = ROOT / "tests" / "data"
OUT = ROOT / "results" / "safety_heldout.txt"


def figures() -> list[str]:
    """One line per category (caught / total), the overall recall and the false alarms."""
    reply_of = yaml.safe_load((DATA / "crisis_zinnen.yml").read_text(encoding="utf-8"))["hulp"]
    crisis = yaml.safe_load((DATA / "crisis_zinnen_apart.yml").read_text(encoding="utf-8"))
    ordinary = yaml.safe_load((DATA / "gewone_zinnen_apart.yml").read_text(encoding="utf-8"))
    lines, caught, total = [], 0, 0
    for category, texts in crisis.items():
        hits = sum(detect(text) == reply_of[category] for text in texts)
        alarmed = sum(detect(text) is not None for text in texts)
        lines.append(f"{category}: {hits}/{len(texts)} with the right help line ({alarmed} with any)")
        caught, total = caught + hits, total + len(texts)
    alarms = sum(detect(text) is not None for text in ordinary)
    lines.append(f"recall (held out): {caught}/{total} = {caught / total:.0%}")
    lines.append(f"false alarms (held out): {alarms}/{len(ordinary)} = {alarms / len(ordinary):.0%}")
    return lines


if __name__ == "__main__":
    text = "\n".join(figures()) + "\n"
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(text, end="")
