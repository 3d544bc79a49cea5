"""Run the `rasa` command line with telemetry and crash reporting switched off.

It first keeps TensorFlow out unless a component of the model needs it
(addons/tensorflow_on_demand.py: Rasa 3.6 would import it for any model, about 400 MiB).
It also applies addons/rasa_patches.py (two speed fixes: validating action server answers,
reading stored events) and addons/resilience.py (every message is answered: after Rasa's
circuit breaker, after a failing action, and a typed button title counts as the button), each
only on the Rasa release they were written for. Our REST channel (addons/rest_channel.py,
named in credentials.yml) needs no patch.

`RASA_TELEMETRY_ENABLED=false` stops Rasa's telemetry, but the CLI still sets up Sentry
error reporting from the write key shipped inside the rasa package. A crash report can
carry a stack trace of a conversation, so every rasa command of this project (train,
validate, test, run) goes through this wrapper, which makes that set-up a no-op first.
"""

from __future__ import annotations

import os
import sys


def disable_reporting() -> None:
    """Switch off telemetry and make Rasa's error reporting set-up do nothing."""
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")  # Rasa's unused SQL store, noise only
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("ACTIONS_PORT", "5055")  # used in endpoints.yml
    import rasa.telemetry

    rasa.telemetry.initialize_error_reporting = lambda: None  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> None:
    """Run `rasa <argv>` in this process, with reporting off and all fixes applied."""
    from addons.tensorflow_on_demand import install as tensorflow_on_demand

    args = sys.argv[1:] if argv is None else argv
    tensorflow_on_demand(serving=args[:1] == ["run"])  # before anything of Rasa imports it
    disable_reporting()
    from rasa.__main__ import main as rasa_main

    from addons import resilience
    from addons.rasa_patches import prepare_action_validation, remember_event_types

    prepare_action_validation()
    remember_event_types()
    resilience.apply()

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
