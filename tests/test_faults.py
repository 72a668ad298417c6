"""Faults at the endpoint: each is retried, or reported as an error line with a clear type.

The endpoint is the loopback server answering with the real recordings; each fault replaces
its answer to the next requests. Nothing is lost (every article gets its line), attempts are
bounded (transport retries x model attempts), and the exit status says whether any failed.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo_extract import Article, Extractor, RetryPolicy
from diplo_extract.cli import main

from .conftest import ARTICLES, LOOPBACK_MODEL
from .loopback import Fault, LoopbackServer, Recordings, serve_in_thread

ARTICLE = "101_en_fidan_lavrov_call"
#: Transport tries per request, and model attempts (1 + re-asks) per article.
TRIES, ATTEMPTS = 3, 3
MANY = 20  # a fault that does not go away


@pytest.fixture
def server(recordings: Recordings) -> LoopbackServer:
    """The loopback endpoint; a re-ask after a spoiled answer gets the recorded answer."""
    with serve_in_thread(recordings, answer_reasks=True) as (_, served):
        yield served  # type: ignore[misc]


def _extract(server: LoopbackServer, article: Article, timeout: float = 5.0) -> object:
    retry = RetryPolicy(attempts=TRIES, initial_wait=0.01, max_wait=0.02)
    with Extractor(base_url=server.base_url, model=LOOPBACK_MODEL, api_key="test",
                   cache_mode="off", timeout=timeout, retry=retry,
                   max_reasks=ATTEMPTS - 1) as extractor:  # fmt: skip
        return extractor.extract(article)


RECOVERED = {
    "429 with Retry-After": Fault("status", status=429, headers={"retry-after": "0"}),
    "500": Fault("status", status=500),
    "503": Fault("status", status=503),
    "timeout": Fault("delay", seconds=1.5),
    "connection reset": Fault("reset"),
    "truncated JSON": Fault("truncated"),
    "JSON that violates the schema": Fault("schema"),
    "text instead of the tool call": Fault("text"),
}


@pytest.mark.parametrize("name", RECOVERED)
def test_a_passing_fault_is_retried_and_the_article_comes_out_whole(
    server: LoopbackServer, seeds: dict[str, Article], replayer: Extractor, name: str
) -> None:
    server.inject(RECOVERED[name])
    result = _extract(server, seeds[ARTICLE], timeout=1.0)
    expected = replayer.extract(seeds[ARTICLE])
    assert result.error is None, result.error  # type: ignore[attr-defined]
    assert result.events == expected.events  # type: ignore[attr-defined]
    assert len(server.chat_requests) == 2  # the faulty answer, then the good one


def test_a_slow_answer_within_the_timeout_is_simply_awaited(
    server: LoopbackServer, seeds: dict[str, Article]
) -> None:
    server.inject(Fault("delay", seconds=0.3))
    result = _extract(server, seeds[ARTICLE], timeout=1.0)
    assert result.error is None and len(server.chat_requests) == 1  # type: ignore[attr-defined]


FAILING = {
    "429 that never ends": (Fault("status", status=429, headers={"retry-after": "0"}),
                            "RateLimitError", TRIES),
    "503 that never ends": (Fault("status", status=503), "InternalServerError", TRIES),
    "endless timeouts": (Fault("delay", seconds=1.5), "Timeout", TRIES),
    "connection always reset": (Fault("reset"), "ConnectionError", TRIES),
    "always truncated JSON": (Fault("truncated"), "InvalidJSON", ATTEMPTS),
    "always breaks the schema": (Fault("schema"), "ValidationFailed", ATTEMPTS),
    "empty choices": (Fault("empty_choices"), "EmptyAnswer", 1),
    "refusal": (Fault("refusal"), "Refusal", 1),
    "text instead of the tool call": (Fault("text"), "NoToolCall", ATTEMPTS),
    "answer cut at max_tokens (not re-asked)": (Fault("length"), "MaxTokens", 1),
    "API key refused": (Fault("auth"), "AuthenticationError", 1),
    "a byte a second after the headers": (Fault("trickle", seconds=0.4), "Timeout", TRIES),
    "a gzip body that unpacks to 20 MB": (Fault("bomb", size=20_000_000),
                                           "ResponseTooLarge", 1),
    "an HTML page with HTTP 200 (not re-asked)": (Fault("html"), "NotOpenAICompatible", 1),
    "an error sent with HTTP 200": (Fault("error200"), "InternalServerError", TRIES),
    "a redirect (http where https is needed)": (
        Fault("status", status=301, headers={"location": "https://x.example/v1/chat"}),
        "Redirected", 1),
}  # fmt: skip


@pytest.mark.parametrize("name", FAILING)
def test_a_lasting_fault_ends_in_an_error_line_with_its_type_after_bounded_attempts(
    server: LoopbackServer, seeds: dict[str, Article], name: str
) -> None:
    fault, error_type, requests = FAILING[name]
    server.inject(fault, MANY)
    result = _extract(server, seeds[ARTICLE], timeout=1.0)
    assert result.error is not None and result.error.type == error_type  # type: ignore[attr-defined]
    assert result.error.message and "Traceback" not in result.error.message  # type: ignore[attr-defined]
    assert len(server.chat_requests) == requests


THREE = ["101_en_fidan_lavrov_call", "105_es_albares_bourita", "108_en_boilerplate"]


def _cli(server: LoopbackServer, out: Path, *options: str) -> int:
    args = ["extract", *(str(ARTICLES / f"{a}.txt") for a in THREE), "-o", str(out), "-q",
            "--base-url", str(server.base_url), "--model", LOOPBACK_MODEL,
            "--cache-mode", "off", "--retries", "0", "-j", "1", *options]  # fmt: skip
    return CliRunner().invoke(main, args, env={"OPENAI_API_KEY": "test"}).exit_code


def test_one_failed_article_costs_only_itself_and_the_exit_status_says_so(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.inject(Fault("status", status=503))  # the first article's only try
    out = tmp_path / "out.jsonl"
    assert _cli(server, out) == 1
    lines = {row["article_id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert sorted(lines) == sorted(THREE)
    assert lines[THREE[0]]["error"]["type"] == "InternalServerError"
    assert all(lines[a]["error"] is None and lines[a]["events"] for a in THREE[1:])


def test_a_run_that_recovers_from_every_fault_exits_0(
    server: LoopbackServer, tmp_path: Path
) -> None:
    for fault in (Fault("truncated"), Fault("schema")):
        server.inject(fault)
    out = tmp_path / "out.jsonl"
    assert _cli(server, out) == 0
    assert len(out.read_text().splitlines()) == 3


def test_the_failed_article_is_retried_by_resume(server: LoopbackServer, tmp_path: Path) -> None:
    server.inject(Fault("refusal"))
    out = tmp_path / "out.jsonl"
    assert _cli(server, out) == 1
    assert _cli(server, out, "--resume") == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["article_id"] for r in rows) == sorted(THREE)
    assert all(r["error"] is None for r in rows)


def test_a_retried_fault_is_logged_once_with_its_level_and_logger(server: LoopbackServer) -> None:
    server.inject(Fault("status", status=503))
    args = ["extract", str(ARTICLES / f"{ARTICLE}.txt"), "-o", "/dev/null", "-q",
            "--base-url", str(server.base_url), "--model", LOOPBACK_MODEL,
            "--cache-mode", "off", "--retries", "1"]  # fmt: skip
    result = CliRunner().invoke(main, args, env={"OPENAI_API_KEY": "test", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.output.splitlines() if "transport fault" in x]
    assert line.startswith("WARNING diplo_extract: transport fault (HTTP 503), retry 1 in ")


def test_the_timeout_is_a_deadline_for_the_whole_answer_through_the_cli(
    server: LoopbackServer, tmp_path: Path
) -> None:
    """Headers, then a byte a second: the article ends at --timeout, not when the server does."""
    server.inject(Fault("trickle", seconds=1.0), MANY)
    out = tmp_path / "out.jsonl"
    started = time.monotonic()
    args = ["extract", str(ARTICLES / f"{ARTICLE}.txt"), "-o", str(out), "-q",
            "--base-url", str(server.base_url), "--model", LOOPBACK_MODEL,
            "--cache-mode", "off", "--retries", "0", "--timeout", "3"]  # fmt: skip
    result = CliRunner().invoke(main, args, env={"OPENAI_API_KEY": "test"})
    assert result.exit_code == 1 and time.monotonic() - started < 15
    (line,) = [json.loads(x) for x in out.read_text().splitlines()]
    assert line["error"]["type"] == "Timeout"


def test_the_retry_budget_ends_an_attempt_under_way(
    server: LoopbackServer, seeds: dict[str, Article]
) -> None:
    """However long --timeout is, no request outlives its retries' budget (max_total)."""
    server.inject(Fault("trickle", seconds=1.0), MANY)
    retry = RetryPolicy(attempts=10, initial_wait=0.01, max_wait=0.02, max_total=3.0)
    started = time.monotonic()
    settings = {"model": LOOPBACK_MODEL, "api_key": "test", "cache_mode": "off", "timeout": 600}
    with Extractor(base_url=server.base_url, retry=retry, max_reasks=0, **settings) as extractor:
        result = extractor.extract(seeds[ARTICLE])
    assert result.error is not None and result.error.type == "Timeout"
    assert time.monotonic() - started < 10


