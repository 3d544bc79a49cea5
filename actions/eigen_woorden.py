"""Own words and "go on" words outside an open question: always a fitting answer.

Rules give the fixed turns (data/rules/). Everything else a parent may write when no
question waits comes here: own words at the menu or after a theme, "ok" or "verder", a
statement answer when no statement waits, an old button. It is also Rasa's core fallback
(config.yml), so a state the rules did not foresee gets a kind answer too, never a loop.

- Words that clearly point to one theme ("de kinderen zitten de hele dag op hun gsm") open
  that theme, at a question on that topic when there is one (content/eigen_woorden.yml).
- Other own words are thanked, and the parent chooses how to go on.
- "ok", "verder", "ja" do what the reply's forward button does (the first button that does
  not stop, erase or open the menu), as if it was pressed; with no such button, the theme
  goes on, or the guide starts at its first part. At a statement "ja" is "eens" (as "nee"
  is "oneens"); "ok" there could mean either, so the parent is asked to choose.
- A message with no letters or digits at all ("?", an emoji that means nothing here) is
  the only thing "not understood"; that reply never comes twice in a row.
This action never repeats or stores what was written.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.heard import (
    QUESTION,
    asks_a_question,
    feeling_by_words,
    fresh_acknowledgement,
    go_on_after,
    heard_content,
    heard_reply,
    question_kind,
    read_question,
    said_sorry,
    with_other_answer,
)
from actions.mirror import mirror
from actions.pressing import THEME_PAYLOAD, press
from actions.say import messages, say
from actions.tracker_reading import (
    CHECK_IN_NO,
    CHECK_IN_YES,
    after_help_lines,
    asked_ids,
    last_reply,
    latest_intent,
    offered,
    reply_buttons,
    told_family_form,
)
from addons.feeling_words import SAD_FACE_WORDS, feeling_in_words
from addons.sentences import sentences
from addons.topic_words import mentions, own_words_content, starts_with, theme_of, topic_of, wishes_to_tell, words

CONTINUE = {"bevestigen", "volgende", "andere_vraag", "eens", "verdieping"}
# "nee", "misschien", "geen idee" when nothing waits for that answer.
DECLINE = {"oneens", "twijfel"}
SHORT = 3
# An unsure message counts as the model's best guess only above this (gibberish stays own words).
MIN_GUESS = 0.3
# "Go on" words are short; a longer message is own words, whatever the model guessed.
SHORT_GO_ON = 4
# A yes to thinking on together is a little longer ("ok samen nadenken dan. hoe?"): up to this many
# words with one of content/eigen_woorden.yml `verder_woorden`.
GO_ON_IN_WORDS = 7
# Own words this short that name a theme ask for it ("iets over school", "mijn ex en de kinderen"):
# it opens. A longer message names it in passing: the theme is offered with a button.
NAMES_A_TOPIC = 8
# Buttons that do not take the conversation forward.
NOT_FORWARD = {"/stop", "/menu", "/vergeet", "/privacy", "/help", "/start"}
# A statement's Eens button.
AGREE = "/eens"
BACK = '"terug"'  # the entity value of a back button, as in /training{"stap":"terug"}
_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)


def says_go_on(text: str) -> bool:
    """True when a short message, or the short last sentence of one, asks to go on with a question
    (content/eigen_woorden.yml `verder_woorden`): "Ok, fijn om te weten. Dan gaan we verder." ended
    a simulated volunteer's talk as a goodbye (7 December, late)."""
    go_on = own_words_content()["verder_woorden"]
    last = (sentences(text) or [text])[-1]
    return any(len(part.split()) <= GO_ON_IN_WORDS and mentions(words(part), go_on) for part in (text, last))


def is_readable(text: str) -> bool:
    """True when the message has at least one letter or digit."""
    return bool(_LETTER_OR_DIGIT.search(text))


def _bare_emoji(text: str) -> str:
    """Emoji without variation selectors, joiners and skin tones, without spaces."""
    return re.sub(r"[\ufe0f\u200d\U0001F3FB-\U0001F3FF\s]", "", text)


