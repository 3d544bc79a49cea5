"""Rasa's patches (addons/rasa_patches.py) keep Rasa's behaviour: the speed fixes give the same
answers and the same errors (the log fix is now our REST channel: test_rest_channel.py). On a Rasa release other
than the one they were written for, no patch (nor those of addons/resilience.py) touches Rasa."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.utils.endpoints import EndpointConfig

from addons.rasa_patches import prepare_action_validation, remember_event_types
from bot.paths import ROOT


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


def test_the_patches_were_written_for_the_installed_rasa() -> None:
    """The pin (requirements.txt) and WRITTEN_FOR agree, so the patches do apply in the product."""
    from addons.rasa_version import WRITTEN_FOR, installed_rasa

    assert installed_rasa() == WRITTEN_FOR
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8") + (ROOT / "constraints.txt").read_text(encoding="utf-8")
    assert f"rasa=={WRITTEN_FOR}" in pins


def test_on_another_rasa_every_patch_leaves_rasa_alone_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from rasa.core.processor import MessageProcessor

    from addons import rasa_version, resilience

    def patched_places() -> list[object]:
        return [
            RemoteAction.__dict__["_validate_action_result"],
            Event.__dict__["resolve_by_type"],
            MessageProcessor.__dict__["_run_action"],
            MessageProcessor.__dict__["_run_prediction_loop"],
            MessageProcessor.__dict__["parse_message"],
        ]

    monkeypatch.setattr(rasa_version, "installed_rasa", lambda: "3.7.0")
    monkeypatch.setattr(rasa_version, "_warned", False)
    before = patched_places()
    with caplog.at_level("WARNING"):
        prepare_action_validation()
        remember_event_types()
        resilience.apply()
    assert all(a is b for a, b in zip(patched_places(), before, strict=True))
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "3.7.0" in warnings[0].getMessage() and "3.6.21" in warnings[0].getMessage()
