"""Hearing what a parent wrote: a feeling named, a question answered, before the talk goes on.

The replies live in content/gehoord.yml, one entry per intent, each with its source in the
report or in content/hulp.yml. What the parent wrote is never repeated or kept; only the ids
of the replies already given (slot `gesteld`), so that no reply comes twice in one talk.

- Outside a question (at the menu, after an answer): the reply, then a way on that fits it
  (the theme the feeling points to, Home-Start nearby, or the current theme); a volunteer
  gets a word on how to begin and a card, a separated parent the questions for the other parent.
- During an open question or a /wiedoetwat task, a question about the bot or about help is
  answered and the same question or task is asked again (rules in data/rules/gehoord.yml).
  A feeling there is the answer: action_na_antwoord names it instead of a plain thanks
  (`heard_reply`).
"""

from __future__ import annotations

import random
import re
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.choice import fresh_at_random, fresh_or_none
from actions.content import load_content
from actions.pressing import THEME_PAYLOAD, press
from actions.say import say
from actions.tone import sees_something, tone
from actions.tracker_reading import ALONE_SLOT, CHECK_IN_NO, asked_ids, just_said_privacy, latest_intent, offered
from addons.content_files import content_file
from addons.feeling_words import feeling_in_words, whose_feeling, words_fit_feeling
from addons.sentences import sentences
from addons.topic_words import (
    FOR_WHOM_PREFIX,
    SERVICE_PREFIX,
    WORD_PREFIX,
    asks_something,
    family_situation,
    is_question,
    mentions,
    own_words,
    own_words_content,
    question_rule,
    says_it_was_misread,
    word_asked,
    word_key,
    words,
)
from addons.wire_format import QUESTION_ENTITY, QUESTIONS_ENTITY

# A Home-Start volunteer at the table: a word on how to begin, and a card.
VOLUNTEER = "vrijwilliger"
# Questions about the bot or about help: answered, then the open question or task is asked
# again (data/rules/gehoord.yml). Feelings: the answer to an open question, named there by
# action_na_antwoord; at a /wiedoetwat task they get their reply and the task comes again.
QUESTIONS = frozenset(
    {
        "vraag_bot",
        "vraag_uitleg",
        "vraag_mening",
        "homestart_kosten",
        "homestart_duur",
        "homestart_voor_wie",
        "homestart_vrijwilliger",
        "hulp_scheiding",
        "hulp_nederlands",
        "vrijwilliger_emotie",
        "bot_alleen",
        "taal_zorg",
        VOLUNTEER,
    }
)
FEELINGS = frozenset(
    {
        "gevoel_moe",
        "gevoel_schuld",
        "gevoel_zorg",
        "gevoel_eenzaam",
        "gevoel_verdriet",
        "gevoel_conflict",
        "gevoel_trots",
        "gescheiden",
    }
)
# A feeling is named only when the intent model is at least this sure of it: "hij is een goede
# vader" taken for guilt, or a couscous recipe for worry about a child, hurts more than a thanks.
# Set on the logistic regression's out-of-fold confidences (config.yml, 5 folds of data/nlu): from
# 0.65, 84 of the 1,722 feelings it names are no feeling; at 0.8 it names 12% fewer real ones.
FEELING_SURE = 0.65
# The entry for a question the intent model could not place (a message ending in "?").
QUESTION = "vraag_algemeen"
# A question ("...?") the intent model is unsure of still gets the answer of its best guess
# when that guess is a question with an answer here and reaches QUESTION_GUESS: an answer
# that half fits costs less than "I cannot answer that" (a feeling is only named when sure).
ADVICE = "advies_vraag"
# A parent who asks what a question means, or to say it in simpler words.
EXPLAIN = "vraag_uitleg"
ANSWERED = QUESTIONS | {ADVICE}
# Answers that fit any question, not one in particular: never the second answer of a message.
GENERAL_ANSWERS = (ADVICE, QUESTION, EXPLAIN)
QUESTION_GUESS = 0.3
# The questions about the bot itself, whose "jij" is the bot.
ABOUT_THE_BOT = frozenset({"vraag_bot", "vraag_mening", "bot_alleen"})
# A volunteer's answer given to a parent's question reads as if the bot took her for someone else
# ("moet ik da met sandra bespreken denkt ge?" got "Laat het verdriet er gerust zijn", 0.57): as a
# guess, those need more.
FOR_VOLUNTEERS = frozenset({VOLUNTEER, "vrijwilliger_emotie"})
VOLUNTEER_GUESS = 0.7
# A help line's number in an offer of help (content/gehoord.yml `hulp`: "bel 106").
_LINE_NUMBER = re.compile(r"\b1\d{2,3}\b")
# A question of at most this many words without a question word, followed by at least this many
# words without a "?", echoes the bot ("bij jullie? ik woon alleen met finn eh, ik doe alles").
ECHO_WORDS = 4
# The words before each "?" of a message, back to the end of the sentence before.
_QUESTION = re.compile(r"([^.!?\n]*)\?")


