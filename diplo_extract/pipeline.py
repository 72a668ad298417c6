"""Many articles at once: ``concurrency`` extractions in flight, results handed on as they end.

Workers pull articles from one shared iterator, read in a thread as they free up, so a run of
100,000 articles never holds more than about ``concurrency`` of them at once, rows piped on
stdin are extracted as they arrive, and a slow article delays only its own worker. Results
come out in the order they finish, each with its ``article_id``. A failed article is a result
with ``error`` set; only a :class:`~diplo_extract.errors.BackendError` (no article can
succeed) stops the run, after the results already finished have been handed on.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
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
    """Which inputs to run: those not done before, each id once, read as they come.

    ``pending`` is lazy, so that rows piped on stdin are extracted as they arrive and a run
    of 100,000 articles holds only those in flight; the counts grow as it is consumed.
    """

    pending: Iterator[Item]
    already_done: int = 0
    duplicates: list[str] = field(default_factory=list)


def select_pending(
    items: Iterable[Item],
    done: set[str] | None = None,
    on_skip: Callable[[Item], None] | None = None,
) -> Selection:
    """Inputs to extract: not in ``done`` (from ``--resume``), each id once.

    A repeated id is left out and named, not run: output lines are keyed by ``article_id``,
    so two articles with one id could not both be resumed or merged. ``on_skip`` hears of
    each input left out, as it is met.
    """
    done = done or set()
    selection = Selection(pending=iter(()))

    def pending() -> Iterator[Item]:
        seen: set[str] = set()
        for item in items:
            if item.id in done:
                selection.already_done += 1
            elif item.id in seen:
                selection.duplicates.append(item.id)
            else:
                seen.add(item.id)
                yield item
                continue
            if on_skip is not None:
                on_skip(item)

    selection.pending = pending()
    return selection


@dataclass(frozen=True)
class _ReadFailed:
    """Reading the inputs raised: the run stops with it, as it would have in the loop."""

    error: BaseException


async def extract_all(
    items: Iterable[Item],
    extractor: AsyncExtractor,
    on_result: Callable[[ArticleResult], None],
    *,
    concurrency: int = 8,
    on_start: Callable[[Item], None] | None = None,
) -> None:
    """Extract every item with ``concurrency`` in flight, calling ``on_result`` as each ends.

    Items are read in a thread of their own, never more than ``concurrency`` ahead of the
    workers: reading may block (stdin waiting for the next row, a slow disk) and must not
    hold up the answers in flight; and the thread is a daemon, so a run stopped while stdin
    is silent ends at once. Raises BackendError when the backend cannot run, or whatever
    ``on_result`` or reading raised (a full disk), unwrapped from the task group.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Item | _ReadFailed | None] = asyncio.Queue()
    free = threading.Semaphore(concurrency)
    stopped = threading.Event()

    def hand_over(item: Item | _ReadFailed | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: the run is over
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def read() -> None:
        try:
            for item in items:
                free.acquire()
                if stopped.is_set():
                    return
                hand_over(item)
        except BaseException as exc:
            hand_over(_ReadFailed(exc))
        finally:
            for _ in range(concurrency):
                hand_over(None)

    async def worker() -> None:
        while (item := await queue.get()) is not None:
            free.release()
            if isinstance(item, _ReadFailed):
                raise item.error
            if on_start is not None:
                on_start(item)
            if isinstance(item, Article):
                result = await extractor.extract(item)
            else:
                result = problem_result(item)
            on_result(result)

    threading.Thread(target=read, name="diplo-extract-inputs", daemon=True).start()
    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(concurrency):
                group.create_task(worker())
    except BaseExceptionGroup as failure:
        backend = failure.subgroup(BackendError)
        raise (backend or failure).exceptions[0] from None
    finally:
        stopped.set()
        free.release()  # a reader waiting for a free worker sees the run is over
