"""One test over many cases of a data file: every case is checked, and a failure lists every
case that fails with its own message (instead of one collected test per case)."""

from __future__ import annotations

from typing import Any, Callable, Iterable


def every(cases: Iterable[Any], check: Callable[..., None], name: Callable[[Any], str] = str) -> None:
    """Run `check` on each case (a tuple is spread over its arguments); fail listing each failure."""
    faults, total = [], 0
    for case in cases:
        total += 1
        try:
            check(*case) if isinstance(case, tuple) else check(case)
        except AssertionError as fault:
            faults.append(f"{name(case)}: {fault}")
    assert total, "no cases"
    assert not faults, f"{len(faults)} of {total} cases fail:\n" + "\n".join(faults)
