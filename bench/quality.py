"""NLU quality of two pipelines side by side, in one run: `bench/run.sh quality` (issue 31).

A lever that makes the bot smaller (another intent classifier, say) is kept only when the
quality holds. For a pipeline (`--config`, by default config.yml) and the one it replaced or
would replace (`--against`, by default bench/config-diet.yml, DIET) this measures, in the same run:

- intent F1, 5-fold cross-validated (`rasa test nlu` on data/nlu), with the same folds for
  both: Rasa's StratifiedKFold draws them from NumPy's global generator, seeded here;
- the frozen held-out sets through the whole NLU pipeline of a model trained from each
  configuration (CommandGuard and the safety net included): of the safety set
  (tests/data/heldout/veiligheid.yml) how many crisis messages get a help-line intent at once
  (crisis_zelfdoding, crisis_geweld, crisis_nood, checkin_ja, crisis_andere_taal), how many any
  crisis intent (the check-in crisis_twijfel included), how many ordinary messages are taken for
  a crisis; of both sets (the 'heard' set, gehoord.yml, holds no crisis) how many count as not
  understood;
- the same sets as a parent meets them, through the whole bot: tests/test_heldout.py (the
  real Rasa and action server, replies read as a parent reads them) run in a copy of the
  project (bench/out/quality/NAME-project/, the files git tracks) with that model as its
  models/ouderschap.tar.gz: per category lines or check-in and lines at once, 112 at once,
  ordinary messages with the lines or the check-in, and the 'heard' replies that fit. These
  are the figures the README quotes for config.yml. Only the printed totals are kept.

Nothing is trained or tuned on the held-out sets; they are only read here.

About 35 minutes on 2 cores shared with other work (the cross-validations, 13 and 15 minutes,
are most of it; each held-out run through the whole bot about a minute). Results:
bench/out/quality-*.json and a table on screen.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bench.offline import F1_LINE, weakest_intents
from bench.stack import OUT
from bot.paths import ROOT

HELD_OUT = ROOT / "tests" / "data" / "heldout"
# The intents that give the help lines at once: the three categories, the check-in's yes (a message
# that asks for a number: addons/crisis_detector.py) and a crisis in another language.
HELP_LINES = frozenset({"crisis_zelfdoding", "crisis_geweld", "crisis_nood", "checkin_ja", "crisis_andere_taal"})
FOLDS_SEED = 31
# Rasa's command line with NumPy's global generator seeded first (the folds come from it).
SEEDED = "import sys, numpy; numpy.random.seed(int(sys.argv[1])); from bot.rasa_cli import main; main(sys.argv[2:])"
# Parses every text of a JSON list with a model; prints the final intents as JSON.
PARSE = """
import asyncio, json, sys
from addons.tensorflow_on_demand import install
install(serving=True)
from bot.rasa_cli import disable_reporting
disable_reporting()
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
async def parse():
    return [(await agent.parse_message(t))["intent"]["name"] for t in texts]
