"""diplo-extract merge: each event once, across articles and languages, with the reasons.

The records are the replayed recordings of the local model: the Aliyev-Pashinyan call of
18 August 2025 reported in English (116), Russian (118) and German (119), and the
Blinken-Aliyev call of 28 April 2021 in German (002) and Russian (120). The rules' refusals
are shown on variations of those real records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from diplo_extract import Article, ArticleResult, Extractor
from diplo_extract.cli import main
from diplo_extract.merge import merge_events
from diplo_extract.models import DiplomaticEvent, ErrorInfo, Location, MergedEvent

CALL_EN, CALL_RU, CALL_DE = (
    "116_en_yesterday_night",
    "118_ru_aliyev_pashinyan_call",
    "119_de_aliyev_pashinyan_call",
)
BLINKEN_DE, BLINKEN_RU = "002_9590f6a747842619", "120_ru_blinken_aliyev_call"


@pytest.fixture(scope="module")
def results(replayer: Extractor, seeds: dict[str, Article]) -> dict[str, ArticleResult]:
    return {article_id: replayer.extract(article) for article_id, article in seeds.items()}


def _the_call(result: ArticleResult) -> DiplomaticEvent:
    """The call each of these articles reports as having happened (beside planned events)."""
    (event,) = [e for e in result.events if e.status == "occurred"]
    return event


def _event_of(merged: list[MergedEvent], article_id: str) -> MergedEvent:
    (event,) = [
        e for e in merged
        if e.status == "occurred" and any(m.article_id == article_id for m in e.mentions)
    ]  # fmt: skip
    return event


def _ids(event: MergedEvent) -> list[str]:
    return [m.article_id for m in event.mentions]


def test_one_call_reported_in_three_languages_is_one_event(
    results: dict[str, ArticleResult],
) -> None:
    event = _event_of(merge_events(results.values()), CALL_EN)
    assert _ids(event) == [CALL_EN, CALL_RU, CALL_DE]
    assert event.event_type == "phone_call"
    assert {p.name for p in event.participants} == {"Ilham Aliyev", "Nikol Pashinyan"}
    # The date read from the article's words wins over the publication date the model gave.
    assert event.date == "2025-08-18"
    assert len(event.merged_because) == 3
    assert all(
        "shared participants: Ilham Aliyev, Nikol Pashinyan" in reason.why
        for reason in event.merged_because
    )


def test_one_call_reported_in_german_and_russian_is_one_event(
    results: dict[str, ArticleResult],
) -> None:
    event = _event_of(merge_events(results.values()), BLINKEN_DE)
    assert _ids(event) == [BLINKEN_DE, BLINKEN_RU] and event.date == "2021-04-28"


def test_a_call_the_model_called_a_meeting_joins_the_same_call_on_the_same_day(
    results: dict[str, ArticleResult],
) -> None:
    # The recorded answer typed 120's call a meeting in one of its two lines; the record is
    # now a call, so the model's slip is restated here on the record itself.
    as_meeting = _variant(results[BLINKEN_RU], BLINKEN_RU, event_type="meeting")
    event = _event_of(merge_events([results[BLINKEN_DE], as_meeting]), BLINKEN_DE)
    assert _ids(event) == [BLINKEN_DE, BLINKEN_RU]
    (reason,) = event.merged_because
    assert "types differ (phone_call, meeting) but the same people on the same day" in reason.why


def test_every_other_event_stays_alone_and_every_mention_is_kept(
    results: dict[str, ArticleResult],
) -> None:
    merged = merge_events(results.values())
    reported = sum(len(r.events) for r in results.values())
    assert sum(len(e.mentions) for e in merged) == reported
    assert sorted(len(e.mentions) for e in merged if len(e.mentions) > 1) == [2, 3]
    assert len(merged) == reported - 3


def test_mentions_keep_their_evidence_spans(
    results: dict[str, ArticleResult], seeds: dict[str, Article]
) -> None:
    event = _event_of(merge_events(results.values()), CALL_EN)
    for mention in event.mentions:
        text = seeds[mention.article_id].text
        assert mention.evidence and all(text[s.start : s.end] == s.quote for s in mention.evidence)


def test_the_output_does_not_depend_on_input_order(results: dict[str, ArticleResult]) -> None:
    forward = [e.model_dump_json() for e in merge_events(results.values())]
    backward = [e.model_dump_json() for e in merge_events(reversed(list(results.values())))]
    assert forward == backward


def _variant(result: ArticleResult, article_id: str, **changes: Any) -> ArticleResult:
    """The same article's record under another id, with only its call, changed."""
    event = _the_call(result)
    return result.model_copy(
        update={"article_id": article_id, "events": [event.model_copy(update=changes)]}
    )


def _merged_with(results: dict[str, ArticleResult], variant: ArticleResult) -> bool:
    merged = merge_events([_variant(results[CALL_EN], CALL_EN), variant])
    return len(merged) == 1


def test_a_date_read_from_the_events_own_sentences_beats_a_more_precise_one_looked_back_to(
    results: dict[str, ArticleResult],
) -> None:
    """A date taken from an earlier sentence ("text") may be another event's; the month an
    event's own sentence gives ("next week") is its own, though less precise."""
    own = _variant(results[CALL_EN], "x", date="2025-08", date_source="evidence")
    borrowed = _variant(results[CALL_EN], "y", date="2025-08-18", date_source="text")
    (event,) = merge_events([own, borrowed])
    assert event.date == "2025-08"


