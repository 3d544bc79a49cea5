"""The speed fix for Rasa's check of action server answers keeps the check itself."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_patches import hide_message_text_in_rest_logs, prepare_action_validation


@pytest.fixture
def action() -> RemoteAction:
    original = RemoteAction._validate_action_result
    prepare_action_validation()
    yield RemoteAction("action_kaart", EndpointConfig("http://127.0.0.1:1/webhook"))
    RemoteAction._validate_action_result = original  # type: ignore[method-assign]


def test_a_valid_answer_passes(action: RemoteAction) -> None:
    answer = {"events": [{"event": "slot", "name": "gesteld", "value": ["s1"]}], "responses": [{"text": "Dag"}]}
    assert action._validate_action_result(answer) is True


def test_an_invalid_answer_is_still_rejected_with_rasas_message(action: RemoteAction) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": "geen lijst", "responses": []})


def test_the_rest_channel_logs_a_timeout_without_the_message_text() -> None:
    import rasa.core.channels.rest as rest
    from structlog.testing import capture_logs

    original = rest.structlogger
    hide_message_text_in_rest_logs()
    try:
        with capture_logs() as logs:
            rest.structlogger.error("rest.message.received.timeout", text="KANARIE ik wil iets vertellen")
        assert [line["event"] for line in logs] == ["rest.message.received.timeout"]
        assert "KANARIE" not in repr(logs)
    finally:
        rest.structlogger = original