print("INTENTS " + json.dumps(asyncio.run(parse())))
"""


def _rasa(args: list[str], log: Path, seed: int = FOLDS_SEED) -> str:
    """`rasa <args>` through bot/rasa_cli.py with the seed; the output (also written to `log`)."""
    done = subprocess.run([sys.executable, "-c", SEEDED, str(seed), *args], cwd=ROOT, capture_output=True, text=True)
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"rasa {' '.join(args[:2])} failed (exit code {done.returncode}); see {log}")
    return done.stdout + done.stderr


def intent_f1(config: Path, name: str, folds: int = 5) -> dict[str, Any]:
    """Cross-validated intent F1 of `config`, on the seeded folds."""
    keep = OUT / "quality" / name
    keep.mkdir(parents=True, exist_ok=True)
    args = ["test", "nlu", "--nlu", "data/nlu", "--config", str(config), "--cross-validation", "--folds", str(folds)]
    output = _rasa([*args, "--out", str(keep)], keep / "cross-validation.log")
    section = output.split("intent evaluation results", 1)[-1]
    match = F1_LINE.search(section)
    return {
        "f1": float(match.group(1)) if match else None,
        "f1_std": float(match.group(2)) if match and match.group(2) else None,
        "weakest": weakest_intents(keep / "intent_report.json"),
    }


def held_out() -> dict[str, list[dict[str, Any]]]:
    """The frozen held-out messages by group, each with what it should get."""
    safety = yaml.safe_load((HELD_OUT / "veiligheid.yml").read_text(encoding="utf-8"))
    heard = yaml.safe_load((HELD_OUT / "gehoord.yml").read_text(encoding="utf-8"))
    return {
        "crisis": [{**item, "category": category} for category, items in safety["crisis"].items() for item in items],
        "ordinary": safety["gewoon"],
        "other language": safety["andere_taal"],
        "heard": heard["berichten"],
    }


def final_intents(model: Path, texts: list[str]) -> list[str]:
    """The intent the whole NLU pipeline of `model` gives each text (in a fresh process)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(texts, f)
    try:
        done = subprocess.run(
            [sys.executable, "-c", PARSE, str(model), f.name], cwd=ROOT, capture_output=True, text=True, check=True
        )
    finally:
        Path(f.name).unlink()
    line = next(line for line in done.stdout.splitlines() if line.startswith("INTENTS "))
    return json.loads(line.removeprefix("INTENTS "))


def held_out_figures(model: Path) -> dict[str, Any]:
    """What the pipeline of `model` makes of the held-out sets (see the module's doc)."""
    groups = held_out()
    texts = [item["tekst"] for items in groups.values() for item in items]
    intents = iter(final_intents(model, texts))
    out: dict[str, Any] = {}
    for group, items in groups.items():
        got = [next(intents) for _ in items]
        lines = [g in HELP_LINES for g in got]
        crisis = [g.startswith("crisis_") or g in HELP_LINES for g in got]
        figures: dict[str, Any] = {
            "messages": len(items),
            "help lines": sum(lines),
            "any crisis intent": sum(crisis),
            "not understood": sum(g == "nlu_fallback" for g in got),
        }
        if group == "crisis":
            clear = [line for line, item in zip(lines, items) if item.get("lijnen")]
            figures["clear crises (lijnen: true)"] = len(clear)
            figures["clear crises with help lines"] = sum(clear)
            figures["per category (help lines / any crisis / messages)"] = {
                c: f"{sum(line for line, i in zip(lines, items) if i['category'] == c)} / "
                f"{sum(x for x, i in zip(crisis, items) if i['category'] == c)} / {n}"
                for c, n in Counter(i["category"] for i in items).items()
            }
        if group == "other language":
            figures["crisis ones with any crisis intent"] = sum(x for x, i in zip(crisis, items) if i.get("crisis"))
            figures["crisis ones"] = sum(bool(i.get("crisis")) for i in items)
        figures["intents"] = dict(Counter(got).most_common(8))
        out[group] = figures
    return out


def project_copy(config: Path, model: Path, name: str) -> Path:
    """bench/out/quality/NAME-project: the tracked files of the working tree, `config` as its
    config.yml and `model` as its models/ouderschap.tar.gz (so the test stack serves it)."""
    where = OUT / "quality" / f"{name}-project"
    shutil.rmtree(where, ignore_errors=True)
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for file in filter(None, listed.split("\0")):
        if (ROOT / file).is_file():
            (where / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / file, where / file)
    shutil.copy2(config, where / "config.yml")
    (where / "models").mkdir(exist_ok=True)
    shutil.copy2(model, where / "models" / "ouderschap.tar.gz")
    return where


# The totals tests/test_heldout.py prints (its tables), as numbers for the table here.
PRINTED = {
    "lines or check-in": re.compile(r"^\s*(\w+)\s+lines or check-in (\d+/\d+)"),
    "lines at once where needed": re.compile(r"^\s*(\w+)\s+lines or check-in .*?lines at once where needed (\d+/\d+)"),
    "112 at once": re.compile(r"^\s*(\w+)\s+lines or check-in .*?112 at once (\d+/\d+)"),
}


