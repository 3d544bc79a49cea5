"""Finding the files a test run wrote: the proof that a conversation wrote nothing."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator


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
