"""Build the openai client and the HTTP transport stack under it.

    openai client (max_retries=0)
      └ CassetteTransport       replay / record exchanges
          └ RetryTransport      429 / 5xx / timeouts, with backoff and jitter
              └ AsyncRateLimitTransport  --rpm / --tpm (async client only)
                  └ LocalServerTransport (local backend: start llama.cpp on first use)
                      └ ResponseLimitsTransport  answers read whole: --timeout, size, JSON
                          └ httpx.HTTPTransport

The cassette sits on top so that a replayed answer never waits on a rate limit, starts, or
retries a server; the limits sit below the retries so that every request sent is counted.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openai

from diplo_extract.cassette import (
    AsyncCassetteTransport,
    Cassette,
    CassetteTransport,
)
from diplo_extract.local import LocalServer
from diplo_extract.ratelimit import AsyncRateLimitTransport
from diplo_extract.responses import AsyncResponseLimitsTransport, ResponseLimitsTransport
from diplo_extract.retrying import AsyncRetryTransport, RetryPolicy, RetryTransport

#: Base URL of the local backend; the host is a placeholder rewritten to the server's port.
LOCAL_BASE_URL = "http://llama.local/v1"
NO_KEY = "not-needed"


@dataclass
class Endpoint:
    """Where requests go: an OpenAI-compatible URL and model, or the local llama.cpp server."""

    base_url: str | None = None
    model: str | None = None
    api_key: str | None = None
    local_model_path: Path | None = None
    timeout: float = 600.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    server: LocalServer | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.base_url is not None and httpx.URL(self.base_url).userinfo:
            raise ValueError(
                "--base-url must not hold a user name or password: httpx would send them as "
                "Basic authentication in place of the API key, and they would show in messages. "
                "Pass the key with OPENAI_API_KEY."
            )
        if self.base_url is None:
            self.server = LocalServer(self.local_model_path)
            self.model = self.model or self.server.model_name
        elif self.model is None:
            raise ValueError("--model is required with --base-url (e.g. --model gpt-4o-mini).")

    @property
    def is_local(self) -> bool:
        return self.server is not None

    @property
    def model_name(self) -> str:
        assert self.model is not None
        return self.model

    def key(self) -> str:
        """The API key: explicit, else OPENAI_API_KEY, else a dummy (local servers need none)."""
        return self.api_key or os.environ.get("OPENAI_API_KEY") or NO_KEY

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()


def _to_local(request: httpx.Request, port: int) -> None:
    request.url = request.url.copy_with(scheme="http", host="127.0.0.1", port=port)
    request.headers["host"] = f"127.0.0.1:{port}"


class LocalServerTransport(httpx.BaseTransport):
    """Start the local server on the first request that reaches it, then route to it.

    A request that fails because the server died raises the server's crash
    (:class:`~diplo_extract.local.LocalServerCrashed`), which is not retried: restarting a
    server that crashes on a request only crashes it again.
    """

    def __init__(self, server: LocalServer, inner: httpx.BaseTransport) -> None:
        self.server = server
        self.inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        port = self.server.ensure_started()
        _to_local(request, port)
        try:
            response = self.inner.handle_request(request)
        except httpx.TransportError as error:
            if crash := self.server.crash_behind(port):
                raise crash from error
            raise
        self.server.answered()
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncLocalServerTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`LocalServerTransport` (starts the server in a thread)."""

    def __init__(self, server: LocalServer, inner: httpx.AsyncBaseTransport) -> None:
        self.server = server
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        port = await asyncio.to_thread(self.server.ensure_started)
        _to_local(request, port)
        try:
            response = await self.inner.handle_async_request(request)
        except httpx.TransportError as error:
            if crash := await asyncio.to_thread(self.server.crash_behind, port):
                raise crash from error
            raise
        self.server.answered()
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _client_options(endpoint: Endpoint) -> dict[str, Any]:
    """openai client settings shared by the sync and async clients; its retries are off."""
    return {
        "base_url": endpoint.base_url or LOCAL_BASE_URL,
        "api_key": endpoint.key(),
        "max_retries": 0,
        "timeout": endpoint.timeout,
    }


def build_openai_client(
    endpoint: Endpoint, cassette: Cassette, network: httpx.BaseTransport | None = None
) -> openai.OpenAI:
    """A sync openai client on the full transport stack (``network`` replaces the wire in tests)."""
    transport: httpx.BaseTransport = ResponseLimitsTransport(
        network or httpx.HTTPTransport(), endpoint.timeout
    )
    if endpoint.server is not None:
        transport = LocalServerTransport(endpoint.server, transport)
    transport = CassetteTransport(cassette, RetryTransport(transport, endpoint.retry))
    http_client = httpx.Client(transport=transport, timeout=endpoint.timeout)
    return openai.OpenAI(**_client_options(endpoint), http_client=http_client)


def build_async_openai_client(
    endpoint: Endpoint,
    cassette: Cassette,
    network: httpx.AsyncBaseTransport | None = None,
    *,
    requests_per_minute: float | None = None,
    tokens_per_minute: float | None = None,
    max_connections: int = 100,
) -> openai.AsyncOpenAI:
    """The async twin of :func:`build_openai_client`, with optional rate limits.

    ``max_connections`` must be at least the concurrency, or requests queue for a connection
    inside httpx, unseen and unlimited by anything here.
    """
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    transport: httpx.AsyncBaseTransport = AsyncResponseLimitsTransport(
        network or httpx.AsyncHTTPTransport(limits=limits), endpoint.timeout
    )
    if endpoint.server is not None:
        transport = AsyncLocalServerTransport(endpoint.server, transport)
    if requests_per_minute or tokens_per_minute:
        transport = AsyncRateLimitTransport(
            transport,
            requests_per_minute=requests_per_minute,
            tokens_per_minute=tokens_per_minute,
        )
    transport = AsyncCassetteTransport(cassette, AsyncRetryTransport(transport, endpoint.retry))
    http_client = httpx.AsyncClient(transport=transport, timeout=endpoint.timeout)
    return openai.AsyncOpenAI(**_client_options(endpoint), http_client=http_client)


def build_api_client(endpoint: Endpoint) -> openai.OpenAI:
    """An openai client for the Files and Batch APIs: retried, never recorded, and with the
    same reading of answers (credentials redacted, HTML named) but no size cap: a batch's
    output file may be large."""
    wire = ResponseLimitsTransport(httpx.HTTPTransport(), endpoint.timeout, max_bytes=None)
    transport = RetryTransport(wire, endpoint.retry)
    http_client = httpx.Client(transport=transport, timeout=endpoint.timeout)
    return openai.OpenAI(**_client_options(endpoint), http_client=http_client)
