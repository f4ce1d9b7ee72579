"""A scripted OpenAI-compatible chat endpoint for tests: stdlib HTTP on 127.0.0.1, random port.

Point the real ``ChatOpenAI`` / ``openai`` client at ``fake.base_url`` and queue what the next
requests get back::

    fake.ok({"topics": ["climbing"]})      # JSON content (json_schema) or a tool call (tools)
    fake.ok("Plain prose.")                # a normal assistant message (SSE when "stream": true)
    fake.tool_call({"intent": "help"})     # always answer with a tool call
    fake.status(429, retry_after=0.2)      # an error status (OpenAI error JSON)
    fake.hang(30)                          # accept, then say nothing for 30 s (or until close)
    fake.invalid_json()                    # content that is not the JSON the schema asks for
    fake.refusal("I can't help with that")

Each request pops one behaviour; with an empty queue the fake answers 500 with
``x-should-retry: false`` so a forgotten script fails fast. ``fake.requests`` records every request
(path, headers, parsed JSON body) so tests assert what was sent.

Expose the fixture to every test by adding to ``tests/conftest.py``::

    from fakes.openai_server import fake_openai  # noqa: F401
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Behaviour:
    """One scripted reply."""

    kind: str  # ok | tool_call | status | hang | invalid_json | refusal
    content: Any = None
    status: int = 200
    retry_after: float | None = None
    seconds: float = 0.0
    prompt_tokens: int | None = None
    usage: bool = True
    tool_name: str | None = None


@dataclass
class RecordedRequest:
    """What the client sent."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages of the request."""
        return list(self.body.get("messages", []))

    def text(self) -> str:
        """All message contents joined (what the model was shown)."""
        parts: list[str] = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(str(block.get("text", "")) for block in content if isinstance(block, dict))
        return "\n".join(parts)


def _as_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if hasattr(content, "model_dump_json"):
        return str(content.model_dump_json())
    return json.dumps(content)


