"""Process trees, peak memory and CPU time from /proc (Linux only, no extra dependency).

Why /proc and not psutil: psutil is not in the pinned requirements, and the benchmark
must not change the project's dependencies. VmHWM is the kernel's own peak resident set
size of a process, so one read at the end of the run gives the peak of the whole run.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    """Fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        raw = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return raw.rpartition(")")[2].split()


def parent_of(pid: int) -> int | None:
    """The parent pid, None when the process is gone."""
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


def is_alive(pid: int) -> bool:
    """True while the process exists and is not a zombie."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def descendants(root: int) -> list[int]:
    """`root` and every process below it (children in new sessions included)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            parent = parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cmdline(pid: int) -> str:
    """The command line, arguments joined by spaces ('' when gone)."""
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _status_kb(pid: int, field: str) -> int:
    """A memory field of /proc/<pid>/status in KiB; 0 when the process is gone."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_kb(pid: int) -> int:
    """VmHWM (peak resident set size) in KiB; 0 when the process is gone."""
    return _status_kb(pid, "VmHWM")


def rss_kb(pid: int) -> int:
    """VmRSS (resident set size now) in KiB: whether memory levels off over a long run."""
    return _status_kb(pid, "VmRSS")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process used so far."""
    fields = _stat_fields(pid)
    if not fields:
        return 0.0
    # After the name: state is field 3 of stat, utime 14 and stime 15 (1-based).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine used since boot (every core, idle excluded).

    Minus what the bot and the benchmark used, this shows how much other work (someone
    else's tests or training) competed for the cores during a phase.
    """
    fields = [int(v) for v in (PROC / "stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def machine() -> dict[str, str | int | float]:
    """CPU model, usable cores and RAM, as the results header shows them."""
    model = "unknown"
    for line in (PROC / "cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in (PROC / "meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {"cpu": model, "cores": len(os.sched_getaffinity(0)), "ram_gib": round(mem_kb / 1024 / 1024, 1)}


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join((PROC / "loadavg").read_text().split()[:3])
