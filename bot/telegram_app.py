"""The Telegram side of the bridge, on python-telegram-bot with long polling.

Long polling needs no public URL, no certificate and no open port: the bot asks Telegram
for updates. python-telegram-bot does the routing: handler filters decide which update
reaches which callback (and which the bot leaves alone in a group), and `ChatOrder`, an
update processor, answers each chat's updates one after the other. Callbacks only
translate between Telegram and `Bridge.handle`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatAction, ChatType
from telegram.error import NetworkError, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

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


class RepliesToTheBot(filters.MessageFilter):
    """A message that replies to one of this bot's own messages."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id)


# In a private chat every message is for the bot. A group (a volunteer and a parent, or two
# parents) talks among itself too: there the bot answers commands and replies to itself only,
# and keeps one short-lived state per group.
TEXT_FOR_THE_BOT = filters.TEXT & (filters.ChatType.PRIVATE | filters.Regex(r"^/") | RepliesToTheBot())
# In a group, people share photos with each other: the bot stays quiet unless one replies to it.
MEDIA_FOR_THE_BOT = MEDIA & (filters.ChatType.PRIVATE | RepliesToTheBot())


def chat_of(update: object) -> int | None:
    """The chat an update is answered in (a button of an inline message: the presser's private
    chat), or None for what needs no order (an inline query is answered from content alone)."""
    if not isinstance(update, Update) or update.inline_query is not None:
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


@dataclass
class _ChatTurns:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    updates: int = 0  # this chat's updates being answered or waiting for their turn


