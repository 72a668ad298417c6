"""The run as a library call: resume, failures, stopping and bad settings, without click."""

from __future__ import annotations

import json
import signal
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from diplo_extract import ArticleResult, CacheMode, RunSettings, run
from diplo_extract.runner import SettingsError

from .conftest import ARTICLES, CASSETTES, SEED_IDS

REPLAY = RunSettings(cache_dir=CASSETTES, cache_mode=CacheMode.REPLAY)


def _seeds(count: int) -> list[str]:
    return [str(ARTICLES / f"{i}.txt") for i in SEED_IDS[:count]]


def _ids(out: Path) -> list[str]:
    return [json.loads(line)["article_id"] for line in out.read_text("utf-8").splitlines()]


def _settings(**fields: Any) -> RunSettings:
    return replace(REPLAY, **fields)


def test_a_resumed_run_skips_the_articles_done_and_runs_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run(_seeds(2), _settings(output=out))
    summary = run(_seeds(3), _settings(output=out, resume=True))
    assert (summary.already_done, summary.articles, summary.exit_code) == (2, 1, 0)
    assert _ids(out) == SEED_IDS[:3]


def test_a_failed_article_is_counted_and_the_run_exits_1(tmp_path: Path) -> None:
    unrecorded = tmp_path / "unrecorded.txt"
    unrecorded.write_text("Date 2024-05-01. Nobody recorded this meeting in Rome.\n", "utf-8")
    summary = run([*_seeds(1), str(unrecorded)], _settings(output=tmp_path / "out.jsonl"))
    assert (summary.articles, summary.failed, summary.exit_code) == (2, 1, 1)
    assert [r.article_id for r in summary.failures] == ["unrecorded"]


def test_an_interrupted_run_keeps_the_lines_written_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"

    def interrupt(result: ArticleResult) -> None:
        if result.article_id == SEED_IDS[0]:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C, once the first line is written

    summary = run(_seeds(3), _settings(output=out), on_result=interrupt)
    assert summary.interrupted_by == signal.SIGINT
    assert summary.exit_code == 128 + signal.SIGINT
    written = _ids(out)  # whole lines only: each parses
    assert 1 <= summary.articles == len(written) < 3


def test_resume_without_an_output_file_is_refused_before_anything_runs() -> None:
    with pytest.raises(SettingsError, match="--resume needs the output file"):
        run(_seeds(1), _settings(resume=True))


def test_an_output_that_is_an_input_is_refused_and_left_alone(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Date 2024-05-01. A meeting.\n", "utf-8")
    with pytest.raises(SettingsError, match="would overwrite the input"):
        run([str(article)], _settings(output=article))
    assert article.read_text("utf-8") == "Date 2024-05-01. A meeting.\n"


def test_the_hooks_hear_each_article_start_and_end(tmp_path: Path) -> None:
    started: list[str] = []
    ended: list[str] = []
    run(
        _seeds(2),
        _settings(output=tmp_path / "out.jsonl"),
        on_start=lambda item: started.append(item.id),
        on_result=lambda result: ended.append(result.article_id),
    )
    assert started == ended == SEED_IDS[:2]


def test_a_run_that_cannot_begin_closes_its_extractor(tmp_path: Path) -> None:
    seen: list[Any] = []

    def before(extractor: Any) -> None:
        seen.append(extractor)
        raise RuntimeError("the batch's answers could not be stored")

    with pytest.raises(RuntimeError):
        run(_seeds(1), _settings(output=tmp_path / "out.jsonl"), before=before)
    (extractor,) = seen
    assert extractor._client.client.is_closed()


@pytest.mark.parametrize("one", ["news.jsonl", Path("news.jsonl")], ids=["str", "Path"])
def test_one_path_given_as_the_inputs_is_refused_not_read_letter_by_letter(
    tmp_path: Path, one: str | Path
) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(TypeError, match=r"a list of paths.*give \['news.jsonl'\]"):
        run(one, _settings(output=out))  # type: ignore[arg-type]
    assert not out.exists()  # "-", one of its letters, would have read standard input


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ({"concurrency": 0}, r"concurrency must be at least 1 \(or None for the default\), not 0"),
        ({"retries": -1}, "retries must be at least 0, not -1"),
        ({"max_chars": 0}, "max_chars must be at least 1, not 0"),
        ({"max_tokens": 0}, "max_tokens must be at least 1, not 0"),
        ({"timeout": 0}, "timeout must be above 0, not 0"),
        ({"requests_per_minute": 0}, r"requests_per_minute must be above 0 \(or None for no"),
    ],
    ids=["concurrency 0", "retries -1", "max_chars 0", "max_tokens 0", "timeout 0", "rpm 0"],
)
def test_settings_that_cannot_work_are_refused_before_the_output_is_touched(
    tmp_path: Path, setting: dict[str, Any], words: str
) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(SettingsError, match=words):
        run(_seeds(1), _settings(output=out, **setting))
    assert not out.exists()  # concurrency 0 used to run with the default 8, rpm 0 unlimited


def test_paths_given_as_strings_are_taken_as_paths(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    settings = _settings(output=str(out), cache_dir=str(CASSETTES))
    assert (settings.output, settings.cache_dir) == (out, CASSETTES)
    assert run(_seeds(1), settings).exit_code == 0  # a str output used to be an AttributeError
    assert _ids(out) == SEED_IDS[:1]
