"""/training: every text of the guide in order, with its source and why it is asked.

For trainers who show the bot in a workshop for volunteers: an overview first, then one
step per text with next and back buttons. The steps are the cards (the two statements and
the questions per theme), each statement followed by its follow-ups for every answer and its
deeper questions; a question with a form for a parent alone or after a separation shows those
forms too; then the thank-yous and the volunteer tips. Where each text comes from in the
report, and the insight of chapter 5 behind it, is in content/prompts.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import STATEMENT_ANSWERS, Content, Prompt, load_content
from actions.say import say, text_of
from actions.tracker_reading import button_entity


@dataclass(frozen=True)
class Step:
    """One step of /training: a text of the guide and what kind of text it is."""

    prompt: Prompt
    soort: str  # e.g. "Jij als ouder", "Eens of oneens, na eens", "bedankje"


def training_steps(content: Content | None = None) -> list[Step]:
    """Every text in the order of the guide: cards with their follow-ups, then thanks, then tips."""
    content = content or load_content()
    statements_name = content.themas["stellingen"].naam
    steps: list[Step] = []
    for statement in content.stellingen:
        steps.append(Step(content.by_id[statement.id], statements_name))
        for answer in STATEMENT_ANSWERS:
            label = text_of("training_soort_reactie", thema=statements_name, antwoord=text_of(f"training_antwoord_{answer}"))
            steps += [Step(p, label) for p in statement.reacties[answer]]
        label = text_of("training_soort_verdieping", thema=statements_name)
        steps += [Step(p, label) for p in statement.verdieping]
    for thema, theme in content.themas.items():
        if thema != "stellingen":
            steps += [Step(q, theme.naam) for q in content.questions(thema)]
    steps += [Step(t, text_of("training_soort_bedankje")) for t in content.bedankjes]
    steps += [Step(t, text_of("training_soort_tip")) for t in content.tips_vrijwilliger]
    return steps


def family_forms(prompt: Prompt) -> str:
    """The lines that show a prompt's forms for a parent alone and after a separation ('' when none)."""
    lines = [text_of("training_vorm_alleen", tekst=prompt.alleen)] if prompt.alleen else []
    if prompt.uit_elkaar:
        lines.append(text_of("training_vorm_uit_elkaar", tekst=prompt.uit_elkaar))
    return "".join("\n" + line for line in lines)


class ActionTraining(Action):
    """Show the overview (position 0) or the text at the new position (1 to N)."""

    def name(self) -> Text:
        return "action_training"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        content = load_content()
        steps = training_steps(content)
        step = button_entity(tracker, "stap", ("volgende", "terug"))  # None: the overview
        position = int(tracker.get_slot("training_positie") or 0)
        position = {"volgende": position + 1, "terug": position - 1}.get(step or "", 0)
        position = max(0, min(position, len(steps) + 1))

        if position == 0:
            say(dispatcher, "training_overzicht", aantal=str(len(steps)))
            say(dispatcher, "training_delen", delen=", ".join(t.naam for t in content.themas.values()))
        elif position > len(steps):
            say(dispatcher, "training_einde")
        else:
            current = steps[position - 1]
            prompt = current.prompt
            say(
                dispatcher,
                "training_stap",
                nummer=str(position),
                aantal=str(len(steps)),
                thema=current.soort,
                tekst=prompt.tekst,
                vormen=family_forms(prompt),
                sectie=str(prompt.bron.get("sectie")),
                regels=str(prompt.bron.get("regels")),
                waarom=prompt.waarom or "-",
            )
        return [SlotSet("training_positie", float(position))]
