"""What a conversation must not leave behind: a canary string and ids, new for every run.

A parent with a distinctive chat id, user id and username writes the canary in what they say;
afterwards `traces_in` must find none of them in a file, a log or Redis (tests/test_privacy.py,
tests/test_scale_out.py).
"""

from __future__ import annotations

import uuid

CANARY = f"KANARIE{uuid.uuid4().hex[:12]}"
CHAT_ID = 918_273_645_501
USER_ID = 5_550_173_946
USERNAME = f"ouder_{uuid.uuid4().hex[:8]}"
FIRST_NAME = f"Voornaam{uuid.uuid4().hex[:6]}"
TOKEN = f"42:PRIVACY-{uuid.uuid4().hex}"
SENDER = {"user_id": USER_ID, "username": USERNAME, "first_name": FIRST_NAME}
GROUP_ID = -1_009_182_736_455
SECRETS = {
    "canary": CANARY,
    "chat id": str(CHAT_ID),
    "group id": str(GROUP_ID).lstrip("-"),
    "user id": str(USER_ID),
    "username": USERNAME,
    "first name": FIRST_NAME,
    "token": TOKEN,
}


def traces_in(text: str) -> list[str]:
    """Which of the canary and the ids appear in `text` (by name: "canary", "chat id", ...)."""
    return [what for what, value in SECRETS.items() if value in text]
