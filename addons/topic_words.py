"""Which theme or topic a parent's own words name, and whether they ask to talk about it.

One home for these word look-ups (content/eigen_woorden.yml: `thema_woorden`,
`onderwerp_woorden`, `wens_woorden`): the NLU component TopicWish (addons/topic_wish.py) reads
a wish in any state, the actions read the theme of own words and of an answer.
Matching is on whole words of the lowercased message without accents or punctuation.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from addons.content_files import content_file
from addons.plain_text import word_list

# The intent that opens each theme of content/prompts.yml (domain.yml, data/rules/vragen.yml).
THEME_OF_INTENT = {
    "eigen_rol": "eigen_rol",
    "partner": "partner",
    "steun": "steun",
    "vraag": "trage_vragen",
    "huishouden": "huishouden",
}
INTENT_OF_THEME = {theme: intent for intent, theme in THEME_OF_INTENT.items()}
# A wish names its theme soon after the wish words ("laten we steun doen"): only these many
# words after them count, so "... haar mama woont in Limburg" later on names nothing.
WISH_REACH = 8
# A wish that points back ("daar ... over ... nadenken") names its verb within this many words.
BACK_REACH = 5
# Where a clause ends, for "over X praten" (one clause, not the next sentence).
_CLAUSE_END = re.compile(r"[.,;:!?\n]+")


def own_words_content() -> Dict[str, Any]:
    """content/eigen_woorden.yml."""
    return content_file("eigen_woorden.yml")


def words(text: str) -> str:
    """The message as ' word word ' (lowercase, no accents, no punctuation), for phrase look-ups.

    Hyphens stay, as the word lists of content/eigen_woorden.yml write them ("co-ouder").
    """
    return " " + " ".join(word_list(text, hyphens=True)) + " "


def mentions(found_in: str, phrases: List[str]) -> bool:
    """True when `found_in` (as made by `words`) holds one of the phrases as whole words; the
    parts of a hyphenated word count too ("gsm-gebruik" mentions "gsm")."""
    parts = found_in.replace("-", " ")
    return any(f" {phrase} " in found_in or f" {phrase} " in parts for phrase in phrases)


def starts_with(found_in: str, phrases: List[str]) -> bool:
    """True when `found_in` (as made by `words`) begins with one of the phrases."""
    return any(found_in.startswith(f" {phrase} ") for phrase in phrases)


def _themes_in(found_in: str) -> List[str]:
    return [theme for theme, phrases in own_words_content()["thema_woorden"].items() if mentions(found_in, phrases)]


def _first_theme(span: List[str]) -> Optional[str]:
    """The theme named first in the words of a wish ("over mijn ex als papa": partner), or None."""
    found_in = " " + " ".join(span) + " "
    parts = found_in.replace("-", " ")  # as mentions(): "co-ouder" whole, "gsm-gebruik" by its parts
    first: Dict[str, int] = {}
    for theme, phrases in own_words_content()["thema_woorden"].items():
        places = [
            place for phrase in phrases for place in (found_in.find(f" {phrase} "), parts.find(f" {phrase} ")) if place >= 0
        ]
        if places:
            first[theme] = min(places)
    if not first:
        return None
    earliest = min(first.values())
    named = [theme for theme, place in first.items() if place == earliest]
    return named[0] if len(named) == 1 else None


def theme_of(text: str) -> Optional[str]:
    """The one theme the words point to, or None when they point to none or to several."""
    found = _themes_in(words(text))
    return found[0] if len(found) == 1 else None


def topic_of(text: str, theme: str) -> Optional[str]:
    """Within `theme`, the topic (`onderwerp` of content/prompts.yml) the words point to."""
    found_in = words(text)
    topics = own_words_content().get("onderwerp_woorden", {}).get(theme, {})
    found = [topic for topic, phrases in topics.items() if mentions(found_in, phrases)]
    return found[0] if len(found) == 1 else None


def wants_to_talk_about(text: str) -> bool:
    """True when the words ask for a topic ("ik wil praten over", "kunnen we het over ... hebben")."""
    return mentions(words(text), own_words_content()["wens_woorden"])


def named_theme(text: str) -> Optional[str]:
    """The theme whose intent is the whole message ("eigen_rol", "huishouden"), or None."""
    found_in = words(text).strip()  # words() turns "_" into a space, as below
    return next((theme for intent, theme in THEME_OF_INTENT.items() if found_in == intent.replace("_", " ")), None)


# A wish to tell, or for the recap, is read in short messages only: in a longer one the parent is
# already telling.
SHORT_WISH_WORDS = 14


def wishes_to_tell(text: str) -> bool:
    """True when a short message asks to tell something and names no theme ("ik wil eens iets
    vertellen over mijn dag", "mag ik gewoon iets vertellen?", "ik moet iets kwijt":
    content/eigen_woorden.yml `vertel_wens`)."""
    found_in = words(text)
    short = len(found_in.split()) <= SHORT_WISH_WORDS
    return short and mentions(found_in, own_words_content()["vertel_wens"]) and not _themes_in(found_in)


def wishes_summary(text: str) -> bool:
    """True when a short message asks for the recap (content/eigen_woorden.yml `samenvatting_wens`)."""
    found_in = words(text)
    return len(found_in.split()) <= SHORT_WISH_WORDS and mentions(found_in, own_words_content()["samenvatting_wens"])


def wishes_statement(text: str) -> bool:
    """True when a wish asks for the statements ("nog eens zo'n stelling, eens of oneens")."""
    found_in = words(text)
    return wants_to_talk_about(text) and mentions(found_in, own_words_content()["stelling_woorden"])


# The card theme of the statements (content/prompts.yml; the button "Kaart: eens of oneens").
STATEMENTS_CARD = "stellingen"
# A request for a card without a question or wish word is short ("een kaartje over het huishouden aub").
SHORT_CARD_WISH = 6


def wished_card(text: str) -> Optional[str]:
    """The theme of the card a message asks for ("Is er een kaart die wat luchtiger is? Eens of
    oneens misschien?", "heb je een kaart over steun?"): a card word (content/eigen_woorden.yml
    `kaart_woorden`, the single words) and one theme's words or the statements'; None otherwise, or
    when a rule of content/gehoord.yml answers the message ("kan ik die kaarten printen?")."""
    found_in = words(text)
    card_words = [w for w in own_words_content()["kaart_woorden"] if w.startswith("kaart")]
    if not mentions(found_in, card_words) or asks_by_words(text):
        return None
    asking = asks_something(text) or wants_to_talk_about(text) or len(found_in.split()) <= SHORT_CARD_WISH
    if not asking:
        return None  # "de juf gaf hem een kaart voor zijn verjaardag, ..." asks for nothing
    if mentions(found_in, own_words_content()["stelling_woorden"]):
        return STATEMENTS_CARD
    return theme_of(text)


def wished_theme(text: str) -> Optional[str]:
    """The theme a wish names, or None: right after its wish words ("laten we steun doen", "thema
    school pls"), between "over" and a verb of talking ("over de was praten, kan dat?"), or, for a
    wish that points back ("... Kunnen we daarover praten?"), the one theme of the message.

    Only WISH_REACH words after a wish phrase or "over" count; the theme named first in them wins.
    """
    content = own_words_content()
    found_in = words(text)
    for idiom in content["geen_wens"]:
        found_in = found_in.replace(f" {idiom} ", " ")
    for phrase in content["wens_woorden"]:
        start = found_in.find(f" {phrase} ")
        if start < 0:
            continue
        span = found_in[start + len(phrase) + 1 :].split()[:WISH_REACH]
        # "vraagt of er ook vragen over hem zijn": "over hem" names the other parent.
        theme = _first_theme(["over", *span] if phrase.endswith(" over") else span)
        if theme is not None:
            return theme
    # "over X praten" within one clause: "het overleg met mijn ex over school, vakanties en geld
    # loopt vast. We praten alleen nog via sms." names no wish.
    for clause in _CLAUSE_END.split(text):
        tokens = words(clause).split()
        for at, token in enumerate(tokens):
            if token != "over":
                continue
            span = tokens[at + 1 : at + 1 + WISH_REACH]
            verb = next((n for n, word in enumerate(span) if word in content["praat_woorden"]), None)
            # "over" itself counts: "kunnen we het nu over haar hebben" names "over haar".
            theme = _first_theme(["over", *span[:verb]]) if verb is not None else None
            if theme is not None:
                return theme
    if mentions(found_in, content["terug_wens_woorden"]) or _points_back(text):
        return main_theme(text)
    return None


def _points_back(text: str) -> bool:
    """True when a clause points back and names a verb of talking: "daar" and "over", or
    "daarover" or "hierover", with one of `praat_woorden` within BACK_REACH words ("ik zou daar
    graag eens over nadenken", "kunnen we hierover iets bespreken")."""
    content = own_words_content()
    for clause in _CLAUSE_END.split(text):
        tokens = words(clause).split()
        for at, token in enumerate(tokens):
            if token not in ("daar", "daarover", "hierover", "erover", "hier"):
                continue
            span = tokens[at + 1 : at + 1 + BACK_REACH]
            pointed = token.endswith("over") or "over" in span
            if pointed and any(word in content["praat_woorden"] for word in span):
                return True
    return False


def theme_counts(text: str) -> Dict[str, int]:
    """How many of each theme's words the text holds."""
    found_in = words(text)
    return {
        theme: sum(mentions(found_in, [phrase]) for phrase in phrases)
        for theme, phrases in own_words_content()["thema_woorden"].items()
    }


def main_theme(text: str) -> Optional[str]:
    """The theme the words point to most ("mijn moeder past op, de buurvrouw haalt de kinderen van
    school, mijn vriend helpt": steun over the school words), or None when none leads."""
    return leading_theme(theme_counts(text))


def leading_theme(counts: Dict[str, int]) -> Optional[str]:
    """The theme counted most in `theme_counts`, or None when none is counted or two lead."""
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    return max(counts, key=lambda theme: counts[theme])


def asks_card_for_family(text: str) -> bool:
    """True when a question asks for a card or theme and names a family's situation (content/
    gehoord.yml `vrijwilliger.situaties`): "zijn er ook kaarten voor ouders die er alleen voor
    staan?" is a volunteer's question, whatever the intent model read (Home-Start's target group,
    to a simulated volunteer, 7 December)."""
    if not mentions(words(text), own_words_content()["kaart_woorden"]) or not is_question(text):
        return False
    return family_situation(text) is not None


def family_situation(text: str) -> Optional[Dict[str, Any]]:
    """The family situation a message names (content/gehoord.yml `vrijwilliger.situaties`: a father
    who "helps", separated parents, a parent alone), the first whose words it holds and none of its
    `niet`; None if none."""
    found_in = words(text)
    situations = content_file("gehoord.yml")["antwoorden"]["vrijwilliger"].get("situaties") or []
    return next((s for s in situations if mentions(found_in, s["woorden"]) and not mentions(found_in, s.get("niet") or [])), None)


def says_it_was_misread(text: str) -> bool:
    """True when a message says the bot got it wrong or did not answer (content/eigen_woorden.yml
    `correctie`: "Dat zei ik net niet", "ge antwoordt ni op mijn vraag eh")."""
    return mentions(words(text), own_words_content()["correctie"]["woorden"])


def says_parent_alone(text: str) -> bool:
    """True when a message says the parent raises the children alone here (content/eigen_woorden.yml
    `alleen_thuis`: a partner abroad, "ik ben alleen met de kinderen")."""
    return mentions(words(text), own_words_content()["alleen_thuis"])


def says_other_parent_at_home(text: str) -> bool:
    """True when a message says the other parent lives at home ("mijn vrouw is daar beter in", "we
    zijn getrouwd") and nothing says the family lives apart or the partner is new (content/
    eigen_woorden.yml `samen_thuis`)."""
    found_in = words(text)
    together = own_words_content()["samen_thuis"]
    return mentions(found_in, together["woorden"]) and not mentions(found_in, together["niet"])


# The entry name of the answer on an organisation of content/hulp.yml ("dienst_ocmw"); the actions
# make its text from that file (actions/heard.py), one home for what each organisation does.
SERVICE_PREFIX = "dienst_"
# ... and of the answer on whom it is for ("dienst_voor_wie_huis_van_het_kind").
FOR_WHOM_PREFIX = "dienst_voor_wie_"
# The entry name of the explanation of one of the bot's words ("woord_waardering").
WORD_PREFIX = "woord_"


def question_rule(text: str) -> Optional[str]:
    """The entry of content/gehoord.yml `vraag_regels` whose word lists the message holds (a word of
    each list of `alle`, none of `niet`), the first one; else the answer on the organisation it asks
    about (`service_asked`); None when none fits. Whether the message asks at all is the caller's
    to check (actions/heard.py read_question)."""
    found_in = words(text)
    for rule in content_file("gehoord.yml")["vraag_regels"]:
        if all(mentions(found_in, group) for group in rule["alle"]) and not mentions(found_in, rule.get("niet") or []):
            return str(rule["antwoord"])
    for_whom = service_named(text, "dienst_voor_wie")
    if for_whom is not None:
        return FOR_WHOM_PREFIX + for_whom
    service = service_asked(text)
    if service is not None:
        return SERVICE_PREFIX + service
    word = word_asked(text)
    return None if word is None else WORD_PREFIX + word


def asks_by_words(text: str) -> bool:
    """True when the message is a question ("?" or the form of one) that `question_rule` answers."""
    return asks_something(text) and question_rule(text) is not None


def asks_something(text: str) -> bool:
    """True when a message holds a "?" or has the form of a question (`is_question`)."""
    return "?" in text or is_question(text)


def service_asked(text: str) -> Optional[str]:
    """The id of the one organisation of content/hulp.yml (by its `namen`) that a message asks what
    it is or does (content/gehoord.yml `dienst_vraag`: "wat is OCMW?"), or None."""
    return service_named(text, "dienst_vraag")


def word_asked(text: str) -> Optional[str]:
    """The first form of the one word of content/gehoord.yml `woordenlijst` whose meaning a message
    asks (`woord_vraag`: "waardering? wat betekent dat woord?"), or None."""
    heard = content_file("gehoord.yml")
    return _the_one_asked(
        text, heard["woord_vraag"], [(word_key(w["woorden"]), w["woorden"]) for w in heard["woordenlijst"]["woorden"]]
    )


def word_key(forms: List[str]) -> str:
    """The name of a word of `woordenlijst` in entry names: its first form ("trage_vraag")."""
    return str(forms[0]).replace(" ", "_")


def service_named(text: str, asking: str) -> Optional[str]:
    """The id of the one organisation of content/hulp.yml (by its `namen`) that a message names with
    a word of content/gehoord.yml `asking` (`dienst_vraag`, `dienst_voor_wie`), or None."""
    services = [(str(o["id"]), o.get("namen") or []) for o in content_file("hulp.yml")["organisaties"]]
    return _the_one_asked(text, content_file("gehoord.yml")[asking], services)


def _the_one_asked(text: str, asking: List[str], named: List[Tuple[str, List[str]]]) -> Optional[str]:
    """The key of the one (key, names) of `named` whose names a message holds, with a word of
    `asking`; None when it has no such word, or names none or several."""
    found_in = words(text)
    if not mentions(found_in, asking):
        return None
    keys = [key for key, names in named if mentions(found_in, names)]
    return keys[0] if len(keys) == 1 else None


# Someone else's words quoted after "zegt:": "Steven zegt: 'Maar ik doe toch veel? Ik doe de afwas.'"
# asks the bot nothing. Not after "vraagt:" ("Kim vraagt: is dat normaal?" is her question for the
# bot), and not unquoted ("Kim zegt: is dat normaal?" may be for the bot too).
_REPORTED = re.compile(
    r"\b(zegt|zei|zeggen|vindt|vond|roept|riep|denkt)\s*:\s*[\"“'‘][^\"”’]*[\"”'’]",
    re.IGNORECASE,
)


def own_words(text: str) -> str:
    """The message without the words it reports of someone else (after "zegt:"), for telling
    whether the parent asks the bot something (a simulated volunteer got "Die vraag kan ik niet
    beantwoorden" for Steven's "Maar ik doe toch veel?", 7 December, night)."""
    return _REPORTED.sub(". ", text)


def is_question(sentence: str) -> bool:
    """True when a sentence has the form of a question (content/eigen_woorden.yml `vraag_woorden`)."""
    if sentence.rstrip().endswith("?"):
        return True
    found_in = words(sentence)
    if any(found_in.rstrip().endswith(f" {tag}") for tag in own_words_content()["vraag_staart"]):
        return True
    lead_in = set(own_words_content()["vraag_aanloop"])
    tokens = found_in.split()
    while len(tokens) > 1 and tokens[0] in lead_in:
        tokens = tokens[1:]
    asking = own_words_content()["vraag_woorden"]
    begun = " " + " ".join(tokens) + " "
    return starts_with(begun, [w for w in asking if " " not in w]) or mentions(found_in, [w for w in asking if " " in w])
