"""A client for an OpenAI-compatible chat endpoint (POST {url}/chat/completions), plain or
streamed (server-sent events). Any failure (refused connection, timeout, an HTTP error, a reply
that is not the protocol's JSON) is one :class:`ModelError`: callers then answer without the
model."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger("reportqa.llm")


class ModelError(Exception):
    """The model gave no usable reply."""


@dataclass(frozen=True)
class ChatModel:
    url: str  # base URL, e.g. http://127.0.0.1:8000/v1
    model: str
    api_key: str | None = None
    timeout: float = 20.0

    def _request(self, messages: list[dict[str, str]], **extra: Any) -> dict[str, Any]:
        return {"model": self.model, "messages": messages, "temperature": 0, **extra}

    def _headers(self) -> dict[str, str]:
        h = {"Content-Type": "application/json"}
        if self.api_key:
            h["Authorization"] = f"Bearer {self.api_key}"
        return h

    @property
    def endpoint(self) -> str:
        return self.url.rstrip("/") + "/chat/completions"

    def complete(
        self, messages: list[dict[str, str]], json_schema: dict[str, Any] | None = None
    ) -> str:
        """The reply's text; with ``json_schema``, asked for as JSON under that schema."""
        extra: dict[str, Any] = {}
        if json_schema is not None:
            extra["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": json_schema, "strict": True},
            }
        try:
            r = httpx.post(
                self.endpoint,
                json=self._request(messages, **extra),
                headers=self._headers(),
                timeout=self.timeout,
            )
            r.raise_for_status()
            return str(r.json()["choices"][0]["message"]["content"])
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as e:
            raise ModelError(f"{type(e).__name__}: {e}") from e

    def stream(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """The reply's text piece by piece, as the endpoint streams it."""
        try:
            with httpx.stream(
                "POST",
                self.endpoint,
                json=self._request(messages, stream=True),
                headers=self._headers(),
                timeout=self.timeout,
            ) as r:
                r.raise_for_status()
                for line in r.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    delta = json.loads(data)["choices"][0].get("delta", {})
                    if delta.get("content"):
                        yield str(delta["content"])
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as e:
            raise ModelError(f"{type(e).__name__}: {e}") from e
