"""The Rasa version our monkeypatches were written for, and the check before each of them.

A monkeypatch replaces a private method of Rasa (`MessageProcessor._run_action`,
`RemoteAction._validate_action_result`, ...) with our own, which calls Rasa's original. It is
written against the code of one release: in another release the method may be gone, renamed,
or called with other arguments, and a patch that still applies could then change what Rasa
does in ways no test of ours sees. So every monkeypatch (addons/rasa_patches.py,
addons/resilience.py) first asks `patch_allowed`. On another Rasa version they leave Rasa alone, and the process logs
one warning that says so, not one per patch.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

# The Rasa release whose code every monkeypatch of addons/ was read against (pinned in requirements.txt).
WRITTEN_FOR = "3.6.21"

_warned = False


def installed_rasa() -> str:
    """The version of the installed rasa package."""
    import rasa

    return str(rasa.__version__)


def patch_allowed(patch: str) -> bool:
    """Whether to apply the monkeypatch `patch`: only on the Rasa release it was written for.

    On another release: False, and (once per process) a warning naming both versions.
    """
    global _warned
    version = installed_rasa()
    if version == WRITTEN_FOR:
        return True
    if not _warned:
        _warned = True
        logger.warning(
            "Rasa %s is installed, but the patches in addons/ were written for Rasa %s: Rasa is left as it is "
            "(first patch skipped: %s). Check each patch against the new Rasa before raising WRITTEN_FOR "
            "in addons/rasa_version.py.",
            version,
            WRITTEN_FOR,
            patch,
        )
    return False
