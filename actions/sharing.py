"""Which questions of the guide a parent can share with the other parent.

Used by the Rasa actions: the share button under a question and opening a deep link. The
bridge's inline mode (bot/inline.py) offers the same questions, read from content/prompts.yml
with the same rule (SHARED_THEMES of addons/wire_format.py); tests/test_sharing.py checks that both lists agree. The
shapes of a deep link and of the share button's payload are in addons/wire_format.py.
"""

from __future__ import annotations

from typing import Optional

from actions.content import Content, Prompt, load_content
from addons import wire_format
from addons.wire_format import DEEP_LINK, SHARED_THEMES


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
    return wire_format.share_payload(deep_link_id(prompt))


def shared_prompt(payload: Optional[str], content: Optional[Content] = None) -> Optional[Prompt]:
    """The shareable prompt a deep-link payload names, None for anything else."""
    if not payload or not DEEP_LINK.match(payload):
        return None
    return next((p for p in shareable(content) if p.id == payload), None)
