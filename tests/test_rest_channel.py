"""Our REST channel (addons/rest_channel.py) is the one Rasa runs, on the same URL as Rasa's own,
logs no message text when a message fails or times out, and answers the marker when Redis
cannot be reached. Redis really down, through the whole stack: tests/test_scale_out.py."""

from __future__ import annotations

from asyncio import CancelledError

import pytest
import redis
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import LockError
from structlog.testing import capture_logs

from addons.rest_channel import RestChannel, answered
from addons.wire_format import STATE_UNREACHABLE
from bot.paths import ROOT

TEXT = "KANARIE ik wil iets vertellen"


def test_credentials_yml_names_our_channel_on_rasas_rest_url() -> None:
    import rasa.core.run

    (channel,) = rasa.core.run.create_http_input_channels(None, str(ROOT / "credentials.yml"))
    assert type(channel) is RestChannel
    app = rasa.core.run.configure_app([channel], enable_api=False, route="/webhooks/", use_uvloop=False)
    paths = {route.path for route in app.router.routes}
    assert "webhooks/rest/webhook" in paths


def message(collector: CollectingOutputChannel) -> UserMessage:
    return UserMessage(TEXT, collector, "sender-key", input_channel="rest")


async def replied_then(error: BaseException | None, collector: CollectingOutputChannel) -> None:
    async def rasa(received: UserMessage) -> None:
        await received.output_channel.send_text_message(received.sender_id, "Dag")
        if error is not None:
            raise error

    await answered(rasa)(message(collector))


async def test_a_message_goes_through_as_rasa_answers_it() -> None:
    collector = CollectingOutputChannel()
    await replied_then(None, collector)
    assert [m.get("text") for m in collector.messages] == ["Dag"]


@pytest.mark.parametrize("error", [redis.ConnectionError("down"), LockError("no lock")], ids=["redis", "lock"])
async def test_redis_unreachable_is_answered_with_the_marker(error: Exception, caplog: pytest.LogCaptureFixture) -> None:
    collector = CollectingOutputChannel()
    await replied_then(error, collector)
    assert collector.messages[-1]["custom"] == {STATE_UNREACHABLE: True}
    assert TEXT not in caplog.text and "unreachable" in caplog.text


@pytest.mark.parametrize(
    ("error", "event"),
    [(CancelledError(), "rest.message.received.timeout"), (ValueError("kapot"), "rest.message.received.failure")],
    ids=["timeout", "failure"],
)
async def test_a_failure_is_logged_by_name_without_the_text_and_the_collected_replies_go_back(
    error: BaseException, event: str
) -> None:
    collector = CollectingOutputChannel()
    with capture_logs() as logs:
        await replied_then(error, collector)
    assert [line["event"] for line in logs] == [event]
    assert "KANARIE" not in repr(logs)
    assert [m.get("text") for m in collector.messages] == ["Dag"]  # what Rasa's channel answers then, too


def test_the_channel_is_rasas_rest_channel_by_name() -> None:
    assert RestChannel.name() == "rest" and RestChannel().url_prefix() == "rest"
