"""The Telegram side of the bridge, on python-telegram-bot with long polling.

Long polling needs no public URL, no certificate and no open port: the bot asks Telegram
for updates. Handlers only translate between Telegram and `Bridge.handle`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections import defaultdict
from typing import AsyncIterator, Awaitable, Callable

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatAction, ChatType
from telegram.error import NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import inline
from bot.bridge import Bridge
from bot.config import Settings
from bot.messages import Reply
from bot.telegram_request import RetryingRequest

logger = logging.getLogger(__name__)

# Button payloads: an intent ("/stelling"), an intent with one entity
# ('/kaart{"kaart_thema":"steun"}'), or a short lowercase answer ("samen"). Nothing else
# passes, so an old or forged callback cannot send arbitrary data to Rasa.
PAYLOAD = re.compile(r'^(/[a-z_]{1,40}(\{"[a-z_]{1,20}":"[a-z_]{1,20}"\})?|[a-z][a-z ]{0,39})$')
MEDIA = (
    filters.Sticker.ALL
    | filters.PHOTO
    | filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.Document.ALL
    | filters.LOCATION
    | filters.CONTACT
    | filters.ANIMATION
)


async def _quietly(call: Awaitable[object]) -> None:
    """A Bot API call whose failure (an old message, a network blip) must not stop the reply."""
    with contextlib.suppress(Exception):
        await call


def member_of_group(chat_type: str, user: User | None) -> int | None:
    """The sender's user id in a group (the bridge hashes it), None in a private chat."""
    if chat_type == ChatType.PRIVATE or user is None:
        return None
    return user.id


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One button per row: easy to hit on a phone.

    A share button lets the parent pick a chat and fills in "@bot <prompt id>" there, which
    the inline handler answers with exactly that question.
    """
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(b.title, switch_inline_query=b.share)
                if b.share
                else InlineKeyboardButton(b.title, callback_data=b.payload)
            ]
            for b in reply.buttons
        ]
    )


class TelegramFrontend:
    """Handlers for one bot; answers each chat's messages in the order they came."""

    def __init__(self, bridge: Bridge, typing_after: float = 0.5) -> None:
        self.bridge = bridge
        self.typing_after = typing_after
        self._chat_locks: defaultdict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    def install(self, application: Application) -> None:
        """Register the handlers on an application."""
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(InlineQueryHandler(self.on_inline_query))
        application.add_handler(MessageHandler(filters.TEXT, self.on_text))
        application.add_handler(MessageHandler(MEDIA, self.on_media))
        application.add_error_handler(self.on_error)

    async def register_commands(self, application: Application) -> None:
        """Show the Dutch command menu in Telegram (at start, see `build_application`)."""
        await application.bot.set_my_commands(
            [BotCommand(c.name, c.description) for c in self.bridge.texts.commands], language_code=None
        )

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message or command."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        if not self._meant_for_the_bot(message, context):
            return
        text = self.bridge.typed_text(message.text)
        await self._answer(context, message.chat_id, text, member_of_group(message.chat.type, message.from_user))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button: its payload goes to Rasa as if typed.

        Answering the callback and removing the used keyboard are Bot API calls of their own
        (tens of milliseconds each against the real Telegram): they run while Rasa works.
        """
        query = update.callback_query
        if query is None:
            return
        chat_id = query.message.chat.id if query.message else query.from_user.id
        chat_type = query.message.chat.type if query.message else ChatType.PRIVATE
        housekeeping = [_quietly(query.answer())]
        if query.message is not None and chat_type == ChatType.PRIVATE:
            # Remove the keyboard that was used, so an old choice cannot be sent twice. In a
            # group it stays: every member may answer with it (/samen).
            housekeeping.append(_quietly(query.edit_message_reply_markup(reply_markup=None)))
        payload = query.data or ""
        if not PAYLOAD.match(payload):
            reply = self._send(context, chat_id, [Reply(self.bridge.texts.messages["knop_verlopen"])])
        else:
            reply = self._answer(context, chat_id, payload, member_of_group(chat_type, query.from_user))
        await asyncio.gather(*housekeeping, reply)

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """ "@bot scherm" in any chat: the fitting questions to post (bot/inline.py); nothing kept."""
        query = update.inline_query
        if query is None:
            return
        found = inline.results(query.query, context.bot.username, self.bridge.texts)
        await query.answer(found, cache_time=inline.CACHE_SECONDS)

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, voice, stickers, files: never downloaded, answered kindly.

        In a group, people share photos with each other: the bot stays quiet there unless
        the photo replies to one of its own messages.
        """
        message = update.effective_message
        if update.effective_chat is not None and message is not None and self._meant_for_the_bot(message, context):
            await self._send(context, update.effective_chat.id, self.bridge.media_reply())

    @staticmethod
    def _meant_for_the_bot(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """In a private chat every message; in a group only commands and replies to the bot.

        A group (a volunteer and a parent, or two parents) talks among itself too; the bot
        answers only when it is called, and keeps one short-lived state per group.
        """
        if message.chat.type == ChatType.PRIVATE:
            return True
        if (message.text or "").startswith("/"):
            return True
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == context.bot.id)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the kind of error only (the update may hold what someone wrote), and say sorry.

        A parent whose message broke something should not be left without an answer. Not
        when Telegram itself failed (bot/telegram_request.py retried what it could): an
        apology would fail the same way, or follow a reply that did arrive but whose answer
        was lost on the way back.
        """
        logger.error("Error while handling an update: %s", type(context.error).__name__)
        if isinstance(context.error, (NetworkError, RetryAfter)):
            return
        if isinstance(update, Update) and update.effective_chat is not None:
            await _quietly(self._send(context, update.effective_chat.id, [Reply(self.bridge.texts.messages["fout"])]))

    async def _answer(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str, member: int | None = None) -> None:
        async with self._chat_locks[chat_id]:
            async with self._typing(context, chat_id):
                replies = await self.bridge.handle(chat_id, text, member)
            await self._send(context, chat_id, replies)

    @contextlib.asynccontextmanager
    async def _typing(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> AsyncIterator[None]:
        """Show 'typing…' when the answer takes longer than `typing_after` seconds."""

        async def indicate() -> None:
            await asyncio.sleep(self.typing_after)
            while True:
                with contextlib.suppress(Exception):
                    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
                await asyncio.sleep(4.5)  # Telegram shows the action for about 5 seconds

        task = asyncio.create_task(indicate())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @staticmethod
    async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.photo is not None:
                # Bytes from memory: python-telegram-bot uploads them; nothing touches the disk.
                await context.bot.send_photo(chat_id, reply.photo, caption=reply.text or None, reply_markup=keyboard(reply))
            else:
                await context.bot.send_message(chat_id, reply.text, reply_markup=keyboard(reply))


StartHook = Callable[[Application], Awaitable[None]]


def build_application(settings: Settings, bridge: Bridge, on_start: StartHook | None = None) -> Application:
    """The python-telegram-bot Application of the bridge.

    At start (post_init, once the event loop runs) it registers the Dutch command menu, then
    awaits `on_start`: the runner installs its signal handlers there (bot/run.py).
    """
    frontend = TelegramFrontend(bridge, typing_after=settings.typing_after)

    async def post_init(application: Application) -> None:
        await frontend.register_commands(application)
        if on_start is not None:
            await on_start(application)

    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token or "")
        .concurrent_updates(True)
        # 256 connections, as python-telegram-bot's own default request has.
        .request(RetryingRequest(connection_pool_size=256))
    )
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    application = builder.post_init(post_init).build()
    frontend.install(application)
    return application
