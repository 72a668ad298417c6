"""--resume: a run killed at any moment, resumed, leaves every article in the file exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo_extract import ArticleResult, ErrorInfo
from diplo_extract.cli import main
from diplo_extract.output import JsonlWriter, OutputInUse, OutputLock, prepare_resume

from .conftest import ARTICLE_IDS, ARTICLES, CASSETTES, LOOPBACK_MODEL, ROOT
from .loopback import LoopbackServer


def _line(article_id: str, error: str | None = None) -> str:
    failure = ErrorInfo(type="X", message=error) if error else None
    result = ArticleResult(
        article_id=article_id, source=None, language=None, published=None, model=None,
        error=failure,
    )  # fmt: skip
    return result.model_dump_json() + "\n"


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
    out.write_text(_line("a") + _line("b", "HTTP 503") + _line("c") + _line("d")[:30])
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


NOT_OURS = {
    "a batch requests file": '{"custom_id": "a", "method": "POST", "url": "/v1/chat"}\n',
    "a merge output": '{"event_type": "meeting", "mentions": []}\n',
    "a line with only an id": '{"article_id": "a"}\n',
    # a damaged line of our own before the last: refused too, saying what to do (below)
    "a last line that is not ours": '{"custom_id": "a"',
}


@pytest.mark.parametrize("name", NOT_OURS)
def test_resume_refuses_a_file_it_did_not_write_and_leaves_it_as_it_was(
    tmp_path: Path, name: str
) -> None:
    out = tmp_path / "out.jsonl"
    before = (_line("z") + NOT_OURS[name]).encode()
    out.write_bytes(before)
    result = CliRunner().invoke(
        main, ["extract", str(ARTICLES), "-o", str(out), "--resume", "-q"], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 2
    assert f"{out}:2 is not a line that diplo-extract extract writes" in result.output
    assert out.read_bytes() == before


def test_a_damaged_line_of_our_own_before_the_last_says_which_line_and_what_to_do(
    tmp_path: Path,
) -> None:
    """A last line cut short is dropped; one in the middle (a cut line with more appended to
    it) is refused as before, but it used to ask "is -o the right file?" of the right file."""
    out = tmp_path / "out.jsonl"
    before = (_line("z") + _line("a")[:40] + _line("b") + _line("c")).encode()
    out.write_bytes(before)
    result = CliRunner().invoke(
        main, ["extract", str(ARTICLES), "-o", str(out), "--resume", "-q"], env={"COLUMNS": "300"}
    )
    said = " ".join(result.stderr.split())
    assert result.exit_code == 2 and out.read_bytes() == before
    assert f"Cannot resume: {out}:2 (article a) is damaged: it begins as a line of " in said
    assert f"Delete line 2 (e.g. sed -i '2d' {out}) and --resume again" in said
    assert "the right file" not in said


def test_output_naming_an_input_is_refused_before_anything_is_read_or_written(
    tmp_path: Path,
) -> None:
    rows = tmp_path / "batch.jsonl"
    before = json.dumps({"id": "a", "text": "Lavrov met Fidan."}) + "\n"
    rows.write_text(before)
    for extra in ([], ["--resume"]):
        result = CliRunner().invoke(main, ["extract", str(rows), "-o", str(rows), *extra])
        assert result.exit_code == 2 and "would overwrite the input" in result.output
        assert rows.read_text() == before
    # a .txt output in an input folder would be read back as an article
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "-o", str(tmp_path / "o.txt")])
    assert result.exit_code == 2 and not (tmp_path / "o.txt").exists()


def test_merge_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    out = tmp_path / "by-article.jsonl"
    before = _line("a")
    out.write_text(before)
    result = CliRunner().invoke(main, ["merge", str(out), "-o", str(out)])
    assert result.exit_code == 2 and out.read_text() == before


def test_a_second_run_writing_the_same_output_refuses_to_start(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a"))
    with OutputLock(out):  # the first run, holding its output
        for extra in ([], ["--resume"]):
            result = CliRunner().invoke(main, ["extract", str(ARTICLES), "-o", str(out), *extra])
            assert result.exit_code == 2 and "Another diplo-extract run is writing" in (
                result.output
            )
            assert out.read_text() == _line("a")


def test_the_lock_holds_across_the_resumed_file_being_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b", "HTTP 503"))
    with OutputLock(out) as lock:
        inode = out.stat().st_ino
        prepare_resume(out, lock)
        assert out.stat().st_ino != inode  # cleaned and renamed over
        with pytest.raises(OutputInUse):
            OutputLock(out).acquire()


def test_two_runs_at_once_write_each_article_once(loopback: LoopbackServer, tmp_path: Path) -> None:
    loopback.delay = 0.3
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable, "-m", "diplo_extract", "extract", str(ARTICLES),
        "--base-url", str(loopback.base_url), "--model", LOOPBACK_MODEL,
        "--cache-mode", "off", "-j", "2", "-o", str(out), "-q",
    ]  # fmt: skip
    env = {**os.environ, "OPENAI_API_KEY": "test"}
    first = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    while not out.exists() or not out.read_text():
        time.sleep(0.05)
    second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert second.returncode == 2 and "Another diplo-extract run is writing" in second.stderr
    assert first.wait(timeout=120) == 0
    assert sorted(_ids(out)) == ARTICLE_IDS


def test_an_output_that_links_to_an_input_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "101_en_fidan_lavrov_call.txt"
    article.write_bytes((ARTICLES / article.name).read_bytes())
    before = article.read_bytes()
    (tmp_path / "soft.jsonl").symlink_to(article)
    os.link(article, tmp_path / "hard.jsonl")
    for name in ("soft.jsonl", "hard.jsonl"):
        result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(tmp_path / name)])
        assert result.exit_code == 2 and "would overwrite the input" in result.output, name
    assert article.read_bytes() == before


def test_every_command_that_writes_a_file_takes_its_lock(tmp_path: Path) -> None:
    results = tmp_path / "by-article.jsonl"
    results.write_text(_line("a"))
    out = tmp_path / "out.jsonl"
    with OutputLock(out):  # an extract run writing out.jsonl
        for command in (["merge", str(results)], ["report", str(results)]):
            result = CliRunner().invoke(main, [*command, "-o", str(out)])
            assert result.exit_code == 2, result.output
            assert "Another diplo-extract run is writing" in result.output
    assert out.read_text() == ""


def test_an_output_that_cannot_be_written_is_said_plainly(tmp_path: Path) -> None:
    results = tmp_path / "by-article.jsonl"
    results.write_text(_line("a"))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = str(blocker / "out.jsonl")  # its parent is a file
    for command in (["extract", str(ARTICLES)], ["merge", str(results)], ["report", str(results)]):
        result = CliRunner().invoke(main, [*command, "-o", out])
        assert result.exit_code == 2, (command, result.output)
        assert "Cannot write" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_an_output_that_fails_at_the_first_write_is_named(tmp_path: Path) -> None:
    """Opening it worked, writing the line did not (a full disk, /proc): the message said
    "Cannot write the output: [Errno 28] No space left on device", without the file."""
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / f"{ARTICLE_IDS[0]}.txt"), "-o", "/dev/full", "-q",
         "--cache-dir", str(CASSETTES), "--cache-mode", "replay"],
        env={"COLUMNS": "300"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Cannot write /dev/full: No space left on device." in result.stderr
    assert "0 of 1 articles were written before it stopped." in result.stderr


def test_resume_of_a_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["extract", str(ARTICLES), "-o", str(fifo), "--resume"])
    assert result.exit_code == 2 and "needs a regular file" in result.output


def test_dash_as_output_is_standard_output(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / "101_en_fidan_lavrov_call.txt"), "-o", "-", "-q",
         "--cache-dir", str(CASSETTES), "--cache-mode", "replay"],
    )  # fmt: skip
    assert result.exit_code == 0 and json.loads(result.stdout)["error"] is None
    assert not Path("-").exists()


def test_a_cleaning_cut_short_by_kill_leaves_nothing_behind_after_the_next_resume(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_line("a") + _line("b", "HTTP 503"))
    (tmp_path / ".out.jsonl.resume-k9x2.tmp").write_text("half a copy")  # what kill -9 left
    prepare_resume(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_terminal_escape_in_an_id_is_shown_not_obeyed(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "x\x1b[31mred\x1b]0;title\x07", "text": "Lavrov met."}))
    result = CliRunner().invoke(
        main, ["extract", str(rows), "--cache-dir", str(CASSETTES), "--cache-mode", "replay"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[31mred" in result.stderr


def test_export_refuses_to_overwrite_the_file_it_reads(tmp_path: Path) -> None:
    results = tmp_path / "out.jsonl"
    results.write_text('{"article_id": "a", "events": [], "error": null}\n')
    before = results.read_bytes()
    result = CliRunner().invoke(
        main, ["export", str(results), "--format", "csv", "-o", str(results)]
    )
    assert result.exit_code == 2 and "would overwrite the input" in result.output
    assert results.read_bytes() == before


def test_resuming_with_another_model_warns_that_the_output_would_mix_models(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.jsonl"
    done = json.loads(_line("101_en_fidan_lavrov_call"))
    out.write_text(json.dumps({**done, "model": "gpt-4o"}) + "\n")
    article = str(ARTICLES / "105_es_albares_bourita.txt")
    result = CliRunner().invoke(
        main,
        ["extract", article, "--cache-dir", str(CASSETTES), "--cache-mode", "replay",
         "-o", str(out), "--resume", "-q"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "written by gpt-4o; this run asks" in result.output
    assert _ids(out) == ["101_en_fidan_lavrov_call", "105_es_albares_bourita"]
