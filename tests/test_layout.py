"""The house: which folder may import which.

bot/ is the Telegram side (bridge, terminal chat, runner), actions/ the action server, addons/
everything that runs inside Rasa and the small modules every process shares (content_files.py,
wire_format.py). So bot/ imports nothing of actions/ (what it needs is wire format or content,
both in addons/), actions/ nothing of bot/, and addons/ neither of them (issue 30).

Where shared test code lives: in testkit/, never in a test module or conftest.py. A helper
imported from another test module drags that module's tests and fixtures along, and a
benchmark that imports from tests/ depends on the test suite; so test modules import doubles and
helpers from testkit/ (or a plain helper module in tests/), and testkit/ and bench/ import nothing
from tests/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.paths import ROOT


def imported_modules(path: Path) -> set[str]:
    """The absolute module names a file imports (a relative import is named with its dots)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def imports_of(folder: str) -> set[tuple[str, str]]:
    """(file, top-level package) for every import of every module under `folder`."""
    return {
        (str(path.relative_to(ROOT)), name.split(".", 1)[0])
        for path in sorted((ROOT / folder).rglob("*.py"))
        for name in imported_modules(path)
    }


@pytest.mark.parametrize(("folder", "forbidden"), [("bot", {"actions"}), ("actions", {"bot"}), ("addons", {"bot", "actions"})])
def test_the_folders_import_only_downwards(folder: str, forbidden: set[str]) -> None:
    offenders = {f"{path}: {package}" for path, package in imports_of(folder) if package in forbidden}
    assert offenders == set()


def is_test_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def test_no_module_imports_a_test_module_or_conftest() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for folder in ("tests", "testkit", "bench")
        for path in sorted((ROOT / folder).glob("*.py"))
        for name in imported_modules(path)
        if is_test_module(name) or name.startswith(".")
    }
    assert offenders == set()


def test_testkit_and_bench_import_nothing_from_tests() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for folder in ("testkit", "bench")
        for path in sorted((ROOT / folder).glob("*.py"))
        for name in imported_modules(path)
        if name == "tests" or name.startswith("tests.")
    }
    assert offenders == set()
