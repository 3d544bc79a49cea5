"""Every message that may interrupt a question or a task has its turn in the rules.

The intents that leave an open question are listed in domain.yml (`not_intent` of the slot
`antwoord`), those that leave /wiedoetwat in actions/wiedoetwat.py (`ESCAPES`), and the
command guard of config.yml guards some of them; the three lists must agree, and the rules
in data/rules/ say what happens for each. When the lists and the rules disagree, a message
is neither an answer nor a command: the form refuses it and no rule takes it. These tests
read the files themselves, so they fail before a parent meets that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from actions.wiedoetwat import ESCAPES
from addons.topic_words import THEME_OF_INTENT

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


def interrupting_intents_of_vraag_form() -> set[str]:
    (mapping,) = DOMAIN["slots"]["antwoord"]["mappings"]
    return set(mapping["not_intent"])


def test_every_intent_that_leaves_an_open_question_has_its_rule_and_no_other_does() -> None:
    assert interrupting_intents_of_vraag_form() == intents_with_a_rule_during("vraag_form")


def test_every_intent_that_leaves_wiedoetwat_has_its_rule_and_no_other_does() -> None:
    assert ESCAPES == intents_with_a_rule_during("wiedoetwat_form")


@pytest.mark.parametrize("intent", ["stop", "menu", "start", "vergeet", "crisis_zelfdoding", "crisis_geweld", "crisis_nood"])
def test_stop_menu_start_forget_and_crisis_leave_every_form(intent: str) -> None:
    assert intent in interrupting_intents_of_vraag_form()
    assert intent in ESCAPES


# Intents that leave an open question but are an unclear answer at a /wiedoetwat task (the
# task is asked again): another question, "volgende" (a word for skipping a task there) and
# another language.
ONLY_AT_A_QUESTION = {"andere_vraag", "volgende", "andere_taal"}
# Feelings (and "ik ben gescheiden") are the answer at an open question, named by
# action_na_antwoord; at a /wiedoetwat task they are no choice, so they get their reply and the
# task is asked again (data/rules/gehoord.yml).
ONLY_AT_A_TASK = {"gevoel_moe", "gevoel_schuld", "gevoel_zorg", "gevoel_eenzaam", "gevoel_conflict", "gevoel_trots", "gescheiden"}


# Guarded by length though they leave no question: a long message with a thanks in it ("Ok
# merci. En spreken de vrijwilligers Frans?") is more than a thanks, and one that tells about
# the household is no request for its questions (a real wish is read after the guard, TopicWish).
ONLY_A_STORY_WHEN_LONG = {"bedankt", *THEME_OF_INTENT}


def test_the_three_lists_of_intents_that_interrupt_agree() -> None:
    """domain.yml, actions/wiedoetwat.py and config.yml name the same interruptions.

    The only differences are on purpose: a theme leaves /wiedoetwat, while at an open question
    a theme button switches the theme inside the form (validate_vraag_form); and
    ONLY_AT_A_QUESTION. The command guard guards only intents that leave an open question, and
    ONLY_A_STORY_WHEN_LONG.
    """
    question, themes = interrupting_intents_of_vraag_form(), set(THEME_OF_INTENT)
    (guard,) = [c for c in CONFIG["pipeline"] if c["name"].endswith("CommandGuard")]
    assert question - ONLY_AT_A_QUESTION == ESCAPES - themes - ONLY_AT_A_TASK
    assert ONLY_AT_A_QUESTION <= question and not ONLY_AT_A_QUESTION & ESCAPES
    assert ONLY_AT_A_TASK <= ESCAPES and not ONLY_AT_A_TASK & question
    assert themes <= ESCAPES and not themes & question
    commands = set(guard["intents"]) - ONLY_A_STORY_WHEN_LONG
    assert commands <= question and commands - ONLY_AT_A_QUESTION <= ESCAPES


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
