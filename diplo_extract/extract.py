"""One article in, its validated events out: the library's entry points.

:class:`Extractor` (and :class:`AsyncExtractor`) hold one client and, for the local backend,
one llama.cpp server for many articles; :func:`extract` and :func:`aextract` are one-shot
conveniences. Per-article failures come back as a result with ``error`` set, never as an
exception, so a batch goes on; only a backend that cannot work at all raises
:class:`~diplo_extract.errors.BackendError`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, Unpack

import httpx
import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from instructor.core.hooks import Hooks
from pydantic import ValidationError

from diplo_extract._version import CODER
from diplo_extract.answer import ExtractedEvents
from diplo_extract.articles import Article, article_from_text, text_problem
from diplo_extract.cassette import CacheMode, Cassette, recording_label
from diplo_extract.checks import ArticleContext, checking_against
from diplo_extract.chunking import Chunk, chunk_article, chunks, combine
from diplo_extract.client import Endpoint, build_async_openai_client, build_openai_client
from diplo_extract.config import default_cache_dir
from diplo_extract.errors import BackendError, DiploExtractError
from diplo_extract.ids import with_ids
from diplo_extract.metering import Price, metering
from diplo_extract.models import ArticleResult, DiplomaticEvent, ErrorInfo, Usage
from diplo_extract.normalise import normalise_events
from diplo_extract.prompt import build_messages
from diplo_extract.repair import repair_tool_arguments
from diplo_extract.retrying import RETRY_STATUSES, RetryPolicy

#: The answer model as instructor sends it, wrapped once. instructor wraps a plain model in a
#: new class on every call, which misses its own schema cache and builds a new pydantic model:
#: about 4 ms of CPU per article (measured on replay: 16.3 -> 11.7 ms). The wrapper produces
#: the same tool schema, so the recording keys do not change.
ANSWER_MODEL = instructor.openai_schema(ExtractedEvents)


def _check_answer_model_once() -> None:
    """instructor checks the response model for async validators (which its runtime does not
    run) six or seven times per call, walking every field of every nested model each time
    (replay: 6.3 -> 4.2 ms of CPU per article). Our answer model is checked once, here (it
    raises if the model ever gains one); later checks of that same class return at once, and
    every other model is still checked by instructor's own function."""
    from instructor.v2.core import patch as instructor_patch
    from instructor.v2.validation import async_validators

    check: Callable[[Any], None] = async_validators.reject_async_validators
    if getattr(check, "_diplo_extract_wrapped", False):
        return
    check(ANSWER_MODEL)

    def reject_async_validators(response_model: Any) -> None:
        if response_model is not ANSWER_MODEL:
            check(response_model)

    reject_async_validators._diplo_extract_wrapped = True  # type: ignore[attr-defined]
    async_validators.reject_async_validators = reject_async_validators
    if getattr(instructor_patch, "reject_async_validators", None) is check:  # imported by name
        setattr(instructor_patch, "reject_async_validators", reject_async_validators)  # noqa: B010


_check_answer_model_once()


#: Longer articles are refused, not sent. The local model's context is 16,384 tokens: the
#: fixed prompt takes about 2,410, the answer up to --max-tokens (1,536) and a re-ask about
#: 1,000 more, which leaves about 11,000 tokens for the article. Measured on the recorded
#: prompts of the test articles, the Qwen tokenizer gives 2.1 characters a token for
#: Ukrainian (the fewest), 2.6-3.0 for Russian, 3.3-3.8 for German, French, Spanish and
#: Italian, 4.3-5.3 for English: 22,000 characters fit in every case. Longer articles are cut
#: into overlapping parts of this size (see chunking.py).
MAX_CHUNK_CHARS = 22_000
#: Longer inputs are refused: a 10 MB dump would be 450 model calls, not an article.
MAX_ARTICLE_CHARS = 200_000


@dataclass(frozen=True)
class Sampling:
    """Sampling settings; part of every recording key, so changing them means re-recording."""

    temperature: float = 0.0
    max_tokens: int = 768
    seed: int = 0


class ExtractorOptions(TypedDict, total=False):
    """The keywords of :class:`Extractor` and :class:`AsyncExtractor`, spelled out so that a
    misspelt one is a type error, not a ``TypeError`` at run time."""

    base_url: str | None
    model: str | None
    api_key: str | None
    local_model: str | os.PathLike[str] | None
    cache_dir: str | os.PathLike[str] | None
    cache_mode: CacheMode | str
    max_reasks: int
    sampling: Sampling | None
    timeout: float
    retry: RetryPolicy | None
    price: Price | None
    max_chars: int
    max_article_chars: int | None


