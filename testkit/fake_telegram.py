"""A fake Telegram Bot API server on 127.0.0.1, for the tests and the benchmark.

The real python-telegram-bot (`Application`, `Updater`, `HTTPXRequest` and our `RetryingRequest`)
talks HTTP to it as it talks to Telegram: `base_url` is all it needs. The fake answers the methods
the bridge calls (bot/telegram_app.py, bot/run.py): getMe, getUpdates, deleteWebhook, setWebhook,
setMyCommands, sendMessage, sendPhoto, sendChatAction, answerCallbackQuery, answerInlineQuery and
editMessageReplyMarkup, with the checks of Telegram's that the bridge could fail (an empty or too
long text, callback data over 64 bytes, a button query answered twice, ...). Any other method is
recorded and answered 404 ("method not found"), so a test sees a call the bridge should not make
(a download is a getFile).

A test pushes updates (a text, a button press, an inline query, a photo or a sticker), which the
bridge fetches with a real long poll, or which the fake POSTs to the bridge's webhook once one is
set; it reads every call back (`calls_of`, `sent_messages`, `wait_for`), and can make the next
calls of a method fail (`fail_next`: 500, 429 with `retry_after`) or answer late (`delay_next`).
The server runs in its own threads, so it never depends on the test's event loop.

How python-telegram-bot sends a request (telegram/request/_requestdata.py): a POST whose body is
form-encoded, strings verbatim and every other value (numbers, `reply_markup`, `commands`) as
JSON; with a file, multipart/form-data with the same fields and one part per file.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import re
import select
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl, unquote

from telegram.request import BaseRequest, RequestData

__all__ = ["BOT_USERNAME", "ApiCall", "FakeBotApi", "OfflineRequest"]

BOT_USERNAME = "ouderschap_test_bot"
BOT_ID = 700000001  # when the token does not start with a number ("123:abc" gives 123)
GROUP_MEMBER_ID = 424242  # the sender of a group message when a test names none
MAX_TEXT, MAX_CAPTION = 4096, 1024
# Parameters the Bot API documents as strings: sent verbatim, never JSON-decoded ("42" stays text).
STRING_PARAMS = frozenset(
    {"text", "caption", "action", "callback_query_id", "inline_query_id", "url", "secret_token", "language_code", "photo"}
)
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
# Minimal media of each kind, as Telegram describes them in an update.
MEDIA: dict[str, Any] = {
    "photo": [{"file_id": "photo-small", "file_unique_id": "p1", "width": 90, "height": 68}],
    "sticker": {"file_id": "sticker", "file_unique_id": "s1", "type": "regular", "width": 512, "height": 512}
    | {"is_animated": False, "is_video": False, "emoji": "👍"},
    "voice": {"file_id": "voice", "file_unique_id": "v1", "duration": 3, "mime_type": "audio/ogg"},
    "document": {"file_id": "document", "file_unique_id": "d1", "file_name": "brief.pdf", "mime_type": "application/pdf"},
}


@dataclass(frozen=True)
class ApiCall:
    """One Bot API request as the fake saw it.

    `params` are decoded (`reply_markup`, `commands` and `chat_id` are Python objects again);
    `files` maps a parameter ("photo") to the uploaded bytes. `time` is `time.time()` at arrival;
    a call is recorded when answered, so a long poll comes after calls that arrived later.
    `status` is the HTTP status the fake answered (499: the client gave up, as PTB does with
    its long poll when it stops).
    """

    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    time: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def result(self) -> Any:
        """The `result` of the answer (the sent Message), None on an error."""
        return self.response.get("result")


class ApiError(Exception):
    """Answered as a Bot API error: {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def envelope(self) -> dict[str, Any]:
        answer: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            answer["parameters"] = {"retry_after": self.retry_after}
        return answer


class ClientGone(Exception):
    """The client closed the connection during a long poll."""


@dataclass
class Request:
    token: str
    params: dict[str, Any]
    files: dict[str, bytes]
    client_gone: Callable[[], bool] = lambda: False


def decode_params(raw: dict[str, str]) -> dict[str, Any]:
    """Undo python-telegram-bot's encoding: JSON-decode every value but the documented strings."""
    decoded: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in STRING_PARAMS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        decoded[key] = value
    return decoded


def parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, bytes]]:
    """The text fields and the file parts of a multipart/form-data body (as httpx writes it)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise ApiError(400, "Bad Request: multipart boundary is missing")
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for part in body.split(b"--" + match.group(1).encode("latin-1"))[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.strip(b"\r\n").partition(b"\r\n\r\n")
        disposition = head.decode("utf-8", "replace")
        name = re.search(r'name="([^"]*)"', disposition)
        if name is None:
            continue
        if "filename" in disposition:
            files[name.group(1)] = content
        else:
            fields[name.group(1)] = content.decode("utf-8", "replace")
    return fields, files


def check_text(text: Any, limit: int, what: str) -> None:
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, f"Bad Request: {what} is empty")
    if len(text) > limit:
        raise ApiError(400, f"Bad Request: {what} is too long")


def check_markup(markup: Any) -> None:
    """An inline keyboard as Telegram takes it: rows of buttons with a text, callback data of 1-64 bytes."""
    if markup is None:
        return
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for button in (b for row in rows for b in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


class FakeBotApi:
    """The fake server: `with FakeBotApi() as fake:`, then give python-telegram-bot `fake.base_url`.

    `call_delay`: seconds each call takes on the way, half there and half back, as a round trip
    to Telegram does (0 on loopback; the benchmark sets it). Every public method may be called
    from any thread.
    """

    longest_poll = 30.0

    def __init__(self, *, call_delay: float = 0.0) -> None:
        self.call_delay = max(0.0, call_delay)
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[ApiCall] = []
        self._updates: list[dict[str, Any]] = []  # pushed, not yet confirmed by a getUpdates offset
        self._next_update_id = 1
        self._delivered: dict[int, float] = {}  # update_id -> time.time() it was first handed over
        self._answered: set[int] = set()  # updates the bridge reported handled (testkit/bridge.py report_turns)
        self.reports_turns = False
        self._poll_generation: dict[str, int] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message id) -> message
        self._next_message_id: dict[int, int] = {}
        self._queries: dict[str, bool] = {}  # callback and inline query id -> answered
        self._files: dict[str, bytes] = {}  # file_id of an uploaded photo -> its bytes
        self._faults: dict[str, list[ApiError]] = {}
        self._delays: dict[str, list[float]] = {}
        self._ids = itertools.count(1)
        self.command_menu: list[dict[str, Any]] = []  # the last setMyCommands
        self.webhook_url = ""
        self.webhook_secret = ""  # the secret_token of the last setWebhook
        self.webhook_statuses: list[int] = []  # the bridge's HTTP status for each update POSTed to it
        self._webhook_thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._server: ThreadingHTTPServer | None = None
        self._stopping = False
        self._methods: dict[str, Callable[[Request], Any]] = {
            name: getattr(self, f"_{name}")
            for name in (
                "getMe",
                "getUpdates",
                "deleteWebhook",
                "setWebhook",
                "setMyCommands",
                "sendMessage",
                "sendPhoto",
                "sendChatAction",
                "answerCallbackQuery",
                "answerInlineQuery",
                "editMessageReplyMarkup",
            )
        }

    # ------------------------------------------------------------------ start and stop

    def start(self) -> FakeBotApi:
        """Listen on a free port of 127.0.0.1 and serve from daemon threads."""
        self._stopping = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop serving, end waiting long polls and close kept-alive connections."""
        if self._server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._server = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """python-telegram-bot's `base_url` (it appends `{token}/{method}`)."""
        assert self._server is not None, "FakeBotApi is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # ------------------------------------------------------------------ what the bridge did

    @property
    def calls(self) -> list[ApiCall]:
        with self._cond:
            return list(self._calls)

    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    def calls_since(self, index: int) -> list[ApiCall]:
        """`calls[index:]` without copying all calls first (the benchmark asks thousands of times)."""
        with self._cond:
            return self._calls[index:]

    def sent_messages(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        """The parameters of every sendMessage that succeeded, in order, of one chat or all."""
        return [c.params for c in self.calls_of("sendMessage") if c.ok and chat_id in (None, c.params.get("chat_id"))]

    def delivered_at(self, update_id: int) -> float | None:
        """`time.time()` when the bridge first got this update (None before): with a reply's
        `ApiCall.time`, the bridge's own latency, without the wait for its next long poll."""
        with self._cond:
            return self._delivered.get(update_id)

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates pushed and not yet confirmed by the bridge."""
        with self._cond:
            return copy.deepcopy(self._updates)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """A message of the bot as it is now (after edits), or None."""
        with self._cond:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

    def file_content(self, file_id: str) -> bytes:
        """The bytes of a photo the bot uploaded (the file_id of the sendPhoto answer)."""
        with self._cond:
            return self._files[file_id]

    def commands(self) -> list[dict[str, Any]]:
        """The command menu the bot set last."""
        with self._cond:
            return copy.deepcopy(self.command_menu)

    def inline_answer(self, query_id: str) -> dict[str, Any] | None:
        """The parameters of the answerInlineQuery for this query (None before it)."""
        answers = [c for c in self.calls_of("answerInlineQuery") if c.params.get("inline_query_id") == query_id]
        return answers[-1].params if answers else None

    # ------------------------------------------------------------------ Telegram failing

    def fail_next(self, method: str, error_code: int, *, retry_after: float | None = None, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with this error (429: "retry after" 1 s unless
        said), as Telegram does; python-telegram-bot maps it as it maps Telegram's."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        description = f"Too Many Requests: retry after {retry_after}" if error_code == 429 else "Injected failure"
        with self._cond:
            self._faults.setdefault(method, []).extend([ApiError(error_code, description, retry_after)] * times)

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Carry out the next `times` calls of `method`, but answer only after `seconds`: a
        client with a shorter read time-out gives up not knowing that its call worked."""
        with self._cond:
            self._delays.setdefault(method, []).extend([seconds] * times)

    # ------------------------------------------------------------------ a person writing

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (its update_id given here) for the bridge's long poll or webhook."""
        with self._cond:
            update = {**copy.deepcopy(update), "update_id": self._next_update_id}
            self._next_update_id += 1
            self._updates.append(update)
            self._cond.notify_all()
            return int(update["update_id"])

    def push_text(
        self,
        chat_id: int,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        **sender: Any,
    ) -> int:
        """A text a person sends ("/cmd ..." marked as a command, as Telegram does). A group chat
        (`chat_type="group"`, a negative id, optional `chat_title`) is from `user_id` (default
        GROUP_MEMBER_ID); `first_name` and `username` are the sender's."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]
        if reply_to_message_id is not None:
            replied = self.message(chat_id, reply_to_message_id)
            content["reply_to_message"] = replied or {
                "message_id": reply_to_message_id,
                "date": int(time.time()),
                "chat": self._chat(chat_id, **sender),
            }
        return self._push_message(chat_id, content, **sender)

    def push_media(self, chat_id: int, kind: str, *, caption: str | None = None, **sender: Any) -> int:
        """A photo, sticker, voice note or document (`kind`), with a caption if given."""
        content: dict[str, Any] = {kind: MEDIA[kind]}
        if caption is not None:
            content["caption"] = caption
        return self._push_message(chat_id, content, **sender)

    def push_callback(self, chat_id: int, message_id: int, data: str, **sender: Any) -> int:
        """A press on a button of the bot's message `message_id`."""
        with self._cond:
            message = self._messages.get((chat_id, message_id)) or {
                "message_id": message_id,
                "from": self._bot_user(""),
                "chat": self._chat(chat_id, **sender),
                "date": int(time.time()),
            }
            query_id = str(4_000_000_000_000 + next(self._ids))
            self._queries[query_id] = False
            query = {
                "id": query_id,
                "from": self._sender(chat_id, **sender),
                "message": copy.deepcopy(message),
                "chat_instance": str(chat_id),
                "data": data,
            }
            return self.push_update({"callback_query": query})

    def push_inline_query(self, query: str, *, user_id: int = GROUP_MEMBER_ID, first_name: str = "Test") -> str:
        """Someone types "@bot <query>" in a chat; returns the query's id."""
        with self._cond:
            query_id = str(5_000_000_000_000 + next(self._ids))
            self._queries[query_id] = False
            sender = {"id": user_id, "is_bot": False, "first_name": first_name}
            self.push_update({"inline_query": {"id": query_id, "from": sender, "query": query, "offset": ""}})
            return query_id

    def _push_message(self, chat_id: int, content: dict[str, Any], **sender: Any) -> int:
        with self._cond:
            message_id = self._next_message_id.get(chat_id, 1)
            self._next_message_id[chat_id] = message_id + 1
            message = {
                "message_id": message_id,
                "from": self._sender(chat_id, **sender),
                "chat": self._chat(chat_id, **sender),
                "date": int(time.time()),
                **content,
            }
            return self.push_update({"message": message})

    @staticmethod
    def _chat(chat_id: int, chat_type: str = "private", chat_title: str | None = None, **_: Any) -> dict[str, Any]:
        if chat_type == "private":
            assert chat_id > 0, f"a private chat has a positive id, not {chat_id}"
            return {"id": chat_id, "type": "private", "first_name": "Test"}
        assert chat_id < 0, f"a group has a negative id, not {chat_id}"
        return {"id": chat_id, "type": chat_type, "title": chat_title or "Test group"}

    @staticmethod
    def _sender(
        chat_id: int,
        chat_type: str = "private",
        user_id: int | None = None,
        first_name: str = "Test",
        username: str = "",
        **_: Any,
    ) -> dict[str, Any]:
        if user_id is None:
            user_id = chat_id if chat_type == "private" else GROUP_MEMBER_ID
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        return user | {"username": username} if username else user

    @staticmethod
    def _bot_user(token: str) -> dict[str, Any]:
        head = token.split(":", 1)[0]
        return {"id": int(head) if head.isdigit() else BOT_ID, "is_bot": True, "first_name": "Test", "username": BOT_USERNAME}

    # ------------------------------------------------------------------ waiting for the bridge

    async def wait_for(
        self, method: str, predicate: Callable[[ApiCall], bool] = lambda call: True, timeout: float = 5.0, *, since: int = 0
    ) -> ApiCall:
        """The first call of `method` from `calls[since:]` that matches `predicate` (one that raises
        does not match); on a time-out an AssertionError that lists the calls there were."""
        deadline = time.monotonic() + timeout
        while (found := self._find(method, predicate, since)) is None:
            if time.monotonic() >= deadline:
                raise AssertionError(f"no {method} call as wanted within {timeout} s; calls: {self._describe()}")
            await asyncio.sleep(0.01)
        return found

    def wait_for_sync(self, method: str, timeout: float = 5.0) -> ApiCall:
        """`wait_for` for a test outside an event loop."""
        deadline = time.monotonic() + timeout
        while (found := self._find(method, lambda call: True, 0)) is None:
            if time.monotonic() >= deadline:
                raise AssertionError(f"no {method} call within {timeout} s; calls: {self._describe()}")
            time.sleep(0.01)
        return found

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """All messages sent to `chat_id`, once there are at least `count`."""
        deadline = time.monotonic() + timeout
        while len(messages := self.sent_messages(chat_id)) < count:
            if time.monotonic() >= deadline:
                texts = [m.get("text") for m in messages]
                raise AssertionError(
                    f"{count} messages to {chat_id} wanted within {timeout} s, got {texts}; calls: {self._describe()}"
                )
            await asyncio.sleep(0.01)
        return messages

    def turn_over(self, update_id: int) -> None:
        """The bridge in this process is done with this update: every reply to it was sent."""
        with self._cond:
            self._answered.add(update_id)

    async def wait_until_answered(self, update_id: int, timeout: float) -> None:
        """Until the bridge reported this update handled (testkit/bridge.py report_turns)."""
        deadline = time.monotonic() + timeout
        while update_id not in self._answered:
            if time.monotonic() >= deadline:
                raise AssertionError(f"update {update_id} not handled within {timeout} s; calls: {self._describe()}")
            await asyncio.sleep(0.01)

    def _find(self, method: str, predicate: Callable[[ApiCall], bool], since: int) -> ApiCall | None:
        for call in self.calls_since(since):
            try:
                if call.method == method and predicate(call):
                    return call
            except Exception:  # noqa: BLE001 - a predicate that raises does not match
                continue
        return None

    def _describe(self) -> str:
        described = []
        for call in self.calls:
            if call.method == "getUpdates" and call.ok:
                continue
            text = f"({call.params.get('chat_id')}, {call.params.get('text')!r})" if call.method == "sendMessage" else ""
            described.append(f"{call.method}{text}" + ("" if call.ok else f" -> {call.status}"))
        return ", ".join(described) or "none"

    # ------------------------------------------------------------------ HTTP

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects

            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # else ~40 ms a call
                with fake._cond:
                    fake._connections.add(self.connection)

            def finish(self) -> None:
                with fake._cond:
                    fake._connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                time.sleep(fake.call_delay / 2)  # the way there; each connection has its own thread
                match = re.fullmatch(r"/bot([^/]+)/([^/?]+)/?", self.path)
                if match is None:
                    status, answer = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
                else:
                    token, method = unquote(match.group(1)), match.group(2)
                    status, answer = fake._handle(token, method, self.headers.get("Content-Type", ""), body, self._gone)
                if status == 499:
                    self.close_connection = True
                    return
                time.sleep(fake.call_delay / 2)  # the way back
                payload = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    self.close_connection = True

            def _gone(self) -> bool:
                """End of file on the socket during a long poll: the client gave up on it."""
                try:
                    readable, _, _ = select.select([self.connection], [], [], 0)
                    return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
                except OSError:
                    return True

        return Handler

    def _handle(
        self, token: str, method: str, content_type: str, body: bytes, gone: Callable[[], bool]
    ) -> tuple[int, dict[str, Any]]:
        """Decode one HTTP request and answer it: (HTTP status, answer)."""
        try:
            if content_type.startswith("multipart/form-data"):
                fields, files = parse_multipart(body, content_type)
            else:
                fields, files = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}
        except ApiError as error:
            return error.code, error.envelope()
        return self.answer(token, method, fields, files, gone)

    def answer(
        self, token: str, method: str, fields: dict[str, str], files: dict[str, bytes], gone: Callable[[], bool] = lambda: False
    ) -> tuple[int, dict[str, Any]]:
        """Answer one call, its fields as python-telegram-bot sends them, and record it: (HTTP status, answer)."""
        arrived = time.time()
        params = decode_params(fields)
        try:
            with self._cond:
                faults = self._faults.get(method)
                if faults:
                    raise faults.pop(0)
            if method not in self._methods:
                raise ApiError(404, "Not Found: method not found")
            with self._cond:
                result = self._methods[method](Request(token, params, files, gone))
            status, answer = 200, json.loads(json.dumps({"ok": True, "result": result}))
        except ApiError as error:
            status, answer = error.code, error.envelope()
        except ClientGone:
            status, answer = 499, {"ok": False, "error_code": 499, "description": "the client gave up"}
        with self._cond:
            delays = self._delays.get(method)
            delay = delays.pop(0) if delays else 0.0
        time.sleep(delay)  # in this request's own thread: other calls go on meanwhile
        with self._cond:
            self._calls.append(ApiCall(method, params, files, arrived, status, answer))
        return status, answer

    # ------------------------------------------------------------------ the Bot API methods

    def _getMe(self, request: Request) -> dict[str, Any]:
        return self._bot_user(request.token) | {"can_join_groups": True, "supports_inline_queries": True}

    def _getUpdates(self, request: Request) -> list[dict[str, Any]]:
        """A long poll: updates from `offset` on at once, or the first that comes within `timeout`."""
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(request.params.get("offset") or 0)
        deadline = time.monotonic() + min(float(request.params.get("timeout") or 0), self.longest_poll)
        # A newer long poll of the same bot ends an older one (409), as Telegram's does.
        generation = self._poll_generation.get(request.token, 0) + 1
        self._poll_generation[request.token] = generation
        self._cond.notify_all()
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        while True:
            if request.client_gone():
                raise ClientGone
            if self._poll_generation[request.token] != generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request")
            if self._updates or self._stopping or time.monotonic() >= deadline:
                handed_over = time.time()
                for update in self._updates:
                    self._delivered.setdefault(update["update_id"], handed_over)
                return copy.deepcopy(self._updates[:100])
            self._cond.wait(min(deadline - time.monotonic(), 0.05))  # short, to notice a client that left

    def _deleteWebhook(self, request: Request) -> bool:
        self.webhook_url = ""
        return True

    def _setWebhook(self, request: Request) -> bool:
        self.webhook_url = str(request.params.get("url") or "")
        self.webhook_secret = str(request.params.get("secret_token") or "")
        if self.webhook_url and self._webhook_thread is None:
            self._webhook_thread = threading.Thread(target=self._deliver_to_webhook, daemon=True)
            self._webhook_thread.start()
        return True

    def post_to_webhook(self, update: dict[str, Any], secret: str | None) -> int:
        """POST an update to the webhook as Telegram does, with `secret` in its header: the HTTP status."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(self.webhook_url, data=json.dumps(update).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def _deliver_to_webhook(self) -> None:
        """While a webhook is set, POST each pushed update to it, again until the bridge answers 200."""
        while True:
            with self._cond:
                while not self._stopping and self.webhook_url and not self._updates:
                    self._cond.wait(0.05)
                if self._stopping or not self.webhook_url:
                    self._webhook_thread = None
                    return
                update = copy.deepcopy(self._updates[0])
            status = self.post_to_webhook(update, self.webhook_secret)
            with self._cond:
                self.webhook_statuses.append(status)
                if status == 200:
                    self._delivered.setdefault(update["update_id"], time.time())
                    self._updates.remove(next(u for u in self._updates if u["update_id"] == update["update_id"]))
            if status != 200:
                time.sleep(0.2)

    def _setMyCommands(self, request: Request) -> bool:
        commands = request.params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be an array of at most 100 items")
        for command in commands:
            if not COMMAND.match(str(command.get("command"))) or not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        self.command_menu = commands
        return True

    def _sendMessage(self, request: Request) -> dict[str, Any]:
        check_text(request.params.get("text"), MAX_TEXT, "message text")
        return self._bot_message(request, {"text": request.params["text"]})

    def _sendPhoto(self, request: Request) -> dict[str, Any]:
        photo = request.files.get("photo")
        if photo is None:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        file_id = f"photo-{next(self._ids)}"
        self._files[file_id] = photo
        content: dict[str, Any] = {"photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 1080, "height": 1080}]}
        caption = request.params.get("caption")
        if caption is not None:
            check_text(caption, MAX_CAPTION, "caption")
            content["caption"] = caption
        return self._bot_message(request, content)

    def _bot_message(self, request: Request, content: dict[str, Any]) -> dict[str, Any]:
        """A message the bot sent, kept (with its inline keyboard) for a later edit or button press."""
        chat_id = request.params.get("chat_id")
        if not isinstance(chat_id, int) or chat_id == 0:
            raise ApiError(400, "Bad Request: chat not found")
        markup = request.params.get("reply_markup")
        check_markup(markup)
        message_id = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = message_id + 1
        chat = (
            {"id": chat_id, "type": "private", "first_name": "Test"}
            if chat_id > 0
            else {"id": chat_id, "type": "group", "title": "Test group"}
        )
        message = {
            "message_id": message_id,
            "from": self._bot_user(request.token),
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        if markup is not None:
            message["reply_markup"] = markup
        self._messages[(chat_id, message_id)] = message
        return message

    def _sendChatAction(self, request: Request) -> bool:
        if request.params.get("action") != "typing":  # the only action the bridge shows
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _answer_query(self, query_id: str) -> None:
        if self._queries.get(query_id) is not False:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self._queries[query_id] = True

    def _answerCallbackQuery(self, request: Request) -> bool:
        self._answer_query(str(request.params.get("callback_query_id")))
        return True

    def _answerInlineQuery(self, request: Request) -> bool:
        """What Telegram checks of inline results: at most 50, unique ids of 1-64 bytes, an article's title and text."""
        results = request.params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if len(set(ids)) != len(ids) or not all(1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in (r for r in results if r.get("type") == "article"):
            if not result.get("title"):
                raise ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
            check_text((result.get("input_message_content") or {}).get("message_text"), MAX_TEXT, "message text")
            check_markup(result.get("reply_markup"))
        self._answer_query(str(request.params.get("inline_query_id")))
        return True

    def _editMessageReplyMarkup(self, request: Request) -> dict[str, Any]:
        markup = request.params.get("reply_markup")
        check_markup(markup)
        message = self._messages.get((request.params.get("chat_id"), request.params.get("message_id")))  # type: ignore[arg-type]
        if message is None or not message["from"]["is_bot"]:
            raise ApiError(400, "Bad Request: message to edit not found")
        if message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified")
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        return message


class OfflineRequest(BaseRequest):
    """python-telegram-bot's own pattern for tests without a network (the `OfflineRequest` of its
    test suite): a request class that never opens a connection. This one hands each call to a
    FakeBotApi in this process, with the fields python-telegram-bot would have sent over HTTP,
    so the fake checks, records and answers it as it does over 127.0.0.1. For the tests of the
    bridge where HTTP adds nothing (bot/telegram_app.py `build_application(requests=...)`).
    """

    def __init__(self, fake: FakeBotApi) -> None:
        self.fake = fake

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        match = re.search(r"/bot([^/]+)/([^/?]+)$", url)
        assert match is not None, url
        fields = request_data.json_parameters if request_data is not None else {}
        files: dict[str, bytes] = {}
        if request_data is not None and request_data.contains_files:
            for name, part in request_data.multipart_data.items():
                content = part[1]
                files[name] = content if isinstance(content, bytes) else content.read()
        gone = threading.Event()  # python-telegram-bot cancels its long poll when it stops
        try:
            status, answer = await asyncio.to_thread(self.fake.answer, match.group(1), match.group(2), fields, files, gone.is_set)
        except asyncio.CancelledError:
            gone.set()
            raise
        return status, json.dumps(answer).encode()
