"""The OpenAI Batch API round trip, on the recordings: prepare, submit, status, collect.

The loopback server plays the Files and Batch APIs and answers each batch request with the
real recorded answer to it, so a request that differs in any byte from the live one finds no
answer: the round trip passing is the evidence that batch requests equal live requests.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

from click.testing import CliRunner

from diplo_extract import Article, Extractor
from diplo_extract.batch import prepare_requests
from diplo_extract.cassette import canonical_key, canonical_parts
from diplo_extract.cli import main
from diplo_extract.runner import RunSettings

from .conftest import ARTICLE_IDS, ARTICLES, CASSETTES, LOOPBACK_MODEL
from .loopback import Fault, LoopbackServer

ENV = {"OPENAI_API_KEY": "test", "COLUMNS": "200"}


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=ENV)
    return result.exit_code, result.stdout, result.stderr


def test_prepared_requests_are_the_recorded_live_requests(
    loopback: LoopbackServer, seeds: dict[str, Article]
) -> None:
    recorded = {json.loads(p.read_text(encoding="utf-8"))["key"] for p in CASSETTES.glob("*.json")}
    settings = RunSettings(base_url=str(loopback.base_url), model=LOOPBACK_MODEL)
    rows = list(prepare_requests(seeds.values(), settings))
    assert [row["custom_id"] for row in rows] == list(seeds)  # type: ignore[index]
    for row in rows:
        assert isinstance(row, dict) and row["url"] == "/v1/chat/completions"
        key = canonical_key(canonical_parts(row["method"], row["url"], row["body"]))
        assert key in recorded, row["custom_id"]
    assert loopback.requests_served == 0  # prepared, never sent


def test_batch_round_trip_gives_the_same_records_as_a_live_run(
    loopback: LoopbackServer, replayer: Extractor, seeds: dict[str, Article], tmp_path: Path
) -> None:
    url = ["--base-url", str(loopback.base_url)]
    requests, out = tmp_path / "requests.jsonl", tmp_path / "events.jsonl"
    code, _, _ = _cli("batch", "prepare", str(ARTICLES), *url, "--model", LOOPBACK_MODEL,
                      "-o", str(requests))  # fmt: skip
    assert code == 0 and len(requests.read_text().splitlines()) == len(ARTICLE_IDS)

    code, stdout, _ = _cli("batch", "submit", str(requests), *url)
    batch_id = stdout.strip()
    assert code == 0 and batch_id

    code, stdout, _ = _cli("batch", "status", batch_id, *url)
    assert code == 0 and f"completed; {len(ARTICLE_IDS)} completed, 0 failed" in stdout

    cache = ["--cache-dir", str(tmp_path / "cache")]
    code, _, stderr = _cli("batch", "collect", batch_id, str(ARTICLES), *url, "--model",
                           LOOPBACK_MODEL, *cache, "-o", str(out))  # fmt: skip
    assert code == 0, stderr
    collected = {row["article_id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert sorted(collected) == ARTICLE_IDS
    for article_id in ARTICLE_IDS:
        live = replayer.extract(seeds[article_id]).model_dump(mode="json")
        assert collected[article_id]["events"] == live["events"], article_id


def test_a_failed_batch_request_is_reported_and_its_article_errors_in_replay_mode(
    loopback: LoopbackServer, tmp_path: Path
) -> None:
    url = ["--base-url", str(loopback.base_url)]
    requests, out = tmp_path / "requests.jsonl", tmp_path / "events.jsonl"
    article = ARTICLES / f"{ARTICLE_IDS[1]}.txt"
    _cli("batch", "prepare", str(article), *url, "--model", LOOPBACK_MODEL, "-o", str(requests))
    row = json.loads(requests.read_text())
    row["body"]["temperature"] = 0.5  # not what was recorded: the endpoint has no answer
    requests.write_text(json.dumps(row) + "\n")
    _, stdout, _ = _cli("batch", "submit", str(requests), *url)
    code, _, stderr = _cli("batch", "collect", stdout.strip(), str(article), *url, "--model",
                           LOOPBACK_MODEL, "--cache-dir", str(tmp_path / "cache"),
                           "--cache-mode", "replay", "-o", str(out))  # fmt: skip
    assert code == 1 and "1 requests failed" in stderr and ARTICLE_IDS[1] in stderr
    (line,) = map(json.loads, out.read_text().splitlines())
    assert line["error"]["type"] == "CassetteMiss"


def test_a_refused_key_is_said_in_words_by_every_batch_api_command(
    loopback: LoopbackServer, tmp_path: Path
) -> None:
    """It was the API's raw error body: "HTTP 401: Error code: 401 - {'error': {...}}"."""
    url = ["--base-url", str(loopback.base_url)]
    requests = tmp_path / "requests.jsonl"
    requests.write_text("{}\n")
    commands = {
        "status": ["batch", "status", "batch_1", *url],
        "submit": ["batch", "submit", str(requests), *url],
        "collect": ["batch", "collect", "batch_1", str(ARTICLES), *url, "--model",
                    LOOPBACK_MODEL, "--cache-dir", str(tmp_path / "cache"), "-o",
                    str(tmp_path / "out.jsonl")],
    }  # fmt: skip
    for name, command in commands.items():
        loopback.inject_api(Fault("auth"))
        code, _, stderr = _cli(*command)
        assert code == 1, name
        assert stderr.strip().endswith(
            "Error: The Batch API refused the API key (HTTP 401). Set OPENAI_API_KEY."
        ), (name, stderr)
    loopback.inject_api(Fault("status", status=400))  # any other refusal: its own words
    code, _, stderr = _cli("batch", "status", "batch_1", *url)
    assert "Error: The Batch API refused: HTTP 400: injected fault" in stderr
    assert "{" not in stderr


