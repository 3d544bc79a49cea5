"""Every message that may interrupt a question or a task has its turn in the rules.

The intents that leave an open question are listed once, in domain.yml (`not_intent` of the
slot `antwoord`, addons/interruptions.py); /wiedoetwat (actions/wiedoetwat.py `ESCAPES`) and
the command guard read them from there. The rules in data/rules/ say what happens for each.
When the list and the rules disagree, a message is neither an answer nor a command: the form
refuses it and no rule takes it. These tests read the files themselves, so they fail before a
parent meets that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.wiedoetwat import ESCAPES
from addons.command_guard import CommandGuard, says_goodbye
from addons.interruptions import leaving_an_open_question

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
RULES = [
    rule
    for path in sorted((ROOT / "data" / "rules").glob("*.yml"))
    for rule in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
]


def first_intents(steps: list[dict[str, Any]]) -> Iterator[str]:
    first = steps[0]
    if "intent" in first:
        yield first["intent"]
    for option in first.get("or", []):
        if "intent" in option:
            yield option["intent"]


def intents_with_a_rule_during(form: str) -> set[str]:
    return {
        intent
        for rule in RULES
        if {"active_loop": form} in (rule.get("condition") or [])
        for intent in first_intents(rule["steps"])
    }


def test_every_intent_that_leaves_an_open_question_has_its_rule_and_no_other_does() -> None:
    assert leaving_an_open_question() == intents_with_a_rule_during("vraag_form")


def test_every_intent_that_leaves_wiedoetwat_has_its_rule_and_no_other_does() -> None:
    assert ESCAPES == intents_with_a_rule_during("wiedoetwat_form")


@pytest.mark.parametrize("intent", ["stop", "menu", "start", "vergeet", "crisis_zelfdoding", "crisis_geweld", "crisis_nood"])
def test_stop_menu_start_forget_and_crisis_leave_every_form(intent: str) -> None:
    assert intent in leaving_an_open_question()
    assert intent in ESCAPES


def test_the_command_guard_never_guards_the_safety_net_or_erasing_by_length() -> None:
    """A long message about a crisis is still a crisis; a long request to erase still erases."""
    (config,) = [c for c in CONFIG["pipeline"] if c["name"].endswith("CommandGuard")]
    guard = CommandGuard.create({**CommandGuard.get_default_config(), **config}, None, None, None)  # type: ignore[arg-type]
    safety = {i for i in DOMAIN["intents"] if i.startswith(("crisis_", "checkin_"))} | {"andere_taal", "vergeet"}
    assert safety and not safety & guard._intents


def test_every_domain_intent_is_known_to_the_dialogue() -> None:
    """Each intent appears in a rule or story, so none is only ever a core fallback."""
    used = {
        i
        for rule in RULES
        for step in rule["steps"]
        for i in [step.get("intent")] + [o.get("intent") for o in step.get("or", [])]
        if i
    }
    stories = yaml.safe_load((ROOT / "data" / "stories" / "gesprekken.yml").read_text(encoding="utf-8"))["stories"]
    used |= {step["intent"] for story in stories for step in story["steps"] if "intent" in step}
    assert set(DOMAIN["intents"]) - used == set()


def test_the_core_fallback_is_the_action_that_always_answers() -> None:
    (rule_policy,) = [p for p in CONFIG["policies"] if p["name"] == "RulePolicy"]
    assert rule_policy["core_fallback_action_name"] == "action_eigen_woorden"


@pytest.mark.parametrize(
    ("text", "goodbye"),
    [
        ("Ik ga stoppen voor vandaag. Bedankt voor de vragen, het was best nuttig.", True),
        ("... late dienst. salut, was toch ni helemaal slecht", True),
        ("bedankt voor de vragen. ok, dag", True),
        # "dag" is also "day" (a simulated mother's talk ended here, 7 December, afternoon).
        ("mijn man. maar hij werk nacht in magazijn, dag hij slaap. ik veel alleen", False),
        ("dag, ik heb een vraag", False),
        ("Merci en salut", True),
        ("bedankt voor alles, tot ziens", True),
        ("Als ik binnenkom, zegt hij dat ik moet gaan.", False),
        ("mijn zoon wil nooit gaan slapen", False),
    ],
)
def test_a_goodbye_ends_the_talk_but_an_ordinary_word_that_is_also_one_does_not(text: str, goodbye: bool) -> None:
    assert says_goodbye(text) is goodbye


def test_a_stop_guessed_for_a_parent_who_wants_to_go_on_is_no_stop() -> None:
    """ "waarom stop? ik niet klaar" was the stop command to the intent model (a simulated mother)."""
    (config,) = [c for c in CONFIG["pipeline"] if c["name"].endswith("CommandGuard")]
    guard = CommandGuard.create({**CommandGuard.get_default_config(), **config}, None, None, None)  # type: ignore[arg-type]
    # "Ok, fijn om te weten. Dan gaan we verder." ended a simulated volunteer's talk (stop, 0.51).
    for text, kept in (
        ("waarom stop? ik niet klaar", False),
        ("Ok, fijn om te weten. Dan gaan we verder.", False),
        ("ik wil stoppen", True),
    ):
        message = Message(data={TEXT: text, INTENT: {INTENT_NAME_KEY: "stop", PREDICTED_CONFIDENCE_KEY: 0.77}})
        guard.process([message])
        assert (message.get(INTENT)[INTENT_NAME_KEY] == "stop") is kept, text


def test_a_correction_guessed_as_a_command_is_own_words() -> None:
    """ "ge antwoordt ni op mijn vraag eh" was another question to the intent model, and the next
    question came (a simulated father, 7 December, late)."""
    (config,) = [c for c in CONFIG["pipeline"] if c["name"].endswith("CommandGuard")]
    guard = CommandGuard.create({**CommandGuard.get_default_config(), **config}, None, None, None)  # type: ignore[arg-type]
    for text, kept in (("ge antwoordt ni op mijn vraag eh", False), ("andere vraag", True)):
        message = Message(data={TEXT: text, INTENT: {INTENT_NAME_KEY: "andere_vraag", PREDICTED_CONFIDENCE_KEY: 0.57}})
        guard.process([message])
        assert (message.get(INTENT)[INTENT_NAME_KEY] == "andere_vraag") is kept, text
