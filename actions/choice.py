"""Choosing the next prompt so that nothing repeats unless the parent asks for it."""

from __future__ import annotations

import random
from typing import Sequence

from actions.content import Prompt


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


def fresh_at_random(candidates: Sequence[Prompt], asked: Sequence[str], rng: random.Random | None = None) -> Prompt:
    """A random prompt not asked yet; when all were asked, any but the one used last.

    Used for follow-ups and thanks, so a parent who answers the same way twice
    does not get the same reply twice in a row.
    """
    rng = rng or random.Random()
    unused = [p for p in candidates if p.id not in asked]
    if unused:
        return rng.choice(unused)
    used_last = max(candidates, key=lambda p: max(i for i, a in enumerate(asked) if a == p.id))
    others = [p for p in candidates if p.id != used_last.id] or list(candidates)
    return rng.choice(others)
