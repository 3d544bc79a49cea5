"""Random walks through the running assistant, as parents really use it, with invariants.

A hypothesis state machine: every step is one message of one conversation, picked the way
real parents pick them: a button of the last reply, that button's title typed, a command in
the middle of anything, own words (held-out sentences, the report's parent quotes, Flemish,
typos, long stories), one word, an emoji, a question mark, off-topic questions, a crisis
message. Some conversations are a group (two members, each message from one of them).
After every message the reply must be one a parent can live with (`check_reply`).

Used by tests/test_dialogue_properties.py (a few hundred turns in ./test.sh) and by the
benchmark (thousands). It talks to Rasa's REST channel, as the bridge does.
"""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from addons.wire_format import SHARE_PREFIX
from tests.report import parent_quotes

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

COMMANDS = [
    "/start",
    "/menu",
    "/stelling",
    "/vraag",
    "/huishouden",
    "/wiedoetwat",
    "/kaart",
    "/samen",
    "/training",
    "/homestart",
    "/privacy",
    "/help",
    "/stop",
    "/vergeet",
    "/eigen_rol",
    "/partner",
    "/steun",
    "/samenvatting",
    # deep links as the bridge sends them (/start <id>): a question, a statement, an unknown id
    '/gedeelde_vraag{"prompt_id":"trage_schermen_1"}',
    '/gedeelde_vraag{"prompt_id":"stelling_2"}',
    '/gedeelde_vraag{"prompt_id":"bestaat_niet"}',
]
SHORT = [
    "ja",
    "nee",
    "ok",
    "oké",
    "okee",
    "misschien",
    "verder",
    "nog eentje",
    "terug",
    "allebei",
    "samen",
    "geen idee",
    "klopt",
    "mwa",
    "goed",
    "prima",
    "dank je",
    "hmm",
    "ja hoor",
    "doe maar",
    "ik weet het ni",
    "allez",
    "nen keer",
]
UNREADABLE = ["👍", "?", "...", "🙂", "❤️", "😢", "!!", "🤷"]
OFF_TOPIC = [
    "wat is het weer vandaag",
    "geef me een recept voor lasagne",
    "kan je mijn belastingbrief invullen",
    "wie wint de match vanavond",
    "hoe laat is het",
]
OTHER_LANGUAGE = ["can you help me with my kids", "je ne comprends pas", "ich spreche kein niederländisch"]
STORIES = [
    "Bij ons is dat elke week anders. Soms kookt de papa, soms ik, en op zondag eten we bij mijn moeder.",
    "ik doe het meeste maar dat is oke voor ons want hij werkt in ploegen en is vaak moe als hij thuis komt",
    "Mijn ex en ik zijn al drie jaar uit elkaar. We spreken af via een app en dat lukt meestal goed, al is het soms stroef.",
    "de kindjes zitten echt te veel op hun tablet, ik weet niet goed hoe ik dat moet aanpakken zonder ruzie",
    "respect en eerlijkheid",
    "da's bij ons ni zo simpel he, ge moet da zien",
]
# The messages a parent sees when the assistant could not read them: allowed only for these.
UNREADABLE_REPLIES = ("Dat kan ik niet goed lezen", "Ik lees alleen woorden")
NOT_UNDERSTOOD = re.compile(r"niet (goed )?begrepen", re.IGNORECASE)
HELP_LINE = re.compile(r"\b(1813|1712|112|106)\b")


def _load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


# Held-out sentences (no training example was written from them) and the report's quotes.
OWN_WORDS = _load("eigen_woorden_apart.yml")["vertellen"] + STORIES
QUOTES = parent_quotes()
GO_ON = _load("eigen_woorden_apart.yml")["bevestigen"]
SAFETY = _load("veiligheid_zinnen.yml")
CRISIS = [entry["tekst"] for entry in SAFETY["crisis"]]


def send(url: str, sender: str, text: str, member: str | None = None, timeout: float = 20.0) -> list[dict[str, Any]]:
    """One message to Rasa's REST channel; the replies (as the bridge gets them)."""
    body: dict[str, Any] = {"sender": sender, "message": text}
    if member:
        body["metadata"] = {"lid": member}
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"[]")


def texts_of(reply: list[dict[str, Any]]) -> list[str]:
    return [m.get("text") or (m.get("custom") or {}).get("foto", {}).get("bijschrift", "") for m in reply]


