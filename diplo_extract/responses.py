"""What may come back from the endpoint: an answer read whole, in time, of sane size, in JSON.

This transport sits right above the wire and reads each answer's body itself, because the
limits that matter are on the body: httpx's timeout is per read, so a server that sends its
headers and then a byte a second holds a request forever; and a small gzip body can unpack to
hundreds of megabytes. So each request gets a total deadline (``--timeout`` from sending it to
the last byte, and never past the retry budget's end, which the retry transport puts in the
request's extensions), and the decoded body a size cap. An HTTP 200 page of HTML is a wrong
``--base-url``, not a model's answer: it is refused at once, not parsed and re-asked. Every
body loses the request's credentials here, before any message can quote it.

The async transport enforces the deadline over the whole exchange. The sync one checks it as
the body arrives; before the first byte of the body, httpx's per-read timeout is what holds.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import time

import httpx

from diplo_extract.errors import DiploExtractError
from diplo_extract.redaction import redact_body, request_secrets

#: Decoded answers larger than this are dropped: a model's answer is a few kilobytes (the
#: default --max-tokens of 1,536 gives about 10 KB), so this leaves room for any real one.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024
#: The request extension in which the retry transport puts the end of its budget
#: (a ``time.monotonic()`` value): no attempt may run past it.
DEADLINE = "diplo_extract.deadline"
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class ResponseTooLarge(DiploExtractError):
    """The endpoint's answer, once decoded, was larger than any model's answer can be."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The endpoint's answer was larger than {limit // (1024 * 1024)} MiB once decoded "
            "(a model's answer is a few kilobytes), so it was dropped unread. Check --base-url."
        )


class NotOpenAICompatible(DiploExtractError):
    """The endpoint answered a web page, plain text or nothing, not an OpenAI-compatible JSON
    answer: no re-ask or retry can mend a wrong address."""

    def __init__(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        if _is_html(response, body):
            found = _TITLE.search(body[:65536])
            title = found and html.unescape(found.group(1).decode("utf-8", "replace")).strip()
            page = f"an HTML page ({title!r})" if title else "an HTML page"
        elif body.strip():
            text = " ".join(body[:200].decode("utf-8", "replace").split())[:60]
            page = f"text that is not JSON ({text!r})"
        else:
            page = "an empty body"
        super().__init__(
            f"The endpoint at {request.url} answered HTTP {response.status_code} with "
            f"{page}, not an OpenAI-compatible JSON answer: --base-url is probably wrong (it "
            "usually ends in /v1, e.g. https://api.openai.com/v1 or http://localhost:8000/v1)."
        )


def _deadline(request: httpx.Request, timeout: float) -> float:
    budget_end = request.extensions.get(DEADLINE)
    own_end = time.monotonic() + timeout
    return min(own_end, budget_end) if isinstance(budget_end, float) else own_end


def _too_late(timeout: float) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(f"no complete answer within {timeout:g} s (--timeout)")


def _checked(request: httpx.Request, response: httpx.Response, body: bytes) -> httpx.Response:
    """The answer with its decoded body, or the reason it is not a model's answer.

    An error sent with a success status (some proxies answer 200 with ``{"error": …}`` when
    the provider behind them is overloaded) is passed on as what it is, HTTP 502: retried,
    and reported with the provider's own message.
    """
    body = redact_body(body, request_secrets(request))  # before any message quotes it
    status = response.status_code
    if status in (200, 201, 404) and _is_html(response, body):
        raise NotOpenAICompatible(request, response, body)
    if (
        status in (200, 201)
        and request.url.path.endswith("/chat/completions")
        and body.lstrip()[:1] not in (b"{", b"[")
    ):  # plain text, or nothing at all (a file the Files API returns may be empty)
        raise NotOpenAICompatible(request, response, body)
    if 200 <= status < 300 and _is_error_body(body):
        status = 502
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        status,
        headers=headers,
        content=body,
        request=request,
        extensions=response.extensions,
    )


def _is_error_body(body: bytes) -> bool:
    if not body.lstrip().startswith(b"{") or b'"error"' not in body:
        return False
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return isinstance(parsed, dict) and bool(parsed.get("error")) and not parsed.get("choices")


def _is_html(response: httpx.Response, body: bytes) -> bool:
    kind = response.headers.get("content-type", "").lower()
    start = body.lstrip()[:15].lower()
    return "html" in kind or start.startswith((b"<!doctype html", b"<html"))


class _ReadLimits:
    """What the sync and async transports share: the deadline and the size cap."""

    def __init__(self, timeout: float, max_bytes: int | None = MAX_RESPONSE_BYTES) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes

    def _count(self, size: int, chunk: bytes) -> int:
        """The body's size with ``chunk``; raises once it is past the cap."""
        size += len(chunk)
        if self.max_bytes is not None and size > self.max_bytes:
            raise ResponseTooLarge(self.max_bytes)
        return size


class ResponseLimitsTransport(_ReadLimits, httpx.BaseTransport):
    """Read each answer whole within its deadline and size cap (sync; see the module)."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        timeout: float,
        max_bytes: int | None = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(timeout, max_bytes)
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = _deadline(request, self.timeout)
        response = self.inner.handle_request(request)
        chunks, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size = self._count(size, chunk)
                if time.monotonic() > deadline:
                    raise _too_late(self.timeout)
                chunks.append(chunk)
        finally:
            response.close()
        return _checked(request, response, b"".join(chunks))

    def close(self) -> None:
        self.inner.close()


class AsyncResponseLimitsTransport(_ReadLimits, httpx.AsyncBaseTransport):
    """The async twin of :class:`ResponseLimitsTransport`; its deadline covers everything."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        timeout: float,
        max_bytes: int | None = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(timeout, max_bytes)
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        remaining = _deadline(request, self.timeout) - time.monotonic()
        try:
            async with asyncio.timeout(max(0.0, remaining)):
                response = await self.inner.handle_async_request(request)
                chunks, size = [], 0
                try:
                    async for chunk in response.aiter_bytes():
                        size = self._count(size, chunk)
                        chunks.append(chunk)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise _too_late(self.timeout) from None
        return _checked(request, response, b"".join(chunks))

    async def aclose(self) -> None:
        await self.inner.aclose()
