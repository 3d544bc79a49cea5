"""The results table with targets, and bench/RESULTS.md around it.

Targets are those of issue 21 (which tightened issue 7's), for a machine with 2 cores. Each row says pass or fail, so a
later run shows at a glance what got better or worse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

P95_ONE_CHAT_MS = 100.0
P95_LOAD_MS = 500.0
LOAD_RATE = 30.0
LOAD_SECONDS = 60.0
TRAINING_S = 120.0
COLD_START_S = 15.0
MEMORY_MB = 1200.0  # 1.2 GB, counted as MiB (VmHWM is in KiB), the stricter reading
CPU_MS_PER_MESSAGE = 40.0  # bridge, Rasa and action server together, at load
STACK = ("bridge", "Rasa", "action server")
F1_AIM = 0.95
BUSY_LOAD = 0.5  # 1-minute load per core above which other work may have skewed the numbers
BUSY_OTHERS = 0.25  # cores used by processes other than the bot and the benchmark during a phase


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "**fail**")


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _latency_row(label: str, phase: dict[str, Any], target_ms: float) -> tuple[str, str, str, str]:
    return (
        f"{label}: p50 / p95 / p99",
        f"{_ms(phase['p50_ms'])} / {_ms(phase['p95_ms'])} / {_ms(phase['p99_ms'])} ms",
        f"p95 ≤ {target_ms:.0f} ms",
        _verdict(phase["p95_ms"] is not None and phase["p95_ms"] <= target_ms),
    )


def _errors_row(label: str, phase: dict[str, Any]) -> tuple[str, str, str, str]:
    counts = (phase["errors"], phase["late"], phase["missing"])
    return (label, " / ".join(map(str, counts)), "0 / 0 / 0", _verdict(counts == (0, 0, 0)))


def rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, result, target, verdict) for every row of the table."""
    out: list[tuple[str, str, str, str]] = []
    seq = r.get("sequential")
    if seq:
        out.append(
            _latency_row(
                f"Reply latency, 1 chat, sequential ({seq['messages']} messages; {seq['warmup_excluded']} warm-up turns excluded)",
                seq,
                P95_ONE_CHAT_MS,
            )
        )
        out.append(_errors_row("Errors / late (first reply > 10 s) / missing (no reply), 1 chat", seq))
    load = r.get("load")
    if load:
        out.append(
            _latency_row(
                f"Reply latency at {load['achieved_rate']:.1f} msg/s sent (target {load['rate']:g}; answered {load['answered_rate']:.1f} msg/s), "
                f"open loop, {load['chats_started']} chats of which {load['groups']} groups, {load['duration']:g} s "
                f"({load['warmup_excluded']} warm-up turns of the first {load['warmup_seconds']:g} s excluded)",
                load,
                P95_LOAD_MS,
            )
        )
        held = load["achieved_rate"] >= 0.98 * LOAD_RATE and load["duration"] >= LOAD_SECONDS
        out.append(
            (
                "Rate held (messages sent ÷ send window; pacer slots > 100 ms late)",
                f"{load['achieved_rate']:.1f} msg/s for {load['send_window']:.0f} s ({load['sent']} messages; {load['slots_late_100ms']} late"
                f", {load['slots_without_a_chat']} without a free chat)",
                f"{LOAD_RATE:.0f} msg/s for {LOAD_SECONDS:.0f} s",
                "n/a (--quick)"
                if load["duration"] < LOAD_SECONDS
                else "n/a (--rate)"
                if load["rate"] != LOAD_RATE
                else _verdict(held),
            )
        )
        out.append(_errors_row("Errors / late (first reply > 10 s) / missing (no reply) at load", load))
    cpu = (r.get("cpu") or {}).get("load")
    if cpu:
        per = cpu["cpu_ms_per_message"]
        total = sum(per.get(k, 0.0) for k in STACK)
        out.append(
            (
                "CPU per message at load (from /proc, per process)",
                f"{total:.1f} ms: " + ", ".join(f"{k} {per.get(k, 0.0):.1f}" for k in STACK),
                f"≤ {CPU_MS_PER_MESSAGE:.0f} ms together",
                _verdict(total <= CPU_MS_PER_MESSAGE),
            )
        )
    mem = r.get("memory_mb")
    if mem:
        out.append(
            (
                "Peak memory (VmHWM summed per process tree)",
                f"{mem['total']:.0f} MiB: bridge {mem['bridge']:.0f}, Rasa {mem['Rasa']:.0f}, action server {mem['action server']:.0f}",
                f"≤ 1.2 GB ({MEMORY_MB:.0f} MiB) together",
                _verdict(mem["total"] <= MEMORY_MB),
            )
        )
    if "training_seconds" in r:
        t = r["training_seconds"]
        out.append(
            (
                "Training time (`rasa train --force`, fresh, into a temp dir)",
                "failed" if t is None else f"{t:.0f} s",
                f"≤ {TRAINING_S:.0f} s",
                _verdict(t is not None and t <= TRAINING_S),
            )
        )
    cold = r.get("cold_start")
    if cold:
        s = cold.get("seconds")
        out.append(
            (
                "Cold start (spawn `python -m bot.run` → first reply to /start; model trained)",
                "no reply" if s is None else f"{s:.1f} s",
                f"≤ {COLD_START_S:.0f} s",
                "n/a (the runner trained first)" if cold.get("trained_first") else _verdict(s is not None and s <= COLD_START_S),
            )
        )
    nlu = r.get("nlu")
    if nlu is not None:
        f1 = nlu.get("f1")
        std = f" (± {nlu['f1_std']:.3f})" if nlu.get("f1_std") is not None else ""
        out.append(
            (
                "Intent F1, 5-fold cross-validation (`rasa test nlu`)",
                "failed" if f1 is None else f"{f1:.3f}{std}",
                f"≥ {F1_AIM:.2f} (aim)",
                _verdict(f1 is not None and f1 >= F1_AIM),
            )
        )
    else:
        out.append(("Intent F1, 5-fold cross-validation", "skipped (--quick)", f"≥ {F1_AIM:.2f} (aim)", "n/a"))
    return out


