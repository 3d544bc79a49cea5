"""A chat in the terminal, for trying the bot without a Telegram token.

It goes through the same `Bridge` as Telegram. Buttons show as numbered choices: typing
the number sends the button's payload, exactly like pressing it in Telegram. A share button
("Deel deze vraag") has no chat to share in here: it shows the deep link as `/start <id>`,
which works when typed, as a link does in Telegram.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Callable, TextIO

from bot.bridge import Bridge
from bot.messages import Button, Reply

TERMINAL_CHAT_ID = "terminal"


def render(replies: list[Reply]) -> tuple[str, list[Button]]:
    """Text to print, and the buttons that the numbers now stand for."""
    lines: list[str] = []
    buttons: list[Button] = []
    for reply in replies:
        # A message of several paragraphs: the later lines under the first, as one message.
        first, *rest = reply.text.splitlines() or [""]
        lines.append(f"bot> {first}")
        lines.extend(f"     {line}" if line else "" for line in rest)
        if reply.photo is not None:
            # No picture in a terminal, and it is not saved to a file: the same in words.
            lines.extend(f"     {line}" for line in reply.text_alternative.splitlines())
        for button in reply.buttons:
            if button.share:
                lines.append(f"     ({button.title}: /start {button.share})")
                continue
            buttons.append(button)
            lines.append(f"     [{len(buttons)}] {button.title}")
    return "\n".join(lines), buttons


def resolve(typed: str, buttons: list[Button]) -> str:
    """A number picks a button; anything else is sent as typed."""
    choice = typed.strip()
    if choice.isdigit() and 1 <= int(choice) <= len(buttons):
        return buttons[int(choice) - 1].payload
    return typed


async def chat(bridge: Bridge, read: Callable[[str], str] = input, out: TextIO | None = None) -> None:
    """Run the conversation until end of input (Ctrl-D) or Ctrl-C."""
    out = out or sys.stdout
    print(bridge.texts.messages["terminal_welkom"], file=out, flush=True)
    text, buttons = render(await bridge.handle(TERMINAL_CHAT_ID, "/start"))
    print(text, file=out, flush=True)
    while True:
        try:
            typed = await asyncio.to_thread(read, bridge.texts.messages["terminal_jij"])
        except EOFError:
            return
        text, new_buttons = render(await bridge.handle(TERMINAL_CHAT_ID, resolve(typed, buttons)))
        buttons = new_buttons or buttons
        print(text, file=out, flush=True)
