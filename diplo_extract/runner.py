"""The run: many articles in, one JSONL line each out as it finishes, and a summary.

    inputs → read (articles.read_inputs) → select (resume: skip those done; each id once)
           → extract (pipeline.extract_all, ``concurrency`` in flight) → write (JsonlWriter)
           → RunSummary (counts, spend, failures, exit status)

It lives in the library, not in the CLI, so that a program gets what ``diplo-extract
extract`` does (resume, rate limits, the output lock, the summary) without click; the
``extract`` and ``batch collect`` commands only turn their options into a
:class:`RunSettings` and draw progress and the summary from the hooks of :func:`run`.
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from diplo_extract.articles import check_input_list, input_overwritten_by, read_inputs
from diplo_extract.cassette import CacheMode
from diplo_extract.config import default_cache_dir, project_settings
from diplo_extract.errors import BackendError, DiploExtractError
from diplo_extract.extract import (
    MAX_ARTICLE_CHARS,
    MAX_CHUNK_CHARS,
    AsyncExtractor,
    ExtractorOptions,
    Sampling,
)
from diplo_extract.metering import Price, price_for
from diplo_extract.models import ArticleResult
from diplo_extract.output import (
    JsonlWriter,
    NotExtractOutput,
    OutputLock,
    ResumeState,
    prepare_resume,
)
from diplo_extract.pipeline import Item, extract_all, select_pending
from diplo_extract.retrying import RetryPolicy
from diplo_extract.summary import RunSummary


class SettingsError(DiploExtractError, ValueError):
    """The settings cannot make a run (a model missing, resume without an output file); it
    is raised before anything is read or written."""


class CannotResume(DiploExtractError):
    """The output file cannot be continued (not extract output, or cleaning it failed); the
    file is as it was."""


@dataclass(frozen=True)
class RunSettings:
    """Everything a run needs to know, one typed field per ``extract`` option.

    The defaults are the CLI's. ``None`` for ``cache_dir`` means ``[tool.diplo-extract]
    cache-dir`` of ./pyproject.toml, else the user cache folder; for ``price``, the model's
    entry in ``[tool.diplo-extract.prices]``; for ``output``, standard output.
    """

    # Where requests go.
    base_url: str | None = None
    model: str | None = None
    local_model: Path | None = None
    api_key: str | None = field(default=None, repr=False)
    # How each article is extracted.
    cache_dir: Path | None = None
    cache_mode: CacheMode = CacheMode.AUTO
    max_reasks: int = 2
    max_tokens: int = 768
    timeout: float = 600.0
    retries: int = 4
    max_chars: int = MAX_CHUNK_CHARS
    max_article_chars: int = MAX_ARTICLE_CHARS
    encoding: str | None = None
    price: Price | None = None
    # The run.
    output: Path | None = None
    resume: bool = False
    concurrency: int | None = None
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None

    def __post_init__(self) -> None:
        """Paths given as strings become paths; counts that cannot work are refused here,
        before the output is touched (0 used to mean the default for ``concurrency`` and no
        limit for the rates, in silence)."""
        for name in ("local_model", "cache_dir", "output"):
            if isinstance(value := getattr(self, name), str):
                object.__setattr__(self, name, Path(value))
        at_least = {"concurrency": 1, "max_tokens": 1, "max_chars": 1, "max_article_chars": 1,
                    "retries": 0, "max_reasks": 0}  # fmt: skip
        for name, least in at_least.items():
            value = getattr(self, name)
            if value is not None and not value >= least:
                none = " (or None for the default)" * (name == "concurrency")
                raise SettingsError(f"{name} must be at least {least}{none}, not {value!r}.")
        for name in ("timeout", "requests_per_minute", "tokens_per_minute"):
            value = getattr(self, name)
            if (value is not None or name == "timeout") and not value > 0:
                none = "" if name == "timeout" else " (or None for no limit)"
                raise SettingsError(f"{name} must be above 0{none}, not {value!r}.")

    @property
    def in_flight(self) -> int:
        """Articles extracted at once: the local server answers one request at a time."""
        return self.concurrency or (1 if self.base_url is None else 8)

    def extractor_options(self) -> ExtractorOptions:
        """The extractor's keywords: one mapping for live runs and batch prepare, so that
        prepared requests are the very requests a live run sends."""
        return ExtractorOptions(
            base_url=self.base_url,
            model=self.model,
            api_key=self.api_key,
            local_model=self.local_model,
            cache_dir=self.cache_dir or default_cache_dir(),
            cache_mode=self.cache_mode,
            max_reasks=self.max_reasks,
            sampling=Sampling(max_tokens=self.max_tokens),
            timeout=self.timeout,
            retry=RetryPolicy(attempts=self.retries + 1),
            max_chars=self.max_chars,
            max_article_chars=self.max_article_chars,
        )


def check_output(output: Path | None, inputs: Iterable[str | Path]) -> None:
    """Refuse, before anything is read or written, an output that would destroy an input."""
    if output is not None and (clash := input_overwritten_by(output, inputs)):
        raise SettingsError(
            f"-o {output} would overwrite the input {clash}; write the output to another file."
        )


def run(
    inputs: Sequence[str],
    settings: RunSettings,
    *,
    before: Callable[[AsyncExtractor], None] | None = None,
    on_begin: Callable[[ResumeState], None] | None = None,
    on_skip: Callable[[Item], None] | None = None,
    on_start: Callable[[Item], None] | None = None,
    on_result: Callable[[ArticleResult], None] | None = None,
    stop_signals: Iterable[signal.Signals] = (),
) -> RunSummary:
    """Extract every article of ``inputs`` (as for ``extract``: files, folders, JSONL, ``-``)
    and write one line each to ``settings.output``, as each finishes.

    The output file is locked for the whole run, so that a second run writing to it refuses
    to start (OutputInUse). Hooks, in the order they are called: ``before`` once the
    extractor is built, before the output is touched (batch collect stores its answers
    there); ``on_begin`` once the output is ready, with what resume found; then per input
    ``on_skip`` (done before, or a repeated id), ``on_start`` and ``on_result`` (after its
    line is written).

    Raises TypeError (one path given as ``inputs``, not a list of them), SettingsError,
    OutputInUse, OSError (the output cannot be created), CannotResume, or what ``before`` or
    ``on_begin`` raised, when the run cannot start (a KeyboardInterrupt then, too: nothing is
    written yet). Once started, it returns its
    summary even when
    it ends early: the backend broke or a write failed (``summary.stopped``), or Ctrl-C or
    one of ``stop_signals`` stopped it (``summary.interrupted_by``); the lines written stay
    whole, and ``resume=True`` continues. The signals are opt-in, as only the main thread
    may handle them.
    """
    check_input_list(inputs)
    output = settings.output
    if settings.resume and output is None:
        raise SettingsError("--resume needs the output file of the earlier run: -o FILE.")
    if settings.resume and output is not None and output.exists() and not output.is_file():
        raise SettingsError(f"--resume needs a regular file to continue; {output} is not one.")
    check_output(output, inputs)
    lock = OutputLock(output) if output is not None else None
    with lock or nullcontext():
        extractor = _extractor(settings)
        try:
            state = _begin(extractor, settings, lock, before, on_begin)
        except BaseException:
            asyncio.run(extractor.aclose())  # its HTTP client (and server) would be left open
            raise
        summary = RunSummary(model=extractor.model, cache_dir=extractor.cassette.directory)
        selection = select_pending(
            read_inputs(inputs, encoding=settings.encoding), state.done, on_skip=on_skip
        )
        stopped_by: list[int] = []  # the signal that stopped the run, if one did
        extraction = _extract(
            extractor, selection.pending, settings, summary, on_start, on_result,
            stop_signals, stopped_by,
        )  # fmt: skip
        try:
            asyncio.run(extraction)
        except (BackendError, OSError) as exc:
            summary.stopped = exc
        except (KeyboardInterrupt, asyncio.CancelledError):
            summary.interrupted_by = stopped_by[0] if stopped_by else signal.SIGINT
        summary.already_done = selection.already_done
        summary.duplicates = selection.duplicates
        return summary


def _begin(
    extractor: AsyncExtractor,
    settings: RunSettings,
    lock: OutputLock | None,
    before: Callable[[AsyncExtractor], None] | None,
    on_begin: Callable[[ResumeState], None] | None,
) -> ResumeState:
    """What comes before the first article: the ``before`` hook, then resume's reading and
    cleaning of the output, then ``on_begin``."""
    output = settings.output
    if before is not None:
        before(extractor)
    state = ResumeState()
    if settings.resume and output is not None:
        try:
            state = prepare_resume(output, lock)
        except NotExtractOutput as exc:
            raise CannotResume(str(exc)) from None
        except OSError as exc:  # a full disk while writing the cleaned copy
            raise CannotResume(f"{exc} ({output} is unchanged)") from None
    state.model = extractor.model
    if on_begin is not None:
        on_begin(state)
    return state


def _extractor(settings: RunSettings) -> AsyncExtractor:
    if settings.base_url and not settings.model:
        raise SettingsError("--model is required with --base-url (e.g. --model gpt-4o-mini).")
    try:
        extractor = AsyncExtractor(
            **settings.extractor_options(),
            requests_per_minute=settings.requests_per_minute,
            tokens_per_minute=settings.tokens_per_minute,
            max_connections=max(settings.in_flight, 10),
        )
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    extractor.price = settings.price or _project_price(extractor.model)
    return extractor


def _project_price(model: str) -> Price | None:
    table = project_settings().get("prices", {})
    try:
        return price_for(model, table) if isinstance(table, dict) else None
    except ValueError as exc:
        raise SettingsError(f"[tool.diplo-extract.prices] in ./pyproject.toml: {exc}") from None


async def _extract(
    extractor: AsyncExtractor,
    items: Iterable[Item],
    settings: RunSettings,
    summary: RunSummary,
    on_start: Callable[[Item], None] | None,
    on_result: Callable[[ArticleResult], None] | None,
    stop_signals: Iterable[signal.Signals],
    stopped_by: list[int],
) -> None:
    """Extract ``items``, writing each line as it finishes.

    A signal of ``stop_signals`` (SIGTERM from a job scheduler or ``timeout``, SIGHUP from a
    closed terminal) cancels the run as Ctrl-C does: the handler only asks the loop to cancel
    it, and the loop does so between its steps, so it never lands inside a write or a
    ``__del__`` (where a ``sys.exit`` from the handler was swallowed and the run went on).
    Lines written stay whole, and leaving ``async with extractor`` stops the local server.
    A second signal, when the first could not stop it (the loop stuck in work that does not
    yield), ends the process at once, as the signal does by default.
    """
    with _stopped_by_signals(stop_signals, stopped_by):
        async with extractor:
            with JsonlWriter(settings.output, append=settings.resume) as writer:
                watch = EndpointWatch()

                def finished(result: ArticleResult) -> None:
                    writer.write(result)
                    summary.add(result)
                    if on_result is not None:
                        on_result(result)
                    watch.see(result)

                await extract_all(
                    items, extractor, finished, concurrency=settings.in_flight, on_start=on_start
                )


#: Failures no other article can mend: the endpoint refuses the key or the model, has no such
#: path, or is not an OpenAI-compatible API. The first one stops the run.
ENDPOINT_BROKEN = frozenset(
    {"AuthenticationError", "PermissionDeniedError", "NotFoundError", "Redirected",
     "NotOpenAICompatible"}
)  # fmt: skip
#: Articles in a row whose connection failed, each after its own retries, after which the
#: endpoint is taken for down (a server that is not running, a wrong port).
CONNECTION_FAILURES_IN_A_ROW = 10


class EndpointWatch:
    """Stops a run (BackendError) whose endpoint cannot answer, instead of failing every
    article in turn: thousands of articles would each spend their retries on a refused
    connection or a wrong key, for hours, to write only error lines. The lines written stay,
    and ``--resume`` runs the rest once the endpoint is mended."""

    def __init__(self) -> None:
        self.refused_in_a_row = 0

    def see(self, result: ArticleResult) -> None:
        error = result.error
        if error is None:
            self.refused_in_a_row = 0
            return
        if error.type in ENDPOINT_BROKEN:
            raise BackendError(f"{error.message} Stopped at the first such answer.")
        if error.type == "ConnectionError":
            self.refused_in_a_row += 1
            if self.refused_in_a_row >= CONNECTION_FAILURES_IN_A_ROW:
                raise BackendError(
                    f"{error.message} Stopped after {self.refused_in_a_row} articles in a row "
                    "could not connect."
                )


@contextmanager
def _stopped_by_signals(
    stop_signals: Iterable[signal.Signals], stopped_by: list[int]
) -> Iterator[None]:
    """While the run's task runs: each of ``stop_signals`` cancels it (the first), or ends the
    process (a second one); the handlers in place before come back after."""
    loop = asyncio.get_running_loop()
    main_task = asyncio.current_task()
    assert main_task is not None

    def stop(signum: int, frame: object) -> None:
        if stopped_by:  # a second signal: the first did not stop it (the loop is stuck)
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        stopped_by.append(signum)
        loop.call_soon_threadsafe(main_task.cancel)

    previous = {signum: signal.signal(signum, stop) for signum in stop_signals}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