def table(r: dict[str, Any]) -> str:
    """The one markdown table of the results."""
    lines = ["| measure | result | target | pass/fail |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows(r)]
    return "\n".join(lines)


def _load_note(r: dict[str, Any]) -> str:
    cores = int(r["machine"]["cores"]) or 1
    before = float(r["loadavg_before"].split()[0])
    phases = [c["cores"].get("other processes", 0.0) for c in r.get("cpu", {}).values()]
    phases += [v for v in (r.get("training_other_cores"), (r.get("nlu") or {}).get("other_cores")) if v is not None]
    others = max(phases, default=0.0)
    busy = before / cores > BUSY_LOAD or others > BUSY_OTHERS
    note = f"Load average before the run: {r['loadavg_before']} (1, 5, 15 min); after: {r.get('loadavg_after', '?')}."
    if busy:
        note += (
            f" **The machine was busy (load {before:.2f} on {cores} cores before the run; other processes used up to"
            f" {others:.2f} cores during a phase):** other work competed for the CPU, so latencies and times are"
            " likely worse than on an idle machine."
        )
    return note + " Other people may use this machine at the same time, so single runs are noisy."


def _details(r: dict[str, Any]) -> list[str]:
    out: list[str] = []
    cold = r.get("cold_start") or {}
    if cold.get("steps"):
        out.append(
            "- Cold start, seconds after spawning: "
            + ", ".join(f"{k} {v:.1f}" for k, v in cold["steps"].items() if v is not None)
            + "."
        )
    for phase in ("sequential", "load"):
        s = r.get(phase)
        if not s:
            continue
        slow = list(s["by_label"].items())[:4]
        kinds = ", ".join(f"{k} ×{v}" for k, v in s["error_kinds"].items()) or "none"
        mix = ", ".join(f"{k} ×{v}" for k, v in s["mix"].items())
        missing = ", ".join(f"`{k}` ×{v}" for k, v in s["missing_by_label"].items()) or "none"
        out.append(
            f"- {phase}: {s['answered']} of {s['messages']} answered ({s['warmup_excluded']} warm-up turns not counted), "
            f"{s['late']} of them late; missing after: {missing}; errors: {kinds}; not understood {s['not_understood']}; "
            f"pictures sent {s['pictures']}. Mix of moves: {mix}. "
            f"p95 from the push until the hand-over (not in the latency) {_ms(s['handover_p95_ms'])} ms; "
            f"p95 until the last message of a turn {_ms(s['whole_turn_p95_ms'])} ms. Slowest kinds of turn (p50): "
            + ", ".join(f"`{k}` {v['p50_ms']:.0f} ms" for k, v in slow)
            + "."
        )
        cpu = r.get("cpu", {}).get(phase)
        if cpu:
            out.append(
                f"  CPU during {phase}, cores used (CPU ms per message sent): "
                + ", ".join(f"{k} {v:.2f} ({cpu['cpu_ms_per_message'][k]:.0f})" for k, v in cpu["cores"].items())
                + "."
            )
        if s.get("bot_api_calls_per_message"):
            out.append(
                f"  Bot API calls per message during {phase}: {s['bot_api_calls_per_message_total']:.2f} ("
                + ", ".join(f"{k} {v:.2f}" for k, v in s["bot_api_calls_per_message"].items())
                + ")."
            )
    if r.get("training_other_cores") is not None:
        out.append(f"- While training, other processes used {r['training_other_cores']:.2f} cores on average.")
    nlu = r.get("nlu") or {}
    if nlu.get("other_cores") is not None:
        out.append(f"- While cross-validating, other processes used {nlu['other_cores']:.2f} cores on average.")
    if nlu.get("weakest"):
        out.append(
            f"- NLU cross-validation took {nlu['seconds']:.0f} s. Weakest intents (F1; most often taken for): "
            + "; ".join(
                f"`{w['intent']}` {w['f1']:.2f}"
                + (
                    " (" + ", ".join(f"{k} ×{v}" for k, v in list(w["confused_with"].items())[:2]) + ")"
                    if w["confused_with"]
                    else ""
                )
                for w in nlu["weakest"]
            )
            + ". Rasa's report: bench/out/nlu-cv/."
        )
    if r.get("failed_calls"):
        line = (
            "- Bot API calls the fake answered with an error: "
            + "; ".join(f"{k} ×{v}" for k, v in r["failed_calls"].items())
            + "."
        )
        if any(k.startswith("sendChatAction 400") and "chat_id is empty" in k for k in r["failed_calls"]):
            line += (
                " (A sendChatAction without chat_id is a typing request the bridge cancelled half-way because the"
                " answer was ready; the fake read a cut-off body. Not an error of the bot, not counted above.)"
            )
        out.append(line)
    if r.get("circuit_breaker_trips"):
        out.append(
            f'- Rasa\'s log says "Circuit breaker tripped" {r["circuit_breaker_trips"]} time(s): a turn that predicted'
            " action after action (up to 10 messages at once) and was stopped; such a conversation often stays silent after."
        )
    if r.get("text_in_runner_log"):
        out.append(
            f"- **Privacy: {r['text_in_runner_log']} line(s) of the runner's log hold what a simulated parent wrote** "
            "(see bench/out/runner.log)."
        )
    stop = r.get("shutdown") or {}
    if stop:
        left = stop.get("left_over") or []
        out.append(
            f"- Shutdown: SIGTERM, runner exit code {stop.get('exit_code')} after {stop.get('stop_seconds')} s; "
            + ("no process left." if not left else f"**processes left over and killed: {left}**.")
        )
    return out


def results_markdown(r: dict[str, Any]) -> str:
    """The whole of bench/RESULTS.md."""
    m = r["machine"]
    git = r["git"]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `bench/run.sh` (see `bench/benchmark.py` for what is measured and how). Raw numbers of",
            "every run are in `bench/out/` (not in git). Where targets are missed, `bench/ANALYSIS.md` says where",
            "the time goes.",
            "",
            f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM",
            f"- Date: {r['started']}",
            f"- Commit: `{git['commit']}`{' + uncommitted changes' if git['dirty'] else ''}",
            f"- Command: `{r['command']}`",
            f"- {_load_note(r)}",
            "",
            table(r),
            "",
            "How it is measured: the real runner (`python -m bot.run`: bridge, Rasa and action server as in",
            "production) talks to a fake Telegram Bot API server on 127.0.0.1 (`testkit/fake_telegram.py`). A reply's",
            "latency runs from the moment a getUpdates answer hands the message to the bridge until the first",
            "sendMessage for it arrives at the fake; the long-poll wait itself is not counted. Memory is the",
            "kernel's peak RSS of each process, summed (shared pages count more than once, so this is an upper bound).",
            "Each chat walks at random (`bench/walk.py`: buttons of the last reply, answers, commands, off-path",
            "messages, pictures, group /samen rounds, /training); the load phase sends at its rate whatever the bot",
            "answers (open loop; a new chat joins when all others still wait).",
            f"Each Bot API call took {r['plan'].get('telegram_delay_ms', 0):g} ms extra as a round trip to Telegram (`--telegram-delay-ms`).",
            "",
            "Details:",
            "",
            *_details(r),
            "",
        ]
    )


def write(path: Path, r: dict[str, Any]) -> None:
    """The full run's results; the "Small server" section of `bench/run.sh small` is kept."""
    from bench.small import BEGIN, END

    kept = ""
    if path.exists() and BEGIN in (old := path.read_text(encoding="utf-8")) and END in old:
        kept = "\n" + BEGIN + old.split(BEGIN, 1)[1].split(END, 1)[0] + END + "\n"
    path.write_text(results_markdown(r) + kept, encoding="utf-8")
