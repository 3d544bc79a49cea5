"""A typed wish to talk about a theme opens that theme, whatever the intent model guessed (addons/topic_wish.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.topic_wish import TopicWish
from bot.rasa_client import RasaClient
from testkit.stack import RealStack


def intent_after(text: str, guessed: str) -> str:
    message = Message({TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: guessed, PREDICTED_CONFIDENCE_KEY: 0.9})
    message.set(INTENT_RANKING_KEY, [{INTENT_NAME_KEY: guessed, PREDICTED_CONFIDENCE_KEY: 0.9}])
    [processed] = TopicWish().process([message])
    return str(processed.get(INTENT)[INTENT_NAME_KEY])


@pytest.mark.parametrize(
    ("text", "guessed", "intent"),
    [
        # Said by simulated parents; the intent model's guess in the middle.
        ("Dat is goed om te weten, dank je. Laten we eens naar wie doet wat thuis kijken.", "bedankt", "huishouden"),
        ("Nee dank je, ik vraag het wel aan onze coördinator. Kunnen we iets over de papa doen?", "bedankt", "partner"),
        ("Ok, laten we steun doen. Ze ziet haar vriendinnen niet meer, haar mama woont in Limburg.", "gevoel_zorg", "steun"),
        ("Kunnen we het eens over mij als moeder hebben, in plaats van over hem?", "partner", "eigen_rol"),
        ("mag ik nog es zo'n vraag over het huishouden?", "gevoel_conflict", "huishouden"),
        ("kunnen we het over school hebben", "vertellen", "vraag"),
        ("Jessica wil nog eens zo'n stelling proberen, eens of oneens", "vraag_mening", "stelling"),
        # Written fresh for issue 28 (a development set, not the held-out one).
        ("over steun van anderen praten kan?", "vraag_uitleg", "steun"),  # the theme before the verb
        ("thema school pls", "vertellen", "vraag"),
        ("heb je ook vragen over gsm-gebruik van kinderen?", "vraag_bot", "vraag"),  # part of a hyphenated word
        ("mag ik iets zeggen over mijn ex als papa?", "vertellen", "partner"),  # the theme named first
        ("over de co-ouder praten, kan dat?", "vertellen", "partner"),  # a hyphenated theme word, whole
        ("Mag het liever gaan over wie mij steunt als ouder?", "vraag_uitleg", "steun"),
        ("ik wil het graag hebben over schermtijd.", "vertellen", "vraag"),
        ("Mijn mama helpt veel, en de buren ook. Kunnen we daarover praten?", "vraag_uitleg", "steun"),  # points back
        # Points back to a message that names two themes: the one named most ("mijn man" once, support twice).
        ("Mijn man helpt veel, mijn zus ook. Kunnen we daarover praten?", "vraag_uitleg", "steun"),
        ("Kunnen we het nu over haar hebben?", "vraag_uitleg", "partner"),  # "over haar", then a verb of talking
        ("Mijn man vraagt of er ook vragen zijn over het huishouden.", "vertellen", "huishouden"),
        # Written for this test after a second development set (7 December): a wish in other words.
        ("Onze zoon zit uren op zijn tablet. Ik zou daar graag eens over willen nadenken.", "vertellen", "vraag"),
        ("kunnen we ni iets doen over de hulp van de grootouders?", "vraag_uitleg", "steun"),
        ("De was, de boodschappen, het koken: alles komt op mij. Kan dat hier?", "vraag_uitleg", "huishouden"),
        ("zit naast mijn vrouw, ze vraagt of er ook vragen over haar zijn", "vertellen", "partner"),
        ("mag het vandaag over school gaan?", "vraag_uitleg", "vraag"),
        # A question for a card that names a family's situation: the volunteer's reply (7 December).
        ("zijn er ook kaarten speciaal voor ouders die er alleen voor staan?", "homestart_voor_wie", "vrijwilliger"),
        ("welk thema past bij gescheiden ouders?", "gescheiden", "vrijwilliger"),
        # Written fresh on 7 December (a second development set, not the held-out one).
        ("mijn zoon zit de hele dag op zijn telefoon, kan dat als onderwerp?", "gevoel_zorg", "vraag"),
        ("ik wil iets bespreken over hoe we het werk thuis eerlijker kunnen verdelen", "vertellen", "huishouden"),
        ("kunne we ’t over de was en de plas hebbe", "vertellen", "huishouden"),
        ("kunnen we het over de studiekeuze van mijn oudste hebben?", "vraag_algemeen", "vraag"),
        ("kwil eens nadenke over hoe ik zelf ben me de kinders", "vertellen", "eigen_rol"),
        ("het huishouden, dat is mijn thema", "vertellen", "huishouden"),
        # A theme's command typed in Telegram reaches Rasa as its bare word.
        ("eigen_rol", "nlu_fallback", "eigen_rol"),
        ("huishouden", "nlu_fallback", "huishouden"),
    ],
)
def test_a_wish_to_talk_about_a_theme_gets_that_themes_intent(text: str, guessed: str, intent: str) -> None:
    assert intent_after(text, guessed) == intent


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        # A wish to tell that names no theme is own words, not the theme the model guessed.
        ("ik wil eens iets vertellen over mijn dag", "partner"),  # said by a simulated father (0.92)
        ("ik moet iets kwijt", "help"),
        ("mag ik gewoon iets vertellen?", "nlu_fallback"),
        ("kwil efkes babbelen over vandaag", "eigen_rol"),
    ],
)
def test_a_wish_to_tell_something_without_a_theme_is_own_words(text: str, guessed: str) -> None:
    assert intent_after(text, guessed) == "vertellen"


@pytest.mark.parametrize(
    ("text", "guessed"),
    [
        ("laten we zeggen dat mijn man weinig kookt", "vertellen"),  # no wish, and two themes
        ("ik wil graag dat mijn kinderen respect hebben", "vertellen"),  # an answer about values
        ("we hebben nooit ruzie over school", "vertellen"),  # "over" without a verb of talking
        ("mijn man kookt en ik doe de was, daar ben ik blij om", "vertellen"),  # "daar" without a verb of talking
        ("we gaan over de brug naar school", "vertellen"),  # "over" and "gaan" name no theme
        ("ik sta er alleen voor sinds de scheiding", "gevoel_eenzaam"),  # a situation, but no card asked for
        ("Mijn man en ik botsen soms over school. Kunnen we daarover praten?", "vraag_uitleg"),  # two themes, once each
        # "over ... praten" across two sentences is no wish (a story told to the issue-28 development set).
        ("Het overleg met mijn ex over school en geld zit vast. We praten alleen nog via sms.", "vertellen"),
        ("/partner", "partner"),  # a button is what it is
        ("kunnen we het over school hebben? nu moet ik gaan, doei", "stop"),  # the goodbye wins
        ("ik ben zo eenzaam, ik wil gewoon praten", "gevoel_eenzaam"),  # a feeling heard stays
    ],
)
def test_other_messages_keep_their_intent(text: str, guessed: str) -> None:
    assert intent_after(text, guessed) == guessed


@pytest.mark.parametrize("text", ["Deel deze vraag", "ik wil vraag delen met man, niet andere vraag. hoe?"])
def test_a_typed_wish_to_share_the_question_is_answered_not_another_question(text: str) -> None:
    """A simulated mother typed it and got "Hier is een andere vraag" (7 December, night)."""
    assert intent_after(text, "andere_vraag") == "vraag_uitleg"


@pytest.mark.parametrize(
    ("text", "card"),
    [
        # A simulated volunteer got "Daar weet ik geen antwoord op" (7 December, night).
        ("Is er een kaart die wat luchtiger is? Eens of oneens misschien?", "stellingen"),
        ("heb je een kaart over steun?", "steun"),
        ("een kaartje over het huishouden aub", "huishouden"),
        ("de juf gaf hem een kaart voor zijn verjaardag, hij was zo blij met zijn vriendjes", None),
        ("kan ik die kaarten printen?", None),
    ],
)
def test_a_card_asked_for_by_its_theme_is_that_themes_card(text: str, card: str | None) -> None:
    message = Message({TEXT: text})
    message.set(INTENT, {INTENT_NAME_KEY: "vraag_algemeen", PREDICTED_CONFIDENCE_KEY: 0.9})
    [processed] = TopicWish().process([message])
    themes = [e["value"] for e in processed.get(ENTITIES) or [] if e["entity"] == "kaart_thema"]
    assert themes == ([card] if card else [])
    assert (processed.get(INTENT)[INTENT_NAME_KEY] == "kaart") == (card is not None)


async def test_asking_for_oneself_during_a_question_about_the_other_parent_opens_ones_own_role(real_stack: RealStack) -> None:
    rasa = RasaClient(real_stack.settings.rasa_url, 10.0)
    await rasa.send("wens-1", "/partner")
    reply = await rasa.send("wens-1", "Kunnen we het eens over mij als moeder hebben, in plaats van over hem?")
    await rasa.close()
    said = " ".join(m.get("text") or "" for m in reply)
    assert "jou als opvoeder" in said and "andere ouder" not in said
