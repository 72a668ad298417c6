"""--rpm and --tpm: requests wait for the per-minute budget; replayed answers never wait.

A limiter's promise is about time, so these tests check lower bounds (a request was not sent
before its turn), which a slow machine can only make later, never false.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest
from click.testing import CliRunner

from diplo_extract import Article, AsyncExtractor
from diplo_extract.cli import main
from diplo_extract.ratelimit import AsyncRateLimitTransport, estimate_request_tokens

from .conftest import CASSETTES


class _Clock(httpx.AsyncBaseTransport):
    """Notes when each request arrives."""

    def __init__(self) -> None:
        self.sent: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(time.monotonic())
        return httpx.Response(200, json={})


def _request(chars: int = 400, max_tokens: int = 100) -> httpx.Request:
    body = {"messages": [{"role": "user", "content": "x" * chars}], "max_tokens": max_tokens}
    return httpx.Request("POST", "http://stub/v1/chat/completions", json=body)


async def _send(transport: AsyncRateLimitTransport, count: int, **request: int) -> float:
    start = time.monotonic()
    for _ in range(count):
        await transport.handle_async_request(_request(**request))
    return start


def test_requests_beyond_the_budget_wait_for_it() -> None:
    clock = _Clock()
    # 4 requests a "minute" of 0.4 s: a burst of 4, then one every 0.1 s.
    limited = AsyncRateLimitTransport(clock, requests_per_minute=4, period=0.4)
    start = asyncio.run(_send(limited, 8))
    for k, sent in enumerate(clock.sent[4:], start=1):
        assert sent - start >= k * 0.1 - 0.01


def test_tokens_are_counted_as_prompt_estimate_plus_max_tokens() -> None:
    request = _request(chars=400, max_tokens=100)
    messages = json.dumps(json.loads(request.content)["messages"])
    assert estimate_request_tokens(request) == len(messages) // 4 + 100


def test_token_budget_holds_back_requests() -> None:
    clock = _Clock()
    cost = estimate_request_tokens(_request())
    # Two requests' worth of tokens per 0.4 s: the third waits about half a period.
    limited = AsyncRateLimitTransport(clock, tokens_per_minute=2 * cost, period=0.4)
    start = asyncio.run(_send(limited, 3))
    assert clock.sent[2] - start >= 0.19


def test_a_request_larger_than_the_whole_budget_is_sent_not_refused() -> None:
    clock = _Clock()
    limited = AsyncRateLimitTransport(clock, tokens_per_minute=10, period=0.1)
    asyncio.run(_send(limited, 2, chars=10_000))
    assert len(clock.sent) == 2


def test_replayed_answers_do_not_wait_for_the_rate_limit(seeds: dict[str, Article]) -> None:
    async def replay_all() -> None:
        extractor = AsyncExtractor(
            cache_dir=CASSETTES, cache_mode="replay", requests_per_minute=1, tokens_per_minute=1
        )
        async with extractor:
            for article in list(seeds.values())[:5]:
                result = await extractor.extract(article)
                assert result.error is None

    # One request a minute: five live calls would take four minutes.
    asyncio.run(asyncio.wait_for(replay_all(), timeout=60))


@pytest.mark.parametrize("option", ["--rpm", "--tpm"])
def test_limits_must_be_positive(option: str) -> None:
    result = CliRunner().invoke(main, ["extract", "x.txt", option, "0"])
    assert result.exit_code == 2 and option in result.output