def means_go_on(text: str) -> bool:
    """True for a message of only "ok" emoji (👍, 👌...), see content/eigen_woorden.yml."""
    rest = _bare_emoji(text)
    if not rest:
        return False
    for emoji in sorted({_bare_emoji(e) for e in own_words_content()["emoji_verder"]}, key=len, reverse=True):
        rest = rest.replace(emoji, "")
    return rest == ""


def says_yes_to_check_in(text: str) -> bool:
    """True when a sentence of the message begins with a yes or a maybe to the check-in
    (content/eigen_woorden.yml `checkin_ja`): "je vraagt of ik mezelf pijn doe. ja eigenlijk wel"
    repeats the question, then answers it. A yes taken for one costs the help lines; a yes missed
    could cost much more."""
    yes = own_words_content()["checkin_ja"]
    return any(starts_with(words(sentence), yes) for sentence in sentences(text))


def denies_danger(text: str) -> bool:
    """True when a message says there is no danger (content/eigen_woorden.yml `geen_gevaar`)."""
    found_in = words(text)
    content = own_words_content()
    return starts_with(found_in, content["geen_gevaar_begin"]) or mentions(found_in, content["geen_gevaar"])


def asks_why_lines(text: str) -> bool:
    """True when a message asks why the help lines came (content/eigen_woorden.yml `waarom_hulplijnen`)."""
    return mentions(words(text), own_words_content()["waarom_hulplijnen"])


def forward_payload(buttons: List[Dict[str, Any]]) -> Optional[str]:
    """The first button that takes the conversation forward (not back, not away)."""
    for button in buttons:
        payload = str(button.get("payload") or "")
        if payload.startswith("/") and payload.split("{", 1)[0] not in NOT_FORWARD and BACK not in payload:
            return payload
    return None


def meant_intent(tracker: Tracker) -> str:
    """The intent, or for an unsure message the model's best guess.

    Between "go on" and own words both answers are safe, so a guess is good enough here:
    "ja" that the model is not sure of is still a yes.
    """
    intent = latest_intent(tracker)
    if intent != "nlu_fallback":
        return intent
    ranking = tracker.latest_message.get("intent_ranking") or []
    guess: Dict[str, Any] = next((r for r in ranking if r.get("name") != "nlu_fallback"), {})
    return str(guess["name"]) if float(guess.get("confidence") or 0.0) >= MIN_GUESS else intent


def _listen() -> List[EventType]:
    return [FollowupAction("action_listen")]


