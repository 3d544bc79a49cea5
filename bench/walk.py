"""What a simulated parent sends next: a seeded random walk over everything the bot offers.

Why a walk and not a fixed script: real parents do not all follow one path in lockstep. Each
chat here decides its next message from the bot's last reply, with its own random numbers:
it presses one of the buttons it was just offered, answers an open question in a few
sentences, types a command from the bot's own menu (content/bridge.yml through bot/texts.py,
so /kaart and /wiedoetwat pictures, /samen and /training come up as often as any other
command), or goes off the path: its own words at the menu, "ok", an emoji, "?", an off-topic
question, or a button of an older message that is no longer live. In a group (two members),
the first turn is a /samen round; the members press the buttons, use commands, and answer
by replying to the bot's message (the bot ignores other group talk on purpose).

`Parent` walks straight through the product's `Bridge`, without Telegram (the memory mode);
`bench/chats.py` walks through the fake Bot API.

The texts hold nothing personal; the benchmark checks that none of the free-text answers
turns up in the runner's log.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.bridge import Bridge
from bot.texts import load_texts

ANSWERS = [
    "Bij ons beslist niemand alleen. Mijn partner kookt, ik doe de was. Soms botst dat wel.",
    "Dat weet ik eigenlijk niet zo goed. Misschien moeten we daar eens rustig over praten.",
    "We spelen graag buiten in het park. Ik lees elke avond een verhaal voor. Dat zijn fijne momenten.",
    "Ik ben geduldig, maar na een lange werkdag soms ook moe. Dan roep ik sneller dan ik wil.",
    "Mijn zus helpt soms met ophalen van school. Mijn moeder past op woensdag op de kleinste.",
    "Hij werkt veel, maar in het weekend is hij er echt voor de kinderen. Dan gaan ze samen zwemmen.",
    "Vrijheid vind ik belangrijk, maar ook duidelijke grenzen. Ik wil dat ze later zelfstandig zijn.",
    "Ik doe de boodschappen en de was. Mijn vrouw doet de administratie. Koken doen we om beurten.",
    "Toen ik klein was, deed mijn mama bijna alles thuis. Ik wil dat anders doen met mijn eigen kinderen.",
    "Eerlijk gezegd twijfel ik vaak. Elke dag is anders en de kinderen veranderen zo snel.",
]
# Off the path: what people type when they do not (or no longer) follow the buttons.
OWN_WORDS = ["ik wil iets vragen over mijn zoon", "iets over de opvoeding", "ik weet niet goed wat ik moet kiezen", "praten"]
SHORT = ["ok", "oké", "ja", "nee"]
EMOJI = ["👍", "🙂", "😅", "❤️"]
QUESTION_MARKS = ["?", "??", "huh?"]
OFF_TOPIC = ["wie heeft de match gewonnen?", "wat is het weer morgen?", "kan je een recept voor soep geven?", "hoe laat is het?"]
OFF_PATH = {"own words": OWN_WORDS, "ok": SHORT, "emoji": EMOJI, "?": QUESTION_MARKS, "off-topic": OFF_TOPIC}

# How often a parent does what (relative weights), when it can.
PRESS, ANSWER_A_QUESTION, ANSWER_ANYWAY, COMMAND, OFF, OLD_BUTTON = 55, 30, 4, 12, 8, 2
GROUP_PRESS, GROUP_COMMAND, GROUP_ANSWER = 70, 20, 10


@dataclass(frozen=True)
class Said:
    """One message of the bot as the parent sees it: its text, its button payloads, its id."""

    text: str
    buttons: tuple[str, ...] = ()
    message_id: int | None = None


@dataclass(frozen=True)
class Move:
    """What to send: type `text`, or press the button with payload `text` on `message_id`.

    `label` names the kind of move for the statistics ("button", "answer", "command",
    "off-path: emoji"), `detail` the payload or command; never what was typed.
    """

    kind: str  # "say" or "press"
    text: str
    label: str
    detail: str = ""
    message_id: int | None = None
    member: int = 0  # in a group: which of the two members sends it
    reply_to: int | None = None  # in a group: the bot's message a typed answer replies to


def commands() -> list[str]:
    """The bot's command menu, as a parent types it."""
    return [f"/{c.name}" for c in load_texts().commands]


