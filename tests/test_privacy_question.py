"""A typed question about what happens to what a parent writes is read as one (addons/privacy_question.py).

The questions come from simulated parents of 7 December (the intent model took them for
loneliness, advice, a question about the bot, or a crisis check-in); the others are questions that
name a service or a verb of reading and are about something else.
"""

import pytest

from addons.privacy_question import asks_about_privacy

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    [
        "Ahmed vraagt of wat hij hier zegt ergens bewaard wordt. Komt het bij de gemeente terecht?",
        "nee ik bedoel, jij zegt niet aan gemeente? ja of nee",
        "baby is wakker, ik moet gaan. jij kan alles wissen wat ik zeg? aub",
        "en wa gebeurt er dan me wa ik hier typ? kwil ni da da ergens op internet belandt eh",
        "Mijn man is bang dat de school dit kan lezen. Is dat zo?",
        "weet mijn vrijwilliger nu wat ik geantwoord heb",
        "wat doe je met mijn antwoorden?",
        "de gemeente weet dus niks? ja of nee?",
        # A father worried about his daughter's school (7 December, evening): got "Of dat normaal is ...".
        "ge vertelt da toch nie door aan de school he? mijn dochter zit daar nog",
        "maar mijn man, hij pakt soms mijn telefoon. hij kan lezen dan?",
        # A sceptical father (7 December, night): got "Ik geef geen advies" and "Ik lees het".
        "en wa wilt ge van mij? rapporteert ge da aan iemand, de gemeente of zo?",
        "ge hebt mijn vraag nie beantwoord. geeft ge da door aan iemand of nie",
        "als ik hier over mijn dochters vertel, leest iemand anders dat mee? Ik ben verpleegkundige.",
    ],
)
def test_a_question_about_what_happens_to_what_is_written_is_a_privacy_question(text: str) -> None:
    assert asks_about_privacy(text)


@pytest.mark.parametrize(
    "text",
    [
        "waar is home-start in mijn gemeente?",
        "Weet de juf dat hij gepest wordt?",
        "weet de school er iets van, van die ruzie op de speelplaats?",
        "wie leest er voor het slapengaan bij jullie?",
        "weet je wat ik bedoel?",
        "Weet je of dit normaal is?",
        "wat gebeurt er als hij niet luistert?",
        "hoe lang gaat da mee, zo ne vrijwilliger",
        "Ik bewaar al haar tekeningen in een doos.",  # no question
        # A volunteer keeps the recap, then asks how to end the visit (7 December, afternoon).
        "Fijn, dat bewaar ik. Hoe sluit ik zo'n gesprek netjes af met hen?",
    ],
)
def test_other_questions_and_statements_are_not(text: str) -> None:
    assert not asks_about_privacy(text)
