"""Every text a parent sees is plain Dutch (B1), in the "je" form, short, and without judgement.

The texts are collected the way a parent meets them:

- content/prompts.yml: theme intros and names, statements, their follow-ups and deeper
  questions, open questions, thank-yous, volunteer tips (not `waarom`: that is for trainers);
- content/berichten.yml: every message of the actions, (a) as a template with each
  {placeholder} filled with the short word "iets", and (b) as really sent: filled with every
  statement, thank-you and theme intro, and, for help and referral, by running the actions
  themselves (so the texts from content/hulp.yml are checked as they appear);
- domain.yml: the text of every response variant;
- content/bridge.yml: the bridge's own messages and the command menu's `uitleg`;
- button titles (domain.yml, berichten.yml) and theme names, as labels.

Rules (header of content/prompts.yml and the product brief), each one test over every text that
lists every text breaking it:

- a sentence has at most 20 words. Sentences end at . ! or ? when a space, a closing quote or
  the end of the text follows (so "www.1712.be" is one word); ":" and ";" do not end a sentence.
  A word is a whitespace-separated token with at least one letter or digit: "-" or an emoji
  is no word, a number such as 112 is (it is read aloud);
- at most one "?" per message (one response variant, one prompt, one sent message);
- "je" form: no standalone "u" or "uw";
- no jargon from the report (coparenting, co-ouderschap, gelijkwaardig/betrokken/gedeeld
  ouderschap, rolpatronen, ouderrol, gezinsondersteuner, kwetsbaar, also inflected);
- no "moet", "moeten", "zou moeten", "hoort";
- no mother+father assumption: no "je man", "je vrouw", "als mama", "als papa";
- no abbreviation with a dot ("bv.", "tel.") and no number with a dot ("1.5"): they break
  the sentence count and are harder to read.

prompts.yml has its own form rules too: at most 2 sentences per text; a question (open
question, follow-up, deeper question) has exactly one "?", at the end; intros, statements,
thank-yous and tips have none.

The standard reply to another language (content/talen.yml `standaard`) says "I only speak Dutch"
in English and French on purpose. It is kept out of the Dutch word checks and the readability
report only; the length and "?" rules still hold. The replies in other languages are not checked.

test_readability_report writes results/plain_dutch.txt: the average words per sentence,
the five longest sentences and the Flesch-Douma score (textstat with lang "nl":
206.835 - 0.93 * words per sentence - 77 * syllables per word, syllables by pyphen), over
every distinct Dutch sentence a parent can receive (labels and filled-in templates left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any, Callable, Iterable, Iterator

import pytest
import textstat
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.content import STATEMENT_ANSWERS, parse_content
from actions.division import choices, division_content, tasks
from actions.referral import ActionAndereHulp, ActionHomestart, ActionHomestartBuurt
from actions.referral_data import branch_places, referral_data
from actions.say import say
from actions.sharing import shareable
from bot import inline
from bot.texts import load_texts
from tests.action_helpers import run, tracker
from tests.plain_dutch_rules import (
    ABBREVIATION,
    BRACKETED,
    FORMAL,
    JARGON,
    MOTHER_FATHER,
    MUST,
    sentences,
    words,
)

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
REPORT_FILE = REPO / "results" / "plain_dutch.txt"

MAX_WORDS = 20
MAX_AVERAGE_WORDS = 15
MIN_FLESCH_DOUMA = 60
FILLER = "iets"

# Texts that are not (only) Dutch on purpose, and why.
NOT_DUTCH = {
    "talen:standaard:zeg": "says 'I only speak Dutch' in English and French on purpose",
    "talen:standaard:crisis": "names 112 as emergency / urgence on purpose",
}
# Responses that say a text of content/talen.yml (the reply in the parent's own language, filled
# by Rasa from a slot): only the standard reply, partly Dutch, is checked here.
FROM_ANOTHER_LANGUAGE = "{taal_antwoord}"
# Texts that name the report the guide comes from, whose title holds a word the jargon rule forbids.
REPORT_NAME = {"berichten:kaart_voet": "the line at the bottom of every card names the report and its makers"}

PLACEHOLDER = re.compile(r"\{(\w+)\}")


# --------------------------------------------------------------------------- collecting


@dataclass(frozen=True)
class Shown:
    """One text as a parent sees it."""

    id: str
    text: str
    kind: str = "bericht"  # "bericht": a message; "sjabloon": a template filled with FILLER; "label": a button or name

    @property
    def dutch(self) -> bool:
        return self.id not in NOT_DUTCH


def load(name: str) -> Any:
    with (REPO / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


PROMPTS = parse_content(load("content/prompts.yml"))


def prompt_forms() -> Iterator[tuple[str, str, str]]:
    """(id, text, form) for every text of prompts.yml; form is vraag, intro, stelling, bedankje or tip."""
    for theme in PROMPTS.themas.values():
        yield f"thema:{theme.id}", theme.intro, "intro"
    for statement in PROMPTS.stellingen:
        yield statement.id, statement.tekst, "stelling"
        for answer in STATEMENT_ANSWERS:
            for prompt in statement.reacties[answer]:
                yield prompt.id, prompt.tekst, "vraag"
        for prompt in statement.verdieping:
            yield prompt.id, prompt.tekst, "vraag"
    for prompt in PROMPTS.vragen:
        yield prompt.id, prompt.tekst, "vraag"
    for prompt in PROMPTS.by_id.values():  # the forms for a parent alone, apart, or with little Dutch
        for form in ("alleen", "uit_elkaar", "eenvoudig"):
            if getattr(prompt, form):
                yield f"{prompt.id}:{form}", getattr(prompt, form), "vraag"
    for prompt in PROMPTS.bedankjes:
        yield prompt.id, prompt.tekst, "bedankje"
    for prompt in PROMPTS.tips_vrijwilliger:
        yield prompt.id, prompt.tekst, "tip"


def template_texts(value: Any) -> list[str]:
    """The text(s) of one berichten.yml entry: a string, a list, or a mapping with `text`."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [t for item in value for t in template_texts(item)]
    if isinstance(value, dict) and "text" in value:
        return template_texts(value["text"])
    raise AssertionError(f"berichten.yml: cannot read {value!r}")


