"""Every text in content/prompts.yml can be traced back to the report, and the guide is complete.

A coordinator edits prompts.yml by hand. These checks make sure that each prompt keeps a
well-formed, unique id (the actions and the conversation slots use them), points at a section
and at lines of the report that really exist, and that the conversation still has what the
product asks for: two statements with follow-ups for every answer, enough slow questions,
household questions, and questions for every theme of the menu.

The report is ../shared/seed/rapport-gedeeld-en-betrokken-ouderschap.txt, next to the repository
(or REPORT_TEXT; tests/report.py). When it is absent, the checks that need its text fail and say
where it was looked for, never skip (CI always has the report).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from actions.content import STATEMENT_ANSWERS, parse_content
from tests.checks import every
from tests.report import read_report

REPO = Path(__file__).resolve().parents[1]
PROMPTS = REPO / "content" / "prompts.yml"

ID = re.compile(r"[a-z0-9_]+")
LINES = re.compile(r"(\d+)(?:-(\d+))?")
SECTION = re.compile(r"\d+(?:\.\d+)*")
# A heading in the report's text: "3.1 Onderzoeksvragen", " 5. Inzichten", "3.4.1. Over het huishouden".
# The first number must be followed by a dot, so table rows such as "1 Home-Start vader" are no heading.
HEADING = re.compile(r"^\s*(\d+\.(?:\d+\.?)*)\s+\S")

# Menu themes that ask open questions from `vragen` (the statements have their own structure).
QUESTION_THEMES = ("eigen_rol", "partner", "steun", "trage_vragen", "huishouden")
MIN_QUESTIONS = {"trage_vragen": 10, "huishouden": 6, "eigen_rol": 1, "partner": 1, "steun": 1}
STATEMENTS = 2
MIN_REACTIES_PER_ANSWER = 2


# --------------------------------------------------------------------------- reading


def raw_prompts() -> dict[str, Any]:
    with PROMPTS.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


RAW = raw_prompts()


def prompt_entries(raw: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, entry) for every prompt in the file, in file order.

    `where` says where the entry sits ("vragen[3]", "stellingen[0].reacties.eens[1]"), so a
    failure points at it even when its id is missing or broken.
    """
    for i, theme in enumerate(raw_list(raw, "themas")):
        yield f"themas[{i}]", theme
    for i, statement in enumerate(raw_list(raw, "stellingen")):
        yield f"stellingen[{i}]", statement
        for answer, reacties in (statement.get("reacties") or {}).items():
            for j, reactie in enumerate(reacties or []):
                yield f"stellingen[{i}].reacties.{answer}[{j}]", reactie
        for j, verdieping in enumerate(statement.get("verdieping") or []):
            yield f"stellingen[{i}].verdieping[{j}]", verdieping
    for group in ("vragen", "bedankjes", "tips_vrijwilliger"):
        for i, entry in enumerate(raw_list(raw, group)):
            yield f"{group}[{i}]", entry


def raw_list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    assert isinstance(value, list) and value, f"prompts.yml has no list `{key}`"
    return value