@dataclass
class _Attempts:
    """What instructor's hooks learn of one article's calls: each answer adds a call to the
    article's usage (``checking.usage``, which the transports add tokens and retries to, and
    from which ``checking.last_attempt`` follows), and why the last answer failed.
    """

    checking: ArticleContext
    model: str | None = None
    last_problem: str | None = None
    #: What was wrong with the last answer before validation: (error type, explanation).
    answer_problem: tuple[str, str] | None = None
    #: The last answer's content, to tell a repeated answer (see ``ArticleContext.repeated``).
    last_answer: object = None

    @property
    def usage(self) -> Usage:
        return self.checking.usage

    def hooks(self) -> Hooks:
        hooks = Hooks()
        hooks.on("completion:response", self._on_response)
        hooks.on("parse:error", self._on_parse_error)
        return hooks

    def _on_response(self, response: Any, *args: Any, **kwargs: Any) -> None:
        repair_tool_arguments(response)  # runs before instructor parses the answer
        self.usage.attempts += 1  # which makes checking.last_attempt true on the final one
        self.model = getattr(response, "model", None) or self.model
        self.answer_problem = _answer_problem(response)
        answer = _answer_content(response)
        # a repeat makes this attempt the last (checking.last_attempt)
        self.checking.repeated = answer is not None and answer == self.last_answer
        self.last_answer = answer

    def _on_parse_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        self.last_problem = _short_validation_message(error)


def _answer_content(response: Any) -> object:
    """What an answer says, its layout aside: the first tool call's arguments as JSON (a
    re-asked model may answer the same with other spaces), else the message's text."""
    choices = getattr(response, "choices", None)
    message = getattr(choices[0], "message", None) if choices else None
    calls = getattr(message, "tool_calls", None)
    if calls:
        arguments = getattr(getattr(calls[0], "function", None), "arguments", None)
        try:
            return json.loads(arguments, strict=False) if isinstance(arguments, str) else None
        except json.JSONDecodeError:
            return arguments
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None


def _answer_problem(response: Any) -> tuple[str, str] | None:
    """Why an answer cannot hold the events at all, before validation looks at it."""
    if isinstance(response, str | bytes):
        return "InvalidJSON", "the endpoint's answer was not valid JSON (cut off?)"
    choices = getattr(response, "choices", None)
    if not choices:
        return "EmptyAnswer", "the endpoint answered with no choices"
    message = getattr(choices[0], "message", None)
    refusal = getattr(message, "refusal", None)
    if refusal:
        return "Refusal", f"the model declined: {str(refusal).strip()[:200]!r}"
    content = getattr(message, "content", None)
    if content and not getattr(message, "tool_calls", None):
        return "NoToolCall", f"the model wrote text instead of the answer: {content[:200]!r}"
    return None  # (an answer cut at max_tokens: instructor raises IncompleteOutputException)


@contextmanager
def _article_scope(article: Article, attempts: _Attempts) -> Iterator[None]:
    """While one article is extracted: its text for the validators, its usage for the meter,
    its id for the recordings."""
    with (
        checking_against(attempts.checking),
        metering(attempts.usage),
        recording_label(article.id),
    ):
        yield


def _short_validation_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}" for e in error.errors()
        )
    return str(error)


def as_article(
    article: Article | str, *, article_id: str = "article", published: dt.date | None = None
) -> Article:
    """Accept plain text as well as an :class:`Article`; anything else is a TypeError."""
    if isinstance(article, Article):
        return article
    if not isinstance(article, str):
        hint = {
            bytes: " Decode it first: text.decode('utf-8').",
            type(None): "",
        }.get(type(article), " Read files and folders with read_inputs([path]).")
        raise TypeError(
            f"The article must be its text (a str) or an Article, not "
            f"{type(article).__name__}.{hint}"
        )
    return article_from_text(article, article_id, published=published)


def _root_cause(exc: BaseException) -> BaseException:
    """Instructor wraps every failure, API errors included; find what really happened."""
    seen: set[int] = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DiploExtractError):
            return exc
        cause = exc.__cause__ or exc.__context__
        if cause is None:
            break
        if isinstance(exc, openai.APIError) and not isinstance(cause, DiploExtractError):
            break
        exc = cause
    return exc


