"""Against the live local model (llama.cpp + the bundled 1.5B GGUF). Run with: pytest --live"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from diplo_extract import Article, Extractor
from diplo_extract.cli import main
from diplo_extract.client import LocalServerTransport
from diplo_extract.local import LocalServer, LocalServerCrashed

from .conftest import ARTICLES, CASSETTES

pytestmark = pytest.mark.live


def test_the_english_seed_yields_the_brussels_meeting_live(seeds: dict[str, Article]) -> None:
    article = seeds["001_6984669c3c5ad94a"]
    with Extractor(cache_mode="off") as extractor:
        result = extractor.extract(article)
    assert result.error is None, result.error
    assert any(e.location and e.location.country == "BEL" for e in result.events)
    spans = [span for event in result.events for span in event.evidence]
    assert spans and all(article.text[s.start : s.end] == s.quote for s in spans)


def test_the_cli_runs_the_local_model_through_the_async_pipeline(
    replayer: Extractor, seeds: dict[str, Article], tmp_path: Path
) -> None:
    """The CLI's path (AsyncExtractor starting llama.cpp from a worker thread) gives, live,
    the records its recording replays to (the local model is deterministic at temperature 0)."""
    article_id = "107_en_no_event"
    out = tmp_path / "live.jsonl"
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / f"{article_id}.txt"), "--cache-mode", "off", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    replayed = replayer.extract(seeds[article_id]).model_dump(mode="json")
    assert line["events"] == replayed["events"] and line["usage"]["total_tokens"] > 0


def test_a_real_server_killed_mid_answer_is_named_with_the_python_stack_in_its_log() -> None:
    """llama.cpp killed by SIGSEGV while it generates: the request fails as a crash (not a
    connection error), and the kept log holds the stack faulthandler wrote as it died."""
    recording = json.loads(next(CASSETTES.glob("*.json")).read_text(encoding="utf-8"))
    server = LocalServer()
    server.ensure_started()
    pid = server.pid
    assert pid is not None
    threading.Timer(3.0, os.kill, (pid, signal.SIGSEGV)).start()
    transport = LocalServerTransport(server, httpx.HTTPTransport())
    with (
        httpx.Client(transport=transport, timeout=600) as http,
        pytest.raises(
            LocalServerCrashed, match=r"^The built-in llama.cpp server was killed by signal 11 "
        ) as crash,
    ):
        http.post("http://llama.local/v1/chat/completions", json=recording["request"]["body"])
    server.stop()
    log = crash.value.log_path
    assert log is not None and "Fatal Python error: Segmentation fault" in log.read_text()
    log.unlink()


#: Recorded first requests whose answers are long and many-tokened (105: two events, 112: four).
SAMPLED = ("105_es_albares_bourita", "112_it_tajani_rubio")


def test_the_grammar_first_sampler_writes_the_recorded_answers_token_for_token() -> None:
    """The built-in server checks the greedy token against the grammar before all tokens
    (diplo_extract.grammar_sampler); its answers must be the recorded ones of the chain."""
    recordings = [json.loads(p.read_text(encoding="utf-8")) for p in CASSETTES.glob("*.json")]
    first = {r["article_id"]: r for r in recordings if len(r["request"]["body"]["messages"]) == 2}
    server = LocalServer()
    server.ensure_started()
    transport = LocalServerTransport(server, httpx.HTTPTransport())
    try:
        with httpx.Client(transport=transport, timeout=600) as http:
            for article_id in SAMPLED:
                recording = first[article_id]
                body = http.post(
                    "http://llama.local/v1/chat/completions", json=recording["request"]["body"]
                ).json()
                recorded = recording["response"]["body"]["choices"][0]["message"]
                answer = body["choices"][0]["message"]
                assert (
                    answer["tool_calls"][0]["function"]["arguments"]
                    == (recorded["tool_calls"][0]["function"]["arguments"])
                ), article_id
    finally:
        server.stop()
