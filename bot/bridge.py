"""The channel-neutral core of the bridge: one message in, replies out.

Telegram and the terminal chat both call `Bridge.handle`, so they behave the same. The
bridge holds no conversation logic: it pseudonymises the sender, forwards the text or
button payload to Rasa, and turns the answer into replies. When Rasa is down or slow it
answers kindly itself and simply tries Rasa again with the next message.

The supervisor (bot/supervisor.py) tells the bridge when a service goes down and comes
back. While one is down, a parent gets one kind "even geduld" message, not one for every
message they keep sending. Rasa keeps conversations in memory only, so after a Rasa
restart a chat that was talking is told once that the bot starts again from the beginning.
For this the bridge remembers, per pseudonymous key only, which Rasa last answered it.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

from addons.wire_format import DEEP_LINK, STATE_UNREACHABLE, deep_link_message
from bot.messages import TELEGRAM_TEXT_LIMIT, Reply, replies_from_rasa
from bot.pseudonym import Pseudonymizer
from bot.rasa_client import RasaBusy, RasaClient, RasaUnavailable
from bot.texts import BridgeTexts, load_texts

logger = logging.getLogger(__name__)

# Longer messages are cut before they go to Rasa (Telegram's own limit is 4096).
MAX_INCOMING = 2000
# A parent who keeps writing while Rasa is down hears "even geduld" once; again only after this.
TELL_AGAIN_AFTER = 600.0


@dataclass
class ChatMark:
    """What the bridge knows about one chat: nothing but times and a restart number."""

    generation: int | None = None  # the Rasa (counted in restarts) that last answered this chat
    answered_at: float = 0.0  # time.monotonic() of that answer
    told_down_at: float | None = None  # when this chat was last told "even geduld"


class Bridge:
    """Forwards one person's message to Rasa and returns what to show them."""

    def __init__(
        self,
        rasa: RasaClient,
        pseudonymizer: Pseudonymizer | None = None,
        texts: BridgeTexts | None = None,
        idle_seconds: float = 1800.0,
        max_chats: int = 10000,
        rasa_names: Sequence[str] = ("Rasa",),
    ) -> None:
        self.rasa = rasa
        self.pseudonymizer = pseudonymizer or Pseudonymizer()
        self.texts = texts or load_texts()
        self.closing = False
        # Rasa forgets a conversation after this long; then a restart lost nothing of it.
        self.idle_seconds = idle_seconds
        self.max_chats = max_chats
        self.rasa_generation = 0
        # The supervisor's names of the Rasa workers, in the order of the client's URLs.
        self.rasa_names = list(rasa_names)
        self._down: set[str] = set()
        self._chats: OrderedDict[str, ChatMark] = OrderedDict()

    def service_down(self, name: str) -> None:
        """The supervisor found `name` dead or hung: answer kindly at once, without asking Rasa.

        One Rasa worker of several down: the others take its chats (their state is in Redis).
        """
        if name in self.rasa_names:
            self.rasa.set_down(self.rasa_names.index(name), True)
        else:
            self._down.add(name)

    def service_back(self, name: str, conversations_lost: bool) -> None:
        """`name` answers again; with `conversations_lost` (Rasa), the chats before it are gone."""
        if conversations_lost:
            self.rasa_generation += 1
        if name in self.rasa_names:
            self.rasa.set_down(self.rasa_names.index(name), False)
        self._down.discard(name)

    def close_soon(self) -> None:
        """The bot is stopping: answer new messages at once instead of asking Rasa.

        python-telegram-bot finishes every update it already fetched before it stops, and
        Telegram counts those as delivered. Without this, a backlog would be worked off one
        Rasa timeout after another (over 90 s under overload, bench/ANALYSIS.md); with it,
        stopping waits only for the messages already at Rasa, and nobody's message goes
        unanswered.
        """
        self.closing = True

    def payload_for_command(self, command: str) -> str | None:
        """The Rasa payload of a menu command (`/stelling`), None for unknown ones."""
        found = self.texts.command(command.lower())
        return found.payload if found else None

    def typed_text(self, text: str) -> str:
        """What goes to Rasa for a typed message: a command ("/stelling@bot ...") becomes its
        payload, an unknown command its bare word, any other text stays as it is.

        "/start <id>" is a deep link (`start_text`); Telegram's own deep links reach
        `start_text` through python-telegram-bot's CommandHandler (bot/telegram_app.py).
        """
        if not text.startswith("/"):
            return text
        words = text[1:].split(maxsplit=1)
        command = words[0].split("@", 1)[0] if words else ""
        if command.lower() == "start" and len(words) == 2:
            return self.start_text(words[1])
        return self.payload_for_command(command) or text[1:]

    def start_text(self, start_parameter: str) -> str:
        """What goes to Rasa for "/start <parameter>": a deep link's id (a shared question,
        docs/conversation.md) as /gedeelde_vraag with the id, which Rasa opens. A parameter that
        cannot be an id is dropped: that is a plain /start."""
        prompt_id = start_parameter.strip()
        if DEEP_LINK.match(prompt_id):
            return deep_link_message(prompt_id)
        return self.payload_for_command("start") or "/start"

    async def handle(self, chat_id: int | str, text: str, member: int | None = None) -> list[Reply]:
        """Answer one message (typed text or a button payload).

        In a group, `member` (the sender's Telegram user id) goes to Rasa only as a keyed
        hash ("lid"), so /samen can tell two members' answers apart without knowing them.
        """
        text = (text or "").strip()
        if not text:
            return [Reply(self.texts.messages["leeg"])]
        if self.closing:
            return [Reply(self.texts.messages["herstart"])]
        key = self.pseudonymizer.key(chat_id)
        if self._down or self.rasa.all_down():
            return self._unavailable(key)
        notice: list[Reply] = []
        if len(text) > MAX_INCOMING:
            text = text[:MAX_INCOMING]
            notice.append(Reply(self.texts.messages["te_lang"]))
        generation = self.rasa_generation
        try:
            metadata = {"lid": self.pseudonymizer.key(f"lid:{member}")} if member is not None else None
            answer = await self.rasa.send(key, text, metadata)
        except RasaBusy:
            logger.warning("Rasa busy: no turn within the timeout; told the person to try again.")
            return [Reply(self.texts.messages["druk"])]
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable (%s); told the person to try again.", error)
            return self._unavailable(key)
        if any(isinstance(r.get("custom"), dict) and r["custom"].get(STATE_UNREACHABLE) for r in answer):
            logger.warning("Rasa could not reach the conversation state (Redis); told the person to try again.")
            return self._unavailable(key)
        return self._after_restart(key, generation) + notice + replies_from_rasa(answer, TELEGRAM_TEXT_LIMIT)

    def _mark(self, key: str) -> ChatMark:
        """The chat's mark, made the most recent; the least recent go beyond `max_chats`."""
        mark = self._chats.pop(key, None) or ChatMark()
        self._chats[key] = mark
        while len(self._chats) > self.max_chats:
            self._chats.popitem(last=False)
        return mark

    def _unavailable(self, key: str) -> list[Reply]:
        """ "Even geduld" once per outage and chat; nothing for the messages that follow it."""
        mark, now = self._mark(key), time.monotonic()
        if mark.told_down_at is not None and now - mark.told_down_at < TELL_AGAIN_AFTER:
            return []
        mark.told_down_at = now
        return [Reply(self.texts.messages["rasa_onbereikbaar"])]

    def _after_restart(self, key: str, generation: int) -> list[Reply]:
        """The notice that the conversation was lost, when Rasa restarted since this chat last talked."""
        mark, now = self._mark(key), time.monotonic()
        lost = mark.generation is not None and mark.generation != generation and now - mark.answered_at < self.idle_seconds
        mark.generation, mark.answered_at, mark.told_down_at = generation, now, None
        return [Reply(self.texts.messages["opnieuw_gestart"])] if lost else []

    def media_reply(self) -> list[Reply]:
        """Kind reply to a photo, sticker, voice note or file, which is never opened."""
        return [Reply(self.texts.messages["alleen_tekst"])]
