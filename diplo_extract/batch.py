"""The OpenAI Batch API: half the price, a day's turnaround, no rate limits to manage.

    prepare   articles → a JSONL of requests, one per article, ``custom_id`` = article id
    submit    upload it and start a batch
    status    how far the batch is
    collect   download the answers and extract from them, as a live run would

``prepare`` builds each request exactly as a live run's first call to the model: instructor
and the openai client build it, and a transport takes it off the wire instead of sending it.
``collect`` stores each answer in the recordings under that request's key, then runs the
ordinary extraction, which replays it: the answers go through the same parsing, validation,
grounding and normalisation as live ones, and an answer that fails validation is re-asked
like any other (live, unless ``--cache-mode replay``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpx
import openai

from diplo_extract.articles import Article, InputProblem
from diplo_extract.cassette import CacheMode, Cassette, canonical_parts
from diplo_extract.errors import DiploExtractError
from diplo_extract.extract import Extractor, api_detail
from diplo_extract.redaction import client_secrets, redact_text, redact_value
from diplo_extract.runner import RunSettings

CHAT_COMPLETIONS: Final = "/v1/chat/completions"


class BatchError(DiploExtractError):
    """A batch cannot be prepared, submitted or collected; the message says why."""


class _Captured(Exception):
    """Raised by :class:`_CaptureTransport` so that nothing is sent."""


class _CaptureTransport(httpx.BaseTransport):
    """Keep the first request of each article instead of sending it."""

    def __init__(self) -> None:
        self.request: httpx.Request | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.request is None:
            self.request = request
        raise _Captured("request captured for the batch file")


def describe_api_error(exc: openai.APIError) -> str:
    """What the Files or Batch API answered, in words: a refused key as live runs say it,
    else the status and the API's own message, never its raw error body."""
    if isinstance(exc, openai.AuthenticationError):
        return "The Batch API refused the API key (HTTP 401). Set OPENAI_API_KEY."
    if isinstance(exc, openai.APIStatusError):
        return f"The Batch API refused: HTTP {exc.status_code}: {api_detail(exc)}"
    if isinstance(exc, openai.APIConnectionError):  # timeouts too: nothing was refused
        return (
            f"Could not reach the Batch API at {exc.request.url}: {exc.message} Check "
            "--base-url and the network, then run the command again."
        )
    return f"The Batch API refused: {exc.message}"


def prepare_requests(
    items: Iterable[Article | InputProblem], settings: RunSettings
) -> Iterator[dict[str, Any] | InputProblem]:
    """One Batch API request line per article; unreadable inputs come back as they are.

    The extractor is built from ``settings`` as a live run builds it, so that each request
    is the one the run would send; the recordings are not used.
    """
    capture = _CaptureTransport()
    if settings.base_url is None:
        raise BatchError("A batch needs an endpoint with a Batch API: give base_url.")
    options = settings.extractor_options()
    options["cache_mode"] = CacheMode.OFF
    with Extractor(**options, network=capture) as extractor:
        for item in items:
            if isinstance(item, InputProblem):
                yield item
                continue
            # A long article is asked in parts, as extraction will replay it: one request each.
            for piece in [part for _, part in extractor.parts(item)] or [item]:
                capture.request = None
                result = extractor.extract(piece)  # fails by design once the request is captured
                request = capture.request
                if request is None:
                    why = result.error.message if result.error else "no request was built"
                    yield InputProblem(item.id, item.source or item.id, why)
                    break
                yield {
                    "custom_id": piece.id,
                    "method": request.method,
                    "url": request.url.path,
                    "body": json.loads(request.content),
                }


def submit(client: openai.OpenAI, requests_file: Path, description: str | None = None) -> Any:
    """Upload ``requests_file`` and create a batch over it; returns the Batch object."""
    with requests_file.open("rb") as stream:
        uploaded = client.files.create(file=stream, purpose="batch")
    metadata = {"created_by": "diplo-extract"}
    if description:
        metadata["description"] = description
    return client.batches.create(
        input_file_id=uploaded.id,
        endpoint=CHAT_COMPLETIONS,
        completion_window="24h",
        metadata=metadata,
    )


@dataclass
class Collected:
    """What a finished batch gave: answers stored as recordings, and requests that failed."""

    stored: int
    failed: dict[str, str]  # custom_id → why


def collect_answers(client: openai.OpenAI, batch_id: str, cassette: Cassette) -> Collected:
    """Store every answer of batch ``batch_id`` in ``cassette`` under its request's key."""
    batch = client.batches.retrieve(batch_id)
    if batch.status == "failed":
        errors = getattr(getattr(batch, "errors", None), "data", None) or []
        why = "; ".join(str(getattr(e, "message", e)) for e in errors[:3]) or "no reason given"
        raise BatchError(
            f"Batch {batch_id} failed and will not finish ({why}). Fix the requests and "
            "submit a new batch."
        )
    if batch.status not in ("completed", "expired", "cancelled"):
        raise BatchError(
            f"Batch {batch_id} is {batch.status}, not finished; check again later with "
            f"`diplo-extract batch status {batch_id}`."
        )
    secrets = client_secrets(client)

    def rows_of(file_id: str) -> list[dict[str, Any]]:
        # answers may echo the key (see redaction.py) like any live answer
        text = redact_text(client.files.content(file_id).text, secrets)
        return [redact_value(row, secrets) for row in _jsonl(text)]

    requests = {row["custom_id"]: row for row in rows_of(batch.input_file_id)}
    results = []
    for file_id in (batch.output_file_id, batch.error_file_id):
        if file_id:
            results.extend(rows_of(file_id))
    collected = Collected(stored=0, failed={})
    for row in results:
        custom_id = row.get("custom_id")
        response = _response_of(row)
        if not isinstance(custom_id, str) or custom_id not in requests:
            continue
        request = requests[custom_id]
        if response.get("status_code") != 200 or row.get("error") or "body" not in response:
            collected.failed[custom_id] = _failure(row)
            continue
        canonical = canonical_parts(request["method"], request["url"], request["body"])
        cassette.store(canonical, response["body"], custom_id)
        collected.stored += 1
    for custom_id in requests.keys() - {row.get("custom_id") for row in results}:
        collected.failed[custom_id] = f"no answer in the batch (status {batch.status})"
    return collected


def _response_of(row: dict[str, Any]) -> dict[str, Any]:
    response = row.get("response")
    return response if isinstance(response, dict) else {}


def _failure(row: dict[str, Any]) -> str:
    """Why a batch request failed, from whatever shape its row has."""
    response = _response_of(row)
    body = response.get("body")
    error = row.get("error") or (body.get("error") if isinstance(body, dict) else body)
    status = response.get("status_code")
    message = error.get("message") if isinstance(error, dict) else error
    return f"HTTP {status}: {message}" if status else str(message or "no answer")


def _jsonl(text: str) -> list[dict[str, Any]]:
    """The object rows of a batch file; a line that is not one is left out, not fatal."""
    rows = []
    for line in text.splitlines():
        try:
            row = json.loads(line) if line.strip() else None
        except ValueError:
            continue
        if isinstance(row, dict):
            rows.append(row)
    return rows
