"""Rasa's messages of one turn as Telegram messages (bot/messages.py): fewer bubbles, nothing lost.

Rasa's REST channel hands over each paragraph of a text as a message of its own; the bridge
puts the texts that lead up to a question together with it, so a turn reads as one message
with its buttons under it. These tests hold for any turn, not only the ones the content has
today: every paragraph arrives, in order; every button is offered, under the text it came
with; no message holds two questions or goes over Telegram's limit; a picture stays a picture.
"""

from __future__ import annotations

import base64
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.messages import PNG_SIGNATURE, TELEGRAM_TEXT_LIMIT, replies_from_rasa
from bot.texts import load_texts

PNG = PNG_SIGNATURE + b"rest of a picture"
CHOOSE = load_texts().messages["alleen_knoppen"]


def text(value: str, *payloads: str) -> dict[str, Any]:
    message: dict[str, Any] = {"recipient_id": "1", "text": value}
    if payloads:
        message["buttons"] = [{"title": p.strip("/"), "payload": p} for p in payloads]
    return message


def picture(caption: str) -> dict[str, Any]:
    return {"recipient_id": "1", "custom": {"foto": {"png_base64": base64.b64encode(PNG).decode(), "bijschrift": caption}}}


def test_thanks_intro_and_question_with_buttons_are_one_message() -> None:
    replies = replies_from_rasa(
        [text("Dank je."), text("Nu gaat het over steun."), text("Wie steunt jou als ouder?", "/volgende", "/menu")]
    )
    assert [r.text for r in replies] == ["Dank je.\n\nNu gaat het over steun.\n\nWie steunt jou als ouder?"]
    assert [b.payload for b in replies[0].buttons] == ["/volgende", "/menu"]


def test_a_second_question_is_a_message_of_its_own() -> None:
    replies = replies_from_rasa([text("Past deze verdeling bij jullie?"), text("Welke taak doe je graag samen?")])
    assert [r.text for r in replies] == ["Past deze verdeling bij jullie?", "Welke taak doe je graag samen?"]


def test_buttons_end_a_message_and_a_picture_stays_apart() -> None:
    replies = replies_from_rasa([text("Kies een thema.", "/stelling"), text("Of typ iets."), picture("Kaart"), text("Tip.")])
    assert [(r.text, r.photo is not None, [b.payload for b in r.buttons]) for r in replies] == [
        ("Kies een thema.", False, ["/stelling"]),
        ("Of typ iets.", False, []),
        ("Kaart", True, []),
        ("Tip.", False, []),
    ]


def test_buttons_without_text_go_under_the_text_before_them_or_under_choose() -> None:
    assert [r.text for r in replies_from_rasa([text("Goed zo."), text("", "/menu")])] == ["Goed zo."]
    assert [r.text for r in replies_from_rasa([text("", "/menu")])] == [CHOOSE]


def test_texts_that_together_pass_telegrams_limit_stay_apart() -> None:
    long = "woord " * 700  # about 4200 characters: two messages alone
    replies = replies_from_rasa([text("Eerst dit."), text(long.strip(), "/menu")])
    assert all(len(r.text) <= TELEGRAM_TEXT_LIMIT for r in replies)
    assert replies[0].text.startswith("Eerst dit.") and [b.payload for b in replies[-1].buttons] == ["/menu"]
    assert " ".join(r.text for r in replies).split() == ["Eerst", "dit."] + long.split()


word = st.text(alphabet="abcdeé", min_size=1, max_size=12)
sentence = st.tuples(st.lists(word, min_size=1, max_size=10).map(" ".join), st.sampled_from([".", ".", ".", "?"])).map("".join)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
payload = st.sampled_from(["/menu", "/volgende", "/stop", "/eens"])
rasa_message = st.one_of(
    st.tuples(paragraph, st.lists(payload, max_size=3, unique=True)).map(lambda t: text(t[0], *t[1])),
    paragraph.map(picture),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rasa_message, max_size=8), st.integers(min_value=80, max_value=TELEGRAM_TEXT_LIMIT))
def test_any_turn_arrives_whole_in_order_with_one_question_per_message(messages: list[dict[str, Any]], limit: int) -> None:
    replies = replies_from_rasa(messages, limit)
    texts_in = [m["text"] for m in messages if "text" in m]
    texts_out = [p for r in replies if r.photo is None for p in r.text.split("\n\n")]
    assert " ".join(texts_out).split() == " ".join(texts_in).split()  # every word, in order
    assert [r.text for r in replies if r.photo] == [m["custom"]["foto"]["bijschrift"] for m in messages if "custom" in m]
    assert [b.payload for r in replies for b in r.buttons] == [b["payload"] for m in messages for b in m.get("buttons", [])]
    if all(len(t) <= limit for t in texts_in):
        assert len(replies) <= len(messages)  # never more messages than Rasa sent
    for reply in (r for r in replies if r.photo is None):  # a caption has a limit of its own
        assert len(reply.text) <= limit
        questions = [p for p in reply.text.split("\n\n") if "?" in p]
        assert len(questions) <= 1 and (not questions or reply.text.split("\n\n")[-1] == questions[0])
