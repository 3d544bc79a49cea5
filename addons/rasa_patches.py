"""Fixes for Rasa 3.6, applied when a rasa command starts (bot/rasa_cli.py).

These two speed patches have no extension point in Rasa: they replace private methods.
(Keeping message text out of the REST channel's logs is done by our input channel,
addons/rest_channel.py, no longer by a patch.)

Speed: for every answer of the action server, Rasa 3.6 calls `jsonschema.validate(result, schema)`,
which checks the schema itself against the JSON Schema metaschema and builds a new validator
each time: about 45 ms of CPU per action call on our 2-core machines, close to half of
Rasa's time per message (bench/ANALYSIS.md). One validator built once does the same check
in about 1 ms. An invalid answer still goes through Rasa's own code, so it is rejected with
Rasa's own error message.

Speed, too: to read each stored event back, `Event.resolve_by_type` walks every subclass of
`Event` and asks `inspect.isabstract` of each, for every event of every conversation Rasa
loads from the tracker store, on every message. Under load that was a fifth of Rasa's CPU
(py-spy, bench/ANALYSIS.md). The classes do not change while Rasa runs, so the lookup is
remembered per type name; unknown names still go through Rasa's own code and error.

Each patch is applied only on the Rasa release it was written for (addons/rasa_version.py).
"""

from __future__ import annotations

from typing import Any, Optional

from addons.rasa_version import patch_allowed


def prepare_action_validation() -> None:
    """Validate action server answers with one prepared validator."""
    if not patch_allowed("prepare_action_validation"):
        return
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    validator = validator_for(spec)(spec)
    rasa_validation = RemoteAction._validate_action_result

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
        except ValidationError:
            return rasa_validation(self, result)  # raises, with Rasa's own message
        return True

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def remember_event_types() -> None:
    """Look up each event class by its type name once, not once per stored event."""
    if not patch_allowed("remember_event_types"):
        return
    from rasa.shared.core.events import Event

    rasa_lookup = Event.resolve_by_type
    found: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
        if type_name not in found:
            result = rasa_lookup(type_name, default)
            if result is None or result is default:
                return result  # "topic", or not a known event: Rasa's answer, not remembered
            found[type_name] = result
        return found[type_name]

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]
