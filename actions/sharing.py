"""Which questions of the guide a parent can share with the other parent, and finding them.

Used by the Rasa actions (deep links, the share button) and by the bridge's inline mode,
which answers from content without any conversation. Both read content/prompts.yml through
actions/content.py, so a shared question and the question the bot then opens are the same.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

from actions.content import Content, Prompt, load_content

# The statements, the slow questions and the household questions: they stand on their own,
# without a statement answered before them.
SHARED_THEMES = ("stellingen", "trage_vragen", "huishouden")
# Telegram's deep-link parameter: only A-Za-z0-9_- and at most 64 characters.
DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# Telegram shows at most 50 inline results per answer.
MAX_RESULTS = 50
# The payload of the button "Deel deze vraag": the bridge turns "deel:<id>" into Telegram's
# share button (switch_inline_query with the id), never into a message to Rasa.
SHARE_PREFIX = "deel:"


def shareable(content: Optional[Content] = None) -> tuple[Prompt, ...]:
    """The prompts a parent can share: statements first, then the questions in guide order."""
    content = content or load_content()
    statements = tuple(content.by_id[s.id] for s in content.stellingen)
    return (*statements, *(p for p in content.vragen if p.thema in SHARED_THEMES))


def deep_link_id(prompt: Prompt) -> str:
    """The deep-link parameter of a prompt: its id, which prompts.yml keeps to a-z, 0-9 and _."""
    if not DEEP_LINK.match(prompt.id):
        raise ValueError("a prompt id does not fit a Telegram deep link")
    return prompt.id


def share_payload(prompt: Prompt) -> str:
    """The payload of the share button under `prompt`."""
    return SHARE_PREFIX + deep_link_id(prompt)


def shared_prompt(payload: Optional[str], content: Optional[Content] = None) -> Optional[Prompt]:
    """The shareable prompt a deep-link payload names, None for anything else."""
    if not payload or not DEEP_LINK.match(payload):
        return None
    return next((p for p in shareable(content) if p.id == payload), None)


def _plain(text: str) -> str:
    """Lower case without accents, so "één" matches "een"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(prompt: Prompt, content: Content) -> list[str]:
    """The words a search can match: of the text, the theme and the topic."""
    theme = content.themas.get(prompt.thema)
    parts = [prompt.tekst, prompt.alleen, prompt.thema, prompt.onderwerp, theme.naam if theme else ""]
    return re.findall(r"[a-z0-9]+", _plain(" ".join(parts)))


def find(query: str, content: Optional[Content] = None) -> list[Prompt]:
    """The shareable prompts that fit what was typed after the bot's name.

    Nothing typed: all of them (up to Telegram's 50). A prompt's id (from the share button):
    exactly that prompt. Words: the prompts with, for every typed word, a word of their text,
    theme or topic that starts with it ("scherm" finds "schermen", "stelling" the statements).
    """
    content = content or load_content()
    prompts = shareable(content)
    query = query.strip()
    exact = shared_prompt(query, content)
    if exact is not None:
        return [exact]
    typed = re.findall(r"[a-z0-9]+", _plain(query))
    fitting = [p for p in prompts if all(any(w.startswith(t) for w in _words(p, content)) for t in typed)]
    return fitting[:MAX_RESULTS]
