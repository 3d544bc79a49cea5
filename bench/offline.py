"""Measurements that need no running bot: training time and cross-validated intent F1.

Both run the project's own Rasa wrapper (bot/rasa_cli.py, telemetry and error reporting
off) in a subprocess. Training goes to a temporary directory with --force, so it is a
fresh training and never touches models/ouderschap.tar.gz.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import procs
from bot.paths import ROOT

F1_LINE = re.compile(r"test F1-score:\s*([0-9.]+)(?:\s*\(([0-9.]+)\))?")


# Cores that other processes used during the last `_run`: training time depends on them.
LAST_OTHERS: dict[str, float] = {}


def _run(args: list[str], log_path: Path) -> tuple[int, float, str]:
    """Run `python -m bot.rasa_cli <args>`; returns (exit code, seconds, output)."""
    started, busy = time.monotonic(), procs.machine_busy_seconds()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "bot.rasa_cli", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    ours = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    LAST_OTHERS[args[0]] = round(max(0.0, procs.machine_busy_seconds() - busy - ours) / seconds, 2)
    output = done.stdout.decode(errors="replace")
    log_path.write_text(output, encoding="utf-8")
    return done.returncode, seconds, output


def training_seconds(log_path: Path) -> float | None:
    """Wall time of a fresh `rasa train --force` (NLU and core); None when it failed."""
    with tempfile.TemporaryDirectory(prefix="ouderschap-bench-train-") as out:
        code, seconds, _ = _run(["train", "--force", "--out", out, "--fixed-model-name", "bench"], log_path)
    return seconds if code == 0 else None


def intent_f1(log_path: Path, keep: Path, folds: int = 5) -> dict[str, Any]:
    """Intent F1 from `rasa test nlu --cross-validation` (the first "test F1-score" after
    the intent results; entity extraction is off in config.yml, so intents come first).

    Rasa's intent report and errors are kept in `keep`, and the weakest intents are
    returned, so a low score says at once where the NLU data needs work.
    """
    with tempfile.TemporaryDirectory(prefix="ouderschap-bench-nlu-") as out:
        code, seconds, output = _run(
            [
                "test",
                "nlu",
                "--nlu",
                "data/nlu",
                "--config",
                "config.yml",
                "--cross-validation",
                "--folds",
                str(folds),
                "--out",
                out,
            ],
            log_path,
        )
        keep.mkdir(parents=True, exist_ok=True)
        for name in ("intent_report.json", "intent_errors.json"):
            if (Path(out) / name).exists():
                shutil.copy(Path(out) / name, keep / name)
    section = output.split("intent evaluation results", 1)[-1] if "intent evaluation results" in output else output
    match = F1_LINE.search(section)
    return {
        "f1": float(match.group(1)) if code == 0 and match else None,
        "f1_std": float(match.group(2)) if code == 0 and match and match.group(2) else None,
        "seconds": round(seconds, 1),
        "weakest": weakest_intents(keep / "intent_report.json"),
    }


def weakest_intents(report: Path, count: int = 6) -> list[dict[str, Any]]:
    """The intents with the lowest F1, each with what it was most often taken for."""
    if not report.exists():
        return []
    data = json.loads(report.read_text(encoding="utf-8"))
    intents = [(name, v) for name, v in data.items() if isinstance(v, dict) and "confused_with" in v]
    intents.sort(key=lambda item: item[1]["f1-score"])
    return [
        {"intent": name, "f1": round(v["f1-score"], 3), "support": v.get("support"), "confused_with": v["confused_with"]}
        for name, v in intents[:count]
    ]