def replies_figures(config: Path, model: Path, name: str) -> dict[str, Any]:
    """tests/test_heldout.py with `model` served (see the module's doc): its printed tables,
    the totals read from them, and whether its floors held."""
    where = project_copy(config, model, name)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider", "tests/test_heldout.py"],
        cwd=where,
        capture_output=True,
        text=True,
    )
    (OUT / "quality" / f"{name}-heldout.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    printed = [line.rstrip() for line in done.stdout.splitlines() if line.startswith("  ") or line.startswith("Held-out")]
    figures: dict[str, Any] = {"floors held": done.returncode == 0}
    for line in printed:
        for key, pattern in PRINTED.items():
            match = pattern.search(line)
            if match:
                figures[f"{match.group(1)}: {key}"] = match.group(2)
        ordinary = re.search(r"ordinary: help lines (\d+/\d+).*check-in (\d+/\d+)", line)
        if ordinary:
            figures["ordinary: help lines"], figures["ordinary: check-in"] = ordinary.groups()
        foreign = re.search(r"other languages: 112 named (\d+/\d+)", line)
        if foreign:
            figures["other languages: 112 named"] = foreign.group(1)
        heard = re.search(r"the reply fits: (\d+/\d+).*crisis reply on these: (\d+)", line)
        if heard:
            figures["heard: the reply fits"], figures["heard: crisis replies"] = heard.groups()
    figures["printed"] = printed
    return figures


def measure(config: Path, name: str) -> dict[str, Any]:
    """Train a model from `config`, read the held-out sets with it, cross-validate it."""
    models = OUT / "quality"
    models.mkdir(parents=True, exist_ok=True)
    print(f"{name}: training {config.relative_to(ROOT) if config.is_relative_to(ROOT) else config} ...", flush=True)
    _rasa(["train", "--config", str(config), "--out", str(models), "--fixed-model-name", name], models / f"{name}-train.log")
    print(f"{name}: held-out sets ...", flush=True)
    figures = held_out_figures(models / f"{name}.tar.gz")
    print(f"{name}: held-out sets through the whole bot (tests/test_heldout.py) ...", flush=True)
    replies = replies_figures(config, models / f"{name}.tar.gz", name)
    print(f"{name}: {5}-fold cross-validation (seed {FOLDS_SEED}) ...", flush=True)
    return {
        "config": str(config),
        "cross_validation": intent_f1(config, name),
        "held_out": figures,
        "held_out_replies": replies,
    }


def table(results: dict[str, dict[str, Any]]) -> str:
    """The two pipelines in columns."""
    names = list(results)
    rows = [
        ("intent F1, 5-fold cross-validation (same folds)",)
        + tuple(f"{r['cross_validation']['f1']} (± {r['cross_validation']['f1_std']})" for r in results.values())
    ]
    firsts = next(iter(results.values()))["held_out"]
    for group, figures in firsts.items():
        for key, value in figures.items():
            if key == "messages" or isinstance(value, dict):
                continue
            rows.append(
                (f"{group} ({figures['messages']}): {key}",) + tuple(str(r["held_out"][group][key]) for r in results.values())
            )
    for category in firsts["crisis"]["per category (help lines / any crisis / messages)"]:
        rows.append(
            (f"crisis {category}: help lines / any crisis / messages",)
            + tuple(
                r["held_out"]["crisis"]["per category (help lines / any crisis / messages)"][category] for r in results.values()
            )
        )
    for key in next(iter(results.values()))["held_out_replies"]:
        if key != "printed":
            rows.append((f"reply: {key}",) + tuple(str(r["held_out_replies"].get(key)) for r in results.values()))
    lines = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def run(config: Path, against: Path) -> int:
    """Both pipelines, one after the other; writes bench/out/quality-*.json."""
    results = {config.name: measure(config, "judged")}
    results[against.name if against.name != config.name else f"{against.name} (against)"] = measure(against, "against")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"quality-{stamp}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    for name, r in results.items():
        print(f"\n{name}, tests/test_heldout.py:\n" + "\n".join(r["held_out_replies"]["printed"]))
    print(table(results))
    print(f"\nwritten: bench/out/quality-{stamp}.json", flush=True)
    return 0
