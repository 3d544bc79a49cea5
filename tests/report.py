"""The source report, for tests that take their cases from it (never for expected values
that the code under test computes the same way)."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "rapport-gedeeld-en-betrokken-ouderschap.txt"
# Chapter 4, the interviews with parents: from "4.1 Opzet en analyse" up to "5.1 Inzicht 1".
CHAPTER_4 = ("4.1 Opzet en analyse", "5.1 Inzicht 1")


@lru_cache(maxsize=1)
def report_lines() -> list[str]:
    """The report's lines; a clear failure when it is not beside the project (CI has it)."""
    if not REPORT.exists():
        pytest.fail(f"the source report is missing: {REPORT} (../shared must be beside the project)")
    return REPORT.read_text(encoding="utf-8").splitlines()


@lru_cache(maxsize=1)
def parent_quotes() -> list[str]:
    """Every quote of a parent in chapter 4, as one line of text each."""
    lines = report_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith(CHAPTER_4[0]))
    end = next(i for i, line in enumerate(lines) if line.startswith(CHAPTER_4[1]))
    text = " ".join(line.strip() for line in lines[start:end])
    return [" ".join(q.split()) for q in re.findall(r"“([^”]{10,})”", text)]
