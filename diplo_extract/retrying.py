"""Retry transport faults with tenacity, below the openai client.

The openai client's own retries are switched off (``max_retries=0``) so that nothing retries
twice: this transport is the only place that retries rate limits (429, honouring
``Retry-After``), server errors (5xx), timeouts and dropped connections. Validation re-asks are
a different thing and stay with instructor, above the client.

When the retries run out on an HTTP status, the last response is returned as it is, so the
openai client raises its usual typed error (``RateLimitError``...); on a network fault the last
exception is raised.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from diplo_extract.metering import count_retry
from diplo_extract.responses import DEADLINE

logger = logging.getLogger("diplo_extract")

RETRY_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})
RETRY_EXCEPTIONS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try: attempts in all, exponential backoff with full jitter, and caps."""

    attempts: int = 5
    initial_wait: float = 1.0
    max_wait: float = 30.0
    max_retry_after: float = 120.0
    #: Seconds for a request in all, its retries and waits included; no attempt runs past it.
    max_total: float = 900.0


class RetryableStatus(Exception):
    """An HTTP answer worth another try (429, 5xx); carries the response."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        super().__init__(f"HTTP {response.status_code}")


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds the server asked us to wait (``Retry-After`` as seconds or HTTP date)."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class _Wait:
    """Retry-After when the server gives one (capped), else jittered exponential backoff."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.backoff = wait_random_exponential(multiplier=policy.initial_wait, max=policy.max_wait)

    def __call__(self, state: RetryCallState) -> float:
        outcome = state.outcome
        error = outcome.exception() if outcome is not None else None
        if isinstance(error, RetryableStatus):
            asked = retry_after_seconds(error.response)
            if asked is not None:
                return min(asked, self.policy.max_retry_after)
        return float(self.backoff(state))


def _before_retry(state: RetryCallState) -> None:
    count_retry()
    error = state.outcome.exception() if state.outcome is not None else None
    wait = state.next_action.sleep if state.next_action is not None else 0.0
    logger.warning(
        "transport fault (%s), retry %d in %.1f s", error or "unknown", state.attempt_number, wait
    )


def _retry_options(policy: RetryPolicy, sleep: object) -> dict[str, object]:
    return {
        "sleep": sleep,
        "stop": stop_after_attempt(policy.attempts) | stop_after_delay(policy.max_total),
        "wait": _Wait(policy),
        "retry": retry_if_exception_type((RetryableStatus, *RETRY_EXCEPTIONS)),
        "before_sleep": _before_retry,
        "reraise": True,
    }


def _check(response: httpx.Response) -> httpx.Response:
    if response.status_code in RETRY_STATUSES:
        raise RetryableStatus(response)
    return response


class RetryTransport(httpx.BaseTransport):
    """Send through ``inner``, retrying transport faults per ``policy``."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.inner = inner
        self.policy = policy or RetryPolicy()
        self.sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions[DEADLINE] = time.monotonic() + self.policy.max_total
        try:
            for attempt in Retrying(**_retry_options(self.policy, self.sleep)):  # type: ignore[arg-type]
                with attempt:
                    response = self.inner.handle_request(request)
                    if response.status_code in RETRY_STATUSES:
                        response.read()
                        response.close()
                    return _check(response)
        except RetryableStatus as exc:
            return exc.response
        raise AssertionError("unreachable: tenacity either returns or raises")

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`RetryTransport`."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.inner = inner
        self.policy = policy or RetryPolicy()
        self.sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.extensions[DEADLINE] = time.monotonic() + self.policy.max_total
        try:
            async for attempt in AsyncRetrying(**_retry_options(self.policy, self.sleep)):  # type: ignore[arg-type]
                with attempt:
                    response = await self.inner.handle_async_request(request)
                    if response.status_code in RETRY_STATUSES:
                        await response.aread()
                        await response.aclose()
                    return _check(response)
        except RetryableStatus as exc:
            return exc.response
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def aclose(self) -> None:
        await self.inner.aclose()