def every_mapping_with_text(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping anywhere in the file that holds a text a parent sees (tekst or intro)."""
    if isinstance(node, dict):
        if "tekst" in node or "intro" in node:
            yield where, node
        for key, value in node.items():
            yield from every_mapping_with_text(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from every_mapping_with_text(value, f"{where}[{i}]")


ENTRIES = list(prompt_entries(RAW))


def division_entries() -> Iterator[tuple[str, dict[str, Any]]]:
    """The sourced texts of /wiedoetwat (content/wiedoetwat.yml)."""
    raw = yaml.safe_load((REPO / "content" / "wiedoetwat.yml").read_text(encoding="utf-8"))
    for key in ("intro", "intro_geen_oordeel", "beeld"):
        yield f"wiedoetwat.{key}", raw[key]
    for group in ("taken", "vragen_na_beeld"):
        for i, entry in enumerate(raw[group]):
            yield f"wiedoetwat.{group}[{i}]", entry
    # the group variant (two parents side by side)
    for key in ("intro", "intro_wachten", "beeld"):
        yield f"wiedoetwat.groep.{key}", raw["groep"][key]
    for i, entry in enumerate(raw["groep"]["vragen_na_beeld"]):
        yield f"wiedoetwat.groep.vragen_na_beeld[{i}]", entry


# Everything that must point into the report: the guide's prompts and the /wiedoetwat texts.
SOURCED = ENTRIES + list(division_entries())


def parse_lines(regels: Any) -> tuple[int, int]:
    match = LINES.fullmatch(str(regels).strip())
    assert match, f"regels {regels!r} is not 'N' or 'N-M'"
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return first, last


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def report_lines() -> list[str]:
    return read_report()


def section_spans(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Section number -> (first line, last line), 1-based, from the report's headings.

    A section runs from its heading to the line before the next heading that is not one of
    its own subsections (so 3.4 holds 3.4.1 to 3.4.5).
    """
    headings: list[tuple[str, int]] = []
    for number, line in enumerate(lines, start=1):
        match = HEADING.match(line)
        if match:
            headings.append((match.group(1).rstrip("."), number))
    spans: dict[str, tuple[int, int]] = {}
    for i, (section, start) in enumerate(headings):
        end = len(lines)
        for other, other_start in headings[i + 1 :]:
            if not other.startswith(section + "."):
                end = other_start - 1
                break
        spans.setdefault(section, (start, end))
    return spans


# --------------------------------------------------------------------------- ids


def test_the_file_parses_into_the_structure_the_actions_use() -> None:
    content = parse_content(raw_prompts())
    assert content.themas and content.stellingen and content.vragen and content.bedankjes


def test_every_text_in_the_file_belongs_to_a_checked_prompt() -> None:
    """No text hides in a place that the checks below (and the actions) do not know about."""
    checked = {id(entry) for _, entry in ENTRIES}
    unchecked = [where for where, entry in every_mapping_with_text(RAW) if id(entry) not in checked]
    assert not unchecked, f"texts outside themas/stellingen/vragen/bedankjes/tips_vrijwilliger: {unchecked}"


def test_id_is_lowercase_letters_digits_and_underscores() -> None:
    every(ENTRIES, check_id)


def check_id(where: str, entry: dict[str, Any]) -> None:
    assert isinstance(entry.get("id"), str), f"{where} has no id"
    assert ID.fullmatch(entry["id"]), f"{where}: id {entry['id']!r} does not match ^[a-z0-9_]+$"


def test_ids_are_unique_across_the_whole_file() -> None:
    counts = Counter(str(entry.get("id")) for _, entry in ENTRIES)
    doubles = sorted(i for i, n in counts.items() if n > 1)
    assert not doubles, f"ids used more than once: {doubles}"


# --------------------------------------------------------------------------- sources


def test_bron_has_section_and_lines() -> None:
    every(SOURCED, check_bron)


def check_bron(where: str, entry: dict[str, Any]) -> None:
    bron = entry.get("bron")
    assert isinstance(bron, dict), f"{where} ({entry.get('id')}): no bron"
    assert SECTION.fullmatch(str(bron.get("sectie", "")).strip()), f"{where}: bron.sectie {bron.get('sectie')!r}"
    first, last = parse_lines(bron.get("regels", ""))
    assert 1 <= first <= last, f"{where}: bron.regels {bron['regels']!r} is not an increasing range"


def test_bron_points_into_the_report(report_lines: list[str]) -> None:
    every(SOURCED, lambda where, entry: check_bron_in_report(where, entry, report_lines))


def check_bron_in_report(where: str, entry: dict[str, Any], report_lines: list[str]) -> None:
    bron = entry.get("bron") or {}
    section = str(bron.get("sectie", "")).strip()
    first, last = parse_lines(bron.get("regels", ""))
    assert last <= len(report_lines), f"{where}: regels {bron['regels']} past the report's {len(report_lines)} lines"
    assert any(line.strip() for line in report_lines[first - 1 : last]), f"{where}: regels {bron['regels']} are empty"

    spans = section_spans(report_lines)
    assert section in spans, f"{where}: section {section} is not a heading of the report"
    start, end = spans[section]
    assert start <= first and last <= end, (
        f"{where} ({entry.get('id')}): regels {bron['regels']} lie outside section {section} (lines {start}-{end})"
    )


def test_a_missing_report_fails_with_where_it_was_looked_for(tmp_path: Path) -> None:
    missing = tmp_path / "rapport.txt"
    # BaseException: a skip (pytest's Skipped) would be caught here too, and fail the assert below.
    with pytest.raises(BaseException) as raised:
        read_report(missing)
    assert raised.type is pytest.fail.Exception and str(missing.resolve()) in str(raised.value)


def test_section_headings_are_found_in_the_report(report_lines: list[str]) -> None:
    """Guards the heading parser itself: a broken parser would make the check above meaningless."""
    spans = section_spans(report_lines)
    assert {"3.1", "3.4.1", "5.5", "5.6"} <= set(spans)
    assert all(start <= end for start, end in spans.values())


# --------------------------------------------------------------------------- what the product needs


def test_there_are_two_statements() -> None:
    content = parse_content(raw_prompts())
    assert len(content.stellingen) == STATEMENTS, [s.id for s in content.stellingen]


@pytest.mark.parametrize("statement", raw_list(RAW, "stellingen"), ids=lambda s: str(s.get("id")))
def test_each_statement_answer_has_several_follow_ups(statement: dict[str, Any]) -> None:
    reacties = statement.get("reacties") or {}
    for answer in STATEMENT_ANSWERS:
        got = len(reacties.get(answer) or [])
        assert got >= MIN_REACTIES_PER_ANSWER, f"{statement.get('id')}: {got} reacties for '{answer}'"
    assert set(reacties) == set(STATEMENT_ANSWERS), f"{statement.get('id')}: answers {sorted(reacties)}"
    assert statement.get("verdieping"), f"{statement.get('id')}: no verdieping for 'Nog een vraag hierover'"


@pytest.mark.parametrize("thema", QUESTION_THEMES)
def test_each_theme_has_enough_questions(thema: str) -> None:
    content = parse_content(raw_prompts())
    assert thema in content.themas, f"theme {thema} missing from themas"
    got = len(content.questions(thema))
    assert got >= MIN_QUESTIONS[thema], f"{thema}: {got} questions, needs at least {MIN_QUESTIONS[thema]}"


def test_every_question_belongs_to_a_known_theme() -> None:
    content = parse_content(raw_prompts())
    unknown = [(q.id, q.thema) for q in content.vragen if q.thema not in QUESTION_THEMES]
    assert not unknown, unknown


# --------------------------------------------------------------------------- the cited passage fits


# Words that say nothing about what a passage is about: function words, and the words that
# every page of a report about parents and children holds.
STOPWORDS = set(
    """aan achter adhv al alle allemaal alles als altijd ander andere anders bij bijvoorbeeld binnen
    daar daarbij daarin daarom dan dat de deze die dit doen doet door dus echter een eens elk elke
    en er erg even geen gaat gaan goed haar hadden heb hebben heeft hem het hier hij hoe hoeveel hun
    iemand iets ik in is ja je jij jou jouw jullie kan kunnen kun kunt laat later maar meer men met
    mij mijn minder misschien naar naast net niet niets nog nu of om ook op over soms te tot toch
    tussen uit van veel voor vooral waar waarin waarom wanneer want wat we welk welke wel wie wij
    wil willen word worden wordt zal ze zelf zich zij zijn zo zoals zou zouden meestal volgens
    ouder ouders kind kinderen kind(eren) gezin gezinnen thuis vind vindt vinden zeggen zegt eigen
    manier""".split()
)
WORD = re.compile(r"[a-zà-ÿ]+")


def content_words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if len(w) >= 4 and w not in STOPWORDS}


