"""/wiedoetwat: who does which household task, one task at a time, then a picture.

The form `wiedoetwat_form` asks for the slot `taak_antwoord` once per task. Each answer is
kept only as a short code in the list slot `verdeling` (never the typed words), and after
the picture the list is emptied: the division is built in the chat and then forgotten.

In a group (the bridge sends a hashed member key with each message) each of two members
chooses apart, /samen style: the codes go per member key into `verdeling_samen`, the next
task comes once both chose, and the picture shows both divisions side by side, in one frame:
whoever chose first at task 1 is "ouder 1" (the first key of `verdeling_samen`).

The end is one reply of at most four messages: the picture and three questions, the last
with the buttons Menu and Stoppen.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.division import (
    DIFFERENT,
    SAME,
    SKIPPED,
    choice_for_text,
    choice_in_a_part,
    choices,
    division_content,
    draw_division,
    draw_pair,
    pair_rows,
    tasks,
    text_chart,
    text_chart_pair,
)
from actions.heard import FEELINGS, read_question, say_heard
from actions.say import show_picture
from actions.tracker_reading import latest_intent, member_key, raises_alone
from addons.interruptions import leaving_an_open_question
from addons.topic_words import THEME_OF_INTENT

UNCLEAR = "onduidelijk"
# A question read by its words during a task (content/gehoord.yml `vraag_regels`): its answer, then
# the same task ("Steven zegt samen, Kim zegt vooral zij. Wat vul ik in?" got "Kies een knop", a
# simulated volunteer, 7 December, night). The slot holds this prefix and the entry's name.
ASKED = "vraag:"
DONE = "klaar"
# These leave the form (data/rules/wiedoetwat.yml) instead of counting as an answer; each has its
# rule there (tests/test_dialogue_coverage.py). They are the intents that leave an open question
# (addons/interruptions.py) but another question, "volgende" (a word for skipping a task here)
# and another language, which are an unclear answer here (the task is asked again); and also
# the themes (at an open question a theme button switches the theme inside the form) and the
# feelings (answered, then the task is asked again: data/rules/gehoord.yml).
ONLY_AT_A_QUESTION = frozenset({"andere_vraag", "volgende", "andere_taal"})
ESCAPES = (leaving_an_open_question() - ONLY_AT_A_QUESTION) | set(THEME_OF_INTENT) | FEELINGS
MEMBERS = 2  # a group division is two parents' answers
# Codes that show another parent in the division; without any, the questions after the
# picture take their form for a parent alone (wiedoetwat.yml `alleen`).
WITH_OTHER_PARENT = {"andere", "samen"}


def division_so_far(tracker: Tracker) -> List[str]:
    return list(tracker.get_slot("verdeling") or [])


def group_divisions(tracker: Tracker) -> Dict[str, List[str]]:
    """Each member's codes so far in a group, by hashed member key, in the order they first chose."""
    return {member: list(codes) for member, codes in (tracker.get_slot("verdeling_samen") or {}).items()}


def group_task_index(divisions: Dict[str, List[str]]) -> int:
    """The task both members are at: the number of tasks that both of them answered."""
    if len(divisions) < MEMBERS:
        return 0
    return min(len(codes) for codes in divisions.values())


class ActionWiedoetwatStart(Action):
    """Say what is coming and start with an empty division."""

    def name(self) -> Text:
        return "action_wiedoetwat_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        content = division_content()
        if member_key(tracker):
            intro, second = content["groep"]["intro"], content["groep"]["intro_wachten"]
        else:
            intro, second = content["intro"], content["intro_geen_oordeel"]
        dispatcher.utter_message(text=intro["tekst"])
        dispatcher.utter_message(text=second["tekst"])
        return [SlotSet("verdeling", []), SlotSet("verdeling_samen", {}), SlotSet("taak_antwoord", None)]


