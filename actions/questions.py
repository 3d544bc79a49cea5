"""Open questions: asking the next prompt, thanking for an answer, skipping.

The form `vraag_form` (domain.yml) waits for the answer; `action_ask_antwoord` is its
question. Which prompt it asks follows from the theme and from what the parent just did:
a statement answer gets a follow-up that fits it, "nog een vraag hierover" a deeper
question, a theme the next prompt of that theme that was not asked yet.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.check_in import feeling_before_check_in
from actions.choice import fresh_at_random, fresh_or_none, next_in_order
from actions.content import STATEMENT_ANSWERS, Content, FamilyForm, Prompt, load_content
from actions.heard import (
    ADVICE,
    EXPLAIN,
    QUESTION,
    QUESTIONS,
    asks_a_question,
    asks_a_word,
    asks_for_advice,
    corrects_the_bot,
    feeling_by_words,
    heard_content,
    heard_question,
    heard_reply,
    question_kind,
    read_question,
    reply_form,
    said_privacy_simply,
    say_sorry,
    sure_of_feeling,
    wants_explanation,
    with_other_answer,
    without_card_promise,
)
from actions.mirror import mirror
from actions.say import say, text_of
from actions.sharing import share_payload, shareable
from actions.tracker_reading import (
    ALONE_SLOT,
    CHECK_IN_NO,
    FAMILY_FORMS,
    asked_ids,
    button_entity,
    family_form,
    latest_intent,
    member_key,
    told_family_form,
)
from addons.feeling_words import whose_feeling
from addons.topic_words import THEME_OF_INTENT, is_question, theme_of, topic_of, wants_to_talk_about, wished_theme

# After these interruptions the form asks the same open question again ("nee" after the safety
# check-in: back to where we were); after a deep link (gedeelde_vraag) the open question is the
# shared one, set by action_gedeelde_vraag.
REASK_AFTER = {
    "help",
    "privacy",
    "homestart",
    "samenvatting",
    "gedeelde_vraag",
    "checkin_nee",
} | QUESTIONS  # a question about the bot or about help (data/rules/gehoord.yml)
STATEMENT_THEME = "stellingen"
# The intent of a message about something else (the weather, the time): off-topic.
OFF_TOPIC = "buiten_bereik"


def said_form_now(tracker: Tracker) -> Optional[str]:
    """The family form of the button just pressed: "alleen" ("Ik voed alleen op") or
    "uit_elkaar" ("We zijn uit elkaar"), both /andere_vraag{"gezin":"..."}; None otherwise."""
    return button_entity(tracker, "gezin", FAMILY_FORMS)


def share_buttons(tracker: Tracker, prompt: Prompt) -> List[Dict[str, str]]:
    """The button "Deel deze vraag" under a shareable prompt in a private chat.

    In a group (a member key came with the message) both parents already see the question.
    """
    if member_key(tracker) is not None or prompt.id not in {p.id for p in shareable()}:
        return []
    return [{"title": text_of("deel_knop"), "payload": share_payload(prompt)}]


def ask(dispatcher: CollectingDispatcher, tracker: Tracker, prompt: Prompt, form: FamilyForm, simple: bool = False) -> None:
    """Ask an open question in the form that fits the family (with `simple`, in very simple words).

    A question about another parent, to a parent who chose no family form yet, offers the
    two buttons "Ik voed alleen op" and "We zijn uit elkaar".
    """
    key = "open_vraag_gezin" if prompt.assumes_other_parent and not form else "open_vraag"
    say(dispatcher, key, share_buttons(tracker, prompt), vraag=prompt.text_for(form, simple))


class ActionAskAntwoord(Action):
    """Ask one open question (the form's question for the slot `antwoord`)."""

    def name(self) -> Text:
        return "action_ask_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        content = load_content()
        intent = latest_intent(tracker)
        asked = asked_ids(tracker)
        open_id = tracker.get_slot("open_vraag")
        # "ik wil iets vertellen over mijn man" opens the other parent's questions: without the
        # buttons for a parent alone or apart (a simulated mother got them, 7 December).
        told = told_family_form(tracker)
        alone = family_form(tracker) or (told[0]["value"] if told else None)

        # After a family-form button the open question comes again in that form, when it fits.
        said_form = said_form_now(tracker)
        explain = wants_explanation(tracker)
        if open_id in content.by_id and (
            intent in REASK_AFTER
            or explain
            or asks_a_word(tracker) is not None
            or corrects_the_bot(tracker)
            or (said_form and content.by_id[open_id].fits(said_form))
        ):
            # "Wat bedoel je?", "kan je dat eenvoudiger zeggen?": the same question in simple words.
            ask(dispatcher, tracker, content.by_id[open_id], alone, simple=explain)
            return told

        events: List[EventType] = [*told]
        thema = tracker.get_slot("thema")
        typed_command = (tracker.latest_message.get("text") or "").startswith("/")
        if intent in THEME_OF_INTENT and THEME_OF_INTENT[intent] != thema and (thema is None or typed_command):
            # A theme command that left /wiedoetwat (the slot follows theme intents only
            # when nothing waits; see domain.yml).
            thema = THEME_OF_INTENT[intent]
            events.append(SlotSet("thema", thema))
        if thema == STATEMENT_THEME or intent == "verdieping":
            prompt = self._statement_prompt(tracker, intent, asked, alone)
        else:
            text = str(tracker.latest_message.get("text") or "")
            # "Kunnen we het over school hebben?" typed at the menu: the question on that topic.
            typed_topic = None if typed_command or intent not in THEME_OF_INTENT else topic_of(text, thema or "eigen_rol")
            topic = tracker.get_slot("onderwerp") or typed_topic
            prompt = self._theme_prompt(dispatcher, thema or "eigen_rol", asked, alone, topic)
            if prompt.thema != (thema or "eigen_rol"):
                events.append(SlotSet("thema", prompt.thema))

        ask(dispatcher, tracker, prompt, alone)
        if tracker.get_slot("onderwerp"):
            events.append(SlotSet("onderwerp", None))
        return [*events, SlotSet("open_vraag", prompt.id), SlotSet("gesteld", [*asked, prompt.id])]

    @staticmethod
    def _statement_prompt(tracker: Tracker, intent: str, asked: List[str], alone: FamilyForm) -> Prompt:
        statement = load_content().statement(tracker.get_slot("huidige_stelling"))
        answer = tracker.get_slot("stelling_antwoord")
        if intent in STATEMENT_ANSWERS and answer in STATEMENT_ANSWERS:
            return fresh_at_random(fitting(statement.reacties[answer], alone), asked)
        return fresh_at_random(fitting(statement.verdieping, alone), asked)

    @classmethod
    def _theme_prompt(
        cls, dispatcher: CollectingDispatcher, thema: str, asked: List[str], alone: FamilyForm, topic: Optional[str]
    ) -> Prompt:
        """The theme's next question; on `topic` first when the parent's own words named it.

        When every question of the theme was asked, the theme starts again; but when the theme
        has only one question for this family (the other parent, for a parent alone), asking it
        again would repeat the question just answered, so the next theme with a fresh question
        follows instead (its own prompt says so).
        """
        content = load_content()
        questions = fitting(content.questions(thema), alone)
        # Any question of the theme asked means its intro was said: after "Ik voed alleen op" the
        # question comes in another form, not the intro again (a simulated volunteer, 7 December).
        if not any(q.id in asked for q in content.questions(thema)):
            say(dispatcher, "thema_intro", intro=content.themas[thema].intro)
        on_topic = [q for q in questions if q.onderwerp == topic and q.id not in asked]
        if on_topic:
            return on_topic[0]
        prompt, started_again = next_in_order(questions, asked)
        if started_again and len(questions) == 1:
            following = next_theme_with_a_fresh_question(thema, asked, alone)
            if following:
                say(dispatcher, "thema_verder", naam=content.themas[following].naam)
                return cls._theme_prompt(dispatcher, following, asked, alone, None)
        if started_again and prompt is questions[0]:
            say(dispatcher, "thema_opnieuw")
        return prompt


def next_theme_with_a_fresh_question(thema: str, asked: Sequence[str], alone: FamilyForm) -> Optional[str]:
    """The first theme after `thema` (in the menu's order, going round) with a question not asked yet."""
    content = load_content()
    order = [t for t in content.themas if t != STATEMENT_THEME]
    start = order.index(thema) + 1 if thema in order else 0
    for candidate in order[start:] + order[:start]:
        if candidate != thema and any(q.id not in asked for q in fitting(content.questions(candidate), alone)):
            return candidate
    return None


def fitting(prompts: Sequence[Prompt], alone: FamilyForm) -> Sequence[Prompt]:
    """The prompts to ask this family: for a parent alone, none that only fits two parents."""
    return [p for p in prompts if p.fits(alone)] or prompts


class ActionNaAntwoord(Action):
    """Hear an answer (a feeling named, a question answered, a mirror of a longer one) or thank the
    parent in words that fit the question and vary, and offer the next step.

    A slow question gets thanks that leave time, a hard theme a gentle one, a light one a
    light one (prompts.yml `soort`). What they wrote is neither repeated nor kept: only
    the fact that they answered.
    """

    def name(self) -> Text:
        return "action_na_antwoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        asked = asked_ids(tracker)
        content = load_content()
        answered = content.by_id.get(tracker.get_slot("open_vraag") or "")
        answer = str(tracker.latest_message.get("text") or "")
        kind = answer_kind(tracker)
        heard = heard_reply(kind, asked, form=reply_form(tracker))
        events: List[EventType] = [*told_family_form(tracker)]
        if heard is not None:
            # A feeling or a question in the answer is named or answered, not thanked for.
            # The reply to an answer shows no card.
            reply, said = with_other_answer(tracker, kind, without_card_promise(heard[0]), heard[1], asked)
            family = heard_content()[kind].get("gezin")
            if family:  # "ik ben gescheiden": from now on the questions for parents who live apart
                events.append(SlotSet(ALONE_SLOT, family))
        else:
            # A longer answer hears which theme it touched and how it sounds (actions/mirror.py).
            mirrored = mirror(answer, asked)
            if mirrored is not None:
                reply, said = mirrored.text, [mirrored.id]
            else:
                thanks = fresh_thanks(content.thanks_for(answered), content.bedankjes, asked)
                reply, said = (thanks.tekst, [thanks.id]) if thanks else ("", [])
        said += told_already(content, answered, answer, [*asked, *said])
        thema = tracker.get_slot("thema") or "eigen_rol"
        say(dispatcher, f"na_antwoord_{thema}", bedankje=reply or text_of("hoe_verder"))
        return [*events, SlotSet("antwoord", None), SlotSet("open_vraag", None), SlotSet("gesteld", [*asked, *said])]


# An answer this long to a question may already hold what the next one asks to describe.
TOLD_WORDS = 12
# The prefix of the id that marks such a question as told, not said (`told_marker`).
TOLD_PREFIX = "verteld:"


def told_already(content: Content, answered: Optional[Prompt], answer: str, asked: Sequence[str]) -> List[str]:
    """The id of the next question of the theme when it only asks to describe what this long answer
    already told ("Wie of wat zie je allemaal op dat beeld?" after the picture was described), so
    it counts as asked and "Volgende vraag" goes past it; else nothing."""
    if answered is None or len(answer.split()) < TOLD_WORDS:
        return []
    questions = list(content.questions(answered.thema))
    place = questions.index(answered) if answered in questions else len(questions)
    if place + 1 >= len(questions):
        return []
    following = questions[place + 1]
    if not following.beschrijft_vorige or following.id in asked:
        return []
    # Counted as asked, so "Volgende vraag" goes past it, and marked as never said, so the recap
    # (/samenvatting) does not list it: three simulated parents found a question there that the
    # bot never asked them (7 December, afternoon).
    return [following.id, told_marker(following.id)]


def told_marker(prompt_id: str) -> str:
    """The id in slot `gesteld` that says a question counts as asked but was never said."""
    return f"{TOLD_PREFIX}{prompt_id}"


def answer_kind(tracker: Tracker) -> str:
    """What the answer is, for a reply that fits it: its intent, or a question the model could not place.

    A feeling is named only when the model is sure of it: "hij is een goede vader" taken for
    guilt hurts more than a plain thanks.
    """
    intent = latest_intent(tracker)
    if intent == CHECK_IN_NO.lstrip("/"):
        # The answer got the check-in, and the parent said no: the feeling read in it, if any.
        return feeling_before_check_in(tracker) or ""
    read = read_question(tracker)
    if read is not None:
        return read
    heard = heard_question(tracker)
    if heard is not None:
        # A story that asks something in one of its sentences wants that answer most.
        return heard
    if intent in heard_content() and sure_of_feeling(tracker) and (intent != ADVICE or asks_for_advice(tracker)):
        # Advice only when asked: "Jessica zegt: mijn moeder ... achteraf te horen dat de kamer een
        # rommel is" got "Ik geef geen advies" as the answer to a question (a simulated volunteer).
        return whose_feeling(intent, str(tracker.latest_message.get("text") or ""))
    if intent == OFF_TOPIC and is_question(str(tracker.latest_message.get("text") or "")):
        # "hoe laat is het" without its "?" asks something, not an answer to the question.
        return QUESTION
    felt = feeling_by_words(tracker)
    if felt is not None:
        return felt
    return question_kind(tracker) if asks_a_question(tracker) else ""


def fresh_thanks(fitting_thanks: Sequence[Prompt], all_thanks: Sequence[Prompt], asked: Sequence[str]) -> Optional[Prompt]:
    """A thanks not said before in this talk: one that fits the question, else any; None when all were said.

    Never the same thanks twice: after the last one the bot just asks how to go on.
    """
    return fresh_or_none(fitting_thanks, asked) or fresh_or_none(all_thanks, asked)


class ActionSlaOver(Action):
    """Skip the open question without comment; the form then asks another one.

    The buttons "Ik voed alleen op" and "We zijn uit elkaar" come here too (each is an
    "andere vraag" with the entity gezin): then the bot says which questions it will ask,
    keeps the open question so the form asks it again in that form (or the next one, when it
    does not fit), and remembers only that choice.
    """

    def name(self) -> Text:
        return "action_sla_over"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        form = said_form_now(tracker)
        if form:
            say(dispatcher, f"{form}_bevestigd")
            return [SlotSet(ALONE_SLOT, form)]
        say(dispatcher, "geen_probleem")
        return [SlotSet("open_vraag", None)]


class ValidateVraagForm(FormValidationAction):
    """Tell a typed answer from a theme button pressed while a question waits.

    Typed text that merely sounds like a theme ("mijn partner kookt") is an answer.
    A button or command arrives as a payload ("/partner"): then the parent chose
    another theme, so the answer stays open and the form asks that theme's question.
    """

    def name(self) -> Text:
        return "validate_vraag_form"

    async def validate_antwoord(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        intent = latest_intent(tracker)
        text = str(tracker.latest_message.get("text") or "")
        if text.startswith("/") and intent in THEME_OF_INTENT:
            return {"antwoord": None, "thema": THEME_OF_INTENT[intent], "open_vraag": None}
        # A wish named after its wish words already set the intent (addons/topic_wish.py).
        wished = wished_theme(text)
        if wished is None and wants_to_talk_about(text):
            wished = THEME_OF_INTENT.get(intent) or theme_of(text)
        if wished:
            # "Kunnen we het over school hebben?": a wish for another topic, not an answer.
            return {"antwoord": None, "thema": wished, "open_vraag": None, "onderwerp": topic_of(text, wished)}
        if corrects_the_bot(tracker):
            # "ge antwoordt ni op mijn vraag eh" was taken as the answer, and the next question came
            # (a simulated father, 7 December, late): a sorry, then the same question again.
            return {"antwoord": None, "gesteld": say_sorry(dispatcher, tracker)}
        word = asks_a_word(tracker)
        asked = asked_ids(tracker)
        found = heard_reply(word, asked) if word is not None else None
        if found is not None:
            # What a word of the bot's means: explained, then the question comes again.
            dispatcher.utter_message(text=found[0])
            return {"antwoord": None, "gesteld": [*asked, *found[1]]}
        if wants_explanation(tracker):
            # "Kun je de vraag eenvoudiger maken? Korte zinnen graag, ..." (too long for the intent
            # alone): a word on the question, then the form asks it again in simple words. Right
            # after the privacy answer it is that answer that was too hard: it in a few words.
            if said_privacy_simply(dispatcher, tracker):
                return {"antwoord": None}
            word, said = heard_reply(EXPLAIN, asked) or ("", [])
            dispatcher.utter_message(text=word)
            return {"antwoord": None, "gesteld": [*asked, *said]}
        return {"antwoord": value}
