"""Where a reply's time goes: the bridge→Rasa and Rasa→action server hops, timed apart.

`python -m bench.hops` starts the action server and Rasa as bot/services.py does, with one
difference: Rasa reaches the action server through a timing proxy. One simulated parent
(the random walk of bench/walk.py) then talks through the real `Bridge` (bot/bridge.py, the
code the Telegram frontend calls), and for every message we get

- bridge→Rasa: the time of `Bridge.handle` (Rasa's REST channel, action calls included),
- Rasa→action server: the time of each action call, through the proxy,
- Rasa itself: the first minus the sum of the second.

Telegram's side (python-telegram-bot, the fake Bot API) is the rest of the end-to-end
latency that bench/benchmark.py measures. Rasa runs as in production (bot/rasa_cli.py, with
the patches of bot/rasa_patches.py). Not part of bench/run.sh.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

from bench.stats import percentile
from bench.walk import Move, Said, Walk
from bot.bridge import Bridge
from bot.config import Settings
from bot.paths import ROOT
from bot.rasa_client import RasaClient
from bot.services import Service, services, start_all, stop_all
from testkit.ports import free_port

OUT = ROOT / "bench" / "out"


@dataclass
class ActionCall:
    name: str
    started: float
    seconds: float


@dataclass
class TimingProxy:
    """Forwards Rasa's POST /webhook to the action server and times each call."""

    target: str
    calls: list[ActionCall] = field(default_factory=list)
    _session: ClientSession | None = None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        assert self._session is not None
        started = time.perf_counter()
        async with self._session.post(self.target, data=body, headers={"Content-Type": "application/json"}) as answer:
            payload = await answer.read()
            status = answer.status
        self.calls.append(ActionCall(json.loads(body).get("next_action", "?"), started, time.perf_counter() - started))
        return web.Response(body=payload, status=status, content_type="application/json")

    async def start(self, port: int) -> web.AppRunner:
        self._session = ClientSession()
        app = web.Application()
        app.router.add_post("/webhook", self.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        return runner

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


async def walk_turn(bridge: Bridge, chat_id: int, walk: Walk, last: list[Said]) -> tuple[Move, list[Said]]:
    """One move of the walk through Bridge.handle, handed over as the Telegram frontend does
    (a button's payload as it is, typed text through Bridge.typed_text); returns the move
    and what the bot said back."""
    move = walk.next_move(last)
    text = move.text if move.kind == "press" else bridge.typed_text(move.text)
    replies = await bridge.handle(chat_id, text)
    return move, [Said(r.text, tuple(b.payload for b in r.buttons)) for r in replies]


async def measure(messages: int, warmup: int, log_path: Path) -> dict[str, Any]:
    """Start the stack with the proxy, play `warmup` + `messages` turns, stop it all."""
    actions_port, proxy_port, rasa_port = free_port(), free_port(), free_port()
    settings = Settings(
        telegram_token=None,
        telegram_api_base_url=None,
        rasa_port=rasa_port,
        actions_port=actions_port,
        rasa_timeout=10.0,
        typing_after=0.5,
        log_level="INFO",
    )
    items: list[Service] = services(settings)
    rasa = items[1]
    rasa.env["ACTIONS_PORT"] = str(proxy_port)  # Rasa → proxy → action server
    proxy = TimingProxy(f"http://127.0.0.1:{actions_port}/webhook")
    runner = await proxy.start(proxy_port)
    bridge = Bridge(RasaClient(settings.rasa_url, 10.0))
    rows: list[dict[str, Any]] = []
    try:
        with open(log_path, "wb") as log:
            await asyncio.to_thread(start_all, items, False, 180.0, log)
        walk = Walk(seed=4242)
        last: list[Said] = []
        for n in range(warmup + messages):
            before = len(proxy.calls)
            started = time.perf_counter()
            move, last = await walk_turn(bridge, 4242, walk, last)
            total = time.perf_counter() - started
            calls = proxy.calls[before:]
            if n >= warmup:
                action_s = sum(c.seconds for c in calls)
                rows.append(
                    {
                        "step": f"{move.label} {move.detail}".strip(),
                        "bridge_to_rasa_ms": 1000 * total,
                        "action_calls": len(calls),
                        "action_server_ms": 1000 * action_s,
                        "rasa_own_ms": 1000 * (total - action_s),
                        "actions": [(c.name, round(1000 * c.seconds, 1)) for c in calls],
                    }
                )
    finally:
        await bridge.rasa.close()
        await asyncio.to_thread(stop_all, items)
        await proxy.close()
        await runner.cleanup()
    return summarize(rows)


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def stats(key: str) -> dict[str, float | None]:
        values = [r[key] for r in rows]
        return {
            "p50": percentile(values, 50),
            "p95": percentile(values, 95),
            "mean": statistics.fmean(values) if values else None,
        }

    per_call = [ms for r in rows for _, ms in r["actions"]]
    return {
        "messages": len(rows),
        "bridge_to_rasa_ms": stats("bridge_to_rasa_ms"),
        "rasa_own_ms": stats("rasa_own_ms"),
        "action_server_ms": stats("action_server_ms"),
        "action_calls_per_message": statistics.fmean(r["action_calls"] for r in rows) if rows else 0,
        "action_call_ms_p50": percentile(per_call, 50),
        "rows": rows,
    }


def table(results: list[dict[str, Any]]) -> str:
    def f(d: dict[str, float | None]) -> str:
        return " / ".join("–" if d[k] is None else f"{d[k]:.0f}" for k in ("p50", "p95", "mean"))

    lines = [
        "| messages | bridge→Rasa ms (p50 / p95 / mean) | Rasa itself ms | action server ms per message | action calls per message | one action call ms (p50) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['messages']} | {f(r['bridge_to_rasa_ms'])} | {f(r['rasa_own_ms'])} | {f(r['action_server_ms'])} "
            f"| {r['action_calls_per_message']:.1f} | {r['action_call_ms_p50']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.hops", description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"hops: {args.messages} messages ...", flush=True)
    results = [asyncio.run(measure(args.messages, args.warmup, OUT / "hops-stack.log"))]
    (OUT / "hops.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