class ChatOrder(BaseUpdateProcessor):
    """Updates of different chats at once, those of one chat one after the other, in the order
    Telegram sent them: a parent who presses a button and types right after it gets the answers
    in that order, and Rasa never gets two messages of one chat at the same time.

    A chat is known here by its Telegram id only while one of its updates is being answered or
    waits for its turn; its entry goes with its last update, so no Telegram id is kept beyond
    that (everything the bridge keeps longer is keyed by the pseudonymous key, bot/bridge.py).
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, _ChatTurns] = {}

    def __len__(self) -> int:
        """The number of chats with an update in hand."""
        return len(self._chats)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = chat_of(update)
        if chat is None:
            await coroutine
            return
        turns = self._chats.setdefault(chat, _ChatTurns())
        turns.updates += 1
        started = False
        try:
            async with turns.lock:
                started = True
                await coroutine
        finally:
            turns.updates -= 1
            if turns.updates == 0:
                del self._chats[chat]
            if not started and asyncio.iscoroutine(coroutine):
                coroutine.close()  # cancelled while it waited for its turn (the bot stopping)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: every chat's entry went with its last update."""


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
    """The handlers of one bot: which update goes where is in `install`, the callbacks translate."""

    def __init__(self, bridge: Bridge, typing_after: float = 0.5) -> None:
        self.bridge = bridge
        self.typing_after = typing_after
        self._indicators: set[asyncio.Task[None]] = set()  # "typing…" tasks still running

    def install(self, application: Application) -> None:
        """Register the handlers on an application (the first whose filters match handles an update)."""
        application.add_handler(CommandHandler("start", self.on_start_link, has_args=1))
        application.add_handler(MessageHandler(TEXT_FOR_THE_BOT, self.on_text))
        application.add_handler(MessageHandler(MEDIA_FOR_THE_BOT, self.on_media))
        application.add_handler(CallbackQueryHandler(self.on_button, pattern=PAYLOAD))
        application.add_handler(CallbackQueryHandler(self.on_old_button))
        application.add_handler(InlineQueryHandler(self.on_inline_query))
        application.add_error_handler(self.on_error)

    async def register_commands(self, application: Application) -> None:
        """Show the Dutch command menu in Telegram (at start, see `build_application`)."""
        await application.bot.set_my_commands(
            [BotCommand(c.name, c.description) for c in self.bridge.texts.commands], language_code=None
        )

    async def on_start_link(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/start <id>`: a deep link (a shared question, docs/conversation.md) opens that question."""
        message = update.effective_message
        assert message is not None and context.args is not None  # a CommandHandler's update has both
        text = self.bridge.start_text(context.args[0])
        await self._answer(context, message.chat_id, text, member_of_group(message.chat.type, message.from_user))

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message or command."""
        message = update.effective_message
        assert message is not None and message.text is not None  # filters.TEXT
        text = self.bridge.typed_text(message.text)
        await self._answer(context, message.chat_id, text, member_of_group(message.chat.type, message.from_user))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button: its payload goes to Rasa as if typed."""
        query = update.callback_query
        assert query is not None and query.data is not None  # a CallbackQueryHandler with a pattern
        chat_id, chat_type = self._chat_of_button(update)
        await self._after_press(update, self._answer(context, chat_id, query.data, member_of_group(chat_type, query.from_user)))

    async def on_old_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button whose payload is none the bot makes (an old or forged one): never sent to Rasa."""
        chat_id, _ = self._chat_of_button(update)
        await self._after_press(update, self._send(context, chat_id, [Reply(self.bridge.texts.messages["knop_verlopen"])]))

    @staticmethod
    def _chat_of_button(update: Update) -> tuple[int, str]:
        """The chat a button press is answered in, and its type (an inline message's: the presser's private chat)."""
        query = update.callback_query
        assert query is not None
        if query.message is not None:
            return query.message.chat.id, query.message.chat.type
        return query.from_user.id, ChatType.PRIVATE

    @staticmethod
    async def _after_press(update: Update, reply: Awaitable[None]) -> None:
        """The reply, and meanwhile the button's housekeeping.

        Answering the callback and removing the used keyboard are Bot API calls of their own
        (tens of milliseconds each against the real Telegram): they run while Rasa works.
        """
        query = update.callback_query
        assert query is not None
        housekeeping = [_quietly(query.answer())]
        if query.message is not None and query.message.chat.type == ChatType.PRIVATE:
            # Remove the keyboard that was used, so an old choice cannot be sent twice. In a
            # group it stays: every member may answer with it (/samen).
            housekeeping.append(_quietly(query.edit_message_reply_markup(reply_markup=None)))
        await asyncio.gather(*housekeeping, reply)

    async def on_inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """ "@bot scherm" in any chat: the fitting questions to post (bot/inline.py); nothing kept."""
        query = update.inline_query
        assert query is not None  # an InlineQueryHandler
        found = inline.results(query.query, context.bot.username, self.bridge.texts)
        await query.answer(found, cache_time=inline.CACHE_SECONDS)

    async def on_media(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, voice, stickers, files: never downloaded, answered kindly."""
        message = update.effective_message
        assert message is not None  # a MessageHandler
        await self._send(context, message.chat_id, self.bridge.media_reply())

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
        """Rasa's answer to `text` (ChatOrder makes sure it is this chat's only one in hand)."""
        async with self._typing(context, chat_id):
            replies = await self.bridge.handle(chat_id, text, member)
        await self._send(context, chat_id, replies)

    @contextlib.asynccontextmanager
    async def _typing(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> AsyncIterator[None]:
        """Show 'typing…' when the answer takes longer than `typing_after` seconds.

        The answer stops it with an event, and does not wait for it. It used to cancel the task
        and wait for it to end; but on Python 3.10 a cancellation that lands while httpx opens
        a new connection is lost (anyio's connect task group absorbs it) and the call simply
        completes. The loop then went on ("typing…" for ever), the reply waited for it, and so
        did every later message of the chat and the bot's stop (issue 30 item 8). The cancel
        now only cuts short a chat action still on its way, where it can.
        """
        answered = asyncio.Event()

        async def until_answered(seconds: float) -> bool:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(answered.wait(), seconds)
            return answered.is_set()

        async def indicate() -> None:
            if await until_answered(self.typing_after):
                return
            while True:
                with contextlib.suppress(Exception):
                    await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
                if await until_answered(4.5):  # Telegram shows the action for about 5 seconds
                    return

        task = asyncio.create_task(indicate())
        self._indicators.add(task)  # the event loop holds tasks only weakly
        task.add_done_callback(self._indicators.discard)
        try:
            yield
        finally:
            answered.set()
            task.cancel()

    @staticmethod
    async def _send(context: ContextTypes.DEFAULT_TYPE, chat_id: int, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.photo is not None:
                # Bytes from memory: python-telegram-bot uploads them; nothing touches the disk.
                await context.bot.send_photo(chat_id, reply.photo, caption=reply.text or None, reply_markup=keyboard(reply))
            else:
                await context.bot.send_message(chat_id, reply.text, reply_markup=keyboard(reply))


StartHook = Callable[[Application], Awaitable[None]]


def build_application(
    settings: Settings,
    bridge: Bridge,
    on_start: StartHook | None = None,
    requests: tuple[BaseRequest, BaseRequest] | None = None,
) -> Application:
    """The python-telegram-bot Application of the bridge.

    At start (post_init, once the event loop runs) it registers the Dutch command menu, then
    awaits `on_start`: the runner installs its signal handlers there (bot/run.py). `requests`
    (for the calls, and for getUpdates) replace the HTTP ones: the tests where HTTP adds
    nothing pass python-telegram-bot an offline request (testkit/fake_telegram.py).
    """
    frontend = TelegramFrontend(bridge, typing_after=settings.typing_after)

    async def post_init(application: Application) -> None:
        await frontend.register_commands(application)
        if on_start is not None:
            await on_start(application)

    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token or "")
        # 256 updates at once, as python-telegram-bot's `concurrent_updates(True)`; one chat's in turn.
        .concurrent_updates(ChatOrder(256))
    )
    if requests is None:
        # 256 connections, as python-telegram-bot's own default request has.
        builder = builder.request(RetryingRequest(connection_pool_size=256))
    else:
        builder = builder.request(requests[0]).get_updates_request(requests[1])
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url.rstrip("/")
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    application = builder.post_init(post_init).build()
    frontend.install(application)
    return application
