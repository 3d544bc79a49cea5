"""Rasa with two start-up patches, to measure what they would save (used by bench/hops.py).

The bot does not use this module. Each patch was a candidate for bot/rasa_cli.py; the first
one is in the bot since commit bb2515e (bot/rasa_patches.py), so since then `bench.hops` shows
its gain only when run on an older commit:

- "validation": for every answer of the action server, Rasa 3.6 calls
  `jsonschema.validate(result, schema)`. That function first checks the *schema* against
  the JSON Schema metaschema and builds a new validator, every time: about 45 ms of CPU
  per action call here. One validator, built once, does the same check in about 1 ms.
  An invalid answer still goes through Rasa's own code, so its error message is unchanged.
- "events": `Event.resolve_by_type` walks every subclass of `Event` for each event of
  each tracker Rasa loads from the tracker store; a dict by type name walks them once.

Select with BENCH_RASA_PATCHES (comma-separated, default both); then run like bot.rasa_cli.
"""
from __future__ import annotations

import os
from typing import Any, Optional

from bot import rasa_cli


def patch_validation() -> None:
    """Validate action server answers with one prepared validator."""
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    validator = validator_for(spec)(spec)
    original = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
        except ValidationError:
            return original(self, result)  # raises with Rasa's own message
        return True

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


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


PATCHES = {"validation": patch_validation, "events": patch_event_lookup}


def main() -> None:
    rasa_cli.disable_reporting()  # environment first, as bot.rasa_cli does before importing Rasa
    for name in filter(None, os.environ.get("BENCH_RASA_PATCHES", "validation,events").split(",")):
        PATCHES[name.strip()]()
    rasa_cli.main()


if __name__ == "__main__":
    main()