def describe_failure(
    exc: BaseException, attempts: _Attempts, *, local: bool, retried: bool = True
) -> ErrorInfo:
    """An output-line error for a failed article; re-raises what no article can survive.

    ``local`` says the endpoint is the built-in server, so a hint never sends the user to a
    --base-url they did not give; ``retried`` that a failed request was tried again (not with
    --retries 0), so a message says "after retries" only then.
    """
    after = ", even after retries" if retried else ""
    root = _root_cause(exc)
    if isinstance(root, BackendError):
        raise root
    if isinstance(root, DiploExtractError):  # a recording missing, the local server crashed
        return ErrorInfo(type=type(root).__name__, message=str(root))
    if isinstance(root, openai.AuthenticationError):
        return ErrorInfo(
            type="AuthenticationError",
            message="The endpoint refused the API key (HTTP 401). Set OPENAI_API_KEY.",
        )
    if isinstance(root, openai.APIStatusError) and 300 <= root.status_code < 400:
        where = root.response.headers.get("location", "another address")
        return ErrorInfo(
            type="Redirected",
            message=f"The endpoint answered HTTP {root.status_code}, a redirect to {where}: "
            "give that address as --base-url (often http:// where https:// is needed).",
        )
    if isinstance(root, openai.APIStatusError):
        again = " (after retries)" if retried and root.status_code in RETRY_STATUSES else ""
        return ErrorInfo(
            type=type(root).__name__,
            message=f"The endpoint answered HTTP {root.status_code}{again}: {api_detail(root)}",
        )
    if isinstance(root, openai.APITimeoutError | httpx.TimeoutException):
        return ErrorInfo(
            type="Timeout",
            message=f"The model did not answer in time{after}; raise --timeout or try a "
            "smaller article.",
        )
    if isinstance(root, openai.APIConnectionError | httpx.TransportError):
        what, hint = (
            ("the built-in llama.cpp server", "The server is still running; rerun with --resume.")
            if local
            else ("the endpoint", "Check --base-url and that the server is running.")
        )
        return ErrorInfo(
            type="ConnectionError",
            message=f"The connection to {what} failed{after}: {str(root).rstrip('.')}. {hint}",
        )
    if isinstance(root, IncompleteOutputException):
        return ErrorInfo(
            type="MaxTokens",
            message="No events: the answer was cut off at --max-tokens before it was complete; "
            "raise --max-tokens.",
        )
    if isinstance(exc, InstructorRetryException) and attempts.answer_problem is not None:
        kind, why = attempts.answer_problem
        n = attempts.usage.attempts
        return ErrorInfo(type=kind, message=f"No events: {why} (after {n} attempt{'s' * (n > 1)}).")
    if isinstance(exc, InstructorRetryException):
        problem = attempts.last_problem or str(root)
        return ErrorInfo(
            type="ValidationFailed",
            message=f"The model's answer failed validation in all {attempts.usage.attempts} "
            f"attempts; last problem: {problem}",
        )
    return ErrorInfo(type=type(root).__name__, message=str(root))


def api_detail(error: openai.APIStatusError) -> str:
    """The API's own words for an error (its message), not the raw error body."""
    body = error.body
    if isinstance(body, dict):
        detail = body.get("message") or body.get("error") or body
        return str(detail)[:500]
    return str(error.message)[:500]


def _check_limits(
    max_reasks: int, timeout: float, max_chars: int, max_article_chars: int | None
) -> None:
    """Refuse, with what to give, limits that cannot work: ``max_chars`` 0 cut articles for
    ever, a ``timeout`` of 0 fails every request, and a negative ``max_reasks`` is no count."""
    if max_chars < 1:
        raise ValueError(
            f"max_chars must be at least 1 (characters per model call; default "
            f"{MAX_CHUNK_CHARS:,}), not {max_chars!r}."
        )
    if max_article_chars is not None and max_article_chars < 1:
        raise ValueError(
            f"max_article_chars must be at least 1, or None for no limit, not "
            f"{max_article_chars!r}."
        )
    if max_reasks < 0:
        raise ValueError(f"max_reasks must be 0 or more (0: never re-ask), not {max_reasks!r}.")
    if not timeout > 0:
        raise ValueError(f"timeout must be a number of seconds above 0, not {timeout!r}.")


