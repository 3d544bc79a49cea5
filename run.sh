#!/usr/bin/env bash
# Run the bot: set up .venv (first time), train the model if its inputs changed, start the
# action server, Rasa and the bridge. Without TELEGRAM_BOT_TOKEN: a chat in this terminal.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
if [ -f .env ]; then set -a; source .env; set +a; fi
exec .venv/bin/python -m bot.run "$@"
