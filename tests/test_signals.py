"""A scheduler's stop (SIGTERM) and Ctrl-C end the run promptly, every time: whole lines only,
the message saying how far it got, and the exit status of the signal."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from diplo_extract import local
from diplo_extract.errors import BackendError

from .conftest import ARTICLE_IDS, ARTICLES, LOOPBACK_MODEL, ROOT
from .loopback import LoopbackServer
from .test_local_crash import fake_server


def _stop_a_run(loopback: LoopbackServer, tmp_path: Path, signum: int) -> tuple[int, str, Path]:
    loopback.delay = 1.5
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable, "-m", "diplo_extract", "extract", str(ARTICLES),
        "--base-url", str(loopback.base_url), "--model", LOOPBACK_MODEL,
        "--cache-mode", "off", "-j", "3", "-o", str(out),
    ]  # fmt: skip
    env = {**os.environ, "OPENAI_API_KEY": "test", "COLUMNS": "200"}
    run = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or not out.read_text()):
        time.sleep(0.05)
    time.sleep(0.5)  # in the middle of the next requests
    sent = time.monotonic()
    run.send_signal(signum)
    _, stderr = run.communicate(timeout=30)
    assert time.monotonic() - sent < 10, "the run did not stop promptly"
    return run.returncode, stderr, out


@pytest.mark.parametrize("attempt", [1, 2])
def test_sigterm_stops_the_run_with_whole_lines_and_exit_143(
    loopback: LoopbackServer, tmp_path: Path, attempt: int
) -> None:
    code, stderr, out = _stop_a_run(loopback, tmp_path, signal.SIGTERM)
    assert code == 143, stderr
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines and all(line.endswith("\n") for line in lines)
    assert 1 <= len([json.loads(line) for line in lines]) < len(ARTICLE_IDS)
    assert f"Interrupted: {len(lines)} of {len(ARTICLE_IDS)} articles written" in stderr
    assert "--resume" in stderr and "Exception ignored" not in stderr


def test_ctrl_c_stops_the_run_with_exit_130(loopback: LoopbackServer, tmp_path: Path) -> None:
    code, stderr, _ = _stop_a_run(loopback, tmp_path, signal.SIGINT)
    assert code == 130 and "Interrupted:" in stderr


def test_stopping_the_local_server_cuts_a_slow_start_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server loads its weights for up to a minute; a stop must not wait for that."""
    monkeypatch.setattr(local, "server_log_dir", lambda: tmp_path)
    server = fake_server("slow", 60)()
    failures: list[BaseException] = []

    def start() -> None:
        try:
            server.ensure_started()
        except BaseException as exc:
            failures.append(exc)

    starting = threading.Thread(target=start)
    starting.start()
    time.sleep(1.0)
    asked = time.monotonic()
    server.stop()
    starting.join(timeout=10)
    assert not starting.is_alive() and time.monotonic() - asked < 5
    assert isinstance(failures[0], BackendError) and "stopped while it was starting" in str(
        failures[0]
    )
    assert server.pid is None


def test_sighup_stops_the_run_like_sigterm(loopback: LoopbackServer, tmp_path: Path) -> None:
    code, stderr, _ = _stop_a_run(loopback, tmp_path, signal.SIGHUP)
    assert code == 129 and "Interrupted:" in stderr


STUCK_RUN = """
import signal, sys
from pathlib import Path
from diplo_extract import RunSettings, run
from diplo_extract.cassette import CacheMode

def stuck(item):
    print("stuck", flush=True)
    while True:  # CPU-bound work that never yields to the event loop
        pass

settings = RunSettings(
    cache_dir=Path(sys.argv[1]), cache_mode=CacheMode.REPLAY, output=Path(sys.argv[2])
)
run([sys.argv[3]], settings, on_start=stuck, stop_signals=[signal.SIGTERM])
"""


def test_a_second_sigterm_ends_a_run_stuck_in_work_that_never_yields(tmp_path: Path) -> None:
    article = sorted(ARTICLES.glob("*.txt"))[0]
    command = [
        sys.executable, "-c", STUCK_RUN, str(ROOT / "fixtures" / "cassettes"),
        str(tmp_path / "out.jsonl"), str(article),
    ]  # fmt: skip
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout is not None and run.stdout.readline() == "stuck\n"
        run.send_signal(signal.SIGTERM)
        with pytest.raises(subprocess.TimeoutExpired):
            run.wait(timeout=1)  # the loop cannot run the cancellation the first one asked for
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=10) == -signal.SIGTERM
    finally:
        run.kill()
        run.wait()