def button_titles(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [b["title"] for b in value.get("buttons", [])]
    if isinstance(value, list):
        return [t for item in value for t in button_titles(item)]
    return []


def sent(key: str, **values: str) -> list[str]:
    """What actions/say.py sends for berichten.yml `key` with these values."""
    dispatcher = CollectingDispatcher()
    say(dispatcher, key, **values)
    return [m["text"] for m in dispatcher.messages if m.get("text")]


def action_messages(label: str, action: Any, **state: Any) -> Iterator[Shown]:
    messages, _ = run(action, tracker(**state))
    for i, message in enumerate(messages):
        if message.get("text"):
            yield Shown(f"{label}[{i}]", message["text"])


def referral_messages() -> Iterator[Shown]:
    """Run the help and referral actions as a parent would trigger them."""
    yield from action_messages("action_homestart", ActionHomestart(), intent="homestart")
    yield from action_messages("action_andere_hulp", ActionAndereHulp(), intent="andere_hulp")
    yield from action_messages(
        "action_homestart_buurt(knop)", ActionHomestartBuurt(), intent="homestart_buurt", text="/homestart_buurt"
    )
    yield from action_messages(
        "action_homestart_buurt(onbekend)", ActionHomestartBuurt(), intent="homestart_buurt", text="ik woon in Nergenshuizen"
    )
    for place in ("2800", "Borgerhout", "Oostende"):  # the nearest branches, a part of a city, none near
        yield from action_messages(
            f"action_homestart_buurt({place})", ActionHomestartBuurt(), intent="homestart_buurt", text=f"ik woon in {place}"
        )
    for branch in referral_data()["afdelingen"]:
        place = next(branch_places(branch))[0]
        yield from action_messages(
            f"action_homestart_buurt({place})", ActionHomestartBuurt(), intent="homestart_buurt", text=f"ik woon in {place}"
        )


def berichten_messages(berichten: dict[str, Any]) -> Iterator[Shown]:
    """The action messages filled with the prompts they really carry."""
    for statement in PROMPTS.stellingen:
        for text in sent("stelling", stelling=statement.tekst):
            yield Shown(f"berichten:stelling({statement.id})", text)
    for theme in PROMPTS.themas.values():
        for text in sent("thema_intro", intro=theme.intro):
            yield Shown(f"berichten:thema_intro({theme.id})", text)
    for key in berichten:
        if key.startswith("na_antwoord_"):
            for thanks in PROMPTS.bedankjes:
                for text in sent(key, bedankje=thanks.tekst):
                    yield Shown(f"berichten:{key}({thanks.id})", text)
        elif key == "open_vraag":
            for prompt_id, question, form in prompt_forms():
                if form == "vraag":
                    for text in sent(key, vraag=question):
                        yield Shown(f"berichten:open_vraag({prompt_id})", text)
        else:
            for i, text in enumerate(template_texts(berichten[key])):
                if not PLACEHOLDER.search(text):
                    yield Shown(f"berichten:{key}" + (f"[{i}]" if i else ""), text)


def division_messages() -> list[Shown]:
    """The /wiedoetwat texts (content/wiedoetwat.yml), as the actions send them."""
    content = division_content()
    found = [Shown(f"wiedoetwat:{key}", content[key]["tekst"]) for key in ("intro", "intro_geen_oordeel")]
    found += [Shown(f"wiedoetwat:{q['id']}", q["tekst"]) for q in content["vragen_na_beeld"]]
    found += [Shown(f"wiedoetwat:{q['id']}:alleen", q["alleen"]) for q in content["vragen_na_beeld"] if q.get("alleen")]
    found += [Shown(f"wiedoetwat:taak:{t.id}", content["taak_vraag"].format(nummer=1, totaal=12, vraag=t.vraag)) for t in tasks()]
    found += [Shown(f"wiedoetwat:beeld:{key}", content["beeld"][key]) for key in ("titel", "ondertitel", "bijschrift")]
    found.append(Shown("wiedoetwat:onduidelijk", content["onduidelijk"]))
    group = content["groep"]
    found += [Shown(f"wiedoetwat:groep:{key}", group[key]["tekst"]) for key in ("intro", "intro_wachten")]
    found += [Shown(f"wiedoetwat:groep:{key}", group[key]) for key in ("wacht_eerste", "wacht", "derde")]
    found += [Shown(f"wiedoetwat:{q['id']}", q["tekst"]) for q in group["vragen_na_beeld"]]
    found += [
        Shown(f"wiedoetwat:{q['id']}:alles_zelfde", q["alles_zelfde"]) for q in group["vragen_na_beeld"] if q.get("alles_zelfde")
    ]
    found += [Shown(f"wiedoetwat:groep:beeld:{key}", group["beeld"][key]) for key in ("titel", "ondertitel", "bijschrift")]
    # the legends under both pictures: short phrases beside a label or a mark
    found += [
        Shown(f"wiedoetwat:beeld:legenda[{i}]", item["tekst"], "label") for i, item in enumerate(content["beeld"]["legenda"])
    ]
    found += [
        Shown(f"wiedoetwat:groep:beeld:legenda[{i}]", item["tekst"], "label") for i, item in enumerate(group["beeld"]["legenda"])
    ]
    found += [
        Shown(f"wiedoetwat:groep:beeld:kolom[{i}]", heading, "label") for i, heading in enumerate(group["beeld"]["kolommen"])
    ]
    return found


def collect() -> list[Shown]:
    """Every text a parent can see, each once (the first place it appears names it)."""
    found: list[Shown] = []
    labels: list[Shown] = []

    for text_id, text, _ in prompt_forms():
        found.append(Shown(f"prompts:{text_id}", text))
    for theme in PROMPTS.themas.values():
        labels.append(Shown(f"prompts:thema:{theme.id}:naam", theme.naam, "label"))

    for name, variants in load("domain.yml")["responses"].items():
        for i, variant in enumerate(variants):
            if variant.get("text") and variant["text"] != FROM_ANOTHER_LANGUAGE:
                found.append(Shown(f"domain:{name}" + (f"[{i}]" if len(variants) > 1 else ""), variant["text"]))
            labels.extend(Shown(f"knop:{b['title']}", b["title"], "label") for b in variant.get("buttons", []))

    for intent, entry in load("content/gehoord.yml")["antwoorden"].items():
        found += [Shown(f"gehoord:{intent}[{i}]", text) for i, text in enumerate(entry["teksten"])]
        for form in ("vraag", "gemengd"):
            found += [Shown(f"gehoord:{intent}:{form}[{i}]", t) for i, t in enumerate(entry.get(f"{form}_teksten", []))]
        if entry.get("hulp"):
            found.append(Shown(f"gehoord:{intent}:hulp", entry["hulp"]))
    for theme, entry in load("content/gehoord.yml")["spiegels"]["themas"].items():
        for tone in ("moeilijk", "goed", "gewoon"):
            found += [Shown(f"gehoord:spiegel:{theme}:{tone}[{i}]", text) for i, text in enumerate(entry[tone])]

    standard = load("content/talen.yml")["standaard"]
    found += [Shown(f"talen:standaard:{key}", standard[key]) for key in ("zeg", "crisis")]

    bridge = load("content/bridge.yml")
    for key, text in bridge["berichten"].items():
        if PLACEHOLDER.search(text):  # the inline-mode messages, filled below as they are posted
            found.append(Shown(f"sjabloon:bridge:{key}", PLACEHOLDER.sub(FILLER, text), "sjabloon"))
        else:
            found.append(Shown(f"bridge:{key}", text))
    found += [Shown(f"bridge:inline({p.id})", inline.message_text(p, load_texts())) for p in shareable()]
    for command in bridge["commando_s"]:
        labels.append(Shown(f"bridge:/{command['commando']}", command["uitleg"], "label"))

    berichten = load("content/berichten.yml")["berichten"]
    for key, value in berichten.items():
        texts = template_texts(value)
        for i, text in enumerate(texts):
            if PLACEHOLDER.search(text):
                found.append(Shown(f"sjabloon:{key}" + (f"[{i}]" if i else ""), PLACEHOLDER.sub(FILLER, text), "sjabloon"))
        labels.extend(Shown(f"knop:{title}", title, "label") for title in button_titles(value))
    found.extend(berichten_messages(berichten))
    found.extend(referral_messages())
    found.extend(division_messages())
    labels.extend(Shown(f"wiedoetwat:{c.id}", c.knop, "label") for c in choices())

    unique: dict[str, Shown] = {}
    for shown in (*found, *labels):
        unique.setdefault(shown.text.strip(), shown)
    return list(unique.values())


TEXTS = collect()
DUTCH = [t for t in TEXTS if t.dutch]


# --------------------------------------------------------------------------- measuring


def clean(sentence: str) -> str:
    """A sentence without the quotes around it, ending in a mark (for dedup and textstat)."""
    s = sentence.strip().strip("\"'“”‘’«» ").strip()
    return s if s[-1:] in ".!?" else s + "."


# --------------------------------------------------------------------------- the collection itself


def test_every_source_is_collected() -> None:
    ids = {re.split(r"[:\[(]", t.id)[0] for t in TEXTS}
    assert {"prompts", "domain", "bridge", "sjabloon", "berichten", "action_homestart", "knop", "gehoord"} <= ids, ids
    assert len(TEXTS) > 150, len(TEXTS)
    collected = {t.text.strip() for t in TEXTS}
    missing = [
        name
        for name, variants in load("domain.yml")["responses"].items()
        for v in variants
        if v.get("text") and v["text"] != FROM_ANOTHER_LANGUAGE and v["text"].strip() not in collected
    ]
    assert not missing, f"responses not collected: {missing}"


def test_every_berichten_placeholder_is_filled_in_the_sent_messages() -> None:
    leftovers = [t.id for t in TEXTS if t.kind == "bericht" and PLACEHOLDER.search(t.text)]
    assert not leftovers, leftovers


@pytest.mark.parametrize("text_id", sorted(NOT_DUTCH))
def test_not_dutch_exemption_is_still_needed(text_id: str) -> None:
    """The exemption stays only while the text really holds another language."""
    shown = next((t for t in TEXTS if t.id == text_id), None)
    assert shown is not None, f"{text_id} no longer exists: remove it from NOT_DUTCH"
    foreign = {"i", "only", "speak", "dutch", "english", "ne", "parle", "que", "néerlandais", "français"}
    assert any(len({w.lower().strip(".,!?") for w in words(s)} & foreign) >= 2 for s in sentences(shown.text)), (
        f"{text_id} looks all Dutch now: remove it from NOT_DUTCH"
    )


def test_sentence_splitter() -> None:
    """The measuring rules themselves, on texts whose answer is known."""
    assert sentences("Dag! Kies een thema: stellingen of vragen. Klaar?") == [
        "Dag!",
        "Kies een thema: stellingen of vragen.",
        "Klaar?",
    ]
    assert sentences("Stelling: “Een man is thuis de baas.” Wat vind jij?") == [
        "Stelling: “Een man is thuis de baas.",
        "” Wat vind jij?",
    ]
    assert len(sentences("Bel of chat via www.1712.be of tele-onthaal.be.")) == 1
    assert words("Bel nu 112 - meteen 🙂") == ["Bel", "nu", "112", "meteen"]


# --------------------------------------------------------------------------- rules over every text
# One test per rule over all texts; a failure lists every text that breaks it, with its id.


def offenders(texts: Iterable[Shown], find: Callable[[Shown], list[Any]]) -> str:
    """Every text for which `find` finds something, one per line ("" when none does)."""
    return "\n".join(f"{t.id}: {found}: {t.text!r}" for t in texts if (found := find(t)))


def test_sentences_have_at_most_20_words() -> None:
    bad = offenders(TEXTS, lambda t: [(len(words(s)), s) for s in sentences(t.text) if len(words(s)) > MAX_WORDS])
    assert not bad, f"sentences over {MAX_WORDS} words:\n{bad}"


def test_at_most_one_question_mark() -> None:
    bad = offenders(TEXTS, lambda t: ["?"] * t.text.count("?") if t.text.count("?") > 1 else [])
    assert not bad, f"more than one question mark:\n{bad}"


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("the je form, never u or uw", FORMAL),
        ("no jargon", JARGON),
        ("no moet, moeten or hoort", MUST),
        ("never a mother and a father assumed", MOTHER_FATHER),
        ("no word forms with brackets", BRACKETED),
        ("no abbreviations or numbers with a dot", ABBREVIATION),
    ],
)
def test_the_dutch_texts_follow_the_rule(rule: str, pattern: re.Pattern[str]) -> None:
    exempt = REPORT_NAME if pattern is JARGON else {}
    bad = offenders(DUTCH, lambda t: [] if t.id in exempt else [m.group(0) for m in pattern.finditer(t.text)])
    assert not bad, f"{rule}:\n{bad}"