def sure_of_feeling(tracker: Tracker) -> bool:
    """True when the intent model is sure enough of the message's intent to name a feeling, the
    message does not say no to that feeling (content/gehoord.yml `ontkend_gevoel`: "daar ben ik
    niet trots op" is no pride) and holds a word of it where one is needed (`gevoel_nodig`)."""
    intent = tracker.latest_message.get("intent") or {}
    name = str(intent.get("name"))
    if not words_fit_feeling(name, str(tracker.latest_message.get("text") or "")):
        return False
    return float(intent.get("confidence") or 0.0) >= FEELING_SURE


def has_its_words(tracker: Tracker, intent: str) -> bool:
    """False when `intent` is an answer the model may choose only with one of its words
    (content/gehoord.yml `antwoord_nodig`) and the message has none of them, or one of `niet`."""
    needed = heard_file()["antwoord_nodig"].get(intent)
    if needed is None:
        return True
    found_in = words(str(tracker.latest_message.get("text") or ""))
    return mentions(found_in, needed["woorden"]) and not mentions(found_in, needed.get("niet") or [])


def tells_what_was_said(tracker: Tracker) -> bool:
    """True when a message without a "?" tells someone else's words (content/gehoord.yml
    `verteld_woorden`: "hij zegt gij zijt hier toch nooit"): its "jij" is the parent."""
    text = str(tracker.latest_message.get("text") or "")
    return "?" not in text and mentions(words(text), heard_file()["verteld_woorden"])


def heard_question(tracker: Tracker) -> Optional[str]:
    """The question one sentence of a longer message asks (addons/sentence_reader.py), if any."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == QUESTION_ENTITY and entity.get("value") in ANSWERED:
            # As for the intent model: an answer it may choose only with one of its words. A father's
            # "kunt u me dan minstens zeggen waar ik dat wel kan navragen?" got a volunteer's tip
            # ("Luister en laat stiltes toe ...", a simulated father, 7 December, late).
            return str(entity["value"]) if has_its_words(tracker, str(entity["value"])) else None
    return None


def asks_a_question(tracker: Tracker) -> bool:
    """True when one of the message's sentences ends in "?" (not only the last: "Is Home-Start ook
    voor een kind van acht? Ik dacht dat het voor baby's was.") or is a question with an answer.

    A lone word with "?" ("alweer??", "huh?", "echt?") is surprise, not a question to answer, and so
    are filler words with one ("pff eerlijk?", "weet je?": content/gehoord.yml `geen_vraag_woorden`),
    a few of the bot's words echoed before the parent goes on ("bij jullie? ik woon alleen met finn",
    "Door de jaren heen? Ze zijn pas twee jaar samen": simulated parents got "Die vraag kan ik niet
    beantwoorden", 7 December, night), and someone else's quoted words (`own_words`).
    """
    text = own_words(str(tracker.latest_message.get("text") or ""))
    fillers = set(heard_file()["geen_vraag_woorden"])
    for found in _QUESTION.finditer(text):
        piece, rest = found.group(1), text[found.end() :]
        if len(piece.split()) <= 1 or all(word in fillers for word in words(piece).split()):
            continue
        if len(piece.split()) <= ECHO_WORDS and not is_question(piece) and "?" not in rest and len(rest.split()) >= ECHO_WORDS:
            continue
        return True
    return heard_question(tracker) is not None


def _says_one_of(tracker: Tracker, key: str) -> bool:
    """True when the message holds one of the words of content/gehoord.yml `key` (whole words)."""
    return mentions(words(str(tracker.latest_message.get("text") or "")), heard_file()[key])


def asks_for_advice(tracker: Tracker) -> bool:
    """True when a message the model took for a request for advice asks something ("?") or names
    advice in words (content/gehoord.yml `advies_woorden`: "tips", "wat moet ik doen"), unless it
    is a thought of the parent's own ("misschien kan ik 1 zaterdag per maand wisselen van shift.
    nooit aan gedacht", the mirror's `inzicht`: actions/tone.py sees_something)."""
    if asks_a_question(tracker):
        return True
    return _says_one_of(tracker, "advies_woorden") and not sees_something(str(tracker.latest_message.get("text") or ""))


