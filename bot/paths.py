"""Where the project's files are, independent of the current directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
MODEL_NAME = "ouderschap"
MODEL_FILE = MODELS / f"{MODEL_NAME}.tar.gz"
# Everything that changes what `rasa train` produces.
TRAINING_INPUTS = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "data", ROOT / "addons"]
# The terminal chat's log: Rasa's, the action server's and our own lines, so the terminal shows
# only the conversation (README "Talking to it").
LOGS = ROOT / "logs"
TERMINAL_LOG = LOGS / "terminal.log"
