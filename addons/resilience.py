"""Rasa 3.6 changes so that every message gets an answer and the next message works.

Applied when a rasa command starts (bot/rasa_cli.py), beside addons/rasa_patches.py.

1. **The circuit breaker left conversations silent for good.** Rasa stops predicting after
   ten actions in one turn ("Circuit breaker tripped"), but it adds no `action_listen`, and
   it counts actions since the last `action_listen`. So every later message of that
   conversation trips the breaker again before any action runs: no reply to anything,
   `/start` and `/vergeet` included, until the state expires. After a trip the person now
   gets one kind message with the menu ("kwijt" in content/berichten.yml), any open question or task is
   closed, and the conversation listens again.
2. **A failing action was swallowed.** When a custom action raises, or the action server
   cannot be reached, Rasa logs it, drops the action's events and goes on predicting: the
   person gets nothing, or half a turn. Now such a failure gives one kind message with the
   menu ("fout"), closes the open question or task, and listens. A form's validation
   refusing a message (`ActionExecutionRejection`) is Rasa's normal unhappy path and is
   left alone.
3. **A typed button title is the button.** People type what a button says ("Volgende",
   "Ik twijfel", "Nog een kaart") instead of pressing it. When the text of a message equals
   the title of a button of the bot's last reply (ignoring capitals, accents, punctuation
   and emoji), Rasa reads the button's payload instead, so typing does exactly what
   pressing does, in every state and on every channel. A title of the main menu (domain.yml
   `utter_menu`) counts too when no button of the last reply has it: a simulated father who
   typed "Wie doet wat thuis" during a question had it taken for his answer.

(When Redis cannot be reached, our REST channel answers: addons/rest_channel.py.)

None of this logs what anyone wrote: log lines name the action and the kind of error.
Each change is applied only on the Rasa release it was written for (addons/rasa_version.py).
"""

from __future__ import annotations

import logging
from typing import Any, Iterable, List, Optional

from addons.content_files import content_file
from addons.plain_text import word_list
from addons.rasa_version import patch_allowed
from addons.wire_format import SHARE_PREFIX

logger = logging.getLogger(__name__)
# The main menu, whose titles are read as its buttons in every state (point 3).
MENU_RESPONSE = "utter_menu"


def normalise_title(text: str) -> str:
    """Lowercase letters and digits only, words separated by one space: "Nóg één kaart!" is "nog een kaart"."""
    return " ".join(word_list(text))


def button_payload_for(text: str, buttons: Iterable[dict[str, Any]]) -> Optional[str]:
    """The payload of the button whose title is `text`, if exactly one title matches.

    Not the share button ("Deel deze vraag"): in Telegram it opens a chat picker and never
    sends its payload, so typing its title is read as typed words.
    """
    typed = normalise_title(text)
    if not typed:
        return None
    found = {
        b.get("payload")
        for b in buttons
        if b.get("payload")
        and not str(b["payload"]).startswith(SHARE_PREFIX)
        and normalise_title(str(b.get("title") or "")) == typed
    }
    return found.pop() if len(found) == 1 else None


def _buttons_of_last_reply(events: Iterable[Any]) -> List[dict[str, Any]]:
    """The buttons of the bot messages sent since the person's last message."""
    from rasa.shared.core.events import BotUttered, UserUttered

    buttons: List[dict[str, Any]] = []
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            buttons.extend((event.data or {}).get("buttons") or [])
    return buttons


def message(key: str) -> dict[str, Any]:
    """A message of content/berichten.yml ("kwijt", "fout") as a new response dict.

    Read from content, not from domain.yml: these messages belong to no rule or story,
    they come from this module when the dialogue itself failed. A new dict each time,
    because Rasa's create_bot_utterance empties the dict it is given.
    """
    found = content_file("berichten.yml")["berichten"][key]
    return {"text": found["text"], "buttons": [dict(b) for b in found.get("buttons", [])]}


def _closing_events() -> List[Any]:
    """Close any open question or task, so that the next message starts afresh."""
    from rasa.shared.core.constants import REQUESTED_SLOT
    from rasa.shared.core.events import ActiveLoop, SlotSet

    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]


