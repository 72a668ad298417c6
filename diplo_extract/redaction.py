"""Keep credentials out of everything diplo-extract writes: recordings, logs, error lines.

Requests carry the API key (``Authorization: Bearer …``) and may carry an organisation or
project id; recordings never store headers. The way back in is an answer that echoes them:
an error ("Incorrect API key provided: sk-…"), but also a 200 answer whose text, tool
arguments or any other field repeats them, maybe JSON-escaped. Every answer body is redacted
in the transport, whatever its status, before the openai client parses it into exceptions
that instructor logs, error lines or events, and before it is recorded; answers fetched from
the Batch API are redacted the same way. So no caller has to remember to.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import httpx

REDACTED = "[redacted]"
#: Headers whose values are credentials or identify the account.
SECRET_HEADERS = ("authorization", "openai-organization", "openai-project", "api-key")
#: Shorter values are not redacted: they are no credential and would mangle ordinary text.
_MIN_SECRET = 8


def _usable(values: Sequence[str | None]) -> list[str]:
    """Credential values worth redacting, longest first (a key before its own prefix)."""
    found = set()
    for value in values:
        if not value:
            continue
        found.add(value)
        if value.lower().startswith("bearer "):
            found.add(value[len("bearer ") :])
    return sorted((v for v in found if len(v) >= _MIN_SECRET), key=len, reverse=True)


def request_secrets(request: httpx.Request) -> list[str]:
    """The credential values a request carries, longest first."""
    return _usable([request.headers.get(name) for name in SECRET_HEADERS])


def client_secrets(client: Any) -> list[str]:
    """The credentials an openai client sends (key, organisation, project), longest first."""
    return _usable([getattr(client, name, None) for name in ("api_key", "organization", "project")])


def redact_text(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every secret, and its JSON-escaped forms, replaced by ``[redacted]``."""
    for secret in secrets:
        for form in _forms(secret):
            text = text.replace(form, REDACTED)
    return text


def redact_body(body: bytes, secrets: Sequence[str]) -> bytes:
    """A response body with every secret replaced, in its raw bytes and, for JSON, in every
    string value once decoded (so an escape such as ``\\u0073k-`` cannot hide one)."""
    if not secrets:
        return body
    text = redact_text(body.decode("utf-8", "replace"), secrets)
    try:
        parsed = json.loads(text)
    except ValueError:
        return text.encode("utf-8")
    cleaned = redact_value(parsed, secrets)
    if cleaned == parsed:
        return text.encode("utf-8")
    return json.dumps(cleaned, ensure_ascii=False).encode("utf-8")


def redact_value(value: Any, secrets: Sequence[str]) -> Any:
    """A decoded JSON value with every secret in its strings (keys included) replaced."""
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, list):
        return [redact_value(item, secrets) for item in value]
    if isinstance(value, dict):
        return {redact_text(k, secrets): redact_value(v, secrets) for k, v in value.items()}
    return value


@lru_cache(maxsize=64)  # asked for every string of every answer, about 70 times an answer
def _forms(secret: str) -> tuple[str, ...]:
    """How a secret can appear in a body: as is, and as JSON writes it (``/`` may be ``\\/``)."""
    escaped = json.dumps(secret)[1:-1]
    return tuple(dict.fromkeys([secret, escaped, escaped.replace("/", "\\/")]))
