"""Rasa's patches (addons/rasa_patches.py) keep Rasa's behaviour: the speed fixes give the same
answers and the same errors, and the log fix only leaves out the text."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from addons.rasa_patches import hide_message_text_in_rest_logs, prepare_action_validation, remember_event_types


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


@pytest.fixture
def remembered_event_types() -> None:
    original = Event.__dict__["resolve_by_type"]
    remember_event_types()
    yield
    Event.resolve_by_type = original  # type: ignore[method-assign]


@pytest.mark.usefixtures("remembered_event_types")
def test_stored_events_are_read_back_as_the_same_events() -> None:
    for _ in range(2):  # the second time from the remembered lookup
        events = [
            Event.from_parameters(e.as_dict())
            for e in (ActionExecuted("action_listen"), UserUttered("hoi", {"name": "start"}), SlotSet("thema", "steun"))
        ]
        assert [type(e) for e in events] == [ActionExecuted, UserUttered, SlotSet]
        assert events[2].value == "steun"


@pytest.mark.usefixtures("remembered_event_types")
def test_unknown_event_names_still_get_rasas_answer() -> None:
    with pytest.raises(ValueError, match="Unknown event name 'geen_event'"):
        Event.resolve_by_type("geen_event")
    assert Event.resolve_by_type("geen_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("slot") is SlotSet  # a default for an unknown name is not remembered for a known one
