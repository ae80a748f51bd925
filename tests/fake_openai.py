"""A scripted OpenAI-compatible endpoint for tests: POST /v1/chat/completions on 127.0.0.1,
answered by a function of the request (plain JSON, or server-sent events when the request asks
to stream); it records every request. Replies can be delayed (timeouts) or fail with a status."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before the reply (before the first piece, when streamed)
    pieces: list[str] | None = None  # how a streamed reply is cut (default: 5 characters each)
    raw: bytes | None = None  # a body that is not the protocol's JSON


Script = Callable[[dict[str, Any]], Reply]


@dataclass
class FakeOpenAI:
    script: Script
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            if self.path != "/v1/chat/completions":
                self.send_error(404)
                return
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(body)
            reply = fake.script(body)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.status != 200:
                self.send_error(reply.status)
                return
            if reply.raw is not None:
                self._send(200, "application/json", reply.raw)
                return
            if body.get("stream"):
                self._stream(reply)
                return
            payload = {
                "id": "fake",
                "object": "chat.completion",
                "choices": [
                    {"index": 0, "message": {"role": "assistant", "content": reply.content}}
                ],
            }
            self._send(200, "application/json", json.dumps(payload, ensure_ascii=False).encode())

        def _send(self, status: int, kind: str, data: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            text = reply.content
            pieces = reply.pieces or [text[i : i + 5] for i in range(0, len(text), 5)]
            for piece in pieces:
                chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

    return Handler


@contextmanager
def fake_openai(script: Script) -> Iterator[FakeOpenAI]:
    """The fake endpoint, listening on 127.0.0.1 (a free port) until the block ends."""
    fake = FakeOpenAI(script)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
