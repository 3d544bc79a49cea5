"""NLU component: a parent who asks to talk about a theme gets that theme, in every state.

"Kunnen we iets over de papa doen?", "laten we steun doen", "mag ik nog eens zo'n vraag over het
huishouden?": the intent model took such wishes for thanks, for a feeling or for another theme
when they came with other words ("Dat is goed om te weten, dank je. Laten we eens naar wie doet
wat thuis kijken." -> `bedankt`). Wish words followed by one theme's words
(addons/topic_words.py, content/eigen_woorden.yml) set that theme's intent; the rules then open
the theme, at a question on the topic named ("kunnen we het over school hebben" -> the slow
question about school), and during an open question the wish is no answer but the theme
(data/rules/tijdens_vraag.yml). A question for a card or theme that names a family's situation
("welke kaart past bij een alleenstaande mama?") is a volunteer's (`vrijwilliger`). A message that
is only a theme's command word ("eigen_rol": an unknown command the bridge passes on without its
slash) is that theme too. A short wish to tell something that names no theme ("ik wil eens iets
vertellen over mijn dag") is own words (`vertellen`), not the theme the model guessed. It runs
before the safety net, which still overrides it.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.intent_override import WordListComponent, set_intent
from addons.topic_words import (
    INTENT_OF_THEME,
    asks_by_words,
    asks_card_for_family,
    named_theme,
    wished_card,
    wished_theme,
    wishes_statement,
    wishes_summary,
    wishes_to_tell,
)

STATEMENT_INTENT = "stelling"
# A card asked for with its theme named: the card command and its theme (as the button
# '/kaart{"kaart_thema":"steun"}' gives).
CARD_INTENT, CARD_ENTITY = "kaart", "kaart_thema"
# A question for a card that fits a family's situation: the volunteer's reply (actions/heard.py).
VOLUNTEER_INTENT = "vrijwilliger"
# A wish to tell something, with no theme named: own words (actions/eigen_woorden.py says "vertel
# maar"). It replaces only a theme, "not understood" or how the buttons work, the model's guesses
# for it; a feeling the model heard ("ik ben zo eenzaam, ik wil gewoon praten") stays.
TELL_INTENT = "vertellen"
TELL_REPLACES = {*INTENT_OF_THEME.values(), "nlu_fallback", "help"}
# A question with an answer read by its words (content/gehoord.yml `vraag_regels`, an organisation
# of content/hulp.yml) that the model took for a theme ("gedeeld ouderschap = wat?" opened the
# questions on one's own role, 7 December, evening): an intent whose rules go to action_gehoord,
# which answers it by its words (actions/heard.py read_question); the theme is not opened.
ANSWERED_BY_WORDS = "vraag_uitleg"
# The intents whose rules answer no question: a theme, a card ("kan ik die kaarten printen?" got a
# card), Home-Start's overview, how the buttons work, the statements, the household picture, another
# question ("Deel deze vraag" typed, and "ik wil vraag delen met man, niet andere vraag. hoe?", got
# "Hier is een andere vraag": a simulated mother, 7 December, night).
NOT_ANSWERS = {*INTENT_OF_THEME.values(), "kaart", "homestart", "help", STATEMENT_INTENT, "wiedoetwat", "andere_vraag"}
# A short request for the recap ("Mag ik de samenvatting nog zien?"): the command /samenvatting.
SUMMARY_INTENT = "samenvatting"
# A goodbye at the end of the message (addons/command_guard.py) wins over a wish before it.
GOODBYE_INTENT = "stop"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class TopicWish(WordListComponent):
    """Sets the theme intent of a typed wish to talk about that theme."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the wished theme's intent where a typed message asks for one."""
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/") or (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == GOODBYE_INTENT:
                continue
            if asks_card_for_family(text):
                set_intent(message, VOLUNTEER_INTENT, 1.0)
                continue
            card = wished_card(text)
            if card is not None:
                # "Is er een kaart die wat luchtiger is? Eens of oneens misschien?" got "Daar weet ik
                # geen antwoord op" (a simulated volunteer, 7 December, night): that theme's card.
                set_intent(message, CARD_INTENT, 1.0)
                entity = {"entity": CARD_ENTITY, "value": card, "extractor": type(self).__name__}
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
                continue
            theme = named_theme(text) or wished_theme(text)
            if theme is not None:
                set_intent(message, INTENT_OF_THEME[theme], 1.0)
            elif wishes_statement(text):
                set_intent(message, STATEMENT_INTENT, 1.0)
            elif wishes_summary(text):
                set_intent(message, SUMMARY_INTENT, 1.0)
            elif wishes_to_tell(text) and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in TELL_REPLACES:
                set_intent(message, TELL_INTENT, 1.0)
            elif (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in NOT_ANSWERS and asks_by_words(text):
                set_intent(message, ANSWERED_BY_WORDS, 1.0)
        return messages