def question_sentences(text: str) -> List[str]:
    """The sentences of a message that have the form of a question (`is_question`)."""
    return [sentence for sentence in sentences(text) or [text] if is_question(sentence)]


def read_question(tracker: Tracker) -> Optional[str]:
    """The entry of a question read by its words (content/gehoord.yml `vraag_regels`: "Ik voel me
    buitenspel gezet. Is dat normaal?", "moet ik betalen voor deze chat?"), whatever the intent
    model guessed; None when the message asks none of them."""
    text = str(tracker.latest_message.get("text") or "")
    # "is da voor mensen die falen als ouder of wa": a question without its "?"; "gij antwoordt nie
    # op mijn vraag. is da van het ocmw of nie": one in the second sentence.
    asking = question_sentences(own_words(text))
    if not (asks_a_question(tracker) or asking):
        return None
    # The question's own sentence first: "Bedankt voor de tip over de bemiddelaar en het CAW. Hoe wis
    # ik dit gesprek meteen?" got the mediator's text again (a simulated mother, 7 December, night).
    # The whole message after: "De school kan dit lezen. Is dat zo?" leans on the sentence before.
    return next((kind for kind in map(question_rule, asking) if kind is not None), None) or question_rule(text)


def wants_explanation(tracker: Tracker) -> bool:
    """True when the parent asks what the bot's question means or to say it simpler: the intent (or
    a sentence of a longer message, addons/sentence_reader.py), and one of content/gehoord.yml
    `uitleg_woorden` ("wat bedoel je", "eenvoudiger"); not when it names a word of the bot's that
    the glossary explains (content/gehoord.yml `woordenlijst`): "Jessica begrijpt niet wat 'dat
    weegt soms' betekent. Kunt u dat in makkelijkere woorden zeggen?" got "Het is een vraag om even
    over na te denken" (a simulated volunteer, 7 December, late)."""
    asked = latest_intent(tracker) == EXPLAIN or heard_question(tracker) == EXPLAIN
    text = str(tracker.latest_message.get("text") or "")
    return asked and _says_one_of(tracker, "uitleg_woorden") and word_asked(text) is None


def asks_a_word(tracker: Tracker) -> Optional[str]:
    """The entry of the glossary word (content/gehoord.yml `woordenlijst`) whose meaning a message
    asks, or None. During an open question the word is explained and the question asked again:
    "Jessica begrijpt niet wat 'dat weegt soms' betekent. Kunt u dat in makkelijkere woorden
    zeggen?" was taken as Jessica's answer (a simulated volunteer, 7 December, late)."""
    text = str(tracker.latest_message.get("text") or "")
    word = word_asked(text)
    return None if word is None or not asks_something(text) else WORD_PREFIX + word