def test_an_html_page_names_the_page_and_the_likely_cause(
    server: LoopbackServer, seeds: dict[str, Article]
) -> None:
    server.inject(Fault("html"))  # its title echoes the key
    key = "sk-test-0123456789abcdefghij"
    with Extractor(base_url=server.base_url, model=LOOPBACK_MODEL, api_key=key,
                   cache_mode="off") as extractor:  # fmt: skip
        result = extractor.extract(seeds[ARTICLE])
    assert result.error is not None
    assert "an HTML page ('Welcome to nginx! [redacted]')" in result.error.message
    assert "--base-url is probably wrong" in result.error.message and key not in (
        result.model_dump_json()
    )


@pytest.mark.parametrize("fault", [Fault("error200"), Fault("truncated")])
def test_an_answer_that_failed_is_not_recorded_so_a_rerun_asks_again(
    server: LoopbackServer, seeds: dict[str, Article], tmp_path: Path, fault: Fault
) -> None:
    """Recorded, it would be replayed on every rerun and --resume never get past it."""
    server.inject(fault, MANY)
    cache = tmp_path / "cache"
    settings = {"model": LOOPBACK_MODEL, "api_key": "test", "cache_dir": cache, "max_reasks": 0}
    retry = RetryPolicy(attempts=1)
    with Extractor(base_url=server.base_url, retry=retry, **settings) as extractor:
        failed = extractor.extract(seeds[ARTICLE])
    assert failed.error is not None and list(cache.glob("*.json")) == []
    if fault.kind == "error200":  # the provider's own words, not "no choices"
        assert "Upstream provider overloaded" in failed.error.message
    server.faults.clear()
    with Extractor(base_url=server.base_url, retry=retry, **settings) as extractor:
        assert extractor.extract(seeds[ARTICLE]).error is None


