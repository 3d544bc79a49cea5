"""Where the content files (content/*.yml) are, and reading one of them once per process.

Every process reads content: Rasa (the safety patterns, addons/), the action server (actions/)
and the bridge (bot/). addons/ is the layer that all three import and that imports none of
them, so the one place that finds the folder lives here. CONTENT_DIR in the environment
points all three at another folder.

Every file is read with its schema check (addons/content_schema.py): a key written twice,
an unknown field or a text without its source stops the process that reads it, with the
file and the place in it, instead of being ignored.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from addons.content_schema import ContentError, check, parse

CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", Path(__file__).resolve().parent.parent / "content"))

__all__ = ["CONTENT_DIR", "ContentError", "content_file", "load_yaml"]


@lru_cache(maxsize=None)
def load_yaml(path: Path) -> Any:
    """The YAML structure of one file, read and checked once; callers read it and never change it."""
    data = parse(path.read_text(encoding="utf-8"), path.name)
    check(path.name, data)
    return data


def content_file(name: str) -> Any:
    """A file of the content folder by name ("hulp.yml"), read once."""
    return load_yaml(CONTENT_DIR / name)