def said_privacy_simply(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """For a request for simpler words right after the privacy answer (actions/privacy.py):
    that answer in a few short words (content/berichten.yml `privacy_eenvoudig`), and True; else
    nothing, and False. A simulated mother with little Dutch got "Ik bedoel het breed" instead."""
    if not just_said_privacy(tracker):
        return False
    say(dispatcher, "privacy_eenvoudig")
    return True


def said_sorry(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """For a parent who says the bot got them wrong, outside an open question ("ho ho kzen ni
    uitgeput he", "Dat zei ik net niet"; content/eigen_woorden.yml `correctie`): a sorry, not the
    last one said, and the event that remembers it; else nothing, and None. Two simulated parents
    got a second reply on the same misreading instead (7 December)."""
    if tracker.active_loop_name or not corrects_the_bot(tracker):
        return None
    return [SlotSet("gesteld", say_sorry(dispatcher, tracker))]


def corrects_the_bot(tracker: Tracker) -> bool:
    """True when the parent says the bot got them wrong or did not answer (content/eigen_woorden.yml
    `correctie`), and asks no question the bot can answer: "Nee, dat is het niet. Vind je het normaal
    dat je je kinderen zo mist?" wants its answer, not a sorry that asks to say it again (a simulated
    father, 7 December, afternoon)."""
    return says_it_was_misread(str(tracker.latest_message.get("text") or "")) and read_question(tracker) is None


def say_sorry(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[str]:
    """Say a sorry not said before in this talk; the ids said so far, with it."""
    asked = asked_ids(tracker)
    sorry = fresh_at_random(variants("correctie", own_words_content()["correctie"]["teksten"]), asked)
    dispatcher.utter_message(text=sorry.text)
    return [*asked, sorry.id]


def question_kind(tracker: Tracker) -> str:
    """The entry that answers a question: the one heard in a sentence, else the model's best
    guess among ANSWERED, else QUESTION."""
    read = read_question(tracker)
    if read is not None:
        return read
    heard = heard_question(tracker)
    if heard is not None:
        return heard
    ranking = [r for r in tracker.latest_message.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
    if ranking and ranking[0].get("name") in ANSWERED and has_its_words(tracker, str(ranking[0]["name"])):
        needed = VOLUNTEER_GUESS if ranking[0]["name"] in FOR_VOLUNTEERS else QUESTION_GUESS
        if float(ranking[0].get("confidence") or 0.0) >= needed:
            return str(ranking[0]["name"])
    return QUESTION


def reply_form(tracker: Tracker) -> Optional[str]:
    """Which texts of a feeling's entry fit the message: "vraag" for a feeling asked as a question
    ("ben ik een slechte moeder?", "is dat normaal?": a reply that answers it), "gemengd" for words
    that also sound hard (actions/tone.py: "kzen wel trots ma tis wel zuur" got "Hoera!" from a
    simulated father), "goed" for words that sound fine (guilt that turns to something good), else
    None: the usual texts."""
    if asks_a_question(tracker):
        return "vraag"
    sound = tone(str(tracker.latest_message.get("text") or ""))
    return {"moeilijk": "gemengd", "goed": "goed"}.get(sound)


def help_offered(intent: str) -> str:
    """The id that marks that the help of an entry (106, Awel...) was offered: once a talk."""
    return f"{intent}_hulp"


def line_offered(help_text: str, asked: Sequence[str]) -> bool:
    """True when a help line this offer names (106) was offered with another reply in this talk:
    a simulated mother got Tele-Onthaal for her tiredness and again for missing her sister, "which
    felt heavy" (7 December, afternoon)."""
    numbers = set(_LINE_NUMBER.findall(help_text))
    offered = [i[: -len("_hulp")] for i in asked if i.endswith("_hulp")]
    entries = heard_content()
    return any(numbers & set(_LINE_NUMBER.findall(str(entries.get(i, {}).get("hulp") or ""))) for i in offered)


def heard_file() -> Dict[str, Any]:
    """content/gehoord.yml."""
    return content_file("gehoord.yml")


def heard_content() -> Dict[str, Dict[str, Any]]:
    """content/gehoord.yml: the replies by intent; the answer on each organisation of content/hulp.yml
    that parents name (`service_answers`); the explanation of the bot's own words (`word_answers`)."""
    return {**heard_file()["antwoorden"], **service_answers(), **word_answers()}


def word_answers() -> Dict[str, Dict[str, Any]]:
    """For each word of content/gehoord.yml `woordenlijst`, its plain explanation ("woord_waardering")."""
    glossary = heard_file()["woordenlijst"]
    source = f"content/gehoord.yml woordenlijst: {glossary['bron']}"
    return {WORD_PREFIX + word_key(w["woorden"]): {"bron": source, "teksten": [str(w["uitleg"])]} for w in glossary["woorden"]}


def service_answers() -> Dict[str, Dict[str, Any]]:
    """For each organisation of content/hulp.yml with `namen`, the answer to "wat is ...?": its
    name, what it does and how to reach it, from that file only (addons/topic_words.py
    service_asked). The name is said first where `wat` does not say it ("Een maatschappelijk
    werker ..." for the OCMW); that it is free where the file says so and `wat` does not ("huis
    van het kind, wat is dat? ... en moet ik betalen?", a simulated mother, 7 December, night). And
    for each with `voor_wie`, whom it is for (`dienst_voor_wie_<id>`: "huis van het kind, da's toch
    voor kleine kinders?")."""
    answers: Dict[str, Dict[str, Any]] = {}
    for service in content_file("hulp.yml")["organisaties"]:
        if not service.get("namen"):
            continue
        what, name = str(service["wat"]), str(service["naam"])
        if name.split(" (")[0].lower() not in what.lower():
            what = f"{name}: {what[0].lower()}{what[1:]}"
        free = "" if service.get("gratis") is not True or "gratis" in what.lower() else "Het is gratis."
        text = " ".join(part for part in (what, free, str(service.get("hoe") or "")) if part)
        source = f"content/hulp.yml {service['id']}"
        answers[SERVICE_PREFIX + str(service["id"])] = {"bron": source, "teksten": [text]}
        if service.get("voor_wie"):
            for_whom = str(service["voor_wie"])
            said = " ".join(
                part for part in (f"{name}: {for_whom[0].lower()}{for_whom[1:]}", str(service.get("hoe") or "")) if part
            )
            answers[FOR_WHOM_PREFIX + str(service["id"])] = {"bron": source, "teksten": [said]}
    return answers


class Variant(NamedTuple):
    """One text of a list in content/, with the id it is remembered by in slot `gesteld`."""

    id: str
    text: str


def variants(prefix: str, texts: Sequence[Any]) -> List[Variant]:
    """The texts with their ids `<prefix>_<n>`, n their place in the list (from 1)."""
    return [Variant(f"{prefix}_{n}", str(text)) for n, text in enumerate(texts, 1)]


def heard_reply(
    intent: str, asked: Sequence[str], rng: Optional[random.Random] = None, form: Optional[str] = None
) -> Optional[Tuple[str, List[str]]]:
    """The reply to `intent` not given before in this talk, and the ids to remember; None if it has none.

    When every variant was used, any but the last one (`fresh_at_random`): a feeling named
    again is still heard. An entry's `vervolg_teksten`, where it has them, come once one of its
    replies was said in this talk. `form` (`reply_form`) picks an entry's `vraag_teksten` or
    `gemengd_teksten` where it has them. The help offer of an entry comes with its first reply,
    and never again in the same talk.
    """
    entry = heard_content().get(intent)
    if entry is None:
        return None
    if entry.get("vervolg_teksten") and not entry.get(f"{form}_teksten") and any(i.startswith(f"{intent}_") for i in asked):
        form = "vervolg"  # asked again in this talk: the same stance in other words
    if form is not None and entry.get(f"{form}_teksten"):
        reply = fresh_at_random(variants(f"{intent}_{form}", entry[f"{form}_teksten"]), asked, rng)
    else:
        reply = fresh_at_random(variants(intent, entry["teksten"]), asked, rng)
    text, ids = reply.text, [reply.id]
    if entry.get("hulp") and help_offered(intent) not in asked and not line_offered(str(entry["hulp"]), asked):
        text = f"{text} {entry['hulp']}"
        ids.append(help_offered(intent))
    return text, ids


def say_heard(dispatcher: CollectingDispatcher, tracker: Tracker, kind: str) -> Optional[EventType]:
    """Say the reply of entry `kind` not given before in this talk (`heard_reply`, with its help
    offer); the event that remembers it, or None when `kind` has no reply."""
    asked = asked_ids(tracker)
    found = heard_reply(kind, asked)
    if found is None:
        return None
    text, ids = found
    dispatcher.utter_message(text=text)
    return SlotSet("gesteld", [*asked, *ids])


def without_card_promise(text: str) -> str:
    """The reply without its sentence that promises a card (content/gehoord.yml `kaart_belofte`), for
    where no card follows it."""
    promises = tuple(heard_file()["kaart_belofte"])
    return " ".join(s for s in sentences(text) if not s.startswith(promises))


def feeling_by_words(tracker: Tracker) -> Optional[str]:
    """The feeling a message names in words the intent model does not know (content/gehoord.yml
    `gevoel_regels`: "soms voel ik mij een gast in mijn eigen huis"), or None; never for a question."""
    if asks_a_question(tracker):
        return None
    return feeling_in_words(str(tracker.latest_message.get("text") or ""))


def other_question(tracker: Tracker, answered: str) -> Optional[str]:
    """The entry of a second question of a message that asks two or more, one that is not
    `answered`: a sentence's question read by its words (content/gehoord.yml `vraag_regels`),
    else one the sentence reader named (entity `vragen`, addons/sentence_reader.py); None for a
    message of one question or none with an answer of its own. A general answer (no advice, what a
    question means) does not come second: "en wa wilt ge van mij? rapporteert ge da aan iemand?" got
    the privacy answer and "Ik geef geen advies" after it."""
    asking = question_sentences(str(tracker.latest_message.get("text") or ""))
    if len(asking) < 2:
        return None
    by_words = [question_rule(s) for s in asking]
    named = [str(e.get("value")) for e in tracker.latest_message.get("entities") or [] if e.get("entity") == QUESTIONS_ENTITY]
    entries = heard_content()
    for kind in [*(k for k in by_words if k is not None), *named]:
        if kind not in (answered, *GENERAL_ANSWERS) and kind in entries and has_its_words(tracker, kind):
            return kind
    return None


def other_answer(tracker: Tracker, answered: str, asked: Sequence[str]) -> Optional[Tuple[str, List[str]]]:
    """The reply to a second question of the message (`other_question`) and the ids to remember,
    or None. Simulated parents who asked two things at once got one answer ("hoi, is dit gratis?
    en wie leest dit mee?" only the privacy text)."""
    kind = other_question(tracker, answered)
    return None if kind is None else heard_reply(kind, asked)


def with_other_answer(
    tracker: Tracker, answered: str, reply: str, said: List[str], asked: Sequence[str]
) -> Tuple[str, List[str]]:
    """`reply` (to `answered`) and the ids it said, with the reply to a second question of the message
    (`other_answer`) after it in the same message, where there is one."""
    other = other_answer(tracker, answered, [*asked, *said])
    return (f"{reply} {other[0]}".strip(), [*said, *other[1]]) if other is not None else (reply, said)


def fresh_acknowledgement(texts: Sequence[str], asked: Sequence[str]) -> Tuple[str, List[str]]:
    """An acknowledgement of own words not given before in this talk, and its id; ("", []) when all were.

    The ids are `erkenning_<n>`, the place of the text in content/eigen_woorden.yml.
    """
    found = fresh_or_none(variants("erkenning", texts), asked)
    return (found.text, [found.id]) if found is not None else ("", [])


def _last_question_in_simple_words(asked: Sequence[str]) -> Optional[List[EventType]]:
    """ "Kan je dat eenvoudiger zeggen?" after the parent answered or left a question: that question
    again, in very simple words (content/prompts.yml `eenvoudig`), as an open question; None when
    the last question the bot asked has no simple form (then the usual word on what it means)."""
    content = load_content()
    last = next((content.by_id[i] for i in reversed(asked) if i in content.by_id), None)
    if last is None or not last.eenvoudig:
        return None
    # The form asks it: action_ask_antwoord asks an open question again in simple words after vraag_uitleg.
    return [SlotSet("thema", last.thema), SlotSet("open_vraag", last.id), FollowupAction("vraag_form")]


class ActionGehoord(Action):
    """Answer a feeling or a question in its own words (see the module docstring)."""

    def name(self) -> Text:
        return "action_gehoord"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = latest_intent(tracker)
        text = str(tracker.latest_message.get("text") or "")
        if offered(tracker, CHECK_IN_NO) and not text.startswith("/"):
            # Typed words right after the check-in answer it ("nee waarom? de juf is lief, die helpt
            # mij" is a no, not a question about Home-Start): action_eigen_woorden reads them so.
            return [FollowupAction("action_eigen_woorden")]
        sorry = said_sorry(dispatcher, tracker)
        if sorry is not None:
            return [*sorry, *offer_way_on(dispatcher, tracker, "")]
        if intent in ABOUT_THE_BOT and tells_what_was_said(tracker):
            # "hij zegt gij zijt hier toch nooit": the son's words to the parent, not a question.
            return [FollowupAction("action_eigen_woorden")]
        if intent in FEELINGS and not sure_of_feeling(tracker):
            # Not sure which feeling, if any: heard as own words, without a name for it.
            return [FollowupAction("action_eigen_woorden")]
        intent = whose_feeling(intent, text)
        read = read_question(tracker)
        if read is not None:
            intent = read
        elif not has_its_words(tracker, intent):
            # A parent's own question, not a volunteer's about a parent (content/gehoord.yml
            # `antwoord_nodig`): asked as a question of its own.
            intent = ADVICE if asks_for_advice(tracker) else QUESTION
        if intent == ADVICE and read is None and not asks_for_advice(tracker):
            # "Misschien kan ik meer doen met Adam" is a thought, not a request: "Ik geef geen advies"
            # to it answers what nobody asked (simulated parents, 7 December). Own words hear it (the
            # mirror's `inzicht`); a feeling named with it stays that feeling.
            return [FollowupAction("action_eigen_woorden")]
        asked = asked_ids(tracker)
        explain = intent == EXPLAIN and wants_explanation(tracker)
        if explain and said_privacy_simply(dispatcher, tracker):
            return offer_way_on(dispatcher, tracker, "")
        if intent == EXPLAIN and not explain:
            # "kan dat ook in de week zonder mijn dochter?" asks something of its own.
            intent = QUESTION
        # Outside a question only: during one, the rule asks that question again, no card.
        in_a_question = bool(tracker.active_loop.get("name"))
        # A volunteer who names the family's situation gets a word on it and its card; else the
        # general word on how to begin.
        situation = family_situation(text) if intent == VOLUNTEER and not in_a_question else None
        if situation is not None:
            dispatcher.utter_message(text=situation["tekst"])
            events: List[EventType] = [SlotSet("gesteld", [*asked, f"{VOLUNTEER}_{situation['naam']}"])]
            if situation.get("gezin"):
                events.append(SlotSet(ALONE_SLOT, situation["gezin"]))
            return [*events, *press(situation["verder"], tracker)]
        found = heard_reply(intent, asked, form=reply_form(tracker))
        if found is None:
            return []
        text, ids = found
        # During a question the rule asks it again: no card comes, so none is promised.
        dispatcher.utter_message(text=without_card_promise(text) if in_a_question else text)
        other = other_answer(tracker, intent, [*asked, *ids])
        if other is not None:
            dispatcher.utter_message(text=other[0])
            ids += other[1]
        events = [SlotSet("gesteld", [*asked, *ids])]
        if intent == EXPLAIN and not in_a_question:
            simpler = _last_question_in_simple_words(asked)
            if simpler is not None:
                return [*events, *simpler]
        if in_a_question:
            return events  # the rule asks the open question or task again
        entry = heard_content()[intent]
        if entry.get("gezin"):
            events.append(SlotSet(ALONE_SLOT, entry["gezin"]))
        return [*events, *go_on_after(dispatcher, tracker, entry)]


def go_on_after(dispatcher: CollectingDispatcher, tracker: Tracker, entry: Dict[str, Any]) -> List[EventType]:
    """The way on after the reply of an entry of content/gehoord.yml: its `verder` at once where it
    says `meteen` (a volunteer's card, a separated parent's questions: as if pressed, for a reply
    that says "Hier is een kaart."), else offered (`offer_way_on`)."""
    way_on = str(entry.get("verder") or "")
    if entry.get("meteen"):
        return press(way_on, tracker)
    return offer_way_on(dispatcher, tracker, way_on)


def offer_way_on(dispatcher: CollectingDispatcher, tracker: Tracker, way_on: str) -> List[EventType]:
    """How to go on after a feeling or question was heard: the current theme first, else what the
    reply points to (`verder` in content/gehoord.yml), else the menu."""
    current = tracker.get_slot("thema")
    if current in THEME_PAYLOAD and tracker.get_slot("open_vraag") is None and way_on != "/homestart_buurt":
        say(dispatcher, "verder_thema", thema_payload=THEME_PAYLOAD[current])
    elif way_on in THEME_PAYLOAD.values():
        say(dispatcher, "gehoord_verder_thema", thema_payload=way_on)
    elif way_on == "/homestart_buurt":
        say(dispatcher, "gehoord_verder_homestart")
    else:
        dispatcher.utter_message(response="utter_menu")
    return []
