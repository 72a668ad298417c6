"""Request and token rate limits (``--rpm``, ``--tpm``) for the async client, with aiolimiter.

The limits sit in the transport stack below the retries, so every request that reaches the
endpoint waits its turn (re-asks and retries included), and an answer replayed from a
recording, served above them, never waits. Providers count a request's tokens against the
per-minute budget when it is sent (prompt plus ``max_tokens``), before it is answered; so does
this limiter. The prompt's share is estimated at four characters a token, which errs high for
English and about right for Cyrillic or Greek. A leaky bucket lets a burst of one minute's
budget through at the start, then holds the rate.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from aiolimiter import AsyncLimiter

_CHARS_PER_TOKEN = 4
_DEFAULT_MAX_TOKENS = 4096


def estimate_request_tokens(request: httpx.Request) -> int:
    """Tokens a provider counts against TPM when ``request`` is sent: prompt plus max_tokens."""
    try:
        body: Any = json.loads(request.content) if request.content else {}
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    prompt_chars = len(json.dumps(body.get("messages", []), ensure_ascii=False)) + len(
        json.dumps(body.get("tools", []), ensure_ascii=False)
    )
    completion = body.get("max_tokens") or body.get("max_completion_tokens")
    if not isinstance(completion, int):
        completion = _DEFAULT_MAX_TOKENS
    return prompt_chars // _CHARS_PER_TOKEN + completion


class AsyncRateLimitTransport(httpx.AsyncBaseTransport):
    """Hold each request until the request and token budgets per minute allow it."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        period: float = 60.0,
    ) -> None:
        self.inner = inner
        self.requests = AsyncLimiter(requests_per_minute, period) if requests_per_minute else None
        self.tokens = AsyncLimiter(tokens_per_minute, period) if tokens_per_minute else None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.requests is not None:
            await self.requests.acquire()
        if self.tokens is not None:
            # A request larger than a whole minute's budget waits for a full bucket, no more.
            await self.tokens.acquire(min(estimate_request_tokens(request), self.tokens.max_rate))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
