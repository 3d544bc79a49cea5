"""The research report's text, which the source checks compare the content files with.

It lies beside the repository (../shared/seed/...), as on CI and in a fresh clone next to the
shared folder; REPORT_TEXT points elsewhere (a git worktree, for instance). A missing report
fails the checks that need it, with where it was looked for: a skipped source check would let
a wrong source pass unseen.
"""
from __future__ import annotations

import os
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
