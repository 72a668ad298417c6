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