class FakeOpenAI:
    """The fake endpoint: a queue of behaviours and a log of requests."""

    def __init__(self, model: str = "gpt-4o-mini") -> None:
        self.model = model
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeOpenAI:
        """Listen on 127.0.0.1 on a free port, serving in a daemon thread."""
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving; wakes any hung handler."""
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        """The port the fake listens on."""
        assert self._server is not None, "start() the fake first"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL to give a client as ``base_url`` (ends with ``/v1``)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # Script ----------------------------------------------------------------------------------
    def enqueue(self, *behaviours: Behaviour) -> FakeOpenAI:
        """Queue behaviours for the next requests, in order."""
        with self._lock:
            self._queue.extend(behaviours)
        return self

    def ok(self, content: Any = "OK", *, prompt_tokens: int | None = None, usage: bool = True) -> FakeOpenAI:
        """A successful completion; dicts/models become JSON (or a tool call when tools are forced).

        Args:
            content: Message text, or an object serialised as JSON.
            prompt_tokens: The ``usage.prompt_tokens`` to report (default: characters / 4).
            usage: False to omit ``usage`` from the response entirely.

        """
        return self.enqueue(Behaviour("ok", content=content, prompt_tokens=prompt_tokens, usage=usage))

    def tool_call(self, args: Any, *, name: str | None = None) -> FakeOpenAI:
        """A completion whose message is one tool call with ``args`` as arguments."""
        return self.enqueue(Behaviour("tool_call", content=args, tool_name=name))

    def status(self, code: int, *, retry_after: float | None = None, message: str = "") -> FakeOpenAI:
        """An HTTP error with an OpenAI error body (and ``retry-after`` when given)."""
        return self.enqueue(Behaviour("status", status=code, retry_after=retry_after, content=message))

    def hang(self, seconds: float = 60.0) -> FakeOpenAI:
        """Read the request, then send nothing for ``seconds`` (or until the fake is closed)."""
        return self.enqueue(Behaviour("hang", seconds=seconds))

    def invalid_json(self, text: str = '{"topics": ["climbing", "bould') -> FakeOpenAI:
        """A completion whose content is broken JSON."""
        return self.enqueue(Behaviour("invalid_json", content=text))

    def refusal(self, text: str = "I'm sorry, I can't help with that.") -> FakeOpenAI:
        """A structured-output refusal (``message.refusal`` set, no content)."""
        return self.enqueue(Behaviour("refusal", content=text))

    @property
    def pending(self) -> int:
        """Behaviours not yet used."""
        with self._lock:
            return len(self._queue)

    def _next(self) -> Behaviour | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if the fake was closed meanwhile."""
        return self._stop.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    owner: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr noise
        return

    # Routing ---------------------------------------------------------------------------------
    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send_json(200, {"object": "list", "data": [{"id": self.owner.model, "object": "model"}]})
            return
        self._send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        self.owner._record(
            RecordedRequest("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(
                404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}}
            )
            return
        behaviour = self.owner._next()
        if behaviour is None:
            self._send_json(
                500,
                {"error": {"message": "fake: no scripted response", "type": "server_error"}},
                {"x-should-retry": "false"},
            )
            return
        self._reply(behaviour, body)

    # Replies ---------------------------------------------------------------------------------
    def _reply(self, b: Behaviour, body: dict[str, Any]) -> None:
        if b.kind == "hang":
            self.owner.wait(b.seconds)
            self.close_connection = True
            return
        if b.kind == "status":
            headers = {} if b.retry_after is None else {"retry-after": f"{b.retry_after:g}"}
            kind = "rate_limit_exceeded" if b.status == 429 else "server_error"
            error = b.content or ("Rate limit reached" if b.status == 429 else "The server had an error")
            self._send_json(b.status, {"error": {"message": error, "type": kind, "code": kind}}, headers)
            return

        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        forced_tool = _forced_tool_name(body)
        if b.kind == "tool_call" or (b.kind == "ok" and forced_tool and not isinstance(b.content, str)):
            name = b.tool_name or forced_tool or "tool"
            message["tool_calls"] = [
                {
                    "id": f"call_{len(self.owner.requests)}",
                    "type": "function",
                    "function": {"name": name, "arguments": _as_text(b.content)},
                }
            ]
            finish = "tool_calls"
        elif b.kind == "refusal":
            message["refusal"] = str(b.content)
        else:  # ok, invalid_json
            message["content"] = _as_text(b.content)

        prompt_tokens = b.prompt_tokens if b.prompt_tokens is not None else _estimate_prompt_tokens(body)
        completion_tokens = max(1, len(json.dumps(message)) // 4)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage")) and b.usage
            self._send_stream(message, finish, usage if include_usage else None, body)
            return
        completion: dict[str, Any] = {
            "id": f"chatcmpl-fake{len(self.owner.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", self.owner.model),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
        }
        if b.usage:
            completion["usage"] = usage
        self._send_json(200, completion)

    def _send_stream(
        self, message: dict[str, Any], finish: str, usage: dict[str, int] | None, body: dict[str, Any]
    ) -> None:
        base = {
            "id": f"chatcmpl-fake{len(self.owner.requests)}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", self.owner.model),
        }
        deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
        if message.get("tool_calls"):
            call = message["tool_calls"][0]
            deltas.append(
                {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": call["id"],
                            "type": "function",
                            "function": {"name": call["function"]["name"], "arguments": ""},
                        }
                    ]
                }
            )
            args = call["function"]["arguments"]
            deltas.extend(
                {"tool_calls": [{"index": 0, "function": {"arguments": args[i : i + 16]}}]}
                for i in range(0, len(args), 16)
            )
        elif message.get("refusal"):
            deltas.append({"refusal": message["refusal"]})
        else:
            text = message.get("content") or ""
            # Word-sized pieces, spaces kept, so the client must join them back.
            pieces = [p for p in text.replace(" ", " \0").split("\0") if p]
            deltas.extend({"content": piece} for piece in pieces)

        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.send_header("connection", "close")
        self.end_headers()
        self.close_connection = True
        events = [{**base, "choices": [{"index": 0, "delta": d, "finish_reason": None}]} for d in deltas]
        events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        if usage is not None:
            events.append({**base, "choices": [], "usage": usage})
        for event in events:
            self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _send_json(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()


def _forced_tool_name(body: dict[str, Any]) -> str | None:
    """The tool the request forces (``tool_choice``), else the only tool offered."""
    choice = body.get("tool_choice")
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name")
        if name:
            return str(name)
    tools = body.get("tools") or []
    if len(tools) == 1 and choice not in ("none", "auto"):
        return str(tools[0].get("function", {}).get("name", "tool"))
    return None


def _estimate_prompt_tokens(body: dict[str, Any]) -> int:
    chars = 0
    for message in body.get("messages", []):
        content = message.get("content")
        chars += len(content) if isinstance(content, str) else len(json.dumps(content))
    return max(1, chars // 4)


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A running fake OpenAI endpoint, closed after the test."""
    with FakeOpenAI() as fake:
        yield fake
