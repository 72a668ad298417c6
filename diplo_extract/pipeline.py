"""Many articles at once: ``concurrency`` extractions in flight, results handed on as they end.

Workers pull articles from one shared iterator, so a run of 100,000 articles never holds more
than ``concurrency`` of them in flight, and a slow article delays only its own worker. Results
come out in the order they finish, each with its ``article_id``. A failed article is a result
with ``error`` set; only a :class:`~diplo_extract.errors.BackendError` (no article can
succeed) stops the run, after the results already finished have been handed on.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from diplo_extract.articles import Article, InputProblem
from diplo_extract.errors import BackendError
from diplo_extract.extract import AsyncExtractor
from diplo_extract.models import ArticleResult, ErrorInfo

Item = Article | InputProblem


def problem_result(problem: InputProblem) -> ArticleResult:
    """The output line of an input that could not be read."""
    return ArticleResult(
        article_id=problem.id,
        source=problem.source,
        language=None,
        published=None,
        model=None,
        error=ErrorInfo(type="InputError", message=problem.message),
    )


@dataclass
class Selection:
    """Which inputs to run, after skipping those already done and repeated ids."""

    pending: list[Item]
    already_done: int = 0
    duplicates: list[str] = field(default_factory=list)


def select_pending(items: Iterable[Item], done: set[str] | None = None) -> Selection:
    """Inputs to extract: not in ``done`` (from ``--resume``), each id once.

    A repeated id is left out and named, not run: output lines are keyed by ``article_id``,
    so two articles with one id could not both be resumed or merged.
    """
    done = done or set()
    selection = Selection(pending=[])
    seen: set[str] = set()
    for item in items:
        if item.id in done:
            selection.already_done += 1
        elif item.id in seen:
            selection.duplicates.append(item.id)
        else:
            seen.add(item.id)
            selection.pending.append(item)
    return selection


async def extract_all(
    items: Iterable[Item],
    extractor: AsyncExtractor,
    on_result: Callable[[ArticleResult], None],
    *,
    concurrency: int = 8,
    on_start: Callable[[Item], None] | None = None,
) -> None:
    """Extract every item with ``concurrency`` in flight, calling ``on_result`` as each ends.

    Raises BackendError when the backend cannot run, or whatever ``on_result`` raised (a full
    disk), unwrapped from the task group.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    iterator: Iterator[Item] = iter(items)

    async def worker() -> None:
        # next() on the shared iterator never awaits, so no two workers get the same item.
        for item in iterator:
            if on_start is not None:
                on_start(item)
            if isinstance(item, Article):
                result = await extractor.extract(item)
            else:
                result = problem_result(item)
            on_result(result)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(concurrency):
                group.create_task(worker())
    except BaseExceptionGroup as failure:
        backend = failure.subgroup(BackendError)
        raise (backend or failure).exceptions[0] from None
