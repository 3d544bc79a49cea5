"""The Dutch handbook (docs/handleiding.md) is there, found, true to the bot, and plain Dutch.

Volunteers and coordinators act on what it says, so a command it names that the bot does not
have, or a picture that is not there, is a real fault. The commands are read from
content/bridge.yml (the menu the bridge registers in Telegram), not from the code that uses them.
The plain-Dutch rules are those of the bot's own texts (tests/plain_dutch_rules.py), applied to
the handbook's prose: code blocks, tables and headings are left out of the sentence count, and
inline code is left out of the word rules (a file name or a command is not a sentence).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.plain_dutch_rules import ABBREVIATION, BRACKETED, FORMAL, JARGON, MOTHER_FATHER, MUST, sentences, words

REPO = Path(__file__).resolve().parents[1]
HANDBOOK = REPO / "docs" / "handleiding.md"
README = REPO / "README.md"

MAX_WORDS = 20

# Commands of other bots that the handbook names on purpose, and why.
OTHER_BOTS = {
    "newbot": "the command of @BotFather that makes a bot",
    "setinline": "the command of @BotFather that switches inline mode on (sharing a question)",
}

# "/kaart", "/training": a slash not inside a path ("docs/kaart", "./run.sh", "/pad/naar").
COMMAND = re.compile(r"(?<![\w./@-])/([a-z_]+)(?![\w/.-])")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`]*`")
# Version numbers the coordinator needs to read ("Python 3.10"); the bot's texts have none.
VERSION = re.compile(r"\b3\.1\d\b")


# The pages for each role, linked from the handbook: each must speak of what its reader needs (issue 29).
PAGES = {
    "vrijwilliger.md": ("huishouden", "stilte", "geweld", "Controle", "ruzie", "weinig Nederlands", "Ik voed alleen op"),
    "coordinator.md": ("content/hulp.yml", "verzin nooit", "staaft", "telefoonnummer", "toestemming", "/vergeet"),
    "trainer.md": ("Kijkwijzer", *(f"| {n} |" for n in range(1, 8)), "inhoudstafel", "/training"),
}
DOCS = [HANDBOOK, *(HANDBOOK.parent / name for name in PAGES)]


def handbook() -> str:
    return HANDBOOK.read_text(encoding="utf-8")


def menu_commands() -> set[str]:
    with (REPO / "content" / "bridge.yml").open(encoding="utf-8") as handle:
        return {entry["commando"] for entry in yaml.safe_load(handle)["commando_s"]}


def prose(text: str) -> str:
    """The handbook without code blocks, tables and headings: one paragraph, list item or FAQ question per line."""
    blocks: list[str] = []
    for line in FENCE.sub("", text).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("|", "#", "![")):
            blocks.append("")
        elif stripped.startswith("**") and stripped.endswith("**"):  # a question of the FAQ
            blocks += [stripped, ""]
        elif re.match(r"([-*]|\d+\.)\s", stripped) or not blocks or not blocks[-1]:
            blocks.append(stripped)
        else:
            blocks[-1] += " " + stripped
    return "\n".join(b for b in blocks if b)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_handbook_is_there_with_a_title() -> None:
    # No line count: a count pins the text, not what a reader gets (issue 30).
    lines = handbook().splitlines()
    assert lines[0].startswith("# "), "docs/handleiding.md has no title"


def test_the_readme_links_it_at_the_top() -> None:
    top = README.read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "](docs/handleiding.md)" in top, "README.md links docs/handleiding.md before its first section"


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_every_command_it_names_is_a_command_of_the_bot(page: Path) -> None:
    named = set(COMMAND.findall(page.read_text(encoding="utf-8")))
    unknown = named - menu_commands() - set(OTHER_BOTS)
    assert not unknown, f"{page.name} names commands the bot does not have: {sorted(unknown)}"


def test_it_explains_every_command_of_the_menu() -> None:
    named = set(COMMAND.findall(handbook()))
    missing = menu_commands() - named
    assert not missing, f"commands of content/bridge.yml the handbook never names: {sorted(missing)}"


def anchors_of(page: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_every_picture_and_link_it_points_to_exists(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    targets = LINK.findall(text)
    if page == HANDBOOK:
        assert any(t.endswith(".png") for t in targets), "the handbook shows no picture"
    for target in targets:
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        linked = page.parent / path if path else page
        assert linked.exists(), f"{page.name} links {target}, which is not there"
        if anchor:
            assert anchor in anchors_of(linked), f"{page.name}: no heading for the link {target}"


def test_the_handbook_links_a_page_for_each_role_and_each_page_links_back() -> None:
    links = set(LINK.findall(handbook()))
    for name, topics in PAGES.items():
        assert name in links, f"docs/handleiding.md does not link {name}"
        text = (HANDBOOK.parent / name).read_text(encoding="utf-8")
        assert "handleiding.md" in text, f"{name} does not link back to the handbook"
        missing = [t for t in topics if t not in text]
        assert not missing, f"{name} does not speak of {missing}"


def test_it_shows_the_card_and_both_household_pictures() -> None:
    pictures = {t for t in LINK.findall(handbook()) if t.endswith(".png")}
    assert pictures >= {"kaart-voorbeeld.png", "wiedoetwat-voorbeeld.png", "wiedoetwat-samen-voorbeeld.png"}


@pytest.mark.parametrize(
    ("rule", "pattern"),
    [
        ("je-vorm, geen u of uw", FORMAL),
        ("geen moet of hoort", MUST),
        ("geen jargon uit het rapport", JARGON),
        ("geen moeder-en-vader", MOTHER_FATHER),
        ("geen afkorting met een punt", ABBREVIATION),
        ("geen woord met haakjes", BRACKETED),
    ],
)
@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_its_words_follow_the_plain_dutch_rules(rule: str, pattern: re.Pattern[str], page: Path) -> None:
    text = VERSION.sub("", INLINE_CODE.sub("", prose(page.read_text(encoding="utf-8"))))
    found = [m.group(0) for m in pattern.finditer(text)]
    assert not found, f"{page.name}: {rule}: {found}"


@pytest.mark.parametrize("page", DOCS, ids=lambda p: p.name)
def test_its_sentences_are_short(page: Path) -> None:
    text = INLINE_CODE.sub("code", prose(page.read_text(encoding="utf-8")))
    long = [s for s in sentences(text) if len(words(s)) > MAX_WORDS]
    assert not long, f"{page.name}: sentences over {MAX_WORDS} words: {long}"
