"""Train the Rasa model only when its inputs changed since the last model.

Rasa has its own fingerprinting, but it loads the whole graph to use it (seconds on every
start). A hash of the training inputs, kept beside the model, answers in milliseconds.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

from bot.paths import MODEL_FILE, MODEL_NAME, MODELS, ROOT, TRAINING_INPUTS

FINGERPRINT = MODELS / f"{MODEL_NAME}.inputs.sha256"
TRAIN_LOG = MODELS / "train.log"


def inputs_fingerprint() -> str:
    """Hash the content and relative path of every training input file."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for entry in TRAINING_INPUTS:
        files.extend(sorted(p for p in entry.rglob("*") if p.is_file()) if entry.is_dir() else [entry])
    for path in files:
        if "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def model_is_current() -> bool:
    """True when a model exists and was trained from the current inputs."""
    return MODEL_FILE.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text().strip() == inputs_fingerprint()


def train(force: bool = False) -> bool:
    """Train when needed. Returns True when a new model was trained."""
    if not force and model_is_current():
        print(f"model: up to date ({MODEL_FILE.relative_to(ROOT)})", flush=True)
        return False
    print(f"model: training (inputs changed since the last model; log in {TRAIN_LOG.relative_to(ROOT)})...", flush=True)
    started = time.monotonic()
    fingerprint = inputs_fingerprint()
    MODELS.mkdir(exist_ok=True)
    # Rasa's training output (progress bars, warnings) would bury the chat for a newcomer:
    # it goes to a log file, and only its end is shown when training fails.
    with open(TRAIN_LOG, "wb") as log:
        result = subprocess.run(
            [sys.executable, "-m", "bot.rasa_cli", "train", "--fixed-model-name", MODEL_NAME, "--out", str(MODELS)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        tail = TRAIN_LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        raise SystemExit(f"model: training failed (exit code {result.returncode}); the whole log is in {TRAIN_LOG}")
    FINGERPRINT.write_text(fingerprint + "\n")
    print(f"model: trained in {time.monotonic() - started:.0f} s", flush=True)
    return True


if __name__ == "__main__":
    train(force="--force" in sys.argv)
