"""Percentiles and per-phase summaries of timed turns."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Sequence

import numpy as np

from bench.chats import Turn


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest-rank percentile (numpy's inverted CDF: every result is a measured value)."""
    return float(np.percentile(values, p, method="inverted_cdf")) if len(values) else None


def summarize(turns: Sequence[Turn]) -> dict[str, Any]:
    """Counts, latency percentiles, the mix of moves, and the slowest labels.

    Warm-up turns are left out here and counted apart, so the report can say so.
    """
    warmup = sum(t.warmup for t in turns)
    turns = [t for t in turns if not t.warmup]
    latencies = [t.latency_ms for t in turns if t.latency_ms is not None]
    handover = [(t.delivered - t.pushed) * 1000 for t in turns if t.delivered is not None]
    whole = [(t.last_reply - t.delivered) * 1000 for t in turns if t.last_reply is not None and t.delivered is not None]
    by_label: dict[str, list[float]] = defaultdict(list)
    for t in turns:
        if t.latency_ms is not None:
            by_label[t.label].append(t.latency_ms)
    return {
        "messages": len(turns),
        "warmup_excluded": warmup,
        "answered": len(latencies),
        # A first reply more than LATE_AFTER s after sending, and no reply at all by the end.
        "late": sum(t.late for t in turns),
        "missing": sum(t.missing for t in turns),
        # An error reply of the bridge itself ("het is nu erg druk", Rasa unreachable, ...).
        "errors": sum(t.error is not None for t in turns),
        "error_kinds": dict(Counter(t.error for t in turns if t.error)),
        "not_understood": sum(t.not_understood for t in turns),
        "pictures": sum(t.photos for t in turns),
        "mix": dict(Counter(t.move for t in turns).most_common()),
        "missing_by_label": dict(Counter(t.label for t in turns if t.missing).most_common()),
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
