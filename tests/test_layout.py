"""Where shared test code lives: in testkit/, never in a test module or conftest.py.

A helper imported from another test module drags that module's tests and fixtures along, and a
benchmark that imports from tests/ depends on the test suite; so test modules import doubles and
helpers from testkit/ (or a plain helper module in tests/), and testkit/ and bench/ import nothing
from tests/.
"""

from __future__ import annotations

import ast
from pathlib import Path

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
