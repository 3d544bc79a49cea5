"""Property-based dialogue tests against the running assistant (issue 13).

Random conversations (tests/dialogue_walk.py), seeded and reproducible: buttons of the last
reply, typed titles, commands anywhere, own words, short words, emoji, off-topic questions,
crisis messages, private chats and groups. Every reply is 1-4 messages, never the same text
twice, never "niet begrepen" after words, a help line exactly for crisis messages, and the
conversation always answers again.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from testkit.stack import RealStack
from tests.dialogue_walk import ParentWalk

# About 400 turns: 40 conversations of up to 10 messages.
WALK = settings(
    max_examples=40,
    stateful_step_count=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_random_conversations_always_get_a_fitting_answer(real_stack: RealStack) -> None:
    ParentWalk.url = real_stack.settings.rasa_url
    ParentWalk.turns = 0
    run_state_machine_as_test(ParentWalk, settings=WALK)
    assert ParentWalk.turns >= 200, f"only {ParentWalk.turns} turns were walked"
