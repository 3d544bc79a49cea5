"""Process trees, memory and CPU time of the stack, with psutil (pinned in constraints.txt).

The one figure psutil does not give is the peak: VmHWM, the kernel's own peak resident set
size of a process, read from /proc (Linux), so one read at the end gives the peak of the run.
"""

from __future__ import annotations

import os
from pathlib import Path

import psutil


def descendants(root: int) -> list[int]:
    """`root` and every process below it (children in new sessions included)."""
    try:
        return [root, *(child.pid for child in psutil.Process(root).children(recursive=True))]
    except psutil.NoSuchProcess:
        return [root]


def is_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def cmdline(pid: int) -> str:
    """The command line, arguments joined by spaces ('' when gone)."""
    try:
        return " ".join(psutil.Process(pid).cmdline())
    except psutil.Error:
        return ""


def peak_rss_kb(pid: int) -> int:
    """VmHWM (peak resident set size) in KiB; 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kb(pid: int) -> int:
    """Resident set size now, in KiB: whether memory levels off over a long run; 0 when gone."""
    try:
        return int(psutil.Process(pid).memory_info().rss // 1024)
    except psutil.Error:
        return 0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process used so far (0 when gone)."""
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine used since boot (every core, idle excluded).

    Minus what the bot and the benchmark used, this shows how much other work (someone
    else's tests or training) competed for the cores during a phase.
    """
    times = psutil.cpu_times()
    return float(
        sum(times) - times.idle - getattr(times, "iowait", 0.0) - getattr(times, "guest", 0.0) - getattr(times, "guest_nice", 0.0)
    )


def machine() -> dict[str, str | int | float]:
    """CPU model, usable cores and RAM, as the results header shows them."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    return {"cpu": model, "cores": len(os.sched_getaffinity(0)), "ram_gib": round(psutil.virtual_memory().total / 1024**3, 1)}


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())
