"""Choosing the next prompt so that nothing repeats unless the parent asks for it.

Everything the bot says here is remembered by its id in slot `gesteld`; "fresh" means that
id is not there yet. What happens when all were said differs by kind of text, so there are
two choosers: `fresh_at_random` falls back to any but the last one, `fresh_or_none` to nothing.
"""

from __future__ import annotations

import random
from typing import Protocol, Sequence, TypeVar

from actions.content import Prompt


class Said(Protocol):
    """A text the bot says, known by the id it is remembered by in slot `gesteld`."""

    @property
    def id(self) -> str: ...


S = TypeVar("S", bound=Said)


def next_in_order(candidates: Sequence[Prompt], asked: Sequence[str]) -> tuple[Prompt, bool]:
    """The first prompt not asked yet; when all were asked, the one asked longest ago (flag True).

    So a theme asked through goes round again in its order, and never gives the question just
    answered while there is another.
    """
    for prompt in candidates:
        if prompt.id not in asked:
            return prompt, False
    last_asked = {prompt_id: i for i, prompt_id in enumerate(asked)}
    return min(candidates, key=lambda p: last_asked[p.id]), True


def fresh_or_none(candidates: Sequence[S], asked: Sequence[str], rng: random.Random | None = None) -> S | None:
    """A random one not said yet in this talk; None when all were said.

    For texts that must never come twice (thanks, acknowledgements of own words): when they
    run out the bot says none rather than repeat itself.
    """
    unused = [c for c in candidates if c.id not in asked]
    return (rng or random.Random()).choice(unused) if unused else None


def fresh_at_random(candidates: Sequence[S], asked: Sequence[str], rng: random.Random | None = None) -> S:
    """A random one not said yet; when all were said, any but the one used last.

    Used for follow-ups, tips and the replies to a feeling or question, so a parent who
    answers the same way twice does not get the same reply twice in a row.
    """
    rng = rng or random.Random()
    found = fresh_or_none(candidates, asked, rng)
    if found is not None:
        return found
    used_last = max(candidates, key=lambda c: max(i for i, a in enumerate(asked) if a == c.id))
    others = [c for c in candidates if c.id != used_last.id] or list(candidates)
    return rng.choice(others)