def test_the_same_people_on_another_date_are_another_event(
    results: dict[str, ArticleResult],
) -> None:
    later = _variant(results[CALL_EN], "x", date="2025-08-25")
    assert not _merged_with(results, later)
    assert _merged_with(results, _variant(results[CALL_EN], "x", date="2025-08"))
    assert _merged_with(results, _variant(results[CALL_EN], "x", date="--08-18"))


def test_a_shared_leader_with_a_different_counterpart_is_another_event(
    results: dict[str, ArticleResult],
) -> None:
    blinken = _the_call(results[BLINKEN_RU]).participants
    aliyev_blinken = list(blinken)  # Aliyev and Blinken: one state in common with the call
    other = _variant(results[CALL_EN], "x", participants=aliyev_blinken)
    assert not _merged_with(results, other)


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "planned"},
        {"event_type": "agreement"},
        {"location": Location(city="Paris", country="FRA")},
    ],
)
def test_other_status_kind_or_place_is_another_event(
    results: dict[str, ArticleResult], changes: dict[str, Any]
) -> None:
    base = _variant(results[CALL_EN], CALL_EN, location=Location(city="Baku", country="AZE"))
    assert not merge_events([base, _variant(base, "x", **changes)])[0].merged_because


def test_the_cli_writes_one_line_per_event(
    tmp_path: Path, results: dict[str, ArticleResult]
) -> None:
    extracted, merged = tmp_path / "articles.jsonl", tmp_path / "events.jsonl"
    extracted.write_text("".join(r.model_dump_json() + "\n" for r in results.values()))
    result = CliRunner().invoke(main, ["merge", str(extracted), "-o", str(merged)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in merged.read_text().splitlines()]
    assert len(lines) == len(merge_events(results.values()))
    assert "2 events reported more than once" in result.stderr


def test_the_cli_names_a_line_that_is_not_extract_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"not": "a result"}\n')
    result = CliRunner().invoke(main, ["merge", str(bad)])
    assert result.exit_code == 1 and "bad.jsonl:1 is not a line of extract output" in result.output


def test_a_file_given_twice_counts_each_article_once_with_a_warning(
    tmp_path: Path, results: dict[str, ArticleResult]
) -> None:
    extracted, merged = tmp_path / "articles.jsonl", tmp_path / "events.jsonl"
    extracted.write_text("".join(r.model_dump_json() + "\n" for r in results.values()))
    args = ["merge", str(extracted), str(extracted), "-o", str(merged)]
    result = CliRunner().invoke(main, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert len(merged.read_text().splitlines()) == len(merge_events(results.values()))
    assert "2 events reported more than once" in result.stderr
    assert f"Read once: {len(results)} more lines of articles already read" in result.stderr


def test_a_line_with_only_an_article_id_is_named_not_merged(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article_id": "a"}\n')
    result = CliRunner().invoke(main, ["merge", str(bad)])
    assert result.exit_code == 1 and "bad.jsonl:1 is not a line of extract output (source:" in (
        result.output
    )


@pytest.mark.parametrize("date", ["2024-02-30", "0000", "2024-13", "--02-30"])
def test_a_date_that_does_not_exist_is_named_not_crashed_on(
    tmp_path: Path, results: dict[str, ArticleResult], date: str
) -> None:
    line = json.loads(results[CALL_EN].model_dump_json())
    line["events"][0]["date"] = date
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(line) + "\n")
    for command in (["merge", str(bad)], ["report", str(bad), "-o", str(tmp_path / "r.html")]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "is not a real calendar date" in result.output


def test_merge_help_names_its_inputs_one_way() -> None:
    """Its usage line said INPUTS... and its text INPUT..."""
    text = CliRunner().invoke(main, ["merge", "--help"]).output
    assert text.startswith("Usage: main merge [OPTIONS] INPUT...\n")
    assert "INPUTS" not in text and "merge the events of INPUT..." in text


def test_failed_articles_left_out_are_counted_and_named(
    tmp_path: Path, results: dict[str, ArticleResult]
) -> None:
    extracted = tmp_path / "articles.jsonl"
    failed = results[CALL_RU].model_copy(
        update={"events": [], "error": ErrorInfo(type="Timeout", message="too slow")}
    )
    lines = [failed if r.article_id == CALL_RU else r for r in results.values()]
    extracted.write_text("".join(r.model_dump_json() + "\n" for r in lines))
    result = CliRunner().invoke(main, ["merge", str(extracted)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    # it used to say only "... in 4 articles", the failed one gone without a word
    assert f"Left out: 1 failed article(s), which have no events ({CALL_RU})" in result.stderr
    assert "Run extract again with --resume" in result.stderr


def test_a_failed_line_mended_by_a_resumed_run_is_not_called_failed(
    tmp_path: Path, results: dict[str, ArticleResult]
) -> None:
    extracted = tmp_path / "articles.jsonl"
    failed = results[CALL_RU].model_copy(
        update={"events": [], "error": ErrorInfo(type="Timeout", message="too slow")}
    )
    extracted.write_text("".join(r.model_dump_json() + "\n" for r in [failed, *results.values()]))
    result = CliRunner().invoke(main, ["merge", str(extracted)], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "Left out" not in result.stderr
