"""The README is a newcomer's map: every file it names is there, and every link of it and of the
English pages behind it (docs/) leads somewhere.

The README was split into docs/ pages (issue 30), so its sections link to each other across files;
a renamed module or heading would leave the map pointing nowhere. The Dutch handbook and its role
pages have their own checks in test_handleiding.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
PAGES = ["architecture.md", "conversation.md", "deployment.md", "privacy.md", "safety.md", "tests.md", "benchmark.md", "nlu.md"]
ENGLISH = [README, *(REPO / "docs" / name for name in PAGES)]

# The folders of the repository; a path in another folder (logs/, .venv/) is made by running the bot.
FOLDERS = ("bot", "actions", "addons", "content", "data", "tests", "testkit", "bench", "scripts", "deploy", "docs")
CODE = re.compile(r"`([^`\s]+)`")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors_of(page: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


def named_files(text: str) -> set[str]:
    """The files and folders the text names in code spans: paths in a folder of the repository, and
    bare file names (`questions.py`, `domain.yml`)."""
    found = set()
    for token in CODE.findall(text):
        if token.split("/", 1)[0] in FOLDERS and "/" in token:
            found.add(token)
        elif "/" not in token and re.fullmatch(r"[\w.-]+\.(py|yml|txt|example)", token):
            found.add(token)
    return found


def test_every_file_the_readme_names_is_there() -> None:
    missing = []
    for name in sorted(named_files(README.read_text(encoding="utf-8"))):
        if "/" in name:
            if not (REPO / name).exists():
                missing.append(name)
        elif not (REPO / name).exists() and not any(REPO.glob(f"*/{name}")):
            missing.append(name)
    assert not missing, f"README.md names files that are not there: {missing}"


def test_the_readme_links_every_english_page() -> None:
    links = set(LINK.findall(README.read_text(encoding="utf-8")))
    assert {f"docs/{name}" for name in PAGES} <= links


@pytest.mark.parametrize("page", ENGLISH, ids=lambda p: p.name)
def test_every_link_leads_somewhere(page: Path) -> None:
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://")):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name} links {target}, which is not there"
        if anchor:
            assert anchor in anchors_of(linked), f"{page.name}: no heading for the link {target}"