class _Base:
    """What the sync and async extractors share: settings, request and result building."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        local_model: str | os.PathLike[str] | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        cache_mode: CacheMode | str = CacheMode.AUTO,
        max_reasks: int = 2,
        sampling: Sampling | None = None,
        timeout: float = 600.0,
        retry: RetryPolicy | None = None,
        price: Price | None = None,
        max_chars: int = MAX_CHUNK_CHARS,
        max_article_chars: int | None = MAX_ARTICLE_CHARS,
    ) -> None:
        _check_limits(max_reasks, timeout, max_chars, max_article_chars)
        self.endpoint = Endpoint(
            base_url=base_url,
            model=model,
            api_key=api_key,
            local_model_path=Path(local_model) if local_model else None,
            timeout=timeout,
            retry=retry or RetryPolicy(),
        )
        self.cassette = Cassette(cache_dir or default_cache_dir(), cache_mode)
        self.max_reasks = max_reasks
        self.sampling = sampling or Sampling()
        self.price = price
        self.max_chars = max_chars
        self.max_article_chars = max_article_chars

    def _refused(self, article: Article) -> ErrorInfo | None:
        """Refuse, before anything is sent, an input that cannot be an article: no visible
        text (an Article built directly skips ``article_from_text``'s check, and the model
        would be paid to read nothing) or too long to be one."""
        if (problem := text_problem(article.text)) is not None:
            return ErrorInfo(type="InputError", message=f"{article.id}: {problem}")
        if self.max_article_chars is None or len(article.text) <= self.max_article_chars:
            return None
        parts = len(article.text) // self.max_chars + 1
        return ErrorInfo(
            type="ArticleTooLong",
            message=f"The article has {len(article.text):,} characters, more than "
            f"--max-article-chars ({self.max_article_chars:,}); it would take about {parts:,} "
            "model calls. Split it, or raise --max-article-chars.",
        )

    def parts(self, article: Article) -> list[tuple[Chunk, Article]]:
        """The article's parts, when it is longer than one prompt may be (else none)."""
        if len(article.text) <= self.max_chars:
            return []
        windows = chunks(article.text, self.max_chars)
        return [(c, chunk_article(article, c, n)) for n, c in enumerate(windows)]

    @property
    def model(self) -> str:
        return self.endpoint.model_name

    def _attempts(self, article: Article) -> _Attempts:
        checking = ArticleContext(article.text, article.published, max_attempts=self.max_reasks + 1)
        return _Attempts(checking=checking)

    def _request(self, article: Article, attempts: _Attempts) -> dict[str, Any]:
        return {
            "response_model": ANSWER_MODEL,
            "messages": build_messages(article),
            "model": self.endpoint.model_name,
            "max_retries": self.max_reasks,
            "hooks": attempts.hooks(),
            "temperature": self.sampling.temperature,
            "max_tokens": self.sampling.max_tokens,
            "seed": self.sampling.seed,
        }

    def _unexpected(self, article: Article, attempts: _Attempts, exc: Exception) -> ArticleResult:
        """What no check foresaw (a bug, an input field of an odd type) becomes the article's
        error line, not a crash of the run; a backend that cannot run still stops it."""
        if isinstance(exc, BackendError):
            raise exc
        error = ErrorInfo(
            type="InternalError",
            message=f"{type(exc).__name__}: {str(exc)[:300]} (not expected: please report it "
            "with this line; --resume retries the article).",
        )
        return ArticleResult(
            article_id=article.id,
            source=article.source,
            language=None,
            published=article.published.isoformat() if article.published else None,
            model=self.endpoint.model_name,
            usage=attempts.usage,
            error=error,
        )

    def _failure(self, exc: BaseException, attempts: _Attempts) -> ErrorInfo:
        return describe_failure(
            exc, attempts, local=self.endpoint.is_local, retried=self.endpoint.retry.attempts > 1
        )

    def _result(
        self,
        article: Article,
        attempts: _Attempts,
        events: list[DiplomaticEvent] | None = None,
        error: ErrorInfo | None = None,
    ) -> ArticleResult:
        if self.price is not None:
            attempts.usage.cost = self.price.cost(attempts.usage)
        return ArticleResult(
            article_id=article.id,
            source=article.source,
            language=article.language,
            published=article.published.isoformat() if article.published else None,
            url=article.url,
            title=article.title,
            events=with_ids(article.id, events or []),
            model=attempts.model or self.endpoint.model_name,
            coder=CODER,
            coded_date=dt.datetime.now(dt.UTC).date().isoformat(),
            usage=attempts.usage,
            error=error,
        )


