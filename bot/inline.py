"""Inline mode: a parent types the bot's name in any chat and picks a question to post there.

An inline query carries no conversation, so the bridge answers it from content itself: it
reads the shareable questions (SHARED_THEMES of addons/wire_format.py, the same rule the
actions use to open a deep link, actions/sharing.py) from content/prompts.yml, finds the ones
that fit what was typed, and turns them into Telegram results. Nothing is kept and what was
typed is never logged. Each result posts the question with a button that opens a private chat
with the bot at that question (a deep link, /start <id>).
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent
from telegram.helpers import create_deep_linked_url

from addons.content_files import content_file
from addons.plain_text import word_list
from addons.wire_format import DEEP_LINK, SHARED_THEMES
from bot.texts import BridgeTexts

# Telegram shows about this many characters of a title on a phone.
TITLE_LENGTH = 60
# Results change only when content/prompts.yml does; Telegram may keep them this long.
CACHE_SECONDS = 300
# Telegram shows at most 50 inline results per answer.
MAX_RESULTS = 50


@dataclass(frozen=True)
class Prompt:
    """A question a parent can share, as far as inline mode needs it."""

    id: str
    tekst: str
    thema: str
    thema_naam: str
    # The words a search can match: of the text, the text for a parent alone, the theme and the topic.
    words: tuple[str, ...] = ()


def shareable() -> tuple[Prompt, ...]:
    """The questions a parent can share: statements first, then the questions in guide order
    (as actions/sharing.py `shareable`, read straight from content/prompts.yml)."""
    raw = content_file("prompts.yml")
    names = {t["id"]: t["naam"] for t in raw["themas"]}
    entries = [
        *({"id": s["id"], "tekst": s["tekst"], "thema": "stellingen"} for s in raw["stellingen"]),
        *(v for v in raw["vragen"] if v.get("thema") in SHARED_THEMES),
    ]
    prompts = []
    for entry in entries:
        thema = entry["thema"]
        parts = [entry["tekst"], entry.get("alleen", ""), thema, entry.get("onderwerp", ""), names.get(thema, "")]
        words = tuple(word_list(" ".join(parts)))
        prompts.append(Prompt(entry["id"], entry["tekst"].strip(), thema, names[thema], words))
    return tuple(prompts)


def find(query: str) -> list[Prompt]:
    """The shareable questions that fit what was typed after the bot's name.

    Nothing typed: all of them (up to Telegram's 50). A question's id (from the share button):
    exactly that question. Words: the questions with, for every typed word, a word of their text,
    theme or topic that starts with it ("scherm" finds "schermen", "stelling" the statements),
    in lower case and without accents, so "één" finds "een".
    """
    prompts = shareable()
    query = query.strip()
    if DEEP_LINK.match(query):
        exact = [p for p in prompts if p.id == query]
        if exact:
            return exact
    typed = word_list(query)
    fitting = [p for p in prompts if all(any(w.startswith(t) for w in p.words) for t in typed)]
    return fitting[:MAX_RESULTS]


def title(prompt: Prompt) -> str:
    """The question, cut at a word to fit one line of the result list."""
    if len(prompt.tekst) <= TITLE_LENGTH:
        return prompt.tekst
    return prompt.tekst[:TITLE_LENGTH].rsplit(" ", 1)[0] + " …"


def message_text(prompt: Prompt, texts: BridgeTexts) -> str:
    """What the chosen result posts in the chat: the whole question, said as an invitation."""
    if prompt.thema == "stellingen":
        return texts.messages["inline_stelling"].format(stelling=prompt.tekst)
    return texts.messages["inline_vraag"].format(vraag=prompt.tekst)


def results(query: str, bot_username: str, texts: BridgeTexts) -> list[InlineQueryResultArticle]:
    """The inline results for what was typed after the bot's name."""
    articles = []
    for prompt in find(query):
        link = create_deep_linked_url(bot_username, prompt.id)
        articles.append(
            InlineQueryResultArticle(
                id=prompt.id,
                title=title(prompt),
                description=prompt.thema_naam,
                input_message_content=InputTextMessageContent(message_text(prompt, texts)),
                reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(texts.messages["inline_knop"], url=link)]]),
            )
        )
    return articles