def test_the_bracket_rule_finds_the_forms_it_is_for() -> None:
    assert [m.group(0) for m in BRACKETED.finditer("je kind(eren) en je (ex-)partner, (zie hier)")] == ["d(eren)", "(ex-)p"]


# --------------------------------------------------------------------------- form of the prompts


def test_prompt_form() -> None:
    """At most two sentences; a question has one '?', at the end; the other forms have none."""

    def faults(text: str, form: str) -> list[str]:
        found = [f"{len(sentences(text))} sentences"] if len(sentences(text)) > 2 else []
        if form == "vraag" and not (text.count("?") == 1 and text.rstrip().endswith("?")):
            found.append("a question has one '?', at the end")
        if form != "vraag" and "?" in text:
            found.append(f"a {form} has no '?'")
        return found

    bad = [f"{i}: {found}: {text!r}" for i, text, form in prompt_forms() if (found := faults(text, form))]
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------- readability report


def test_textstat_nl_is_flesch_douma() -> None:
    """The installed textstat computes Flesch-Douma for "nl", with pyphen syllables."""
    import pyphen

    textstat.set_lang("nl")
    sample = "Wie doet er nu wat in het huishouden bij jullie thuis? Dank je om dit te delen."
    per_sentence = textstat.lexicon_count(sample) / textstat.sentence_count(sample)
    per_word = textstat.syllable_count(sample) / textstat.lexicon_count(sample)
    assert textstat.flesch_reading_ease(sample) == pytest.approx(206.835 - 0.93 * per_sentence - 77 * per_word, abs=0.01)
    hyphen = pyphen.Pyphen(lang="nl")
    expected = sum(len(hyphen.positions(w)) + 1 for w in re.findall(r"\w+", sample.lower()))
    assert textstat.syllable_count(sample) == expected