class Extractor(_Base):
    """Extract events from many articles with one client (and one local server)."""

    def __init__(
        self, *, network: httpx.BaseTransport | None = None, **settings: Unpack[ExtractorOptions]
    ) -> None:
        super().__init__(**settings)
        self._client = instructor.from_openai(
            build_openai_client(self.endpoint, self.cassette, network), mode=instructor.Mode.TOOLS
        )

    def extract(
        self,
        article: Article | str,
        *,
        article_id: str = "article",
        published: dt.date | None = None,
    ) -> ArticleResult:
        """All diplomatic events of one article (possibly none), or the error that stopped it."""
        article = as_article(article, article_id=article_id, published=published)
        attempts = self._attempts(article)
        try:
            return self._extract(article, attempts)
        except Exception as exc:  # one article never sinks a run: see _unexpected
            return self._unexpected(article, attempts, exc)

    def _extract(self, article: Article, attempts: _Attempts) -> ArticleResult:
        if refused := self._refused(article):
            return self._result(article, attempts, error=refused)
        if parts := self.parts(article):
            return combine(article, [(chunk, self.extract(part)) for chunk, part in parts])
        try:
            with _article_scope(article, attempts):
                answer = self._client.chat.completions.create(**self._request(article, attempts))
            events = normalise_events(answer, article)
        except Exception as exc:
            return self._result(article, attempts, error=self._failure(exc, attempts))
        return self._result(article, attempts, events)

    def close(self) -> None:
        self._client.client.close()  # type: ignore[union-attr]
        self.endpoint.close()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncExtractor(_Base):
    """The asyncio twin of :class:`Extractor`: many articles in flight on one client.

    ``requests_per_minute`` and ``tokens_per_minute`` hold requests to the endpoint's quota;
    ``max_connections`` should be at least the number of articles run at once.
    """

    def __init__(
        self,
        *,
        network: httpx.AsyncBaseTransport | None = None,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        max_connections: int = 100,
        **settings: Unpack[ExtractorOptions],
    ) -> None:
        super().__init__(**settings)
        client = build_async_openai_client(
            self.endpoint,
            self.cassette,
            network,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
            max_connections=max_connections,
        )
        self._client = instructor.from_openai(client, mode=instructor.Mode.TOOLS)

    async def extract(
        self,
        article: Article | str,
        *,
        article_id: str = "article",
        published: dt.date | None = None,
    ) -> ArticleResult:
        """All diplomatic events of one article (possibly none), or the error that stopped it."""
        article = as_article(article, article_id=article_id, published=published)
        attempts = self._attempts(article)
        try:
            return await self._extract(article, attempts)
        except Exception as exc:  # one article never sinks a run: see _unexpected
            return self._unexpected(article, attempts, exc)

    async def _extract(self, article: Article, attempts: _Attempts) -> ArticleResult:
        if refused := self._refused(article):
            return self._result(article, attempts, error=refused)
        if parts := self.parts(article):
            return combine(article, [(chunk, await self.extract(part)) for chunk, part in parts])
        try:
            with _article_scope(article, attempts):
                answer = await self._client.chat.completions.create(
                    **self._request(article, attempts)
                )
            events = normalise_events(answer, article)
        except Exception as exc:
            return self._result(article, attempts, error=self._failure(exc, attempts))
        return self._result(article, attempts, events)

    async def aclose(self) -> None:
        await self._client.client.close()  # type: ignore[union-attr]
        self.endpoint.close()

    async def __aenter__(self) -> AsyncExtractor:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def extract(
    article: Article | str,
    *,
    article_id: str = "article",
    published: dt.date | None = None,
    **settings: Unpack[ExtractorOptions],
) -> ArticleResult:
    """Extract one article with a throw-away :class:`Extractor` (settings as its keywords)."""
    with Extractor(**settings) as extractor:
        return extractor.extract(article, article_id=article_id, published=published)


async def aextract(
    article: Article | str,
    *,
    article_id: str = "article",
    published: dt.date | None = None,
    **settings: Unpack[ExtractorOptions],
) -> ArticleResult:
    """The async twin of :func:`extract`."""
    async with AsyncExtractor(**settings) as extractor:
        return await extractor.extract(article, article_id=article_id, published=published)
