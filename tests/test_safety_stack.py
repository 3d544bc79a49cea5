"""Safety through the running assistant: the model and the safety net together.

The patterns alone are tested in test_safety_patterns.py. Here every phrasing goes to the
real Rasa over its REST channel, at the start and in the middle of an open question, so a
false alarm or a miss of the intent model shows up too.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.command_guard import CommandGuard
from addons.crisis_detector import CrisisDetector
from addons.safety_patterns import load_patterns
from bot.rasa_client import RasaClient
from tests.conftest import RealStack

PHRASES = yaml.safe_load((Path(__file__).parent / "data" / "veiligheid_zinnen.yml").read_text(encoding="utf-8"))
LINES = {"zelfdoding": "1813", "geweld": "1712", "nood": "112"}
ALL_LINES = ("1813", "1712", "112", "106")
senders = (f"veiligheid-{n}" for n in itertools.count())


def parsed(text: str, intent: str, confidence: float) -> Message:
    message = Message({TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence})
    message.set(INTENT_RANKING_KEY, [{INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: confidence}])
    return message


@pytest.mark.parametrize(
    ("text", "model_says", "confidence", "result"),
    [
        ("hij is een lieve papa, maar hij is streng", "crisis_geweld", 0.65, "nlu_fallback"),
        ("iets wat het model zeker als crisis ziet", "crisis_zelfdoding", 0.95, "crisis_zelfdoding"),
        ("ik schrok me dood", "crisis_zelfdoding", 0.95, "nlu_fallback"),
        ("ik wil niet meer leven", "eigen_rol", 0.99, "crisis_zelfdoding"),
        ("we spelen graag buiten", "eigen_rol", 0.70, "eigen_rol"),
    ],
)
def test_the_safety_net_adds_clear_phrases_and_doubts_an_unsure_model(text: str, model_says: str, confidence: float, result: str) -> None:
    [message] = CrisisDetector(load_patterns(), model_crisis_confidence=0.8).process([parsed(text, model_says, confidence)])
    assert message.get(INTENT)[INTENT_NAME_KEY] == result


async def reply_text(rasa: RasaClient, sender: str, text: str) -> str:
    return " ".join(m.get("text") or "" for m in await rasa.send(sender, text))


async def test_every_crisis_phrasing_gets_its_help_line_at_the_start_and_during_a_question(real_stack: RealStack) -> None:
    rasa = RasaClient(real_stack.settings.rasa_url, 10.0)
    missed = []
    for phrase in PHRASES["crisis"]:
        at_start = await reply_text(rasa, next(senders), phrase["tekst"])
        sender = next(senders)
        await rasa.send(sender, "/eigen_rol")
        in_question = await reply_text(rasa, sender, phrase["tekst"])
        for where, reply in (("start", at_start), ("open vraag", in_question)):
            if LINES[phrase["categorie"]] not in reply:
                missed.append((where, phrase["tekst"]))
    await rasa.close()
    assert missed == []


async def test_no_ordinary_phrasing_raises_an_alarm_at_the_start_or_during_a_question(real_stack: RealStack) -> None:
    rasa = RasaClient(real_stack.settings.rasa_url, 10.0)
    alarms = []
    for text in PHRASES["geen_crisis"]:
        at_start = await reply_text(rasa, next(senders), text)
        sender = next(senders)
        await rasa.send(sender, "/huishouden")
        in_question = await reply_text(rasa, sender, text)
        for where, reply in (("start", at_start), ("open vraag", in_question)):
            if any(line in reply for line in ALL_LINES):
                alarms.append((where, text))
    await rasa.close()
    assert alarms == []


LONG_STORY = "Ik ben geduldig, maar na een lange werkdag soms ook moe. Dan roep ik sneller dan ik wil."


@pytest.mark.parametrize(
    ("text", "model_says", "result"),
    [
        (LONG_STORY, "stop", "nlu_fallback"),
        ("ik heb geen zin meer om te praten", "stop", "stop"),
        ("Ik wil graag weten wat er met alles gebeurt wat ik je hier vertel over ons", "privacy", "nlu_fallback"),
        ("Kan je alsjeblieft alles vergeten wat ik je net allemaal verteld heb over mijn gezin", "vergeet", "vergeet"),
        ("Is er ergens in de buurt van Aalst een Home-Start waar ik terecht kan met mijn vragen", "homestart", "homestart"),
        (LONG_STORY, "eigen_rol", "eigen_rol"),
    ],
)
def test_a_long_message_is_never_taken_for_a_command_but_erasing_and_help_still_are(text: str, model_says: str, result: str) -> None:
    guard = CommandGuard(["stop", "menu", "start", "volgende", "andere_vraag", "help", "privacy", "stelling"], max_command_words=12)
    [message] = guard.process([parsed(text, model_says, 0.9)])
    assert message.get(INTENT)[INTENT_NAME_KEY] == result


async def test_a_long_answer_that_sounds_like_stopping_is_thanked_as_an_answer(real_stack: RealStack) -> None:
    rasa = RasaClient(real_stack.settings.rasa_url, 10.0)
    sender = next(senders)
    await rasa.send(sender, "/eigen_rol")
    replies = await rasa.send(sender, LONG_STORY)
    await rasa.close()
    buttons = [b["payload"] for m in replies for b in m.get("buttons") or []]
    assert "/eigen_rol" in buttons and "stoppen" not in " ".join(m.get("text") or "" for m in replies).lower()
