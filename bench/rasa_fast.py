"""Rasa with two start-up patches, to measure what they would save (used by bench/hops.py).

The bot does not use this module. Each patch was a candidate for bot/rasa_cli.py; the first
one is in the bot since commit bb2515e (bot/rasa_patches.py), so since then `bench.hops` shows
its gain only when run on an older commit:

- "validation": `bot.rasa_patches.prepare_action_validation`, one prepared validator for
  the action server's answers. bot/rasa_cli.py now applies it in production too, so
  selecting it here only matters when measuring an older checkout.
- "events": `Event.resolve_by_type` walks every subclass of `Event` for each event of
  each tracker Rasa loads from the tracker store; a dict by type name walks them once.

Select with BENCH_RASA_PATCHES (comma-separated, default both); then run like bot.rasa_cli.
"""
from __future__ import annotations

import os
from typing import Optional

from bot import rasa_cli
from bot.rasa_patches import prepare_action_validation


def patch_event_lookup() -> None:
    """Remember which Event class belongs to which type name."""
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    found: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
        if type_name in found:
            return found[type_name]
        result = original(type_name, default)
        if result is not None and result is not default:
            found[type_name] = result
        return result

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


PATCHES = {"validation": prepare_action_validation, "events": patch_event_lookup}


def main() -> None:
    rasa_cli.disable_reporting()  # environment first, as bot.rasa_cli does before importing Rasa
    for name in filter(None, os.environ.get("BENCH_RASA_PATCHES", "validation,events").split(",")):
        PATCHES[name.strip()]()
    rasa_cli.main()


if __name__ == "__main__":
    main()
