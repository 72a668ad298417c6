"""--resume: a run killed at any moment, resumed, leaves every article in the file exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from diplo_extract import ArticleResult
from diplo_extract.cli import main
from diplo_extract.loopback import LoopbackServer
from diplo_extract.output import JsonlWriter, prepare_resume

from .conftest import ARTICLE_IDS, ARTICLES, CASSETTES, LOOPBACK_MODEL, ROOT


def _line(article_id: str, error: str | None = None) -> str:
    failure = {"type": "X", "message": error} if error else None
    return json.dumps({"article_id": article_id, "events": [], "error": failure}) + "\n"


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["article_id"] for line in path.read_text().splitlines()]


def _replay(*args: str) -> int:
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES), "--cache-dir", str(CASSETTES), "--cache-mode", "replay", *args],
    )
    return result.exit_code


def test_resume_keeps_done_lines_and_drops_failed_and_cut_off_ones(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b", "HTTP 503") + _line("c") + '{"article_id": "d", "ev')
    state = prepare_resume(out)
    assert state.done == {"a", "c"} and state.to_retry == 1 and state.damaged == 1
    assert out.read_text() == _line("a") + _line("c")


def test_a_failed_article_that_later_succeeded_is_not_retried(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a", "timeout") + _line("a"))
    state = prepare_resume(out)
    assert state.done == {"a"} and state.to_retry == 0
    assert out.read_text() == _line("a")


def test_a_second_line_of_a_done_article_is_dropped(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b") + _line("a"))
    out.chmod(0o644)
    assert prepare_resume(out).done == {"a", "b"}
    assert out.read_text() == _line("a") + _line("b")
    assert out.stat().st_mode & 0o777 == 0o644


def test_a_clean_file_is_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b"))
    inode = out.stat().st_ino
    prepare_resume(out)
    assert out.stat().st_ino == inode


def test_lines_are_appended_whole_after_what_was_there(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a"))
    with JsonlWriter(out, append=True) as writer:
        writer.write(
            ArticleResult(article_id="b", source=None, language=None, published=None, model=None)
        )
    assert _ids(out) == ["a", "b"]


def test_resuming_after_a_simulated_crash_runs_only_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert _replay("-o", str(out), "-q") == 0
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    # The crash: six articles written, the seventh failed, the eighth cut off mid-line.
    kept = lines[:6]
    out.write_text(
        "".join(kept) + _line(ARTICLE_IDS[-1], "HTTP 503") + lines[7][:50], encoding="utf-8"
    )
    assert _replay("-o", str(out), "--resume", "-q") == 0
    resumed = out.read_text(encoding="utf-8")
    assert resumed.startswith("".join(kept))
    assert sorted(_ids(out)) == ARTICLE_IDS


def test_output_can_be_dev_null() -> None:
    """As when re-recording: diplo-extract extract ... --cache-mode record -o /dev/null."""
    assert _replay("-o", "/dev/null", "-q") == 0


def test_resume_needs_an_output_file() -> None:
    result = CliRunner().invoke(main, ["extract", str(ARTICLES), "--resume"])
    assert result.exit_code == 2 and "--resume needs" in result.output


def test_kill_9_in_the_middle_of_a_run_then_resume_gives_each_article_once(
    loopback: LoopbackServer, tmp_path: Path
) -> None:
    loopback.delay = 0.2
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable, "-m", "diplo_extract.cli", "extract", str(ARTICLES),
        "--base-url", str(loopback.base_url), "--model", LOOPBACK_MODEL,
        "--cache-mode", "off", "-j", "3", "-o", str(out), "-q",
    ]  # fmt: skip
    env = {**os.environ, "OPENAI_API_KEY": "test"}
    run = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or len(_ids(out)) < 4):
        time.sleep(0.05)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    written = len(_ids(out))
    assert 4 <= written < len(ARTICLE_IDS)  # killed in the middle
    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, env=env, capture_output=True)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert sorted(_ids(out)) == ARTICLE_IDS
