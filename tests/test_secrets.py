"""No API key, Authorization header or organisation id in recordings, logs or error lines."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo_extract import Article, Extractor, RetryPolicy
from diplo_extract.cli import main

from .conftest import ARTICLES, LOOPBACK_MODEL, ROOT
from .loopback import Fault, LoopbackServer

KEY = "sk-test-0123456789abcdefghijSECRET"
ORG = "org-SECRETorganisation42"
ARTICLE = "101_en_fidan_lavrov_call"
#: What a credential looks like, wherever it came from.
CREDENTIALS = re.compile(
    r"sk-[A-Za-z0-9_-]{16,}|org-[A-Za-z0-9]{16,}|Bearer\s+\S{8,}|authorization|"
    r"openai-organization",
    re.IGNORECASE,
)


def _assert_clean(text: str, where: str) -> None:
    assert KEY not in text and ORG not in text, where
    found = CREDENTIALS.findall(text)
    assert not found, f"{where}: {found[:3]}"


def test_no_fixture_holds_a_credential() -> None:
    files = [p for p in (ROOT / "fixtures").rglob("*") if p.is_file()]
    assert len(files) > 40
    for path in files:
        _assert_clean(path.read_text(encoding="utf-8", errors="replace"), str(path))


def test_an_endpoint_that_echoes_the_key_leaks_it_nowhere(
    loopback: LoopbackServer,
    seeds: dict[str, Article],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", ORG)
    caplog.set_level(logging.DEBUG)
    loopback.inject(Fault("auth", status=400))  # "Incorrect API key provided: sk-… org-…"
    loopback.inject(Fault("auth", status=503), 2)  # echoed in a retried error, too
    cache = tmp_path / "cache"
    retry = RetryPolicy(attempts=2, initial_wait=0.01)
    with Extractor(base_url=loopback.base_url, model=LOOPBACK_MODEL, api_key=KEY,
                   cache_dir=cache, cache_mode="record", retry=retry) as extractor:  # fmt: skip
        refused = extractor.extract(seeds[ARTICLE])
        failed = extractor.extract(seeds[ARTICLE])
        recorded = extractor.extract(seeds[ARTICLE])
    sent = loopback.chat_requests[0]
    assert sent["authorization"] == f"Bearer {KEY}" and sent["openai-organization"] == ORG
    assert refused.error is not None and "[redacted]" in refused.error.message
    assert failed.error is not None and recorded.error is None
    for result in (refused, failed, recorded):
        _assert_clean(result.model_dump_json(), "error line")
    _assert_clean(caplog.text, "logs")
    assert caplog.text  # instructor and the retry transport did log the failures
    recordings = list(cache.glob("*.json"))
    assert recordings and not list(cache.glob("*.tmp"))  # written whole, atomically
    for path in recordings:
        _assert_clean(path.read_text(encoding="utf-8"), str(path))


def test_the_cli_prints_no_credential(
    loopback: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", ORG)
    loopback.inject(Fault("auth", status=400))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / f"{ARTICLE}.txt"), "--base-url", str(loopback.base_url),
         "--model", LOOPBACK_MODEL, "--cache-mode", "off", "-o", str(out), "-v"],
        env={"OPENAI_API_KEY": KEY, "COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 1
    _assert_clean(result.output, "CLI output")
    _assert_clean(out.read_text(encoding="utf-8"), "JSONL")


def test_a_200_answer_that_echoes_the_key_is_redacted_before_anything_reads_it(
    loopback: LoopbackServer,
    seeds: dict[str, Article],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the answer's text and, JSON-escaped, in another field; recorded, logged, quoted."""
    monkeypatch.setenv("OPENAI_ORG_ID", ORG)
    caplog.set_level(logging.DEBUG)
    loopback.inject(Fault("echo"), 3)
    cache = tmp_path / "cache"
    with Extractor(base_url=loopback.base_url, model=LOOPBACK_MODEL, api_key=KEY,
                   cache_dir=cache, cache_mode="record") as extractor:  # fmt: skip
        result = extractor.extract(seeds[ARTICLE])
    assert result.error is not None and result.error.type == "NoToolCall"
    assert "You sent the key [redacted] for [redacted]" in result.error.message
    _assert_clean(result.model_dump_json(), "error line")
    _assert_clean(caplog.text, "logs")
    recordings = list(cache.glob("*.json"))
    assert recordings
    for path in recordings:
        _assert_clean(path.read_text(encoding="utf-8"), str(path))


def test_a_password_in_the_base_url_is_refused() -> None:
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / f"{ARTICLE}.txt"), "--model", "m",
         "--base-url", f"http://user:{KEY}@127.0.0.1:9/v1"],
    )  # fmt: skip
    assert result.exit_code == 2 and "must not hold a user name or password" in result.output
    _assert_clean(result.output, "CLI output")


def test_the_batch_api_client_redacts_echoed_credentials() -> None:
    """Its errors ("Incorrect API key provided: sk-…") become messages the CLI prints."""
    import httpx

    from diplo_extract.client import Endpoint, build_api_client

    def echo(request: httpx.Request) -> httpx.Response:
        key = request.headers["authorization"].removeprefix("Bearer ")
        return httpx.Response(401, json={"error": {"message": f"Incorrect API key: {key}"}})

    client = build_api_client(Endpoint(base_url="http://127.0.0.1:9/v1", model="m", api_key=KEY))
    wire = client._client._transport.inner  # type: ignore[attr-defined]
    wire.inner = httpx.MockTransport(echo)
    with pytest.raises(Exception) as raised:
        client.batches.retrieve("batch_1")
    _assert_clean(str(raised.value), "Batch API error")
    assert "[redacted]" in str(raised.value)