def test_readability_report() -> None:
    by_sentence: dict[str, str] = {}
    for shown in TEXTS:
        if shown.kind == "bericht" and shown.dutch:
            for sentence in sentences(shown.text):
                by_sentence.setdefault(clean(sentence), shown.id)
    counts = {s: len(words(s)) for s in by_sentence}
    average = mean(counts.values())
    longest = sorted(counts, key=lambda s: (-counts[s], s))[:5]

    textstat.set_lang("nl")
    corpus = "\n".join(by_sentence)
    douma = textstat.flesch_reading_ease(corpus)
    syllables_per_word = textstat.syllable_count(corpus) / textstat.lexicon_count(corpus)
    own_douma = 206.835 - 0.93 * average - 77 * syllables_per_word

    # Which texts pull the score down: Flesch-Douma of each message on its own.
    messages = [t for t in TEXTS if t.kind == "bericht" and t.dutch]
    per_text = sorted(
        (
            (
                206.835
                - 0.93 * mean(len(words(s)) for s in sentences(t.text))
                - 77 * textstat.syllable_count(t.text) / max(1, len(words(t.text))),
                t.id,
                t.text,
            )
            for t in messages
        ),
    )[:8]

    lines = [
        "Plain Dutch report (tests/test_plain_dutch.py)",
        f"texts checked: {len(TEXTS)} ({sum(t.kind == 'bericht' for t in TEXTS)} messages, "
        f"{sum(t.kind == 'sjabloon' for t in TEXTS)} templates filled with '{FILLER}', "
        f"{sum(t.kind == 'label' for t in TEXTS)} labels)",
        f"distinct Dutch sentences in the report: {len(counts)}, words: {sum(counts.values())}",
        f"average words per sentence: {average:.2f} (at most {MAX_AVERAGE_WORDS})",
        f"Flesch-Douma (textstat, lang nl): {douma:.1f} (at least {MIN_FLESCH_DOUMA})",
        f"  textstat counts {textstat.sentence_count(corpus)} sentences (it skips sentences of 2 words or fewer,"
        f" but keeps their words); with this test's sentence count the score is {own_douma:.1f}",
        f"  syllables per word (pyphen nl): {syllables_per_word:.2f}",
        "longest sentences:",
        *(f"  {counts[s]:2d} words  {by_sentence[s]}: {s}" for s in longest),
        "hardest messages (Flesch-Douma per message, lowest first):",
        *(f"  {score:6.1f}  {text_id}: {text}" for score, text_id, text in per_text),
    ]
    report = "\n".join(lines)
    REPORT_FILE.parent.mkdir(parents=True, exist_ok=True)
    REPORT_FILE.write_text(report + "\n", encoding="utf-8")
    print("\n" + report)

    assert max(counts.values()) <= MAX_WORDS, report
    assert average <= MAX_AVERAGE_WORDS, report
    assert douma >= MIN_FLESCH_DOUMA, report