def test_a_batch_api_that_cannot_be_reached_is_not_said_to_refuse(tmp_path: Path) -> None:
    """It said "The Batch API refused: Connection error." of a server that was not there."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    code, _, stderr = _cli(
        "batch", "collect", "batch_1", str(ARTICLES), "--base-url", f"http://127.0.0.1:{port}/v1",
        "--model", LOOPBACK_MODEL, "--retries", "0", "-o", str(tmp_path / "out.jsonl"),
    )  # fmt: skip
    assert code == 1
    assert f"Could not reach the Batch API at http://127.0.0.1:{port}/v1/batches/batch_1" in stderr
    assert "refused" not in stderr


def test_batch_help_says_a_batch_goes_to_openai_without_base_url() -> None:
    for command in ("prepare", "submit", "status", "collect"):
        _, help_text, _ = _cli("batch", command, "--help")
        flat = " ".join(help_text.split())
        assert "Default: OpenAI's (https://api.openai.com/v1)" in flat, command
        assert "built-in local model" not in flat, command


def test_prepare_needs_a_model() -> None:
    code, _, stderr = _cli("batch", "prepare", str(ARTICLES), "-o", "/dev/null")
    assert code == 2 and "--model is required" in stderr


def test_prepare_offers_only_the_options_that_shape_a_request() -> None:
    """--cache-mode, --retries, --timeout and the like were listed and silently ignored:
    prepare sends, records and prices nothing. collect keeps them."""
    code, text, _ = _cli("batch", "prepare", "--help")
    assert code == 0
    for kept in ("--base-url", "--model", "--max-tokens", "--encoding", "--max-chars",
                 "--max-article-chars", "--output"):  # fmt: skip
        assert kept in text
    run_only = ("--local-model", "--cache-dir", "--cache-mode", "--max-reasks", "--timeout",
                "--retries", "--price-per-1k", "--verbose", "--quiet")  # fmt: skip
    for dropped in run_only:
        assert dropped not in text
    code, _, stderr = _cli("batch", "prepare", str(ARTICLES), "--model", "m", "-o", "/dev/null",
                           "--cache-mode", "replay")  # fmt: skip
    assert code == 2 and "No such option '--cache-mode'" in stderr
    _, collect_help, _ = _cli("batch", "collect", "--help")
    assert all(option in collect_help for option in run_only if option != "--local-model")
    assert "--local-model" not in collect_help  # a batch has no built-in model


def test_odd_rows_in_a_batch_output_are_failures_not_crashes(tmp_path: Path) -> None:
    """Fault injection: a Files API answering rows of every odd shape."""
    from types import SimpleNamespace

    from diplo_extract import Cassette
    from diplo_extract.batch import collect_answers

    request = {"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {}}
    rows = [
        "not json at all",
        json.dumps({"custom_id": "a", "response": {"status_code": 200}}),  # no body
        json.dumps({"custom_id": "a", "response": {"status_code": 500, "body": "overloaded"}}),
        json.dumps({"custom_id": "a", "response": "a string"}),
    ]
    files = {"in": json.dumps(request), "out": "\n".join(rows)}
    batch = SimpleNamespace(
        status="completed", input_file_id="in", output_file_id="out", error_file_id=None
    )
    client = SimpleNamespace(
        api_key=None, organization=None, project=None,
        batches=SimpleNamespace(retrieve=lambda _: batch),
        files=SimpleNamespace(content=lambda file_id: SimpleNamespace(text=files[file_id])),
    )  # fmt: skip
    collected = collect_answers(client, "b", Cassette(tmp_path, "auto"))  # type: ignore[arg-type]
    assert collected.stored == 0 and set(collected.failed) == {"a"}