def let_choose(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Offer the current theme's next step, else the menu; then listen."""
    current = tracker.get_slot("thema")
    if current in THEME_PAYLOAD:
        say(dispatcher, "verder_thema", thema_payload=THEME_PAYLOAD[current])
    else:
        dispatcher.utter_message(response="utter_menu")
    return [*_stop_waiting(tracker), *_listen()]


def after_false_alarm(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """No danger after the help lines: sorry for the scare, then the theme or the menu, as the parent chooses."""
    say(dispatcher, "na_hulplijnen_geen_gevaar")
    return let_choose(dispatcher, tracker)


def _stop_waiting(tracker: Tracker) -> List[EventType]:
    """The parent now chooses how to go on: no question waits any more, so the buttons work."""
    return [ActiveLoop(None), SlotSet("requested_slot", None)] if tracker.active_loop_name else []


class ActionEigenWoorden(Action):
    """Answer own words, "go on" words and unforeseen states (see the module docstring)."""

    def name(self) -> Text:
        return "action_eigen_woorden"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        intent = meant_intent(tracker)
        if text.startswith("/"):
            if tracker.active_loop_name:
                # A button of an earlier message while a question still waits: the parent moved
                # on, so the question stops waiting and the button does what it says.
                return [ActiveLoop(None), SlotSet("requested_slot", None), *press(text, tracker)]
            return self._old_button(dispatcher)
        if is_readable(text) and offered(tracker, CHECK_IN_NO):
            return self._after_check_in(dispatcher, tracker, text)
        if after_help_lines(tracker) and asks_why_lines(text):
            say(dispatcher, "na_hulplijnen_waarom")
            return let_choose(dispatcher, tracker)
        if after_help_lines(tracker) and denies_danger(text):
            return after_false_alarm(dispatcher, tracker)
        if len(words(text).split()) <= SAD_FACE_WORDS and feeling_in_words(text) is not None:
            # "😢", "ok 😕": asked what is wrong, not "Dat kan ik niet lezen" or the next question
            # (a simulated mother with little Dutch, 7 December, late).
            return self._own_words(dispatcher, tracker, text)
        if not is_readable(text):
            if means_go_on(text):
                return self._go_on(dispatcher, tracker)
            return self._unreadable(dispatcher, tracker)
        short_yes = len(text.split()) <= SHORT_GO_ON and starts_with(words(text), own_words_content()["ja_woorden"])
        if short_yes and offered(tracker, AGREE):
            return press(AGREE, tracker)
        if intent in CONTINUE and len(text.split()) <= SHORT_GO_ON:
            return self._go_on(dispatcher, tracker)
        if says_go_on(text):
            # "ok samen nadenken dan. hoe?" after "Samen nadenken kan hier wel" got "Goed dat je dat
            # zegt." (a simulated mother with little Dutch, 7 December, night).
            return self._go_on(dispatcher, tracker)
        sorry = said_sorry(dispatcher, tracker)
        if sorry is not None:
            return [*sorry, *let_choose(dispatcher, tracker)]
        return self._own_words(dispatcher, tracker, text)

    @staticmethod
    def _old_button(dispatcher: CollectingDispatcher) -> List[EventType]:
        """A button that fits no step now (an old message's): say so, offer the menu.

        A "go on" press made by `press` that lands here ends here too, so no press can loop.
        """
        say(dispatcher, "oude_knop")
        dispatcher.utter_message(response="utter_menu")
        return _listen()

    @staticmethod
    def _after_check_in(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> List[EventType]:
        """A typed answer to the check-in that the safety net let through.

        Yes or maybe is the Ja button (the help lines). Anything else is a no: with a question
        waiting, these words are its answer ("nee waarom? de juf is lief, die helpt mij"); else
        the talk goes on where it was.
        """
        if says_yes_to_check_in(text):
            return press(CHECK_IN_YES, tracker)
        if tracker.active_loop_name == "vraag_form" and len(text.split()) > SHORT:
            say(dispatcher, "checkin_nee_antwoord")
            return [SlotSet("antwoord", True), FollowupAction("vraag_form")]
        return press(CHECK_IN_NO, tracker)

    @staticmethod
    def _unreadable(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        """Nothing to read: say so, in words other than last time if it happened just before."""
        said_before = {e.get("text") for e in last_reply(tracker)}
        key = "niet_leesbaar_opnieuw" if messages()["niet_leesbaar"]["text"] in said_before else "niet_leesbaar"
        say(dispatcher, key)
        return _listen()

    @staticmethod
    def _go_on(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        """'ok', 'verder': what the reply's forward button does, the theme's next step, or the start.

        At a statement, a yes ("ja", which the model is not sure of) agrees, as "nee" disagrees;
        "ok" or "verder" could mean either, so the parent is asked to choose.
        """
        buttons = reply_buttons(tracker)
        if any(b.get("payload") == AGREE for b in buttons):
            if meant_intent(tracker) == "eens":
                return press(AGREE, tracker)
            say(dispatcher, "stelling_kies")
            return _listen()
        if not tracker.events or not any(e.get("event") == "bot" for e in tracker.events):
            return press("/start", tracker)
        payload = forward_payload(buttons) or THEME_PAYLOAD.get(tracker.get_slot("thema") or "", "/stelling")
        return press(payload, tracker)

    @staticmethod
    def _own_words(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> List[EventType]:
        """Answer a question, or mirror or acknowledge; then open the theme the words point to, or let the parent choose.

        The mirror or acknowledgement is one not given before in this talk; when all were given, none.
        """
        theme = theme_of(text)
        current = tracker.get_slot("thema")
        asked = asked_ids(tracker)
        events: List[EventType] = [*told_family_form(tracker)]
        answered: Dict[str, Any] = {}
        if meant_intent(tracker) in DECLINE and len(text.split()) <= SHORT:
            say(dispatcher, "geen_probleem_kort")
        elif wishes_to_tell(text):
            # "mag ik gewoon iets vertellen?" got "Die vraag kan ik niet beantwoorden." (7 December).
            say(dispatcher, "vertel_maar")
            return [*events, *_stop_waiting(tracker), *_listen()]
        else:
            # A question without its "?" that a rule of content/gehoord.yml answers counts too
            # ("moe kik daar voor betalen", a simulated father, 7 December, evening).
            kind = read_question(tracker)
            if kind is None and asks_a_question(tracker):
                kind = question_kind(tracker)
            said: List[str]
            if kind == QUESTION and theme is not None and len(text.split()) <= NAMES_A_TOPIC:
                # A short question with no answer of its own that names a theme asks for it ("nu
                # school?"); a longer one gets its honest word before the theme is offered
                # (a simulated mother got only "Wil je daar even over nadenken, met een vraag?").
                reply, said = "", []
            elif kind is not None:
                reply, said = heard_reply(kind, asked) or ("", [])
                reply, said = with_other_answer(tracker, kind, reply, said, asked)
                answered = heard_content().get(kind) or {}
                # A question answered is no wish for a theme: "mijn man vraagt of het gratis is"
                # gets its answer, and the bot does not go on to the questions about the other parent.
                theme = None
            elif (felt := feeling_by_words(tracker)) is not None:
                # "soms voel ik mij een gast in mijn eigen huis": the feeling named, its way on offered.
                reply, said = heard_reply(felt, asked) or ("", [])
                answered = heard_content()[felt]
            else:
                # Longer words hear their theme and tone (actions/mirror.py); else an acknowledgement.
                mirrored = mirror(text, asked)
                reply, said = (
                    (mirrored.text, [mirrored.id])
                    if mirrored is not None
                    else fresh_acknowledgement(own_words_content()["erkenning"], asked)
                )
            if reply:
                dispatcher.utter_message(text=reply)
            events.append(SlotSet("gesteld", [*asked, *said]))
            if (theme is None or offered(tracker, AGREE)) and current == "stellingen" and tracker.get_slot("huidige_stelling"):
                # Own words about a statement: a question to think further about it. Words of a
                # theme in the answer to the statement itself ("bij ons is niemand de baas") do
                # not open that theme; a wish to talk about one does (addons/topic_wish.py).
                return [*events, FollowupAction("vraag_form")]
            if theme is not None and len(text.split()) > NAMES_A_TOPIC and theme != current:
                # A story that touches a theme in passing ("brieven zijn moeilijk voor mij, mijn
                # vrouw ...") is no wish to switch: the theme is offered, not opened.
                say(dispatcher, "gehoord_verder_thema", thema_payload=THEME_PAYLOAD[theme])
                return [*events, SlotSet("onderwerp", topic_of(text, theme)), *_stop_waiting(tracker), *_listen()]
            if theme is not None:
                return [
                    *events,
                    SlotSet("thema", theme),
                    SlotSet("onderwerp", topic_of(text, theme)),
                    FollowupAction("vraag_form"),
                ]
        if answered.get("verder"):
            # The way on the answer points to, as after action_gehoord ("Hier is een kaart.": the card).
            going_on = go_on_after(dispatcher, tracker, answered)
            return [*events, *_stop_waiting(tracker), *going_on, *([] if answered.get("meteen") else _listen())]
        return [*events, *let_choose(dispatcher, tracker)]