def related(a: str, b: str) -> bool:
    """Same word, or the same stem as far as a plain prefix shows it ("steun", "steunen", "gesteund" not)."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= 5 and long_.startswith(short)) or (len(short) >= 6 and a[:6] == b[:6])


def entry_texts(entry: dict[str, Any]) -> str:
    """Everything a prompt says or claims: its text, its variants and its `waarom`."""
    return " ".join(
        str(entry.get(key, ""))
        for key in ("tekst", "intro", "naam", "alleen", "alles_zelfde", "waarom", "vraag", "label", "titel")
    )


def test_the_cited_passage_shares_content_words_with_the_prompt(report_lines: list[str]) -> None:
    """A source that says nothing about the prompt is a wrong source, even inside the right section."""
    every(SOURCED, lambda where, entry: check_passage(where, entry, report_lines))


def check_passage(where: str, entry: dict[str, Any], report_lines: list[str]) -> None:
    first, last = parse_lines((entry.get("bron") or {}).get("regels", ""))
    passage = content_words(" ".join(report_lines[first - 1 : last]))
    prompt = content_words(entry_texts(entry))
    shared = sorted({p for p in prompt for w in passage if related(p, w)})
    assert shared, f"{where} ({entry.get('id')}): lines {first}-{last} share no content word with {sorted(prompt)}"


def test_the_passage_check_tells_a_fitting_source_from_a_wrong_one(report_lines: list[str]) -> None:
    """Guards the check itself: the OCMW story is at lines 906-908, not at the statement lines 264-266."""
    ocmw = content_words("Een maatschappelijk werker van het OCMW helpt")
    assert any(related(p, w) for p in ocmw for w in content_words(" ".join(report_lines[905:908])))
    assert not any(related(p, w) for p in ocmw for w in content_words(" ".join(report_lines[263:266])))