def test_a_refused_connection_is_explained_in_full_below_the_table(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / f"{ARTICLE}.txt"), "--base-url", "http://127.0.0.1:9/v1",
         "--model", "m", "--retries", "0", "-o", str(tmp_path / "out.jsonl")],
        env={"COLUMNS": "100", "OPENAI_API_KEY": "test"},
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Check --base-url and that the server is running" in " ".join(result.output.split())


def test_a_wrong_key_stops_the_run_at_the_first_article_and_resume_runs_the_rest(
    server: LoopbackServer, tmp_path: Path
) -> None:
    server.inject(Fault("status", status=401), MANY)
    out = tmp_path / "out.jsonl"
    assert _cli(server, out) == 2  # the run could not go on
    assert len(out.read_text().splitlines()) == 1 and len(server.chat_requests) == 1
    server.faults.clear()  # the key mended
    assert _cli(server, out, "--resume") == 0
    assert sorted(json.loads(x)["article_id"] for x in out.read_text().splitlines()) == sorted(
        THREE
    )


def test_an_endpoint_that_refuses_every_connection_stops_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES), "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
         "--retries", "0", "-j", "1", "-o", str(out)],
        env={"COLUMNS": "100", "OPENAI_API_KEY": "test"},
    )  # fmt: skip
    assert result.exit_code == 2 and "10 articles in a row could not connect" in " ".join(
        result.output.split()
    )
    assert len(out.read_text().splitlines()) == 10  # of 73: the rest is left to --resume


def test_with_no_retries_a_message_does_not_claim_any(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / f"{ARTICLE}.txt"), "--base-url", "http://127.0.0.1:9/v1",
         "--model", "m", "--retries", "0", "-o", str(out)],
        env={"OPENAI_API_KEY": "test"},
    )  # fmt: skip
    message = json.loads(out.read_text())["error"]["message"]
    assert (
        message.startswith("The connection to the endpoint failed: ") and "retries" not in message
    )


def test_a_plain_text_answer_is_a_wrong_address_not_a_model_to_ask_again(
    server: LoopbackServer, seeds: dict[str, Article]
) -> None:
    server.inject(Fault("plain"), MANY)
    result = _extract(server, seeds[ARTICLE])
    assert result.error is not None and result.error.type == "NotOpenAICompatible"  # type: ignore[attr-defined]
    assert "text that is not JSON ('Hello from the proxy')" in result.error.message  # type: ignore[attr-defined]
    assert len(server.chat_requests) == 1  # no retry, no re-ask
