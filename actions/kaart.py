"""/kaart: a conversation card for a home visit, as a picture and as text, with a tip.

Home-Start volunteers open a talk with a card: a statement or a slow question by default,
or one from a theme they choose. Within a conversation no card comes twice until all
were shown.
"""

from __future__ import annotations

import random
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import Card, all_cards, card_png
from actions.choice import fresh_at_random
from actions.content import Prompt, load_content
from actions.say import say, show_picture, text_of
from actions.tracker_reading import asked_ids, button_entity

DEFAULT_THEMES = ("stellingen", "trage_vragen")


def pick_card(theme: str | None, asked: List[str], rng: random.Random | None = None) -> Card:
    """A card of the theme (or a statement or slow question) not shown yet in this conversation."""
    rng = rng or random.Random()
    pool = [c for c in all_cards() if (c.thema == theme if theme else c.thema in DEFAULT_THEMES)]
    fresh = [c for c in pool if c.id not in asked]
    return rng.choice(fresh or pool)


class ActionKaart(Action):
    """Send a card picture, its text, and a one-line tip for the volunteer."""

    def name(self) -> Text:
        return "action_kaart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        content = load_content()
        asked = asked_ids(tracker)
        card = pick_card(button_entity(tracker, "kaart_thema", content.themas), asked)
        theme_name = content.themas[card.thema].naam
        show_picture(dispatcher, card_png(card, theme_name), card.tekst, text_of("kaart_tekst", thema=theme_name))
        tip = fitting_tip(card.thema, asked)
        say(dispatcher, "kaart_tip", tip=tip.tekst)
        return [SlotSet("gesteld", [*asked, tip.id, card.id])]


def fitting_tip(theme: str, asked: List[str], rng: random.Random | None = None) -> Prompt:
    """A tip that fits the card's theme (prompts.yml `themas`), not one given before when another fits.

    A slow-question card gets "Laat een trage vraag traag", a household card a tip about the
    household; a theme without its own tips gets any tip.
    """
    tips = load_content().tips_vrijwilliger
    fitting = [t for t in tips if theme in t.themas] or list(tips)
    return fresh_at_random(fitting, asked, rng)
