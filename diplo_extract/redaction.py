"""Keep credentials out of everything diplo-extract writes: recordings, logs, error lines.

Requests carry the API key (``Authorization: Bearer …``) and may carry an organisation or
project id; recordings never store headers. The one way back in is an error body that echoes
them (an endpoint answering 401 with "Incorrect API key provided: sk-…"). Such bodies are
redacted in the transport, before the openai client turns them into exceptions that
instructor logs and that become error lines, so no caller has to remember to.
"""

from __future__ import annotations

import httpx

REDACTED = "[redacted]"
#: Headers whose values are credentials or identify the account.
SECRET_HEADERS = ("authorization", "openai-organization", "openai-project", "api-key")
#: Shorter values are not redacted: they are no credential and would mangle ordinary text.
_MIN_SECRET = 8


def request_secrets(request: httpx.Request) -> list[str]:
    """The credential values a request carries, longest first."""
    values = []
    for name in SECRET_HEADERS:
        value = request.headers.get(name)
        if value:
            values.append(value)
            if value.lower().startswith("bearer "):
                values.append(value[len("bearer ") :])
    return sorted((v for v in values if len(v) >= _MIN_SECRET), key=len, reverse=True)


def redact_body(body: bytes, request: httpx.Request) -> bytes:
    """``body`` with every credential of ``request`` replaced by ``[redacted]``."""
    for secret in request_secrets(request):
        body = body.replace(secret.encode("utf-8"), REDACTED.encode("utf-8"))
    return body