class ActionAskTaakAntwoord(Action):
    """Ask about the next task, with one button per answer."""

    def name(self) -> Text:
        return "action_ask_taak_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        all_tasks = tasks()
        if member_key(tracker):
            divisions = group_divisions(tracker)
            index = group_task_index(divisions)
            if any(len(codes) > index for codes in divisions.values()):
                # One member chose; the other answers with the buttons of the task message.
                # The first to choose at task 1 is "ouder 1" in the picture, and is told so.
                waiting = "wacht_eerste" if index == 0 else "wacht"
                dispatcher.utter_message(text=division_content()["groep"][waiting])
                return []
        else:
            index = len(division_so_far(tracker))
        index = min(index, len(all_tasks) - 1)
        text = division_content()["taak_vraag"].format(nummer=index + 1, totaal=len(all_tasks), vraag=all_tasks[index].vraag)
        # The payload is the answer's own words, so typing it works the same as pressing.
        buttons = [{"title": c.knop, "payload": c.knop.lower()} for c in choices()] + [dict(division_content()["stop_knop"])]
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ValidateWiedoetwatForm(FormValidationAction):
    """Read each answer as a choice, add it to the division, and ask until every task is done."""

    def name(self) -> Text:
        return "validate_wiedoetwat_form"

    async def extract_taak_antwoord(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The choice in the latest message; nothing for a message that leaves the form."""
        if tracker.get_slot("requested_slot") != "taak_antwoord":
            return {}
        text = str(tracker.latest_message.get("text") or "")
        choice = choice_for_text(text)
        if choice:
            return {"taak_antwoord": choice}
        # "de andere ouder, en ne keer per week een poetsvrouw" got "Kies een knop" (7 December).
        choice = choice_in_a_part(text)
        intent = latest_intent(tracker)
        if intent in ESCAPES and not (intent in THEME_OF_INTENT and choice):
            # A theme's words can be the answer: "hmm. De andere ouder" (action_thema_tijdens_wiedoetwat).
            return {}
        if choice:
            return {"taak_antwoord": choice}
        asked = read_question(tracker)
        if asked is not None:
            return {"taak_antwoord": ASKED + asked}
        return {"taak_antwoord": UNCLEAR}

    def validate_taak_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:  # the reset by action_wiedoetwat_start, not an answer
            return {}
        if value == UNCLEAR:
            dispatcher.utter_message(text=division_content()["onduidelijk"])
            return {"taak_antwoord": None}
        if str(value).startswith(ASKED):
            answered = say_heard(dispatcher, tracker, str(value)[len(ASKED) :])
            return {"taak_antwoord": None, **({"gesteld": answered["value"]} if answered else {})}
        code = value if value in {c.id for c in choices()} else SKIPPED
        member = member_key(tracker)
        if member:
            return self._group_answer(member, code, dispatcher, tracker)
        division = [*division_so_far(tracker), code]
        finished = len(division) >= len(tasks())
        return {"verdeling": division, "taak_antwoord": DONE if finished else None}

    @staticmethod
    def _group_answer(member: str, code: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
        """One member's choice for the task both are at; pressing again changes it."""
        divisions = group_divisions(tracker)
        if member not in divisions and len(divisions) >= MEMBERS:
            dispatcher.utter_message(text=division_content()["groep"]["derde"])
            return {"taak_antwoord": None}
        index = group_task_index(divisions)
        divisions[member] = [*divisions.get(member, [])[:index], code]
        finished = len(divisions) == MEMBERS and all(len(codes) >= len(tasks()) for codes in divisions.values())
        return {"verdeling_samen": divisions, "taak_antwoord": DONE if finished else None}


class ActionThemaTijdensWiedoetwat(Action):
    """A theme named during a household task: the task's answer when the words are a choice with a
    few words around it ("hmm. De andere ouder", "de andere ouder. nog wel": the theme "De andere
    ouder" took two simulated fathers out of the task list, 7 December, night); else the theme, as
    the menu's button does (data/rules/wiedoetwat.yml)."""

    def name(self) -> Text:
        return "action_thema_tijdens_wiedoetwat"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if choice_in_a_part(str(tracker.latest_message.get("text") or "")):
            return [FollowupAction("wiedoetwat_form")]
        return [ActiveLoop(None), SlotSet("requested_slot", None), FollowupAction("vraag_form")]


class ActionWiedoetwatBeeld(Action):
    """Send the division as a picture, then questions to think about; then forget it."""

    def name(self) -> Text:
        return "action_wiedoetwat_beeld"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        divisions = list(group_divisions(tracker).values())
        if len(divisions) == MEMBERS:
            content = division_content()["groep"]
            png, chart = draw_pair(*divisions), text_chart_pair(*divisions)
            questions = group_questions(content["vragen_na_beeld"], {row.match for row in pair_rows(*divisions)})
        else:
            content, division = division_content(), division_so_far(tracker)
            png, chart = draw_division(division), text_chart(division)
            alone = raises_alone(tracker) or not WITH_OTHER_PARENT & set(division)
            questions = [q.get("alleen") if alone and q.get("alleen") else q["tekst"] for q in content["vragen_na_beeld"]]
        show_picture(dispatcher, png, content["beeld"]["bijschrift"], chart)
        for question in questions[:-1]:
            dispatcher.utter_message(text=question)
        dispatcher.utter_message(text=questions[-1], buttons=[dict(b) for b in division_content()["eind_knoppen"]])
        return [SlotSet("verdeling", None), SlotSet("verdeling_samen", None), SlotSet("taak_antwoord", None)]


def group_questions(questions: List[Dict[str, Any]], marks: Set[Optional[str]]) -> List[str]:
    """The group's questions; when every task both answered got "=", the first asks about that."""
    everything_same = SAME in marks and DIFFERENT not in marks
    return [q["alles_zelfde"] if everything_same and q.get("alles_zelfde") else q["tekst"] for q in questions]
