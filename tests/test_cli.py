"""The CLI: JSONL out, bad input reported per article, exit status, help."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from diplo_extract.cli import main

from .conftest import ARTICLES, CASSETTES, LOOPBACK_MODEL, SEED_IDS
from .loopback import LoopbackServer


def _extract(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(
        main, ["extract", *args, "--cache-dir", str(CASSETTES), "--cache-mode", "replay"]
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return result.exit_code, lines, result.stderr


def test_the_seeds_replay_to_one_line_each_and_exit_0() -> None:
    code, lines, _ = _extract(*(str(ARTICLES / f"{i}.txt") for i in SEED_IDS))
    assert code == 0
    assert [line["article_id"] for line in lines] == SEED_IDS
    assert all(line["error"] is None for line in lines)
    assert all(line["events"] for line in lines)


def test_output_lines_have_the_documented_keys(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    CliRunner().invoke(
        main,
        [
            "extract",
            str(ARTICLES / f"{SEED_IDS[1]}.txt"),
            "-o",
            str(out),
            "--cache-dir",
            str(CASSETTES),
            "--cache-mode",
            "replay",
            "-q",
        ],
    )
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert set(line) == {
        "article_id",
        "source",
        "language",
        "published",
        "url",
        "title",
        "events",
        "model",
        "coder",
        "coded_date",
        "usage",
        "error",
    }


def test_garbage_inputs_get_error_lines_and_good_articles_still_come_out(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    rows = tmp_path / "rows.jsonl"
    rows.write_text("{broken\n", encoding="utf-8")
    code, lines, stderr = _extract(str(tmp_path), str(rows), str(ARTICLES / f"{SEED_IDS[2]}.txt"))
    assert code == 1
    by_id = {line["article_id"]: line for line in lines}
    for bad in ("empty", "binary", "rows:1"):
        assert by_id[bad]["error"]["type"] == "InputError"  # type: ignore[index]
    assert by_id[SEED_IDS[2]]["error"] is None and by_id[SEED_IDS[2]]["events"]
    assert "Traceback" not in stderr and "3 failed" in stderr


def test_an_unrecorded_article_fails_alone_in_replay_mode(tmp_path: Path) -> None:
    (tmp_path / "new.txt").write_text("Die Außenminister trafen sich gestern in Wien.")
    code, lines, _ = _extract(str(tmp_path / "new.txt"))
    assert code == 1 and lines[0]["error"]["type"] == "CassetteMiss"  # type: ignore[index]


def test_base_url_without_model_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["extract", str(ARTICLES), "--base-url", "http://x/v1"])
    assert result.exit_code == 2 and "--model is required" in result.output


def test_help_documents_inputs_modes_and_exit_status() -> None:
    text = CliRunner().invoke(main, ["extract", "--help"]).output
    for needle in (
        "FILE.jsonl",
        "--cache-mode",
        "replay",
        "--base-url",
        "OPENAI_API_KEY",
        "Exit status",
        "--concurrency",
        "--resume",
        "--rpm",
        "--tpm",
        "--price-per-1k",
    ):
        assert needle in text


def test_batch_help_shows_the_four_steps() -> None:
    text = CliRunner().invoke(main, ["batch", "--help"]).output
    for step in ("prepare", "submit", "status", "collect", "custom_id", "OPENAI_API_KEY"):
        assert step in text


def test_brackets_in_ids_and_messages_are_shown_as_written(tmp_path: Path) -> None:
    """Ids, paths and error messages are data, never rich markup ("[draft]" is not a style)."""
    missing = tmp_path / "[draft] note.txt"
    code, _, stderr = _extract(str(missing))
    assert code == 1
    assert "[draft] note" in stderr  # the table's article column


def test_python_dash_m_runs_the_command_where_scripts_are_not_on_path() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "diplo_extract", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("Usage: diplo-extract ")


def test_rows_on_stdin_are_extracted_as_they_arrive(tmp_path: Path) -> None:
    """producer | diplo-extract extract - : each row's line is out before the next row is in."""
    import subprocess
    import sys
    import time

    from .conftest import ROOT

    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "diplo_extract", "extract", "-", "-o", str(out), "-q",
               "--cache-dir", str(CASSETTES), "--cache-mode", "replay"]  # fmt: skip
    run = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, text=True)
    assert run.stdin is not None
    for number, article_id in enumerate(["101_en_fidan_lavrov_call", "105_es_albares_bourita"]):
        text = (ARTICLES / f"{article_id}.txt").read_text(encoding="utf-8")
        run.stdin.write(json.dumps({"id": article_id, "text": text}) + "\n")
        run.stdin.flush()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            not out.exists() or len(out.read_text().splitlines()) <= number
        ):
            time.sleep(0.05)
        assert len(out.read_text().splitlines()) == number + 1, "no line before end of input"
        assert run.poll() is None  # still waiting for more rows
    run.stdin.close()
    assert run.wait(timeout=30) == 0
    assert [json.loads(x)["error"] for x in out.read_text().splitlines()] == [None, None]