class AnsweredOnFailure:
    """An action that, when it fails, says so kindly instead of failing silently."""

    def __init__(self, action: Any) -> None:
        self._action = action

    def __getattr__(self, name: str) -> Any:
        return getattr(self._action, name)

    async def run(self, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        """Run the action; on an error, the kind message and the menu instead."""
        from rasa.core.actions.action import ActionExecutionRejection, create_bot_utterance
        from rasa.shared.core.constants import ACTION_LISTEN_NAME
        from rasa.shared.core.events import FollowupAction

        try:
            return await self._action.run(output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as error:  # noqa: BLE001 - any failure must still be answered
            logger.error("Action %s failed (%s); answered with the menu.", self._action.name(), type(error).__name__)
            return [create_bot_utterance(message("fout")), *_closing_events(), FollowupAction(ACTION_LISTEN_NAME)]


def answer_failed_actions() -> None:
    """Wrap every action the processor runs in `AnsweredOnFailure`."""
    if not patch_allowed("answer_failed_actions"):
        return
    from rasa.core.processor import MessageProcessor

    rasa_run_action = MessageProcessor._run_action
    if getattr(rasa_run_action, "answers_failures", False):
        return

    async def run_action(self: MessageProcessor, action: Any, *args: Any, **kwargs: Any) -> bool:
        return await rasa_run_action(self, AnsweredOnFailure(action), *args, **kwargs)

    run_action.answers_failures = True  # type: ignore[attr-defined]
    MessageProcessor._run_action = run_action  # type: ignore[method-assign]


def listen_after_circuit_breaker() -> None:
    """After a circuit-breaker trip: one kind message, close what was open, listen."""
    if not patch_allowed("listen_after_circuit_breaker"):
        return
    from rasa.core.actions.action import create_bot_utterance
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import ActionExecuted

    rasa_loop = MessageProcessor._run_prediction_loop
    if getattr(rasa_loop, "listens_after_breaker", False):
        return

    async def prediction_loop(self: MessageProcessor, output_channel: Any, tracker: Any) -> None:
        await rasa_loop(self, output_channel, tracker)
        if not self.is_action_limit_reached(tracker, should_predict_another_action=True):
            return
        logger.warning("Circuit breaker tripped; answered with the menu and listening again.")
        utterance = create_bot_utterance(message("kwijt"))
        for event in [*_closing_events(), utterance]:
            tracker.update(event, self.domain)
        await self.execute_side_effects([utterance], tracker, output_channel)
        tracker.update(ActionExecuted(ACTION_LISTEN_NAME), self.domain)

    prediction_loop.listens_after_breaker = True  # type: ignore[attr-defined]
    MessageProcessor._run_prediction_loop = prediction_loop  # type: ignore[method-assign]


def read_typed_button_titles() -> None:
    """Read a typed button title as that button's payload (see the module docstring)."""
    if not patch_allowed("read_typed_button_titles"):
        return
    from rasa.core.processor import MessageProcessor

    rasa_parse = MessageProcessor.parse_message
    if getattr(rasa_parse, "reads_button_titles", False):
        return

    async def parse_message(self: MessageProcessor, message: Any, tracker: Any = None, *args: Any, **kwargs: Any) -> Any:
        text = getattr(message, "text", None)
        if tracker is not None and text and not text.startswith("/"):
            payload = button_payload_for(text, _buttons_of_last_reply(tracker.events))
            if payload is None:
                menu = self.domain.responses.get(MENU_RESPONSE) or [{}]
                payload = button_payload_for(text, menu[0].get("buttons") or [])
            if payload is not None:
                message.text = payload
        return await rasa_parse(self, message, tracker, *args, **kwargs)

    parse_message.reads_button_titles = True  # type: ignore[attr-defined]
    MessageProcessor.parse_message = parse_message  # type: ignore[method-assign]


def apply() -> None:
    """All three changes."""
    answer_failed_actions()
    listen_after_circuit_breaker()
    read_typed_button_titles()