def check_reply(sent: str, kind: str, reply: list[dict[str, Any]]) -> None:
    """What every reply must be, whatever came before (issue 13)."""
    texts = texts_of(reply)
    assert 1 <= len(reply) <= 4, f"{len(reply)} messages after {sent!r}: {texts}"
    assert len(set(texts)) == len(texts), f"the same text twice after {sent!r}: {texts}"
    assert not any(NOT_UNDERSTOOD.search(t) for t in texts), f"'niet begrepen' after {sent!r}: {texts}"
    if kind != "unreadable":
        assert not any(t.startswith(UNREADABLE_REPLIES) for t in texts), f"'cannot read' after words {sent!r}: {texts}"
    if kind == "crisis":
        assert any(HELP_LINE.search(t) for t in texts), f"no help line after a crisis message {sent!r}: {texts}"
    elif sent in OTHER_LANGUAGE:
        # In another language the bot names 112 on purpose, in that language (content/talen.yml).
        assert not any(HELP_LINE.search(t.replace("112", "")) for t in texts), f"a crisis line after {sent!r}: {texts}"
    elif kind != "command":
        # /homestart and /help lists may name 112; an ordinary message never gets a help line.
        assert not any(HELP_LINE.search(t) for t in texts), f"a help line after an ordinary message {sent!r}: {texts}"


class ParentWalk(RuleBasedStateMachine):
    """One conversation per example; each rule sends one message and checks the reply."""

    url = ""  # set by the caller: Rasa's base URL
    turns = 0  # counted over all examples, for the report

    def __init__(self) -> None:
        super().__init__()
        self.sender = f"walk-{uuid.uuid4().hex[:12]}"
        self.members: list[str] = []
        self.reply: list[dict[str, Any]] = []
        self.log: list[str] = []

    @initialize(group=st.booleans())
    def open_chat(self, group: bool) -> None:
        if group:
            self.members = [f"lid-{uuid.uuid4().hex[:8]}", f"lid-{uuid.uuid4().hex[:8]}"]

    def _send(self, text: str, kind: str, member_index: int = 0) -> None:
        member = self.members[member_index % len(self.members)] if self.members else None
        self.log.append(text)
        self.reply = send(self.url, self.sender, text, member)
        ParentWalk.turns += 1
        check_reply(text, kind, self.reply)

    def _buttons(self) -> list[dict[str, str]]:
        return [b for m in self.reply for b in m.get("buttons") or []]

    @staticmethod
    def _pick(data: st.DataObject, offered: list[dict[str, str]]) -> dict[str, str]:
        """One of the offered buttons, drawn from a fixed range: the bot's replies vary (random
        follow-ups), and hypothesis requires the same draws when it replays a prefix."""
        return offered[data.draw(st.integers(0, 11)) % len(offered)]

    def _pressable(self) -> list[dict[str, str]]:
        """Buttons whose press reaches Rasa: not the share button (Telegram's chat picker)."""
        return [b for b in self._buttons() if not b["payload"].startswith(SHARE_PREFIX)]

    @precondition(lambda self: bool(self._pressable()))
    @rule(data=st.data(), member=st.integers(0, 1))
    def press_a_button(self, data: st.DataObject, member: int) -> None:
        button = self._pick(data, self._pressable())
        self._send(button["payload"], "command" if button["payload"].startswith("/") else "button", member)

    @precondition(lambda self: bool(self._buttons()))
    @rule(data=st.data(), lower=st.booleans())
    def type_a_button_title(self, data: st.DataObject, lower: bool) -> None:
        title = self._pick(data, self._buttons())["title"]
        self._send(title.lower() if lower else title, "button")

    @rule(command=st.sampled_from(COMMANDS))
    def command(self, command: str) -> None:
        self._send(command, "command")

    @rule(text=st.sampled_from(OWN_WORDS))
    def own_words(self, text: str) -> None:
        self._send(text, "words")

    @rule(text=st.sampled_from(QUOTES))
    def a_parent_quote(self, text: str) -> None:
        self._send(text, "words")

    @rule(text=st.sampled_from(SHORT + GO_ON))
    def short_answer(self, text: str) -> None:
        self._send(text, "words")

    @rule(text=st.sampled_from(UNREADABLE))
    def unreadable(self, text: str) -> None:
        self._send(text, "unreadable")

    @rule(text=st.sampled_from(OFF_TOPIC + OTHER_LANGUAGE))
    def off_topic(self, text: str) -> None:
        self._send(text, "words")

    @rule(text=st.sampled_from(CRISIS))
    def crisis(self, text: str) -> None:
        self._send(text, "crisis")

    @invariant()
    def still_answers(self) -> None:
        # check_reply already failed on an empty reply; this keeps the walk honest about it.
        assert not self.log or self.reply, f"no reply after {self.log[-1]!r}"