def test_a_pyproject_whose_tool_table_is_not_a_table_is_ignored(tmp_path: Path) -> None:
    from diplo_extract.config import project_settings

    (tmp_path / "pyproject.toml").write_text('tool = "x"\n')
    assert project_settings(tmp_path) == {}


def test_the_totals_are_one_line_under_a_narrow_table(tmp_path: Path) -> None:
    """They were the table's caption, which wraps to the table's width ("estimated" and
    "cost" on two lines beside one short article id)."""
    result = CliRunner().invoke(
        main,
        ["extract", str(ARTICLES / "107_en_no_event.txt"), "--cache-dir", str(CASSETTES),
         "--cache-mode", "replay", "-o", str(tmp_path / "out.jsonl")],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (totals,) = [line for line in result.stderr.splitlines() if "articles/s" in line]
    assert totals.startswith("1 articles, 0 events, 0 failed;")


def test_a_large_run_without_failures_prints_no_empty_table(tmp_path: Path) -> None:
    """Over 40 articles the table lists failures only; with none, a header alone would sit
    there empty."""
    code, _, stderr = _extract(str(ARTICLES), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0, stderr
    count = len(list(ARTICLES.glob("*.txt")))
    assert count > 40 and f"{count} articles" in stderr and "0 failed" in stderr
    assert "status" not in stderr  # the table's last column header


def test_verbose_logs_each_request_to_the_endpoint_as_its_help_says(
    loopback: LoopbackServer, tmp_path: Path
) -> None:
    """-v promised "retries and server start-up" and showed nothing: retries are warnings,
    shown anyway, and nothing logged the start-up."""
    article, out = str(ARTICLES / f"{SEED_IDS[1]}.txt"), str(tmp_path / "out.jsonl")
    args = ["extract", article, "--base-url", str(loopback.base_url), "--model", LOOPBACK_MODEL,
            "--cache-mode", "off", "-q", "-o", out]  # fmt: skip
    env = {"OPENAI_API_KEY": "test", "COLUMNS": "300"}
    quiet = CliRunner().invoke(main, args, env=env)
    verbose = CliRunner().invoke(main, [*args, "-v"], env=env)
    assert quiet.exit_code == verbose.exit_code == 0
    request = f"HTTP Request: POST {loopback.base_url}/chat/completions"
    assert request not in quiet.stderr and request in verbose.stderr
    text = " ".join(CliRunner().invoke(main, ["extract", "--help"]).output.split())
    assert "Also log each HTTP request to the model's endpoint (method, address, status)" in text


def test_the_banner_names_the_cache_folder_only_when_recordings_are_used(
    loopback: LoopbackServer, tmp_path: Path
) -> None:
    article, cache = str(ARTICLES / f"{SEED_IDS[1]}.txt"), tmp_path / "cache"
    args = ["extract", article, "--base-url", str(loopback.base_url), "--model", LOOPBACK_MODEL,
            "--cache-dir", str(cache), "-o", str(tmp_path / "out.jsonl")]  # fmt: skip
    env = {"OPENAI_API_KEY": "test", "COLUMNS": "300"}
    off = CliRunner().invoke(main, [*args, "--cache-mode", "off"], env=env)
    assert off.exit_code == 0, off.output
    banner = f"diplo-extract · {LOOPBACK_MODEL} · cache off"
    assert banner in [line.strip() for line in off.stderr.splitlines()]
    assert str(cache) not in off.stderr
    auto = CliRunner().invoke(main, [*args, "--cache-mode", "auto"], env=env)
    assert f"{LOOPBACK_MODEL} · cache auto ({cache})" in " ".join(auto.stderr.split())
