"""The bridge's own texts and command menu, read from content/bridge.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from addons.content_files import CONTENT_DIR, load_yaml


@dataclass(frozen=True)
class Command:
    """A Telegram command and the Rasa payload it stands for."""

    name: str
    payload: str
    description: str


@dataclass(frozen=True)
class BridgeTexts:
    """Messages the bridge sends itself, and the command menu."""

    commands: tuple[Command, ...]
    messages: dict[str, str]

    def command(self, name: str) -> Command | None:
        """The command with this name, if the menu has it."""
        return next((c for c in self.commands if c.name == name), None)


@lru_cache(maxsize=1)
def load_texts(path: Path = CONTENT_DIR / "bridge.yml") -> BridgeTexts:
    """Read content/bridge.yml once."""
    raw = load_yaml(path)
    commands = tuple(Command(c["commando"], c["payload"], c["uitleg"]) for c in raw["commando_s"])
    return BridgeTexts(commands, dict(raw["berichten"]))
