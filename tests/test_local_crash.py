"""A built-in server that dies is named as such, restarted only while it may still work, and
never costs an article its line.

The server here is a stand-in that dies on cue (tests/fake_llama_server.py): fault injection
only; that extraction works is shown by the recordings and the live tests.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from diplo_extract import client, local
from diplo_extract.cli import main
from diplo_extract.client import LocalServerTransport
from diplo_extract.local import LocalServer, LocalServerCrashed

from .conftest import ARTICLES

FAKE = Path(__file__).with_name("fake_llama_server.py")
URL = "http://llama.local/v1/chat/completions"


def fake_server(answers: str, code: int) -> type[LocalServer]:
    """A LocalServer whose process answers ``answers`` requests, then dies by signal ``code``
    (or, with answers="exit", exits with ``code`` while starting)."""

    class Fake(LocalServer):
        def command(self, port: int) -> list[str]:
            return [sys.executable, str(FAKE), str(port), answers, str(code)]

    return Fake


@pytest.fixture(autouse=True)
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs"
    monkeypatch.setattr(local, "server_log_dir", lambda: folder)
    return folder


def _post(server: LocalServer) -> httpx.Response:
    with httpx.Client(transport=LocalServerTransport(server, httpx.HTTPTransport())) as http:
        return http.post(URL, json={})


def test_a_server_killed_on_a_request_is_named_by_its_signal_with_its_kept_log(
    logs: Path,
) -> None:
    server = fake_server("0", signal.SIGSEGV)()
    with pytest.raises(LocalServerCrashed) as crash:
        _post(server)
    server.stop()
    message = str(crash.value)
    (log,) = logs.iterdir()
    assert message.startswith(
        "The built-in llama.cpp server was killed by signal 11 (SIGSEGV) while answering a "
        f"request. Its log ({log}) ends with:"
    )
    assert "| crashing on request 1 [ggml_backend_amx_mul_mat]" in message
    assert "--resume" in message and "Check --base-url" not in message
    assert log.exists()


def test_a_server_that_exits_while_starting_says_so_with_its_log(logs: Path) -> None:
    server = fake_server("exit", 3)()
    with pytest.raises(LocalServerCrashed, match="exited with code 3 while starting") as crash:
        _post(server)
    assert "| error: this file is not a GGUF model" in str(crash.value)
    assert "could not start" in str(crash.value)


def test_a_killed_server_hints_at_memory(logs: Path) -> None:
    with pytest.raises(LocalServerCrashed, match=r"(?s)signal 9 \(SIGKILL\).*lack of memory"):
        _post(fake_server("0", signal.SIGKILL)())


def test_after_two_crashes_in_a_row_the_server_is_not_started_again(logs: Path) -> None:
    server = fake_server("0", signal.SIGSEGV)()
    for _ in range(2):
        with pytest.raises(LocalServerCrashed):
            _post(server)
    with pytest.raises(LocalServerCrashed) as third:
        _post(server)
    assert str(third.value).startswith(
        "The built-in llama.cpp server crashed 2 times in a row without answering, so it was "
        "not started again for this article. The last time it was killed by signal 11 (SIGSEGV)"
    )
    assert len(list(logs.iterdir())) == 2  # two processes, not three


def test_a_server_that_answered_before_its_crash_is_started_again(logs: Path) -> None:
    server = fake_server("1", signal.SIGSEGV)()
    for _ in range(3):  # answered, crashed, answered (by a new process), crashed, ...
        assert _post(server).json() == {"ok": True}
        with pytest.raises(LocalServerCrashed):
            _post(server)
    assert len(list(logs.iterdir())) == 3


def test_a_server_stopped_cleanly_leaves_no_log(logs: Path) -> None:
    server = fake_server("5", signal.SIGSEGV)()
    _post(server)
    server.stop()
    assert list(logs.iterdir()) == []


def test_every_article_gets_its_line_and_resume_retries_them(
    logs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "LocalServer", fake_server("0", signal.SIGSEGV))
    out = tmp_path / "out.jsonl"
    args = ["extract", str(ARTICLES), "-o", str(out), "--cache-mode", "off"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(list(ARTICLES.glob("*.txt")))
    assert {line["error"]["type"] for line in lines} == {"LocalServerCrashed"}
    assert len(list(logs.iterdir())) == 2
    # the summary shows the first crash in full: how it ended, the log, what to do
    assert "LocalServerCrashed: The built-in llama.cpp server was killed by signal 11" in (
        " ".join(result.output.split())
    )
    assert "Check --base-url" not in result.output
    again = CliRunner().invoke(main, [*args, "--resume"])
    assert f"{len(lines)} failed ones to retry" in again.output
