"""Where a reply's time goes: the bridge→Rasa and Rasa→action server hops, timed apart.

`bench/run.sh hops` starts the action server and Rasa as bot/services.py does, with one
difference: Rasa reaches the action server through a timing proxy. One simulated parent
(the random walk of bench/walk.py) then talks through the real `Bridge` (bot/bridge.py, the
code the Telegram frontend calls), and for every message we get

- bridge→Rasa: the time of `Bridge.handle` (Rasa's REST channel, action calls included),
- Rasa→action server: the time of each action call, through the proxy,
- Rasa itself: the first minus the sum of the second.

Telegram's side (python-telegram-bot, the fake Bot API) is the rest of the end-to-end
latency that bench/benchmark.py measures. Rasa runs as in production (bot/rasa_cli.py, with
the patches of addons/rasa_patches.py). Not part of the full run.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

from bench.stack import OUT, bridge_for, service_settings, serving
from bench.stats import percentile
from bench.walk import Parent
from bot.services import services
from testkit.ports import free_port


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


async def measure(messages: int, warmup: int) -> dict[str, Any]:
    """Start the stack with the proxy, play `warmup` + `messages` turns, stop it all."""
    settings = service_settings()
    proxy_port = free_port()
    items = services(settings)
    items[1].env["ACTIONS_PORT"] = str(proxy_port)  # Rasa → proxy → action server
    proxy = TimingProxy(f"http://127.0.0.1:{settings.actions_port}/webhook")
    runner = await proxy.start(proxy_port)
    bridge = bridge_for(settings)
    rows: list[dict[str, Any]] = []
    try:
        async with serving(items, "hops-stack.log", bridge.rasa.close):
            parent = Parent(bridge, 4242)
            for n in range(warmup + messages):
                before = len(proxy.calls)
                started = time.perf_counter()
                move = await parent.turn()
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


def run(messages: int, warmup: int) -> str:
    """The hops of `messages` turns after `warmup`; raw numbers in bench/out/hops.json."""
    print(f"hops: {messages} messages ...", flush=True)
    results = [asyncio.run(measure(messages, warmup))]
    (OUT / "hops.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return table(results)