class Walk:
    """One chat's random walk; `next_move` picks from what the bot said last."""

    def __init__(self, seed: int, group: bool = False) -> None:
        self.rng = random.Random(seed)
        self.group = group
        self.started = False
        self.old_buttons: list[tuple[int | None, str]] = []  # buttons of earlier turns, no longer live
        self.commands = commands()

    def next_move(self, last_turn: list[Said]) -> Move:
        if not self.started:
            self.started = True
            return Move("say", "/samen", "group command", "/samen") if self.group else Move("say", "/start", "command", "/start")
        offered = next((s for s in reversed(last_turn) if s.buttons), None)
        move = self._group_move(last_turn, offered) if self.group else self._private_move(last_turn, offered)
        if offered is not None and not self.group:
            # In a private chat the bridge removes a keyboard once anything else was sent.
            self.old_buttons += [(offered.message_id, b) for b in offered.buttons]
            del self.old_buttons[:-20]
        return move

    def _choose(self, weights: dict[str, int]) -> str:
        kinds = [k for k, w in weights.items() if w > 0]
        return self.rng.choices(kinds, [weights[k] for k in kinds])[0]

    def _private_move(self, last_turn: list[Said], offered: Said | None) -> Move:
        asks = bool(last_turn) and last_turn[-1].text.rstrip().endswith("?")
        kind = self._choose(
            {
                "press": PRESS if offered else 0,
                "answer": ANSWER_A_QUESTION if asks else ANSWER_ANYWAY,
                "command": COMMAND,
                "off": OFF,
                "old button": OLD_BUTTON if self.old_buttons else 0,
            }
        )
        if kind == "press":
            assert offered is not None
            payload = self.rng.choice(offered.buttons)
            return Move("press", payload, "button", payload, offered.message_id)
        if kind == "answer":
            return Move("say", self.rng.choice(ANSWERS), "answer")
        if kind == "command":
            command = self.rng.choice(self.commands)
            return Move("say", command, "command", command)
        if kind == "old button":
            message_id, payload = self.rng.choice(self.old_buttons)
            return Move("press", payload, "off-path: old button", payload, message_id)
        what = self.rng.choice(sorted(OFF_PATH))
        return Move("say", self.rng.choice(OFF_PATH[what]), f"off-path: {what}")

    def _group_move(self, last_turn: list[Said], offered: Said | None) -> Move:
        member = self.rng.randrange(2)
        replied = next((s.message_id for s in reversed(last_turn) if s.message_id is not None), None)
        kind = self._choose(
            {"press": GROUP_PRESS if offered else 0, "command": GROUP_COMMAND, "answer": GROUP_ANSWER if replied else 0}
        )
        if kind == "press":
            assert offered is not None
            payload = self.rng.choice(offered.buttons)
            return Move("press", payload, "group button", payload, offered.message_id, member)
        if kind == "answer":
            return Move("say", self.rng.choice(ANSWERS), "group answer", member=member, reply_to=replied)
        command = self.rng.choice(self.commands)
        return Move("say", command, "group command", command, member=member)


class Parent:
    """One private chat walking through `Bridge.handle`, each move handed over as the Telegram
    frontend hands it (bot/telegram_app.py): a button's payload as it is, typed text through
    `Bridge.typed_text`."""

    def __init__(self, bridge: Bridge, chat_id: int) -> None:
        self.bridge = bridge
        self.chat_id = chat_id
        self.walk = Walk(seed=chat_id)
        self.last: list[Said] = []

    async def turn(self) -> Move:
        """Send the next move and keep what the bot said back; returns the move."""
        move = self.walk.next_move(self.last)
        text = move.text if move.kind == "press" else self.bridge.typed_text(move.text)
        replies = await self.bridge.handle(self.chat_id, text)
        self.last = [Said(r.text, tuple(b.payload for b in r.buttons)) for r in replies]
        return move
