"""The benchmark's load is what it claims: open loop, a random walk over every feature, and
each reply counted for the message it answers (bench/phases.py, bench/walk.py, bench/chats.py);
and one entry point with modes (bench/__main__.py).

No bot runs here: the fake Bot API server alone, with replies written into it by hand, so
a broken pacer or a wrong attribution shows up in seconds.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from typing import Any

import httpx
import pytest

import bench.__main__
import bench.benchmark
import bench.chats
import bench.phases
from bench.chats import Inbox, SimChat
from bench.phases import LoadResult, run_open_loop
from bench.walk import Parent, Said, Walk
from bot.bridge import Bridge
from bot.rasa_client import RasaClient
from testkit.fake_rasa import FakeRasa
from testkit.fake_telegram import FakeBotApi

TOKEN = "4242:BENCH-TEST"


async def load_without_answers(monkeypatch: pytest.MonkeyPatch, **load: Any) -> tuple[FakeBotApi, LoadResult]:
    """The open loop against the fake Bot API alone: nobody answers, a parent gives up after 0.5 s."""
    monkeypatch.setattr(bench.chats, "LATE_AFTER", 0.5)
    monkeypatch.setattr(bench.phases, "LATE_AFTER", 0.5)
    with FakeBotApi() as fake:
        inbox = Inbox(fake)
        inbox.start()
        result = await run_open_loop(fake, inbox, 8_000_001, chats=5, rate=40, **load)
        await inbox.stop()
    return fake, result


async def test_the_load_keeps_its_rate_when_the_bot_never_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Open loop: nobody waits for the bot; new parents keep coming when all chats wait."""
    fake, result = await load_without_answers(monkeypatch, duration=1.0, warmup=0.25, settle=0.2)
    assert result.warmup_sent == 10 and result.sent == 40
    assert result.chats_started == 50 and result.slots_without_a_chat == 0
    counted = [t for t in result.turns if not t.warmup]
    assert len(counted) == 40 and all(t.missing for t in counted)
    assert len(fake.pending_updates) == 50  # every message really reached the fake Telegram


async def test_with_turnover_each_parent_leaves_after_its_turns_and_a_new_one_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The soak's load: the same open loop, a parent replaced after `leave_after` turns, no groups,
    and the result filled as it runs (the soak samples it)."""
    watched = LoadResult()
    _, result = await load_without_answers(
        monkeypatch, duration=0.5, warmup=0.0, settle=0.1, leave_after=1, group_every=0, result=watched
    )
    assert result is watched and result.sent == 20
    # Every message went to a parent who had sent nothing yet: 5 at the start, then one new per message.
    assert result.chats_started == 25 and result.groups == 0
    assert Counter(t.chat_id for t in result.turns).most_common(1)[0][1] == 1


def test_one_entry_point_with_modes() -> None:
    """bench/run.sh: the full run without a mode, one measurement with one; a mode's options after it."""
    options = bench.__main__.parser()
    full = options.parse_args(["--quick", "--rate", "8"])
    assert full.mode is None and bench.__main__.full_plan(full).load_rate == 8
    assert bench.__main__.full_plan(options.parse_args([])) == bench.benchmark.FULL
    assert options.parse_args(["soak", "--quick"]).quick and options.parse_args(["small", "--rate", "5"]).rate == 5
    with pytest.raises(SystemExit):
        bench.__main__.main(["--quick", "memory"])


def bot_call(fake: FakeBotApi, method: str, **params: object) -> None:
    """A Bot API call as the bridge makes it (form fields, objects as JSON)."""
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    httpx.post(f"{fake.base_url}{TOKEN}/{method}", data=data).raise_for_status()


def reply(fake: FakeBotApi, chat_id: int, text: str, buttons: tuple[str, ...] = ()) -> None:
    markup = {"reply_markup": {"inline_keyboard": [[{"text": b, "callback_data": b}] for b in buttons]}} if buttons else {}
    bot_call(fake, "sendMessage", chat_id=chat_id, text=text, **markup)


async def test_each_reply_counts_for_the_message_it_answers_and_a_late_one_is_late(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.chats, "LATE_AFTER", 0.6)
    with FakeBotApi() as fake:
        inbox = Inbox(fake)
        chat = SimChat(fake, inbox, 8_100_001, seed=1, settle=0.1)
        first = chat.send()
        bot_call(fake, "getUpdates", timeout=0)  # the bridge fetches it
        reply(fake, chat.chat_id, "Dag! Waarover wil je praten?", ("/stelling", "/menu"))
        reply(fake, chat.chat_id, "Kies een thema.", ("/stelling", "/menu"))
        await asyncio.sleep(0.15)
        inbox.drain()
        assert chat.state(time.time()) == "ready"
        second = chat.send()
        bot_call(fake, "getUpdates", offset=first.update_id + 1, timeout=0)
        await asyncio.sleep(0.7)  # longer than LATE_AFTER: the parent gives up ...
        inbox.drain()
        assert chat.state(time.time()) == "gone"
        reply(fake, chat.chat_id, "Stelling: Een man is thuis de baas.")  # ... and the answer still comes
        inbox.drain()
        chat.settle_turns()
    assert first.label == "command /start" and (first.replies, first.late, first.missing) == (2, False, False)
    assert (second.replies, second.late, second.missing) == (1, True, False)


