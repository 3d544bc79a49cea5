"""A fake Telegram Bot API server for tests.

Why this exists: tests should exercise the *real* python-telegram-bot stack (``Bot``,
``Application``, ``Updater``, ``HTTPXRequest``) end to end, without network access and without
mocking the library.  PTB lets us point it at any server through ``base_url`` /
``base_file_url``, so this module runs a small Bot API look-alike on ``127.0.0.1`` that

* answers the methods the bot uses with the documented ``{"ok": ..., "result": ...}`` shapes,
* records every call (decoded parameters and uploaded file bytes) for assertions,
* lets tests push updates (text, commands, callbacks, media, poll answers) that a polling
  ``Updater`` picks up through a genuine long-poll ``getUpdates``,
* can inject Bot API errors (429 with ``retry_after``, 400, 403, ...) and late answers.

The server runs in its own daemon thread (stdlib ``ThreadingHTTPServer``), so it never depends on
the test's event loop; the async helpers only poll recorded state with ``asyncio.sleep``.

How PTB talks to it (see ``telegram/request/_requestdata.py``): every request is a POST;
without files the body is ``application/x-www-form-urlencoded`` where string parameters are sent
verbatim and every other value (ints, bools, lists, objects such as ``reply_markup``) is
``json.dumps``-ed into a string; with files it is ``multipart/form-data`` with the same string
fields plus one part per file.  This module decodes those strings back into Python objects,
except for parameters that are documented as strings (``text``, ``caption``, ...).
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

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_USERNAME",
    "DEFAULT_GROUP_USER_ID",
    "ApiCall",
    "FakeBotApi",
]

BOT_USERNAME = "ouderschap_test_bot"
BOT_FIRST_NAME = "Ouderschap Test Bot"
#: Bot id used when the token does not start with a numeric id (real tokens look like "123:abc").
DEFAULT_BOT_ID = 700000001
#: Sender id used for pushed group messages when the test does not pass ``user_id``.
DEFAULT_GROUP_USER_ID = 424242

_MAX_MESSAGE_LENGTH = 4096
_MAX_CAPTION_LENGTH = 1024

# Parameters the Bot API documents as strings.  PTB sends strings verbatim (not JSON encoded), so
# these must never be json-decoded: a text of "42" or "true" has to stay a string.
_STRING_PARAMS = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "certificate",
        "cover",
        "currency",
        "custom_title",
        "description",
        "document",
        "emoji",
        "error_message",
        "explanation",
        "explanation_parse_mode",
        "file_id",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "game_short_name",
        "google_place_id",
        "google_place_type",
        "inline_message_id",
        "inline_query_id",
        "invite_link",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "photo",
        "pre_checkout_query_id",
        "provider_token",
        "question",
        "question_parse_mode",
        "secret_token",
        "shipping_query_id",
        "short_description",
        "start_parameter",
        "sticker",
        "sticker_set_name",
        "text",
        "thumbnail",
        "title",
        "url",
        "username",
        "vcard",
        "video",
        "video_note",
        "voice",
    }
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
        "tg-time",
    }
)
_MDV2_ALWAYS_RESERVED = frozenset(".!-+=#{}()")


@dataclass(frozen=True)
class ApiCall:
    """One recorded Bot API request, as the server saw it.

    ``params`` are decoded (JSON-encoded values such as ``reply_markup`` or ``commands`` become
    Python objects; ``chat_id`` becomes an ``int``); ``files`` maps the parameter name (e.g.
    ``"photo"``, also resolved for ``attach://`` references) to the uploaded raw bytes.
    ``time`` is ``time.time()`` at arrival; calls are appended when answered, so a long poll
    appears after calls that arrived later.  ``status``/``response`` tell what the fake answered
    (499 = the client cancelled the request, e.g. PTB stopping its long poll).
    """

    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    time: float
    token: str = ""
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the fake answered with success (faults and validation errors are not ok)."""
        return self.status == 200

    @property
    def result(self) -> Any:
        """The ``result`` of the answer (e.g. the sent Message dict), or ``None`` on errors."""
        return self.response.get("result")


class _ApiError(Exception):
    """Raised inside handlers to answer with a Bot API error envelope."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class _Upload:
    content: bytes
    filename: str | None
    content_type: str | None


@dataclass
class _Request:
    token: str
    params: dict[str, Any]
    uploads: dict[str, _Upload]
    client_gone: Callable[[], bool] = lambda: False


class _ClientGone(Exception):
    """The client dropped the connection while we were long polling (PTB cancels polls)."""


@dataclass
class _Fault:
    code: int
    description: str
    parameters: dict[str, Any] | None
    remaining: int


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    mime_type: str | None
    file_name: str | None


# --------------------------------------------------------------------------------------------
# request parsing helpers


def _decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """Undo PTB's encoding: json-decode every non-string parameter, keep documented strings."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, str) and key not in _STRING_PARAMS:
            try:
                value = json.loads(value)
            except ValueError:
                pass  # e.g. chat_id="@channel" or an unknown string parameter
        out[key] = value
    return out


def _unescape_form_param(value: str) -> str:
    # httpx escapes '"' as %22 and '\' as '\\' in Content-Disposition parameters.
    return value.replace("%22", '"').replace("\\\\", "\\")


def _parse_multipart(body: bytes, content_type: str) -> tuple[dict[str, str], dict[str, _Upload]]:
    """Split a multipart/form-data body into text fields and file parts (bytes kept verbatim)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise _ApiError(400, "Bad Request: multipart boundary is missing")
    delimiter = b"--" + match.group(1).encode("latin-1")
    fields: dict[str, str] = {}
    uploads: dict[str, _Upload] = {}
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            continue
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition: dict[str, str] = {}
        for m in re.finditer(
            r';\s*([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^;]*))', ";" + headers.get("content-disposition", "").partition(";")[2]
        ):
            disposition[m.group(1).lower()] = _unescape_form_param(m.group(2) if m.group(2) is not None else m.group(3).strip())
        field_name = disposition.get("name")
        if field_name is None:
            continue
        if "filename" in disposition or "filename*" in disposition:
            filename = disposition.get("filename")
            if filename is None:  # RFC 5987 form: utf-8''name
                filename = unquote(disposition["filename*"].split("''", 1)[-1])
            uploads[field_name] = _Upload(content, filename, headers.get("content-type"))
        else:
            fields[field_name] = content.decode("utf-8", "replace")
    return fields, uploads


def _png_size(content: bytes) -> tuple[int, int] | None:
    """Read width/height from a PNG header, so photo sizes in answers match the upload."""
    if len(content) >= 24 and content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return None


def _utf16_len(text: str) -> int:
    """Telegram entity offsets/lengths are in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _check_markdown_v2(text: str) -> None:
    """Reject the classic MarkdownV2 bug: reserved characters that are not escaped.

    Only characters that are *never* valid unescaped outside code/pre/link-URL spans are checked
    (``.!-+=#{}()`` and a lone ``|``), so valid formatting never trips this.
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            fence = "```" if text.startswith("```", i) else "`"
            j = i + len(fence)
            while j < n and not text.startswith(fence, j):
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                kind = "Pre" if fence == "```" else "Code"
                raise _ApiError(
                    400,
                    f"Bad Request: can't parse entities: Can't find end of {kind} entity at byte offset {len(text[:i].encode())}",
                )
            i = j + len(fence)
            continue
        if c == "]" and text.startswith("](", i):
            j = i + 2
            while j < n and text[j] != ")":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "|" and text.startswith("||", i):
            i += 2
            continue
        if c in _MDV2_ALWAYS_RESERVED or c == "|":
            raise _ApiError(
                400,
                f"Bad Request: can't parse entities: Character '{c}' is reserved and must be escaped with the preceding '\\'",
            )
        i += 1


def _check_html(text: str) -> None:
    """Reject HTML Telegram would refuse: unknown tags, stray '<', unbalanced tags."""
    stack: list[str] = []
    pos = 0
    tag_re = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
    while True:
        lt = text.find("<", pos)
        if lt < 0:
            break
        offset = len(text[:lt].encode())
        m = tag_re.match(text, lt)
        if not m:
            raise _ApiError(
                400,
                f"Bad Request: can't parse entities: Unexpected character '<' at byte offset {offset}",
            )
        closing, name = m.group(1) == "/", m.group(2).lower()
        if name not in _HTML_TAGS:
            raise _ApiError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}',
            )
        if closing:
            if not stack or stack[-1] != name:
                expected = f'"</{stack[-1]}>"' if stack else "no end tag"
                raise _ApiError(
                    400,
                    f"Bad Request: can't parse entities: Unmatched end tag at byte offset "
                    f'{offset}, expected {expected}, found "</{name}>"',
                )
            stack.pop()
        else:
            stack.append(name)
        pos = m.end()
    if stack:
        raise _ApiError(
            400,
            f"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\"",
        )


# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """A Bot API look-alike on 127.0.0.1 for driving the real python-telegram-bot in tests.

    Use as ``with FakeBotApi() as fake:`` or ``fake.start()`` / ``fake.stop()`` and pass
    ``fake.base_url`` / ``fake.base_file_url`` to ``Bot`` or ``ApplicationBuilder``.
    All public methods are thread-safe and may be called from any thread or event loop.
    """

    #: Upper bound for long polling, whatever ``timeout`` the client asks for.
    max_long_poll: float = 30.0

    def __init__(
        self,
        *,
        bot_username: str = BOT_USERNAME,
        bot_first_name: str = BOT_FIRST_NAME,
        call_delay: float = 0.0,
    ) -> None:
        """``call_delay``: seconds each API call takes on the way, half to the server and half
        back, as Telegram's round trip does (0 on loopback; the benchmark sets it)."""
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.call_delay = max(0.0, float(call_delay))
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._calls: list[ApiCall] = []
        self._tokens: list[str] = []
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._poll_generation: dict[str, int] = {}
        self._webhook_url = ""
        self._webhook_secret = ""
        self._webhook_thread: threading.Thread | None = None
        #: HTTP status of every webhook delivery, in order (200 = the bridge took the update).
        self.webhook_statuses: list[int] = []
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._next_message_id: dict[int, int] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, list[float]] = {}
        self._commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._polls: dict[str, dict[str, Any]] = {}
        self._poll_message: dict[tuple[int, int], str] = {}
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._inline_queries: dict[str, bool] = {}  # id -> answered
        self._delivered: dict[int, float] = {}  # update_id -> time.time() of first hand-over
        self._ids = itertools.count(1)
        self._connections: set[socket.socket] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._handlers: dict[str, tuple[str, Callable[[_Request], Any]]] = {
            name.lower(): (name, getattr(self, f"_m_{name}"))
            for name in (
                "getMe",
                "getUpdates",
                "deleteWebhook",
                "setWebhook",
                "getWebhookInfo",
                "setMyCommands",
                "getMyCommands",
                "deleteMyCommands",
                "sendMessage",
                "sendChatAction",
                "answerCallbackQuery",
                "answerInlineQuery",
                "editMessageReplyMarkup",
                "editMessageText",
                "editMessageCaption",
                "deleteMessage",
                "sendPhoto",
                "sendDocument",
                "sendPoll",
                "stopPoll",
                "getFile",
                "close",
                "logOut",
            )
        }

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> FakeBotApi:
        """Bind an ephemeral port on 127.0.0.1 and serve from a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeBotApi already started")
        self._stopping = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._make_handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeBotApi:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake pending long polls and drop keep-alive connections. Idempotent."""
        server, thread = self._server, self._thread
        if server is None:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if thread is not None:
            thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The ephemeral port the server listens on."""
        if self._server is None:
            raise RuntimeError("FakeBotApi is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """Pass to ``Bot(base_url=...)``; PTB appends ``{token}/{method}``."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Pass to ``Bot(base_file_url=...)``; PTB appends ``{token}/{file_path}``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ---------------------------------------------------------------- recording

    @property
    def calls(self) -> list[ApiCall]:
        """Snapshot (a copy) of all recorded calls, in arrival-completion order."""
        with self._lock:
            return list(self._calls)

    @property
    def tokens(self) -> list[str]:
        """Every distinct bot token seen, in order of first use."""
        with self._lock:
            return list(self._tokens)

    def calls_of(self, method: str) -> list[ApiCall]:
        """All calls of one method (case-insensitive, like the real API)."""
        wanted = self._canonical(method)
        return [c for c in self.calls if c.method == wanted]

    def calls_since(self, index: int) -> list[ApiCall]:
        """Recorded calls from position ``index`` on: what ``calls[index:]`` gives, without
        copying the whole record first (a benchmark polls this thousands of times)."""
        with self._lock:
            return self._calls[index:]

    def delivered_at(self, update_id: int) -> float | None:
        """``time.time()`` when a getUpdates answer first handed this update to the bot,
        ``None`` while it was not handed over.  With ``ApiCall.time`` of the reply this gives
        the bot's own reply latency, without the wait for the next long poll."""
        with self._lock:
            return self._delivered.get(int(update_id))

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Params of *successful* sendMessage calls, in order, optionally for one chat."""
        return [
            c.params for c in self.calls_of("sendMessage") if c.ok and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def clear(self) -> None:
        """Forget recorded calls (state such as chats, messages and pending updates is kept)."""
        with self._lock:
            self._calls.clear()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by a getUpdates offset (deep copies)."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """Current state of a message (as sent/edited by the bot or pushed), or ``None``."""
        with self._lock:
            msg = self._messages.get((chat_id, message_id))
            return copy.deepcopy(msg) if msg is not None else None

    def file_content(self, file_id: str) -> bytes:
        """Bytes of an uploaded or pushed file, by file_id (KeyError if unknown)."""
        with self._lock:
            return self._files[file_id].content

    def commands(self, scope: dict[str, Any] | None = None, language_code: str = "") -> list[dict[str, Any]]:
        """The command list currently set for a scope/language (what getMyCommands returns)."""
        with self._lock:
            return copy.deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    # ---------------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        times: int = 1,
        *,
        retry_after: int | None = None,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` answer with a Bot API error.

        429 gets ``parameters.retry_after`` (default 1) so PTB raises ``RetryAfter``; the HTTP
        status equals ``error_code`` so PTB maps it like the real API (400 -> BadRequest,
        403 -> Forbidden, 409 -> Conflict, ...).  Failed calls are still recorded.
        """
        params = dict(parameters or {})
        if retry_after is not None or (error_code == 429 and "retry_after" not in params):
            params["retry_after"] = retry_after if retry_after is not None else 1
        if description is None:
            description = {
                400: "Bad Request: injected failure",
                401: "Unauthorized",
                403: "Forbidden: bot was blocked by the user",
                404: "Not Found",
                409: "Conflict: injected failure",
                429: f"Too Many Requests: retry after {params.get('retry_after')}",
            }.get(error_code, "Internal Server Error: injected failure")
        with self._lock:
            self._faults.setdefault(self._canonical(method), []).append(_Fault(error_code, description, params or None, times))

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method``, but answer only after ``seconds``.

        A client whose read timeout is shorter gives up without knowing that its call worked
        (the message *was* sent): the lost answer of a slow network. Only a client that never
        resends such a call avoids a duplicate.
        """
        with self._lock:
            self._delays.setdefault(self._canonical(method), []).extend([seconds] * times)

    # ---------------------------------------------------------------- pushing updates

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw Update dict (``update_id`` assigned if missing); wakes long polls.

        Messages inside are also remembered, so later replies/edits/callbacks can find them.
        """
        update = copy.deepcopy(update)
        with self._cond:
            if "update_id" in update:
                update_id = int(update["update_id"])
                self._next_update_id = max(self._next_update_id, update_id + 1)
            else:
                update_id = self._next_update_id
                self._next_update_id += 1
                update["update_id"] = update_id
            for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
                msg = update.get(key)
                if isinstance(msg, dict) and "chat" in msg and "message_id" in msg:
                    chat_id = int(msg["chat"]["id"])
                    self._chats.setdefault(chat_id, copy.deepcopy(msg["chat"]))
                    self._messages[(chat_id, int(msg["message_id"]))] = copy.deepcopy(msg)
                    self._next_message_id[chat_id] = max(self._next_message_id.get(chat_id, 1), int(msg["message_id"]) + 1)
            self._updates.append(update)
            self._updates.sort(key=lambda u: u["update_id"])
            self._cond.notify_all()
            return update_id

    def push_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
        reply_to_message_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        chat_title: str | None = None,
    ) -> int:
        """Push a user's text message; "/cmd ..." gets a bot_command entity automatically.

        Group chats (``chat_type`` "group"/"supergroup") need a negative ``chat_id`` and get a
        ``title``; the sender then defaults to ``DEFAULT_GROUP_USER_ID``.
        """
        content: dict[str, Any] = {"text": text}
        if entities is None and text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        if entities:
            content["entities"] = entities
        return self._push_message(
            chat_id,
            content,
            user_id=user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
            reply_to_message_id=reply_to_message_id,
            chat_title=chat_title,
        )

    def push_callback(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
    ) -> int:
        """Push a button press on message ``message_id`` (as the bot sent/edited it).

        The callback query id is registered so answerCallbackQuery accepts it exactly once.
        """
        with self._lock:
            chat = self._register_chat(chat_id, chat_type, first_name, username, None)
            user = self._user(chat_id, chat_type, user_id, first_name, username)
            msg = self._messages.get((chat_id, message_id))
            if msg is None:
                msg = {
                    "message_id": message_id,
                    "from": self._bot_user(self._tokens[-1] if self._tokens else ""),
                    "chat": chat,
                    "date": int(time.time()),
                }
            query_id = str(4_000_000_000_000 + next(self._ids))
            self._callback_queries[query_id] = False
            query = {
                "id": query_id,
                "from": user,
                "message": copy.deepcopy(msg),
                "chat_instance": str(abs(hash(("chat_instance", chat_id))) % 10**18),
                "data": data,
            }
            return self.push_update({"callback_query": query})

    def push_inline_query(
        self,
        query: str,
        *,
        user_id: int = DEFAULT_GROUP_USER_ID,
        chat_type: str = "private",
        first_name: str = "Test",
    ) -> str:
        """Push an inline query (someone typed "@bot <query>" in a chat); returns its id.

        The id is registered so answerInlineQuery accepts it exactly once, as Telegram does.
        """
        with self._lock:
            query_id = str(5_000_000_000_000 + next(self._ids))
            self._inline_queries[query_id] = False
            inline = {
                "id": query_id,
                "from": {"id": user_id, "is_bot": False, "first_name": first_name},
                "query": query,
                "offset": "",
                "chat_type": chat_type,
            }
            self.push_update({"inline_query": inline})
            return query_id

    def inline_answer(self, query_id: str) -> dict[str, Any] | None:
        """The parameters of the answerInlineQuery call for ``query_id`` (None before it)."""
        calls = [c for c in self.calls_of("answerInlineQuery") if str(c.params.get("inline_query_id")) == query_id]
        return calls[-1].params if calls else None

    def push_sticker(
        self,
        chat_id: int,
        *,
        emoji: str = "👍",
        set_name: str | None = None,
        content: bytes | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
    ) -> int:
        """Push a (static, regular) sticker message."""
        stored = self._store_file(
            content if content is not None else b"RIFF\x00\x00\x00\x00WEBPVP8 fake",
            kind="sticker",
            ext="webp",
            mime_type="image/webp",
        )
        sticker: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": len(stored.content),
        }
        if set_name:
            sticker["set_name"] = set_name
        return self._push_message(
            chat_id,
            {"sticker": sticker},
            user_id=user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
        )

    def push_photo(
        self,
        chat_id: int,
        *,
        caption: str | None = None,
        content: bytes | None = None,
        width: int = 1280,
        height: int = 960,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
    ) -> int:
        """Push a photo message (several PhotoSize entries, largest last, like Telegram).

        ``content`` (e.g. real PNG bytes) is served by getFile/download; PNG sizes are read
        from the header.
        """
        data = content if content is not None else b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9"
        size = _png_size(data) or (width, height)
        with self._lock:
            stored = self._store_file(data, kind="photo", ext="jpg", mime_type="image/jpeg")
            msg: dict[str, Any] = {"photo": self._photo_sizes(stored, *size)}
        if caption is not None:
            msg["caption"] = caption
        return self._push_message(
            chat_id,
            msg,
            user_id=user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
        )

    def push_voice(
        self,
        chat_id: int,
        *,
        duration: int = 3,
        content: bytes | None = None,
        mime_type: str = "audio/ogg",
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
    ) -> int:
        """Push a voice note; ``content`` is downloadable through getFile."""
        stored = self._store_file(
            content if content is not None else b"OggS\x00fake-opus",
            kind="voice",
            ext="oga",
            mime_type=mime_type,
        )
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": mime_type,
            "file_size": len(stored.content),
        }
        return self._push_message(
            chat_id,
            {"voice": voice},
            user_id=user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
        )

    def push_document(
        self,
        chat_id: int,
        *,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        content: bytes | None = None,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
    ) -> int:
        """Push a document message; ``content`` is downloadable through getFile."""
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self._store_file(
            content if content is not None else b"%PDF-1.4 fake",
            kind="document",
            ext=ext,
            mime_type=mime_type,
            file_name=file_name,
        )
        msg: dict[str, Any] = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(stored.content),
            }
        }
        if caption is not None:
            msg["caption"] = caption
        return self._push_message(
            chat_id,
            msg,
            user_id=user_id,
            chat_type=chat_type,
            first_name=first_name,
            username=username,
        )

    def push_poll_answer(
        self,
        poll_id: str,
        user_id: int,
        option_ids: list[int],
        *,
        first_name: str = "Test",
        username: str | None = None,
    ) -> int:
        """Push a PollAnswer (empty ``option_ids`` = retracted vote); updates voter counts."""
        with self._lock:
            poll = self._polls.get(str(poll_id))
            if poll is not None:
                for option_id in option_ids:
                    if 0 <= option_id < len(poll["options"]):
                        poll["options"][option_id]["voter_count"] += 1
                if option_ids:
                    poll["total_voter_count"] += 1
            user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
            if username:
                user["username"] = username
            options = poll["options"] if poll is not None else []
            persistent_ids = [options[i]["persistent_id"] if 0 <= i < len(options) else str(i) for i in option_ids]
            return self.push_update(
                {
                    "poll_answer": {
                        "poll_id": str(poll_id),
                        "user": user,
                        "option_ids": list(option_ids),
                        "option_persistent_ids": persistent_ids,
                    }
                }
            )

    # ---------------------------------------------------------------- waiting

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] = lambda call: True,
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> ApiCall:
        """Wait (without blocking the loop) for the first call of ``method`` matching
        ``predicate`` among recorded calls ``[since:]``; AssertionError listing calls on timeout.

        A predicate that raises (e.g. KeyError on a missing param) counts as "no match".
        Use ``since=len(fake.calls)`` to only consider calls made after that point.
        """
        deadline = time.monotonic() + timeout
        while True:
            found, errors = self._find(method, predicate, since)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_message(method, timeout, errors))
            await asyncio.sleep(0.01)

    def wait_for_sync(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] = lambda call: True,
        timeout: float = 5.0,
        *,
        since: int = 0,
    ) -> ApiCall:
        """Blocking twin of :meth:`wait_for` for sync tests/threads (never call it on a loop)."""
        deadline = time.monotonic() + timeout
        while True:
            found, errors = self._find(method, predicate, since)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_message(method, timeout, errors))
            time.sleep(0.01)

    async def wait_for_messages(self, chat_id: int | str, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until at least ``count`` messages were sent to ``chat_id``; returns all of them."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.sent_messages(chat_id)
            if len(messages) >= count:
                return messages
            if time.monotonic() >= deadline:
                texts = [m.get("text") for m in messages]
                raise AssertionError(
                    f"Timed out after {timeout}s waiting for {count} message(s) to chat "
                    f"{chat_id!r}; got {len(messages)}: {texts!r}. "
                    f"Recorded calls: {self._describe_calls()}"
                )
            await asyncio.sleep(0.01)

    def _find(self, method: str, predicate: Callable[[ApiCall], bool], since: int) -> tuple[ApiCall | None, list[str]]:
        wanted = self._canonical(method)
        errors: list[str] = []
        for call in self.calls[since:]:
            if call.method != wanted:
                continue
            try:
                if predicate(call):
                    return call, errors
            except Exception as exc:  # noqa: BLE001 - reported in the timeout message
                errors.append(f"{type(exc).__name__}: {exc}")
        return None, errors

    def _timeout_message(self, method: str, timeout: float, errors: list[str]) -> str:
        msg = (
            f"Timed out after {timeout}s waiting for a {self._canonical(method)} call matching "
            f"the predicate. Recorded calls: {self._describe_calls()}"
        )
        if errors:
            msg += f". The predicate raised on {len(errors)} call(s), e.g. {errors[0]}"
        return msg

    def _describe_calls(self) -> str:
        parts: list[str] = []
        for call in self.calls:
            desc = call.method
            if call.method in ("sendMessage", "editMessageText"):
                chat_id, text = call.params.get("chat_id"), call.params.get("text")
                desc += f"(chat_id={chat_id!r}, text={text!r})"
            elif call.method == "answerCallbackQuery":
                desc += f"(text={call.params.get('text')!r})"
            if not call.ok:
                desc += f" -> {call.status}"
            if parts and parts[-1].split(" x")[0] == desc and call.method == "getUpdates":
                head, _, n = parts[-1].partition(" x")
                parts[-1] = f"{head} x{int(n or 1) + 1}"
            else:
                parts.append(desc)
        return "[" + ", ".join(parts) + "]" if parts else "[] (no calls at all)"

    # ---------------------------------------------------------------- HTTP plumbing

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
            server_version = "FakeBotApi/1.0"
            timeout = 60

            def setup(self) -> None:
                super().setup()
                # Without this, Nagle + delayed ACK add ~40 ms to every request.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with fake._lock:
                    fake._connections.add(self.connection)

            def finish(self) -> None:
                with fake._lock:
                    fake._connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # keep test output clean

            def do_GET(self) -> None:
                if self.path.startswith("/file/bot"):
                    self._serve_file()
                else:
                    self._api()

            def do_POST(self) -> None:
                self._api()

            def _read_body(self) -> bytes:
                if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            break
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                    return b"".join(chunks)
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    self.close_connection = True  # client went away (e.g. cancelled poll)

            def _api(self) -> None:
                path, _, query = self.path.partition("?")
                body = self._read_body()
                # The request's way to Telegram; the answer's way back is slept below. Each
                # connection has its own thread, so one slow call holds up no other.
                time.sleep(fake.call_delay / 2)
                m = re.fullmatch(r"/bot([^/]+)/([^/]+)/?", path)
                if not m:
                    payload = {"ok": False, "error_code": 404, "description": "Not Found"}
                    self._send(404, json.dumps(payload).encode(), "application/json")
                    return
                status, payload = fake._handle(
                    unquote(m.group(1)),
                    m.group(2),
                    self.headers.get("Content-Type", ""),
                    body,
                    query,
                    self._client_gone,
                )
                if status == 499:
                    self.close_connection = True
                    return
                time.sleep(fake.call_delay / 2)
                self._send(status, json.dumps(payload).encode(), "application/json")

            def _client_gone(self) -> bool:
                """EOF on the socket while answering = the client cancelled the request."""
                try:
                    readable, _, _ = select.select([self.connection], [], [], 0)
                    return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
                except OSError:
                    return True

            def _serve_file(self) -> None:
                self._read_body()
                m = re.fullmatch(r"/file/bot([^/]+)/(.+)", self.path.partition("?")[0])
                stored = fake._files_by_path.get(unquote(m.group(2))) if m else None
                if stored is None:
                    payload = {"ok": False, "error_code": 404, "description": "Not Found"}
                    self._send(404, json.dumps(payload).encode(), "application/json")
                    return
                self._send(200, stored.content, stored.mime_type or "application/octet-stream")

        return Handler

    def _canonical(self, method: str) -> str:
        entry = self._handlers.get(method.lower())
        return entry[0] if entry else method

    def _handle(
        self,
        token: str,
        method: str,
        content_type: str,
        body: bytes,
        query: str,
        client_gone: Callable[[], bool] = lambda: False,
    ) -> tuple[int, dict[str, Any]]:
        """Decode one request, run the method, record it; returns (HTTP status, envelope)."""
        arrived = time.time()
        raw: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        uploads: dict[str, _Upload] = {}
        status, envelope = 200, {}
        params: dict[str, Any] = {}
        try:
            ctype = content_type.split(";", 1)[0].strip().lower()
            if ctype == "multipart/form-data":
                fields, uploads = _parse_multipart(body, content_type)
                raw.update(fields)
            elif ctype == "application/json" and body:
                data = json.loads(body)
                if not isinstance(data, dict):
                    raise _ApiError(400, "Bad Request: JSON object expected")
                raw.update(data)
            elif body:
                raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            params = _decode_params(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            status, envelope = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: can't parse request: {exc}"}
        except _ApiError as exc:
            status, envelope = exc.code, self._error_envelope(exc)

        # Resolve attach://name references so files are keyed by the parameter they belong to.
        files = {name: up.content for name, up in uploads.items()}
        filenames = {name: up.filename or "" for name, up in uploads.items()}
        for key, value in params.items():
            if isinstance(value, str) and value.startswith("attach://"):
                ref = value[len("attach://") :]
                if ref in uploads:
                    files[key] = uploads[ref].content
                    filenames[key] = uploads[ref].filename or ""
                    uploads[key] = uploads[ref]

        name = self._canonical(method)
        with self._lock:
            if token not in self._tokens:
                self._tokens.append(token)
        if status == 200:
            try:
                with self._lock:
                    faults = self._faults.get(name)
                    if faults:
                        fault = faults[0]
                        fault.remaining -= 1
                        if fault.remaining <= 0:
                            faults.pop(0)
                        raise _ApiError(fault.code, fault.description, fault.parameters)
                entry = self._handlers.get(method.lower())
                if entry is None:
                    raise _ApiError(404, "Not Found: method not found")
                with self._lock:
                    result = entry[1](_Request(token, params, uploads, client_gone))
                    envelope = json.loads(json.dumps({"ok": True, "result": result}))
            except _ApiError as exc:
                status, envelope = exc.code, self._error_envelope(exc)
            except _ClientGone:
                # Recorded for completeness; nobody receives this answer.
                status, envelope = 499, {"ok": False, "error_code": 499, "description": "Client closed the request"}
        with self._lock:
            delays = self._delays.get(name)
            delay = delays.pop(0) if delays else 0.0
        if delay:
            time.sleep(delay)  # this request's own server thread: other calls go on meanwhile
        call = ApiCall(
            method=name,
            params=params,
            files=files,
            time=arrived,
            token=token,
            status=status,
            response=envelope,
            filenames=filenames,
        )
        with self._lock:
            self._calls.append(call)
        return status, envelope

    @staticmethod
    def _error_envelope(exc: _ApiError) -> dict[str, Any]:
        envelope: dict[str, Any] = {
            "ok": False,
            "error_code": exc.code,
            "description": exc.description,
        }
        if exc.parameters:
            envelope["parameters"] = exc.parameters
        return envelope

    # ---------------------------------------------------------------- state helpers

    def _bot_id(self, token: str) -> int:
        head = token.split(":", 1)[0]
        return int(head) if head.isdigit() else DEFAULT_BOT_ID

    def _bot_user(self, token: str) -> dict[str, Any]:
        return {
            "id": self._bot_id(token),
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _default_chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Test"}
        if chat_id <= -1_000_000_000_000:
            return {"id": chat_id, "type": "supergroup", "title": "Test supergroup"}
        return {"id": chat_id, "type": "group", "title": "Test group"}

    def _register_chat(
        self,
        chat_id: int,
        chat_type: str,
        first_name: str,
        username: str | None,
        title: str | None,
    ) -> dict[str, Any]:
        if chat_type == "private":
            if chat_id <= 0:
                raise ValueError(f"private chats need a positive chat_id, got {chat_id}")
            chat: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
            if username:
                chat["username"] = username
        elif chat_type in ("group", "supergroup", "channel"):
            if chat_id >= 0:
                raise ValueError(f"{chat_type} chats need a negative chat_id, got {chat_id}")
            chat = {
                "id": chat_id,
                "type": chat_type,
                "title": title or self._chats.get(chat_id, {}).get("title") or f"Test {chat_type}",
            }
        else:
            raise ValueError(f"unknown chat_type {chat_type!r}")
        with self._lock:
            self._chats[chat_id] = chat
        return dict(chat)

    def _user(
        self,
        chat_id: int,
        chat_type: str,
        user_id: int | None,
        first_name: str,
        username: str | None,
    ) -> dict[str, Any]:
        if user_id is None:
            user_id = chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def _alloc_message_id(self, chat_id: int) -> int:
        with self._lock:
            mid = self._next_message_id.get(chat_id, 1)
            self._next_message_id[chat_id] = mid + 1
            return mid

    def _reply_stub(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        msg = self._messages.get((chat_id, message_id))
        if msg is None:
            return None
        msg = copy.deepcopy(msg)
        msg.pop("reply_to_message", None)  # Telegram does not nest replies further
        return msg

    def _push_message(
        self,
        chat_id: int,
        content: dict[str, Any],
        *,
        user_id: int | None,
        chat_type: str,
        first_name: str,
        username: str | None,
        reply_to_message_id: int | None = None,
        chat_title: str | None = None,
    ) -> int:
        with self._lock:
            chat = self._register_chat(chat_id, chat_type, first_name, username, chat_title)
            msg: dict[str, Any] = {
                "message_id": self._alloc_message_id(chat_id),
                "from": self._user(chat_id, chat_type, user_id, first_name, username),
                "chat": chat,
                "date": int(time.time()),
                **content,
            }
            if reply_to_message_id is not None:
                msg["reply_to_message"] = self._reply_stub(chat_id, reply_to_message_id) or {
                    "message_id": reply_to_message_id,
                    "date": int(time.time()),
                    "chat": chat,
                }
            return self.push_update({"message": msg})

    def _store_file(
        self,
        content: bytes,
        *,
        kind: str,
        ext: str,
        mime_type: str | None,
        file_name: str | None = None,
    ) -> _StoredFile:
        with self._lock:
            n = next(self._ids)
            folder = {"photo": "photos", "voice": "voice", "sticker": "stickers"}.get(kind, f"{kind}s")
            stored = _StoredFile(
                file_id=f"Fake{kind.capitalize()}FileId{n:08d}",
                file_unique_id=f"FakeUniq{n:08d}",
                content=content,
                file_path=f"{folder}/file_{n}.{ext}",
                mime_type=mime_type,
                file_name=file_name,
            )
            self._files[stored.file_id] = stored
            self._files_by_path[stored.file_path] = stored
            return stored

    def _photo_sizes(self, stored: _StoredFile, width: int, height: int) -> list[dict[str, Any]]:
        """Telegram returns several downscaled sizes, largest last; all map to the same bytes."""
        sizes: list[dict[str, Any]] = []
        longest = max(width, height, 1)
        for i, limit in enumerate((90, 320, 800)):
            if longest > limit:
                file_id = f"{stored.file_id}_{i}"
                self._files[file_id] = stored
                sizes.append(
                    {
                        "file_id": file_id,
                        "file_unique_id": f"{stored.file_unique_id}_{i}",
                        "width": max(1, width * limit // longest),
                        "height": max(1, height * limit // longest),
                        "file_size": len(stored.content),
                    }
                )
        sizes.append(
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(stored.content),
            }
        )
        return sizes

    def _resolve_chat(self, chat_id: Any) -> dict[str, Any]:
        if chat_id is None or chat_id == "":
            raise _ApiError(400, "Bad Request: chat_id is empty")
        if isinstance(chat_id, str):
            for chat in self._chats.values():
                if chat_id.startswith("@") and chat.get("username") == chat_id[1:]:
                    return chat
            raise _ApiError(400, "Bad Request: chat not found")
        if isinstance(chat_id, bool) or not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        return self._chats.setdefault(chat_id, self._default_chat(chat_id))

    @staticmethod
    def _check_markup(markup: Any) -> None:
        if markup is None:
            return
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise _ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Array')
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise _ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")

    @staticmethod
    def _check_text(text: Any, parse_mode: Any, *, limit: int, what: str) -> None:
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, f"Bad Request: {what} is empty")
        if len(text) > limit:
            raise _ApiError(400, f"Bad Request: {what} is too long")
        if isinstance(parse_mode, str):
            if parse_mode.lower() == "markdownv2":
                _check_markdown_v2(text)
            elif parse_mode.lower() == "html":
                _check_html(text)

    def _bot_message(self, req: _Request, chat: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        """Build, store and return a Message the bot sent (reply_markup echoed if inline)."""
        p = req.params
        chat_id = int(chat["id"])
        msg: dict[str, Any] = {
            "message_id": self._alloc_message_id(chat_id),
            "from": self._bot_user(req.token),
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
        }
        if isinstance(p.get("message_thread_id"), int):
            msg["message_thread_id"] = p["message_thread_id"]
        reply_to = None
        if isinstance(p.get("reply_parameters"), dict):
            reply_to = p["reply_parameters"].get("message_id")
        elif isinstance(p.get("reply_to_message_id"), int):
            reply_to = p["reply_to_message_id"]
        if isinstance(reply_to, int):
            stub = self._reply_stub(chat_id, reply_to)
            if stub is not None:
                msg["reply_to_message"] = stub
        msg.update(content)
        markup = p.get("reply_markup")
        self._check_markup(markup)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            msg["reply_markup"] = markup  # Telegram only echoes inline keyboards
        self._messages[(chat_id, msg["message_id"])] = msg
        return msg

    def _editable(self, req: _Request) -> dict[str, Any] | None:
        """Find the bot message to edit; ``None`` for inline messages (answer ``True``)."""
        p = req.params
        if p.get("inline_message_id"):
            return None
        chat = self._resolve_chat(p.get("chat_id"))
        message_id = p.get("message_id")
        if not isinstance(message_id, int):
            raise _ApiError(400, "Bad Request: message identifier is not specified")
        msg = self._messages.get((int(chat["id"]), message_id))
        if msg is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if not msg.get("from", {}).get("is_bot"):
            raise _ApiError(400, "Bad Request: message can't be edited")
        return msg

    @staticmethod
    def _not_modified() -> _ApiError:
        return _ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply "
            "markup are exactly the same as a current content and reply markup of the message",
        )

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope = scope if isinstance(scope, dict) else {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")

    def _upload_or_reference(self, req: _Request, param: str, *, kind: str, ext: str) -> tuple[_StoredFile | None, str | None]:
        """Return (stored upload, None) for multipart uploads, (None, file_id/url) otherwise."""
        upload = req.uploads.get(param)
        if upload is not None:
            filename = upload.filename
            if filename and "." in filename:
                ext = filename.rsplit(".", 1)[-1]
            return self._store_file(
                upload.content,
                kind=kind,
                ext=ext,
                mime_type=upload.content_type,
                file_name=filename,
            ), None
        value = req.params.get(param)
        if not isinstance(value, str) or not value:
            raise _ApiError(400, f"Bad Request: there is no {param} in the request")
        return self._files.get(value), value

    # ---------------------------------------------------------------- Bot API methods

    def _m_getMe(self, req: _Request) -> dict[str, Any]:
        return {
            **self._bot_user(req.token),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _m_getUpdates(self, req: _Request) -> list[dict[str, Any]]:
        p = req.params
        offset = int(p.get("offset") or 0)
        limit = max(1, min(100, int(p.get("limit") or 100)))
        timeout = max(0.0, min(float(p.get("timeout") or 0), self.max_long_poll))
        if isinstance(p.get("allowed_updates"), list):
            self._allowed_updates = list(p["allowed_updates"]) or None
        if self._webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )
        deadline = time.monotonic() + timeout
        # A newer getUpdates for the same token terminates an older waiting one (409), as the
        # real API does; harmless for PTB because it cancels its old request first.
        generation = self._poll_generation.get(req.token, 0) + 1
        self._poll_generation[req.token] = generation
        self._cond.notify_all()
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        while True:
            if req.client_gone():
                raise _ClientGone
            if self._poll_generation.get(req.token) != generation:
                raise _ApiError(
                    409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
                )
            allowed = self._allowed_updates
            ready = [u for u in self._updates if allowed is None or any(k in allowed for k in u if k != "update_id")]
            remaining = deadline - time.monotonic()
            if ready or self._stopping or remaining <= 0:
                batch = copy.deepcopy(ready[:limit])
                handed_over = time.time()
                for update in batch:
                    self._delivered.setdefault(int(update["update_id"]), handed_over)
                return batch
            # Short slices so a cancelled poll is noticed; pushes still wake us immediately.
            self._cond.wait(min(remaining, 0.05))

    def _m_deleteWebhook(self, req: _Request) -> bool:
        self._webhook_url = ""
        if req.params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    def _m_setWebhook(self, req: _Request) -> bool:
        self._webhook_url = str(req.params.get("url") or "")
        self._webhook_secret = str(req.params.get("secret_token") or "")
        if req.params.get("drop_pending_updates") is True:
            self._updates.clear()
        if self._webhook_url and self._webhook_thread is None:
            self._webhook_thread = threading.Thread(target=self._deliver_to_webhook, name="FakeBotApi:webhook", daemon=True)
            self._webhook_thread.start()
        return True

    @property
    def webhook_secret(self) -> str:
        """The secret_token of the last setWebhook ("" when none was given)."""
        return self._webhook_secret

    def post_to_webhook(self, update: dict[str, Any], secret: str | None) -> int:
        """POST one update to the webhook as Telegram does, with `secret` in its header; the status."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(self._webhook_url, data=json.dumps(update).encode(), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def _deliver_to_webhook(self) -> None:
        """While a webhook is set, POST each queued update to it; keep it until the bridge says 200."""
        while True:
            with self._cond:
                while not self._stopping and self._webhook_url and not self._updates:
                    self._cond.wait(0.05)
                if self._stopping or not self._webhook_url:
                    self._webhook_thread = None
                    return
                update = copy.deepcopy(self._updates[0])
            status = self.post_to_webhook(update, self._webhook_secret)
            with self._cond:
                self.webhook_statuses.append(status)
                if status == 200:
                    self._delivered.setdefault(int(update["update_id"]), time.time())
                    self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
            if status != 200:
                time.sleep(0.2)

    def _m_getWebhookInfo(self, req: _Request) -> dict[str, Any]:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _m_setMyCommands(self, req: _Request) -> bool:
        commands = req.params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: commands must be an array of at most 100 items")
        for cmd in commands:
            if (
                not isinstance(cmd, dict)
                or not _COMMAND_RE.match(str(cmd.get("command", "")))
                or not 1 <= len(str(cmd.get("description", ""))) <= 256
            ):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        key = self._commands_key(req.params.get("scope"), req.params.get("language_code"))
        self._commands[key] = commands
        return True

    def _m_getMyCommands(self, req: _Request) -> list[dict[str, Any]]:
        key = self._commands_key(req.params.get("scope"), req.params.get("language_code"))
        return self._commands.get(key, [])

    def _m_deleteMyCommands(self, req: _Request) -> bool:
        key = self._commands_key(req.params.get("scope"), req.params.get("language_code"))
        self._commands.pop(key, None)
        return True

    def _m_sendMessage(self, req: _Request) -> dict[str, Any]:
        p = req.params
        chat = self._resolve_chat(p.get("chat_id"))
        text = p.get("text")
        self._check_text(text, p.get("parse_mode"), limit=_MAX_MESSAGE_LENGTH, what="message text")
        content: dict[str, Any] = {"text": text}
        if isinstance(p.get("entities"), list) and p["entities"]:
            content["entities"] = p["entities"]
        if isinstance(p.get("link_preview_options"), dict):
            content["link_preview_options"] = p["link_preview_options"]
        return self._bot_message(req, chat, content)

    def _m_sendChatAction(self, req: _Request) -> bool:
        self._resolve_chat(req.params.get("chat_id"))
        if req.params.get("action") not in _CHAT_ACTIONS:
            raise _ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _m_answerCallbackQuery(self, req: _Request) -> bool:
        query_id = str(req.params.get("callback_query_id") or "")
        if self._callback_queries.get(query_id) is not False:
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self._callback_queries[query_id] = True
        return True

    def _m_answerInlineQuery(self, req: _Request) -> bool:
        """Checks what Telegram checks of an inline answer: the query, at most 50 results with
        unique ids of 1-64 bytes, and for an article a title and a message text."""
        p = req.params
        query_id = str(p.get("inline_query_id") or "")
        if self._inline_queries.get(query_id) is not False:
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        results = p.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results if isinstance(r, dict)]
        if len(ids) != len(results) or len(set(ids)) != len(ids) or not all(1 <= len(i.encode()) <= 64 for i in ids):
            raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            if result.get("type") == "article":
                content = result.get("input_message_content") or {}
                if not result.get("title"):
                    raise _ApiError(400, "Bad Request: RESULT_TITLE_EMPTY")
                self._check_text(
                    content.get("message_text"), content.get("parse_mode"), limit=_MAX_MESSAGE_LENGTH, what="message text"
                )
            self._check_markup(result.get("reply_markup"))
        self._inline_queries[query_id] = True
        return True

    def _m_editMessageText(self, req: _Request) -> dict[str, Any] | bool:
        p = req.params
        self._check_text(p.get("text"), p.get("parse_mode"), limit=_MAX_MESSAGE_LENGTH, what="text")
        self._check_markup(p.get("reply_markup"))
        msg = self._editable(req)
        if msg is None:
            return True
        if "text" not in msg:
            raise _ApiError(400, "Bad Request: there is no text in the message to edit")
        entities = p.get("entities") or None
        markup = p.get("reply_markup") if isinstance(p.get("reply_markup"), dict) else None
        if (msg.get("text"), msg.get("entities"), msg.get("reply_markup")) == (p.get("text"), entities, markup):
            raise self._not_modified()
        msg["text"] = p["text"]
        for key, value in (("entities", entities), ("reply_markup", markup)):
            if value is None:
                msg.pop(key, None)
            else:
                msg[key] = value
        msg["edit_date"] = int(time.time())
        return msg

    def _m_editMessageCaption(self, req: _Request) -> dict[str, Any] | bool:
        p = req.params
        self._check_markup(p.get("reply_markup"))
        msg = self._editable(req)
        if msg is None:
            return True
        caption = p.get("caption")
        markup = p.get("reply_markup") if isinstance(p.get("reply_markup"), dict) else None
        if (msg.get("caption"), msg.get("reply_markup")) == (caption, markup):
            raise self._not_modified()
        for key, value in (("caption", caption), ("reply_markup", markup)):
            if value is None:
                msg.pop(key, None)
            else:
                msg[key] = value
        msg["edit_date"] = int(time.time())
        return msg

    def _m_editMessageReplyMarkup(self, req: _Request) -> dict[str, Any] | bool:
        p = req.params
        self._check_markup(p.get("reply_markup"))
        msg = self._editable(req)
        if msg is None:
            return True
        markup = p.get("reply_markup") if isinstance(p.get("reply_markup"), dict) else None
        if msg.get("reply_markup") == markup:
            raise self._not_modified()
        if markup is None:
            msg.pop("reply_markup", None)
        else:
            msg["reply_markup"] = markup
        msg["edit_date"] = int(time.time())
        return msg

    def _m_deleteMessage(self, req: _Request) -> bool:
        chat = self._resolve_chat(req.params.get("chat_id"))
        key = (int(chat["id"]), req.params.get("message_id"))
        if key not in self._messages:
            raise _ApiError(400, "Bad Request: message to delete not found")
        del self._messages[key]
        return True

    def _m_sendPhoto(self, req: _Request) -> dict[str, Any]:
        p = req.params
        chat = self._resolve_chat(p.get("chat_id"))
        if p.get("caption") is not None:
            self._check_text(p["caption"], p.get("parse_mode"), limit=_MAX_CAPTION_LENGTH, what="caption")
        stored, ref = self._upload_or_reference(req, "photo", kind="photo", ext="jpg")
        if stored is not None and ref is None:
            size = _png_size(stored.content) or (1280, 960)
            photo = self._photo_sizes(stored, *size)
        elif stored is not None:  # re-sending a known file_id
            photo = self._photo_sizes(stored, *(_png_size(stored.content) or (1280, 960)))
        else:  # unknown file_id or URL: Telegram would fetch it; we make up a photo
            stored = self._store_file(b"", kind="photo", ext="jpg", mime_type="image/jpeg")
            photo = self._photo_sizes(stored, 800, 600)
        content: dict[str, Any] = {"photo": photo}
        if p.get("caption") is not None:
            content["caption"] = p["caption"]
        if p.get("caption_entities"):
            content["caption_entities"] = p["caption_entities"]
        if p.get("has_spoiler") is True:
            content["has_media_spoiler"] = True
        return self._bot_message(req, chat, content)

    def _m_sendDocument(self, req: _Request) -> dict[str, Any]:
        p = req.params
        chat = self._resolve_chat(p.get("chat_id"))
        if p.get("caption") is not None:
            self._check_text(p["caption"], p.get("parse_mode"), limit=_MAX_CAPTION_LENGTH, what="caption")
        stored, ref = self._upload_or_reference(req, "document", kind="document", ext="bin")
        if stored is None:
            stored = self._store_file(
                b"", kind="document", ext="bin", mime_type=None, file_name=(ref or "file").rsplit("/", 1)[-1]
            )
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        content: dict[str, Any] = {"document": document}
        if p.get("caption") is not None:
            content["caption"] = p["caption"]
        if p.get("caption_entities"):
            content["caption_entities"] = p["caption_entities"]
        return self._bot_message(req, chat, content)

    def _m_sendPoll(self, req: _Request) -> dict[str, Any]:
        p = req.params
        chat = self._resolve_chat(p.get("chat_id"))
        question = p.get("question")
        if not isinstance(question, str) or not question.strip() or len(question) > 300:
            raise _ApiError(400, "Bad Request: poll question length must not exceed 300")
        options = p.get("options")
        if not isinstance(options, list) or not 2 <= len(options) <= 12:
            raise _ApiError(400, "Bad Request: poll must have at least 2 option")
        texts = [o.get("text") if isinstance(o, dict) else o for o in options]
        if not all(isinstance(t, str) and 1 <= len(t) <= 100 for t in texts):
            raise _ApiError(400, "Bad Request: poll options length must not exceed 100")
        poll_type = p.get("type") or "regular"
        poll: dict[str, Any] = {
            "id": str(5_000_000_000_000_000_000 + next(self._ids)),
            "question": question,
            "options": [{"text": t, "voter_count": 0, "persistent_id": str(i)} for i, t in enumerate(texts)],
            "total_voter_count": 0,
            "is_closed": p.get("is_closed") is True,
            "is_anonymous": p.get("is_anonymous") is not False,
            "type": poll_type,
            "allows_multiple_answers": p.get("allows_multiple_answers") is True,
            # Required by PTB 22.8 (Bot API 9.6 / 10.0):
            "allows_revoting": p.get("allows_revoting") is not False,
            "members_only": p.get("members_only") is True,
        }
        if poll_type == "quiz":
            if not isinstance(p.get("correct_option_id"), int):
                raise _ApiError(400, "Bad Request: wrong correct option ID specified")
            poll["correct_option_id"] = p["correct_option_id"]
            if p.get("explanation"):
                poll["explanation"] = p["explanation"]
        if isinstance(p.get("open_period"), int):
            poll["open_period"] = p["open_period"]
        self._polls[poll["id"]] = poll
        msg = self._bot_message(req, chat, {"poll": poll})
        self._poll_message[(int(chat["id"]), msg["message_id"])] = poll["id"]
        return msg

    def _m_stopPoll(self, req: _Request) -> dict[str, Any]:
        # The Bot API returns the stopped *Poll* here (not a Message); PTB parses it as Poll.
        chat = self._resolve_chat(req.params.get("chat_id"))
        key = (int(chat["id"]), int(req.params.get("message_id") or 0))
        poll_id = self._poll_message.get(key)
        if poll_id is None:
            raise _ApiError(400, "Bad Request: message with poll to stop not found")
        poll = self._polls[poll_id]
        if poll["is_closed"]:
            raise _ApiError(400, "Bad Request: poll has already been closed")
        poll["is_closed"] = True
        markup = req.params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            self._messages[key]["reply_markup"] = markup
        return poll

    def _m_getFile(self, req: _Request) -> dict[str, Any]:
        stored = self._files.get(str(req.params.get("file_id") or ""))
        if stored is None:
            raise _ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": str(req.params["file_id"]),
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def _m_close(self, req: _Request) -> bool:
        return True

    def _m_logOut(self, req: _Request) -> bool:
        return True
