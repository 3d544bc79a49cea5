"""The research report's text, which the source checks compare the content files with.

It lies beside the repository (../shared/seed/...), as on CI and in a fresh clone next to the
shared folder; REPORT_TEXT points elsewhere (a git worktree, for instance). A missing report
fails the checks that need it, with where it was looked for: a skipped source check would let
a wrong source pass unseen.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "seed" / "rapport-gedeeld-en-betrokken-ouderschap.txt"
REPORT = Path(os.environ.get("REPORT_TEXT") or DEFAULT)


def read_report(path: Path = REPORT) -> list[str]:
    """The report's lines; fails (never skips) when the file is missing."""
    if not path.is_file():
        pytest.fail(
            f"the report text is not at {path.resolve()}, and the source checks need it: put the shared "
            "folder beside the repository (../shared/seed/rapport-gedeeld-en-betrokken-ouderschap.txt) "
            "or set REPORT_TEXT to the file.",
            pytrace=False,
        )
    return path.read_text(encoding="utf-8").splitlines()


# Chapter 4, the interviews with parents: from "4.1 Opzet en analyse" up to "5.1 Inzicht 1".
CHAPTER_4 = ("4.1 Opzet en analyse", "5.1 Inzicht 1")


@lru_cache(maxsize=1)
def parent_quotes() -> list[str]:
    """Every quote of a parent in chapter 4, as one line of text each (test cases, never expected values)."""
    lines = read_report()
    start = next(i for i, line in enumerate(lines) if line.startswith(CHAPTER_4[0]))
    end = next(i for i, line in enumerate(lines) if line.startswith(CHAPTER_4[1]))
    text = " ".join(line.strip() for line in lines[start:end])
    return [" ".join(q.split()) for q in re.findall(r"“([^”]{10,})”", text)]