async def test_a_simulated_parent_never_presses_a_share_button(monkeypatch: pytest.MonkeyPatch) -> None:
    """A share button opens Telegram's chat picker, it sends nothing back: the walk may not press it
    (it did, and the bridge's "Deze knop werkt niet meer" was counted as an error of the bot)."""
    with FakeBotApi() as fake:
        inbox = Inbox(fake)
        chat = SimChat(fake, inbox, 8_100_002, seed=3, settle=0.0)
        for _ in range(40):
            chat.send()
            markup = {
                "inline_keyboard": [
                    [{"text": "Volgende vraag", "callback_data": "/volgende"}],
                    [{"text": "Deel", "switch_inline_query": "x"}],
                ]
            }
            bot_call(fake, "sendMessage", chat_id=chat.chat_id, text="Wat vind jij?", reply_markup=markup)
            inbox.drain()
    pressed = [u["callback_query"].get("data") for u in fake.pending_updates if "callback_query" in u]
    assert pressed and set(pressed) == {"/volgende"}


def test_the_walk_reaches_every_feature_and_goes_off_the_path() -> None:
    """Over a few hundred moves: every command of the menu (pictures, /samen, /training
    among them), the buttons of the last reply, answers, and each kind of off-path message."""
    walk = Walk(seed=7)
    seen: Counter[str] = Counter()
    last: list[Said] = []
    for n in range(600):
        move = walk.next_move(last)
        seen[f"{move.label} {move.detail}".strip() if move.label == "command" else move.label] += 1
        if move.label == "button":
            assert move.text in last[-1].buttons and move.message_id == last[-1].message_id
        last = (
            [Said("Wat doe jij het liefst met je kind?", ("/andere_vraag", "/menu", "/stop"), n)]
            if n % 2
            else [Said("Kies een thema.", ("/stelling", "/vraag"), n)]
        )
    menu = {
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
        "/vergeet",
        "/help",
        "/stop",
    }
    assert {f"command {c}" for c in menu} <= set(seen)
    assert {
        "button",
        "answer",
        "off-path: old button",
        "off-path: own words",
        "off-path: ok",
        "off-path: emoji",
        "off-path: ?",
        "off-path: off-topic",
    } <= set(seen)


def test_a_group_starts_with_samen_and_both_members_press_the_buttons_that_stay() -> None:
    walk = Walk(seed=3, group=True)
    first = walk.next_move([])
    assert (first.text, first.label, first.member) == ("/samen", "group command", 0)
    statement = [
        Said("Stelling: Een moeder kan beter opvoeden dan een vader.", ('/samen{"keuze":"eens"}', '/samen{"keuze":"oneens"}'), 41)
    ]
    moves = [walk.next_move(statement) for _ in range(60)]
    presses = [m for m in moves if m.label == "group button"]
    assert {m.member for m in presses} == {0, 1} and all(m.message_id == 41 for m in presses)
    assert all(m.reply_to == 41 for m in moves if m.label == "group answer")


async def test_a_parent_without_telegram_hands_over_what_the_frontend_would(monkeypatch: pytest.MonkeyPatch) -> None:
    """bench/walk.py's Parent (the memory mode) has no translation of its
    own: typed text goes through the product's Bridge.typed_text, a button's payload as it is."""
    buttons = [{"title": "Eens", "payload": "/eens"}, {"title": "Oneens", "payload": "/oneens"}]
    rasa = FakeRasa(lambda sender, message: [{"text": "Wat vind jij?", "buttons": buttons}]).start()
    bridge = Bridge(RasaClient(rasa.url))
    monkeypatch.setattr(bridge, "typed_text", lambda text: f"typed {text}")
    parent = Parent(bridge, 4242)
    try:
        moves = [await parent.turn() for _ in range(80)]
    finally:
        await bridge.rasa.close()
        rasa.stop()
    assert {"command", "button", "answer"} <= {m.label for m in moves}
    assert [r.message for r in rasa.received] == [m.text if m.kind == "press" else f"typed {m.text}" for m in moves]
    assert {m.text for m in moves if m.label == "button"} <= {"/eens", "/oneens"}
    assert parent.last[-1].buttons == ("/eens", "/oneens")
