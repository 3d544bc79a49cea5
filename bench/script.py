"""The conversation the simulated parents have: a walk through the guide, as data.

Why a script and not random text: the latency of a turn depends on what Rasa does for it
(a menu is one fixed reply; a theme button runs a form and two custom actions), so the mix
must be that of a real conversation: /start, theme buttons, statement answers, free text of
a few sentences, "andere vraag", /menu, /help, a Home-Start question, /stop. Each loop ends
with /vergeet, so the next loop starts like a new conversation and prompts do not run out.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator

ANSWERS = [
    "Bij ons beslist niemand alleen. Mijn partner kookt, ik doe de was. Soms botst dat wel.",
    "Dat weet ik eigenlijk niet zo goed. Misschien moeten we daar eens rustig over praten.",
    "We spelen graag buiten in het park. Ik lees elke avond een verhaal voor. Dat zijn fijne momenten.",
    "Ik ben geduldig, maar na een lange werkdag soms ook moe. Dan roep ik sneller dan ik wil.",
    "Mijn zus helpt soms met ophalen van school. Mijn moeder past op woensdag op de kleinste.",
    "Hij werkt veel, maar in het weekend is hij er echt voor de kinderen. Dan gaan ze samen zwemmen.",
    "Vrijheid vind ik belangrijk, maar ook duidelijke grenzen. Ik wil dat ze later zelfstandig zijn.",
    "Ik doe de boodschappen en de was. Mijn vrouw doet de administratie. Koken doen we om beurten.",
    "Toen ik klein was, deed mijn mama bijna alles thuis. Ik wil dat anders doen met mijn eigen kinderen.",
    "Eerlijk gezegd twijfel ik vaak. Elke dag is anders en de kinderen veranderen zo snel.",
]


@dataclass(frozen=True)
class Step:
    """Type `text`, or press the button with payload `text` on the last message that had it."""

    kind: str  # "say" or "press"
    text: str


def say(text: str) -> Step:
    return Step("say", text)


def press(payload: str) -> Step:
    return Step("press", payload)


def conversation(rng: random.Random) -> list[Step]:
    """One walk through the guide, as a parent might take it."""
    answer = lambda: say(rng.choice(ANSWERS))  # noqa: E731 - a fresh answer each time
    return [
        say("/start"),
        press("/stelling"), press(rng.choice(["/eens", "/oneens", "/twijfel"])), answer(),
        press("/verdieping"), answer(),
        say("/menu"), press("/eigen_rol"), answer(), press("/eigen_rol"), say("andere vraag"), answer(),
        say("/huishouden"), answer(),
        press("/menu"), press("/vraag"), say("/help"), answer(),
        press("/menu"), press("/steun"), answer(),
        press("/menu"), press("/partner"), answer(),
        say("is er home-start in Aalst"),
        say("/stelling"), press(rng.choice(["/eens", "/oneens", "/twijfel"])), answer(),
        say("/stop"), say("/vergeet"),
    ]


def endless_script(seed: int) -> Iterator[Step]:
    """Conversations one after the other, each with its own random choices."""
    rng = random.Random(seed)
    while True:
        yield from conversation(rng)
