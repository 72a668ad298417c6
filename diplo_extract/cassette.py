"""Record and replay LLM exchanges at the HTTP layer.

A cassette is a folder of JSON files, one per exchange, named by the sha256 of the canonical
request: method, endpoint path (not the host, so a local server on a random port replays), and
the JSON body with sorted keys (model, messages, tools and schema, sampling parameters). The
file keeps the request body, the raw response body and the model that answered; request headers
are never stored, so no API key can leak into a recording.

Because replay happens below the openai client, a replayed answer goes through exactly the same
parsing, validation and re-asking as a live one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import Any

import httpx

from diplo_extract.errors import CassetteMiss, DiploExtractError
from diplo_extract.metering import count_answer
from diplo_extract.redaction import redact_body, request_secrets

logger = logging.getLogger("diplo_extract")

#: The article the exchanges in this context belong to, stored in their recordings for people
#: reading fixtures. A context variable (each asyncio task has its own), never a header: an
#: article id in any script must not reach HTTP, whose headers take Latin-1 only.
_label: ContextVar[str | None] = ContextVar("diplo_extract_recording_label", default=None)


@contextmanager
def recording_label(label: str) -> Iterator[None]:
    """Label every recording made inside the block with ``label`` (an article id)."""
    token = _label.set(label)
    try:
        yield
    finally:
        _label.reset(token)


class DamagedRecording(DiploExtractError):
    """A recording file that cannot be read back (cut short, edited, not a recording)."""

    def __init__(self, path: Path, problem: BaseException) -> None:
        self.path = path
        if isinstance(problem, KeyError):
            why = f"it has no {problem.args[0]!r}"
        else:
            why = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
        super().__init__(
            f"The recording {path} is damaged ({why}). Delete it, or run with --cache-mode "
            "auto, which asks the model again and records the answer in its place."
        )


class CacheMode(StrEnum):
    """How recordings are used."""

    REPLAY = "replay"  # only recordings; a miss is an error
    RECORD = "record"  # always call the model and (re)write the recording
    AUTO = "auto"  # replay hits, call the model and record misses
    OFF = "off"  # never read or write recordings


#: Re-ask messages quote pydantic errors, which end in a docs URL carrying pydantic's version
#: (errors.pydantic.dev/2.13/v/...). It means nothing to the model, so it is dropped from the
#: key; otherwise every pydantic upgrade would orphan the recordings of re-asked articles.
_VERSIONED_DOCS_URL = re.compile(r"https://errors\.pydantic\.dev/[0-9.]+/")


def _without_versions(value: Any) -> Any:
    if isinstance(value, str):
        return _VERSIONED_DOCS_URL.sub("https://errors.pydantic.dev/", value)
    if isinstance(value, list):
        return [_without_versions(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_versions(item) for key, item in value.items()}
    return value


def canonical_request(request: httpx.Request) -> dict[str, Any]:
    """The parts of a request that decide the answer, in a stable form."""
    body: Any
    try:
        body = json.loads(request.content) if request.content else None
    except ValueError:
        body = request.content.decode("utf-8", "replace")
    return canonical_parts(request.method, request.url.path, body)


def canonical_parts(method: str, path: str, body: Any) -> dict[str, Any]:
    """The canonical form of a request given as method, URL path and JSON body."""
    return {"method": method, "path": path, "body": _without_versions(body)}


def canonical_key(canonical: dict[str, Any]) -> str:
    """sha256 of a canonical request; also recomputes keys of stored recordings."""
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def request_key(request: httpx.Request) -> str:
    return canonical_key(canonical_request(request))


class Cassette:
    """A folder of recorded exchanges and the mode in which it is used."""

    def __init__(self, directory: str | os.PathLike[str], mode: CacheMode | str = CacheMode.AUTO):
        self.directory = Path(directory)
        self.mode = CacheMode(mode)
        self._unwritable = False  # said once, not for every answer

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def lookup(self, request: httpx.Request) -> httpx.Response | None:
        """The recorded response, None to go to the network, or CassetteMiss in replay mode."""
        if self.mode in (CacheMode.OFF, CacheMode.RECORD):
            return None
        key = request_key(request)
        path = self.path_for(key)
        if not path.is_file():
            if self.mode is CacheMode.REPLAY:
                raise CassetteMiss(key, str(self.directory))
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            status, body = entry["response"]["status"], entry["response"]["body"]
            if not isinstance(status, int):
                raise TypeError("its response has no status")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            damaged = DamagedRecording(path, exc)
            if self.mode is CacheMode.REPLAY:
                raise damaged from None
            logger.warning("%s Asking the model again; the answer replaces it.", damaged)
            return None
        count_answer(body, replayed=True)
        return _json_response(status, body, request)

    def record(
        self, request: httpx.Request, status: int, body: bytes, label: str | None
    ) -> httpx.Response:
        """Store a live exchange that answered (see :func:`_is_completion`), count its
        tokens as spend, and return it. The body loses any credential it echoes, whatever the
        status: nothing downstream (the openai client, instructor, error lines, the recording)
        ever sees one."""
        body = redact_body(body, request_secrets(request))
        try:
            parsed: Any = json.loads(body)
        except ValueError:
            parsed = body.decode("utf-8", "replace")
        count_answer(parsed, replayed=False)
        if self.mode in (CacheMode.RECORD, CacheMode.AUTO) and _is_completion(status, parsed):
            try:
                self.store(canonical_request(request), parsed, label)
            except OSError as exc:  # the answer is paid for: use it, unrecorded
                if not self._unwritable:
                    logger.warning(
                        "Cannot write recordings to %s (%s); going on without recording. Give "
                        "--cache-dir a writable folder, or --cache-mode off.",
                        self.directory,
                        exc.strerror or exc,
                    )
                self._unwritable = True
        return _json_response(status, parsed, request)

    def store(self, canonical: dict[str, Any], body: Any, label: str | None) -> Path:
        """Write the answer ``body`` to the request ``canonical`` (see :func:`canonical_request`).

        Besides live exchanges, this stores answers that came another way, e.g. from the
        OpenAI Batch API, so that they replay through the same validation as live ones.
        """
        key = canonical_key(canonical)
        entry = {
            "key": key,
            "article_id": label,
            "model": body.get("model") if isinstance(body, dict) else None,
            "recorded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "request": canonical,
            "response": {"status": 200, "body": body},
        }
        path = self.path_for(key)
        self._write(path, entry)
        return path

    def _write(self, path: Path, entry: dict[str, Any]) -> None:
        """Write atomically, so an interrupted run never leaves half a recording."""
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(entry, ensure_ascii=False, indent=1) + "\n"
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp"
        ) as tmp:
            tmp.write(text)
        os.replace(tmp.name, path)


def _is_completion(status: int, body: Any) -> bool:
    """Worth replaying: a successful answer with choices. A body cut short, or an error sent
    with HTTP 200, would otherwise be replayed on every rerun, and --resume never get past it."""
    return 200 <= status < 300 and isinstance(body, dict) and bool(body.get("choices"))


def _json_response(status: int, body: Any, request: httpx.Request) -> httpx.Response:
    if isinstance(body, str):
        return httpx.Response(status, text=body, request=request)
    return httpx.Response(status, json=body, request=request)


class CassetteTransport(httpx.BaseTransport):
    """Serve requests from a cassette, sending misses to ``inner`` (and recording them)."""

    def __init__(self, cassette: Cassette, inner: httpx.BaseTransport) -> None:
        self.cassette = cassette
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        hit = self.cassette.lookup(request)
        if hit is not None:
            return hit
        response = self.inner.handle_request(request)
        try:
            body = response.read()
        finally:
            response.close()
        return self.cassette.record(request, response.status_code, body, _label.get())

    def close(self) -> None:
        self.inner.close()


class AsyncCassetteTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`CassetteTransport`."""

    def __init__(self, cassette: Cassette, inner: httpx.AsyncBaseTransport) -> None:
        self.cassette = cassette
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        hit = self.cassette.lookup(request)
        if hit is not None:
            return hit
        response = await self.inner.handle_async_request(request)
        try:
            body = await response.aread()
        finally:
            await response.aclose()
        return self.cassette.record(request, response.status_code, body, _label.get())

    async def aclose(self) -> None:
        await self.inner.aclose()
