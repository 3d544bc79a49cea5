"""Percentiles and per-phase summaries of timed turns."""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any, Sequence

from bench.chats import Turn


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (no interpolation: every result is a measured value)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(turns: Sequence[Turn]) -> dict[str, Any]:
    """Counts, latency percentiles, and the slowest labels (to see which turns cost most)."""
    latencies = [t.latency_ms for t in turns if t.latency_ms is not None]
    handover = [(t.delivered - t.pushed) * 1000 for t in turns if t.delivered is not None]
    whole = [(t.last_reply - t.delivered) * 1000 for t in turns if t.last_reply is not None and t.delivered is not None]
    by_label: dict[str, list[float]] = defaultdict(list)
    for t in turns:
        if t.latency_ms is not None:
            by_label[f"{t.kind} {t.label}"].append(t.latency_ms)
    return {
        "messages": len(turns),
        "answered": len(latencies),
        "lost": sum(t.lost for t in turns),
        # An error reply of the bridge, or an answer that stopped short (fewer messages than
        # the same step gets without load, within 10 s): the parent did not get the turn.
        "errors": sum(t.error is not None or (not t.complete and not t.lost) for t in turns),
        "error_kinds": dict(Counter(t.error or "incomplete answer" for t in turns if t.error or (not t.complete and not t.lost))),
        "not_understood": sum(t.not_understood for t in turns),
        "script_deviations": sum(t.deviation for t in turns),
        "late_messages_of_previous_turn": sum(t.early for t in turns),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "max_ms": max(latencies, default=None),
        "mean_ms": sum(latencies) / len(latencies) if latencies else None,
        # Not part of the latency: from the push until a getUpdates answer handed it over.
        "handover_p95_ms": percentile(handover, 95),
        # From the hand-over until the last message of the turn.
        "whole_turn_p95_ms": percentile(whole, 95),
        "by_label": {
            label: {"n": len(v), "p50_ms": percentile(v, 50), "max_ms": max(v)}
            for label, v in sorted(by_label.items(), key=lambda kv: -(percentile(kv[1], 50) or 0))
        },
    }
