"""Transport faults are retried once, below the openai client, honouring Retry-After."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import openai
import pytest

from diplo_extract.retrying import (
    AsyncRetryTransport,
    RetryPolicy,
    RetryTransport,
    retry_after_seconds,
)

POLICY = RetryPolicy(attempts=4, initial_wait=0.5, max_wait=2.0)
OK = {"id": "x", "object": "list", "data": []}


def scripted(
    *steps: httpx.Response | Exception,
) -> tuple[Callable[[httpx.Request], httpx.Response], list[int]]:
    """A fake server that plays ``steps`` in order (an exception is raised, not answered)."""
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        step = steps[min(len(calls), len(steps) - 1)]
        calls.append(1)
        if isinstance(step, Exception):
            raise step
        return step

    return handler, calls


def transport(
    handler: Callable[[httpx.Request], httpx.Response], slept: list[float]
) -> RetryTransport:
    return RetryTransport(httpx.MockTransport(handler), POLICY, sleep=slept.append)


def test_429_waits_as_long_as_retry_after_says() -> None:
    handler, calls = scripted(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json=OK)
    )
    slept: list[float] = []
    response = httpx.Client(transport=transport(handler, slept)).get("http://x/v1/models")
    assert response.status_code == 200 and len(calls) == 2 and slept == [7.0]


def test_5xx_and_timeouts_back_off_with_jitter_within_the_cap() -> None:
    handler, calls = scripted(
        httpx.Response(503),
        httpx.ConnectTimeout("slow"),
        httpx.ConnectError("refused"),
        httpx.Response(200, json=OK),
    )
    slept: list[float] = []
    assert httpx.Client(transport=transport(handler, slept)).get("http://x/").status_code == 200
    assert len(calls) == 4 and len(slept) == 3 and all(0 <= s <= POLICY.max_wait for s in slept)


def test_when_retries_run_out_the_last_status_reaches_the_client() -> None:
    handler, calls = scripted(httpx.Response(500, json={"error": {"message": "boom"}}))
    response = httpx.Client(transport=transport(handler, [])).get("http://x/")
    assert response.status_code == 500 and len(calls) == POLICY.attempts


def test_client_errors_are_not_retried() -> None:
    handler, calls = scripted(httpx.Response(400))
    assert httpx.Client(transport=transport(handler, [])).get("http://x/").status_code == 400
    assert len(calls) == 1


def test_nothing_retries_twice_under_the_openai_client() -> None:
    handler, calls = scripted(httpx.Response(429, headers={"Retry-After": "0"}))
    client = openai.OpenAI(
        base_url="http://x/v1",
        api_key="k",
        max_retries=0,
        http_client=httpx.Client(transport=transport(handler, [])),
    )
    with pytest.raises(openai.RateLimitError):
        client.models.list()
    assert len(calls) == POLICY.attempts


def test_retry_after_as_an_http_date_is_understood() -> None:
    response = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert retry_after_seconds(response) == 0.0  # in the past: no wait


async def test_the_async_transport_retries_the_same_way() -> None:
    handler, calls = scripted(
        httpx.Response(429, headers={"Retry-After": "3"}), httpx.Response(200, json=OK)
    )
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async_transport = AsyncRetryTransport(httpx.MockTransport(handler), POLICY, sleep=sleep)
    async with httpx.AsyncClient(transport=async_transport) as client:
        assert (await client.get("http://x/")).status_code == 200
    assert slept == [3.0] and len(calls) == 2
