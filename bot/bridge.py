"""The channel-neutral core of the bridge: one message in, replies out.

Telegram and the terminal chat both call `Bridge.handle`, so they behave the same. The
bridge holds no conversation logic: it pseudonymises the sender, forwards the text or
button payload to Rasa, and turns the answer into replies. When Rasa is down or slow it
answers kindly itself and simply tries Rasa again with the next message.
"""
from __future__ import annotations

import logging

from bot.messages import TELEGRAM_TEXT_LIMIT, Reply, replies_from_rasa
from bot.pseudonym import Pseudonymizer
from bot.rasa_client import RasaBusy, RasaClient, RasaUnavailable
from bot.texts import BridgeTexts, load_texts

logger = logging.getLogger(__name__)

# Longer messages are cut before they go to Rasa (Telegram's own limit is 4096).
MAX_INCOMING = 2000


class Bridge:
    """Forwards one person's message to Rasa and returns what to show them."""

    def __init__(self, rasa: RasaClient, pseudonymizer: Pseudonymizer | None = None, texts: BridgeTexts | None = None) -> None:
        self.rasa = rasa
        self.pseudonymizer = pseudonymizer or Pseudonymizer()
        self.texts = texts or load_texts()
        self.closing = False

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
        payload, an unknown command its bare word, any other text stays as it is."""
        if not text.startswith("/"):
            return text
        command = text[1:].split(maxsplit=1)[0].split("@", 1)[0] if text[1:].strip() else ""
        return self.payload_for_command(command) or text[1:]

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
        notice: list[Reply] = []
        if len(text) > MAX_INCOMING:
            text = text[:MAX_INCOMING]
            notice.append(Reply(self.texts.messages["te_lang"]))
        try:
            metadata = {"lid": self.pseudonymizer.key(f"lid:{member}")} if member is not None else None
            answer = await self.rasa.send(self.pseudonymizer.key(chat_id), text, metadata)
        except RasaBusy:
            logger.warning("Rasa busy: no turn within the timeout; told the person to try again.")
            return [Reply(self.texts.messages["druk"])]
        except RasaUnavailable as error:
            logger.warning("Rasa unavailable (%s); told the person to try again.", error)
            return [Reply(self.texts.messages["rasa_onbereikbaar"])]
        return notice + replies_from_rasa(answer, TELEGRAM_TEXT_LIMIT)

    def media_reply(self) -> list[Reply]:
        """Kind reply to a photo, sticker, voice note or file, which is never opened."""
        return [Reply(self.texts.messages["alleen_tekst"])]
