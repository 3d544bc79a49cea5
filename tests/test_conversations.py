"""The conversation tests of tests/conversations, end to end through the running assistant.

Each story is replayed with the real text of every turn against the real action server and
Rasa with the trained model (tests/conversation_replay.py says why not `rasa test core`).
A turn fails when its text becomes another intent, when other actions run or a form opens or
closes otherwise than the story says, when a slot the story names gets another value, or
when the assistant does not answer.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
import yaml

from testkit.stack import RealStack
from tests.conversation_replay import ERASING_ACTIONS, Story, load_stories, replay

STORIES = load_stories()
_BERICHTEN = yaml.safe_load((Path(__file__).resolve().parents[1] / "content" / "berichten.yml").read_text(encoding="utf-8"))[
    "berichten"
]
# What a parent reads after a turn the tracker store erases (read from the content file, not via actions/).
ERASED_REPLIES = {key: _BERICHTEN[key]["text"] for key in ERASING_ACTIONS.values()}
senders = itertools.count(1)


def test_the_conversation_tests_are_all_there() -> None:
    """A file that no longer loads, or loses its stories, must not make the run pass quietly."""
    files = sorted(Path(__file__).parent.joinpath("conversations").glob("*.yml"))
    assert {s.file for s in STORIES} == {p.name for p in files}
    written = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["stories"]) for p in files)
    assert len(STORIES) == written


@pytest.mark.parametrize("story", STORIES, ids=[f"{s.file}:{s.name}" for s in STORIES])
def test_conversation_runs_as_the_story_says(real_stack: RealStack, story: Story) -> None:
    sender = f"conversation-test-{next(senders)}"
    problems = replay(real_stack.settings.rasa_url, sender, story, ERASED_REPLIES)
    assert not problems, f"{story.file}: {story.name}\n" + "\n".join(problems)


def _story(name: str) -> Story:
    return next(s for s in STORIES if s.name == name)


def test_a_turn_whose_text_leads_elsewhere_fails_the_story(real_stack: RealStack) -> None:
    """The text counts, not the intent written beside it: an ordinary sentence in place of the
    crisis message must fail the crisis turn, and a story claiming another action must fail."""
    story = _story("geweld tijdens een open vraag, daarna een thema")
    calm = Story(
        story.file,
        story.name,
        [story.turns[0], dataclasses.replace(story.turns[1], text="Hij is een lieve papa."), *story.turns[2:]],
    )
    problems = replay(real_stack.settings.rasa_url, f"conversation-test-{next(senders)}", calm, ERASED_REPLIES)
    assert any(
        p.startswith("turn 2 'Hij is een lieve papa.': intent ") and p.endswith("story says crisis_geweld") for p in problems
    ), problems
    assert any(p.startswith("turn 2 'Hij is een lieve papa.': ran [('action', 'vraag_form')") for p in problems), problems

    wrong = Story(story.file, story.name, [dataclasses.replace(story.turns[0], steps=[("action", "action_stelling")])])
    problems = replay(real_stack.settings.rasa_url, f"conversation-test-{next(senders)}", wrong, ERASED_REPLIES)
    assert problems == [
        "turn 1 '/partner': ran [('action', 'vraag_form'), ('active_loop', 'vraag_form')], story says [('action', 'action_stelling')]"
    ]
