"""One speed fix for Rasa 3.6, applied when the Rasa server starts (bot/rasa_cli.py).

For every answer of the action server, Rasa 3.6 calls `jsonschema.validate(result, schema)`,
which checks the schema itself against the JSON Schema metaschema and builds a new validator
each time: about 45 ms of CPU per action call on our 2-core machines, close to half of
Rasa's time per message (bench/ANALYSIS.md). One validator built once does the same check
in about 1 ms. An invalid answer still goes through Rasa's own code, so it is rejected with
Rasa's own error message.
"""
from __future__ import annotations

from typing import Any


def prepare_action_validation() -> None:
    """Validate action server answers with one prepared validator."""
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
