"""Finding the files a test run wrote: the proof that a conversation wrote nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent


def places_a_run_may_write() -> list[Path]:
    """Every folder where the bot, Rasa or their libraries could leave a file, that exists.

    The repository and the temp folders, and the home folder's caches: Rasa keeps its own
    settings and caches in ~/.rasa, and TensorFlow, Keras, pip and others write to ~/.cache
    and ~/.keras. A message text or an id in any of them would outlive the conversation.
    """
    home = Path.home()
    candidates = [
        ROOT,
        Path(tempfile.gettempdir()),
        Path("/var/tmp"),
        Path("/dev/shm"),
        home / ".rasa",
        home / ".cache",
        home / ".keras",
    ]
    return [p for p in dict.fromkeys(candidates) if p.exists()]


def files_changed_since(roots: list[Path], since: float) -> Iterator[Path]:
    """Every regular file under the roots written to at or after `since`."""
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                try:
                    if path.is_file() and not path.is_symlink() and path.stat().st_mtime >= since - 1:
                        yield path
                except OSError:
                    continue
