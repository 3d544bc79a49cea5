"""Inline mode: a parent types the bot's name in any chat and picks a question to post there.

An inline query carries no conversation, so the bridge answers it from content itself:
actions/sharing.py picks the questions, this module only turns them into Telegram results.
Nothing is kept and what was typed is never logged. Each result posts the question with a
button that opens a private chat with the bot at that question (a deep link, /start <id>).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent
from telegram.helpers import create_deep_linked_url

from actions.content import Prompt, load_content
from actions.sharing import deep_link_id, find
from bot.texts import BridgeTexts

# Telegram shows about this many characters of a title on a phone.
TITLE_LENGTH = 60
# Results change only when content/prompts.yml does; Telegram may keep them this long.
CACHE_SECONDS = 300


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
    content = load_content()
    articles = []
    for prompt in find(query, content):
        link = create_deep_linked_url(bot_username, deep_link_id(prompt))
        articles.append(
            InlineQueryResultArticle(
                id=prompt.id,
                title=title(prompt),
                description=content.themas[prompt.thema].naam,
                input_message_content=InputTextMessageContent(message_text(prompt, texts)),
                reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(texts.messages["inline_knop"], url=link)]]),
            )
        )
    return articles
