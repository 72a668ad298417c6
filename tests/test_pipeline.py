"""The async pipeline: N articles in flight, a result per article as each finishes.

The endpoint is the loopback server answering with the real recordings after a delay, so the
requests, answers and validation are the real ones; only the wire is local.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from diplo_extract import Article, ArticleResult, AsyncExtractor, BackendError, RetryPolicy
from diplo_extract.pipeline import extract_all, select_pending

from .conftest import CASSETTES, LOOPBACK_MODEL
from .loopback import LoopbackServer


def _live(server: LoopbackServer, **settings: Any) -> AsyncExtractor:
    return AsyncExtractor(
        base_url=server.base_url, model=LOOPBACK_MODEL, cache_mode="off", **settings
    )


async def _run(
    extractor: AsyncExtractor, items: list[Any], concurrency: int
) -> list[ArticleResult]:
    results: list[ArticleResult] = []
    async with extractor:
        await extract_all(items, extractor, results.append, concurrency=concurrency)
    return results


def test_concurrency_n_keeps_n_requests_in_flight(
    loopback: LoopbackServer, seeds: dict[str, Article]
) -> None:
    loopback.delay = 0.3
    articles = [seeds[i] for i in sorted(seeds) if i.startswith("1")][:12]
    asyncio.run(_run(_live(loopback), articles, concurrency=6))
    assert loopback.max_in_flight == 6


def test_every_article_gets_exactly_one_result_with_its_id(
    loopback: LoopbackServer, seeds: dict[str, Article]
) -> None:
    results = asyncio.run(_run(_live(loopback), list(seeds.values()), concurrency=8))
    assert sorted(r.article_id for r in results) == sorted(seeds)
    assert all(r.error is None for r in results)


def test_results_come_out_as_they_finish_not_in_input_order(seeds: dict[str, Article]) -> None:
    """A slow first article does not hold back the ones after it."""
    slow_id = sorted(seeds)[0]
    slow_text = json.dumps(seeds[slow_id].text.strip()[:60], ensure_ascii=False)[1:-1]

    async def network(request: httpx.Request) -> httpx.Response:
        slow = slow_text in request.content.decode("utf-8")
        await asyncio.sleep(0.5 if slow else 0.0)
        return httpx.Response(503, json={"error": "down"})

    extractor = AsyncExtractor(
        base_url="http://stub/v1",
        model="stub",
        cache_mode="off",
        network=httpx.MockTransport(network),
        retry=RetryPolicy(attempts=1),
    )
    articles = [seeds[i] for i in sorted(seeds)[:4]]
    results = asyncio.run(_run(extractor, articles, concurrency=4))
    assert [r.article_id for r in results][-1] == slow_id


def test_a_backend_that_cannot_run_stops_the_run_with_its_error(
    seeds: dict[str, Article],
) -> None:
    def network(request: httpx.Request) -> httpx.Response:
        raise BackendError("the llama.cpp server exited")

    extractor = AsyncExtractor(
        base_url="http://stub/v1",
        model="stub",
        cache_mode="off",
        network=httpx.MockTransport(network),
    )
    with pytest.raises(BackendError, match="server exited"):
        asyncio.run(_run(extractor, list(seeds.values()), concurrency=3))


def test_articles_already_done_and_repeated_ids_are_not_run_again(
    seeds: dict[str, Article],
) -> None:
    first, second, third = (seeds[i] for i in sorted(seeds)[:3])
    skipped: list[str] = []
    selection = select_pending(
        [first, second, third, second], done={first.id}, on_skip=lambda i: skipped.append(i.id)
    )
    assert [item.id for item in selection.pending] == [second.id, third.id]
    assert selection.already_done == 1 and selection.duplicates == [second.id]
    assert skipped == [first.id, second.id]


def test_an_unexpected_error_in_one_article_is_its_error_line_not_a_crash(
    seeds: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: a bug in building one result costs that article only."""
    from diplo_extract.extract import _Base

    original = _Base._refused
    victim = sorted(seeds)[1]

    def broken(self: _Base, article: Article) -> object:
        if article.id == victim:
            raise RuntimeError("boom")
        return original(self, article)

    monkeypatch.setattr(_Base, "_refused", broken)
    extractor = AsyncExtractor(cache_dir=CASSETTES, cache_mode="replay")
    results = asyncio.run(_run(extractor, list(seeds.values()), concurrency=3))
    by_id = {r.article_id: r for r in results}
    assert len(by_id) == len(seeds)
    failed = by_id[victim].error
    assert failed is not None and failed.type == "InternalError"
    assert "RuntimeError: boom" in failed.message and "please report it" in failed.message
    assert all(r.error is None for i, r in by_id.items() if i != victim)
