"""Analyst-ready event data: stable ids, actor and recipient, GeoNames places, and the export
formats read back with pandas. The records are the replayed recordings of the test articles.
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from diplo_extract import Article, ArticleResult, Extractor, to_frame
from diplo_extract.cli import main
from diplo_extract.evaluate import load_gold, score_directions
from diplo_extract.export import COLUMN_NAMES
from diplo_extract.ids import event_id
from diplo_extract.merge import merge_events

from .conftest import GOLD_FILES, ROOT

MACRON_PASHINYAN = "104_fr_macron_pashinyan"  # "Macron a reçu ... Pachinian"
WADEPHUL_ANKARA = "103_de_wadephul_ankara"  # "In Ankara traf er ... Fidan"
CALL_EN = "116_en_yesterday_night"  # "Aliyev and Pashinyan spoke by phone"
#: The 25 test articles: the five seeds and the 20 written for gold.
TEST_IDS = [f.stem for f in (ROOT / "fixtures" / "articles").glob("*.txt") if f.stem[0] in "01"]


@pytest.fixture(scope="module")
def results(replayer: Extractor, seeds: dict[str, Article]) -> dict[str, ArticleResult]:
    return {article_id: replayer.extract(article) for article_id, article in seeds.items()}


@pytest.fixture(scope="module")
def output(results: dict[str, ArticleResult], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "out.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in results.values()))
    return path


def _names(result: ArticleResult, index: int, positions: list[int]) -> list[str | None]:
    people = result.events[index].participants
    return [people[i].name for i in positions]


def test_the_same_article_gives_the_same_event_ids(
    replayer: Extractor, seeds: dict[str, Article], results: dict[str, ArticleResult]
) -> None:
    again = replayer.extract(seeds[WADEPHUL_ANKARA])
    ids = [e.event_id for e in again.events]
    assert ids == [e.event_id for e in results[WADEPHUL_ANKARA].events]
    assert all(i and i.startswith("ev_") for i in ids) and len(set(ids)) == len(ids)


def test_an_event_id_changes_when_the_event_does(results: dict[str, ArticleResult]) -> None:
    event = results[WADEPHUL_ANKARA].events[0]
    assert event_id(WADEPHUL_ANKARA, event) == event.event_id
    assert event_id(WADEPHUL_ANKARA, event.model_copy(update={"date": "2025-10"})) != event.event_id
    reworded = event.model_copy(update={"summary": "another wording"})
    assert event_id(WADEPHUL_ANKARA, reworded) == event.event_id


def test_a_merged_event_has_its_own_id_listing_its_mentions_ids(
    results: dict[str, ArticleResult],
) -> None:
    calls = [results[i] for i in (CALL_EN, "118_ru_aliyev_pashinyan_call")]
    (merged,) = [m for m in merge_events(calls) if m.status == "occurred"]
    assert merged.event_id.startswith("mev_")
    assert [m.event_id for m in merged.mentions] == [r.events[0].event_id for r in calls]


def test_the_host_who_received_the_guest_is_the_recipient(
    results: dict[str, ArticleResult],
) -> None:
    result = results[MACRON_PASHINYAN]
    event = result.events[0]
    assert event.direction is not None and event.direction.basis == "wording"
    assert event.direction.cue in ("reçoit", "a reçu")
    assert _names(result, 0, event.direction.actor) == ["Nikol Pashinyan"]
    assert _names(result, 0, event.direction.recipient) == ["Emmanuel Macron"]


def test_the_visitor_to_the_hosts_country_is_the_actor(results: dict[str, ArticleResult]) -> None:
    result = results[WADEPHUL_ANKARA]
    (visit,) = [e for e in result.events if e.status == "occurred"]
    assert visit.direction is not None
    index = result.events.index(visit)
    assert _names(result, index, visit.direction.actor) == ["Johann Wadephul"]
    assert _names(result, index, visit.direction.recipient) == ["Hakan Fidan"]


def test_a_call_that_does_not_say_who_called_has_no_direction(
    results: dict[str, ArticleResult],
) -> None:
    calls = [e for e in results[CALL_EN].events if e.event_type == "phone_call"]
    assert [e.direction for e in calls] == [None]


def test_every_direction_code_decides_on_the_test_articles_agrees_with_gold(
    results: dict[str, ArticleResult],
) -> None:
    gold = load_gold(GOLD_FILES)
    rows = [results[i].model_dump(mode="json") for i in TEST_IDS]
    scores = score_directions(gold, rows)
    assert scores.disagree == 0, scores.disagreements
    assert scores.agree >= 10  # benchmarks/RESULTS.md, 2026-12-02


def test_a_city_carries_its_geonames_id_and_coordinates(results: dict[str, ArticleResult]) -> None:
    location = results[WADEPHUL_ANKARA].events[0].location
    assert location is not None and location.city == "Ankara" and location.precision == "city"
    assert location.geonames_id == 323786
    assert location.latitude == pytest.approx(
        39.92, abs=0.01
    ) and location.longitude == pytest.approx(32.85, abs=0.01)


def test_a_country_only_place_says_so(results: dict[str, ArticleResult]) -> None:
    places = [e.location for r in results.values() for e in r.events if e.location]
    (argentina, *_) = [p for p in places if p.city is None and p.country == "ARG"]
    assert argentina.precision == "country" and argentina.geonames_id == 3865483
    assert argentina.latitude is None and argentina.longitude is None


@pytest.mark.parametrize("fmt", ["tsv", "csv", "parquet"])
def test_each_table_format_reads_back_with_the_documented_types(
    output: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(main, ["export", str(output), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = to_frame(out)
    assert list(frame.columns) == COLUMN_NAMES
    assert frame["cameo"].dropna().str.fullmatch(r"\d{3}").all()
    assert "042" in set(frame["cameo"])
    assert pd.api.types.is_string_dtype(frame["date"]) and "--04-04" in set(frame["date"])
    assert frame["latitude"].dtype == "float64" and frame["geonames_id"].dtype == "Int64"
    ankara = frame[frame["place_city"] == "Ankara"].iloc[0]
    assert ankara["latitude"] == pytest.approx(39.92, abs=0.01)


def test_a_tsv_row_names_the_dyad_and_the_evidence(output: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    CliRunner().invoke(main, ["export", str(output), "--format", "tsv", "-o", str(out)])
    frame = pd.read_csv(out, sep="\t", dtype=str)  # as an analyst would, without our loader
    row = frame[frame["article_id"] == MACRON_PASHINYAN].iloc[0]
    assert (row["actor_name"], row["actor_country"], row["actor_sector"]) == (
        "Nikol Pashinyan", "ARM", "GOV",
    )  # fmt: skip
    assert (row["recipient_name"], row["recipient_country"]) == ("Emmanuel Macron", "FRA")
    assert row["cameo"] == "042" and row["sentences"] == "2;3"


def test_plover_lines_use_the_manuals_field_names(output: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    CliRunner().invoke(main, ["export", str(output), "--format", "plover", "-o", str(out)])
    records = [json.loads(line) for line in out.read_text().splitlines()]
    record = next(r for r in records if r["article_id"] == WADEPHUL_ANKARA)
    assert record["event"] == ["CONSULT"] and record["mode"] == ["visit"]
    assert [a["code"] for a in record["actor"]] == ["DEU"]
    assert [(r["code"], r["sector"]) for r in record["recipient"]] == [("TUR", "GOV")]
    assert record["event_loc"]["geonameid"] == 323786 and record["event_loc"]["resolution"] == 4
    assert record["text_info"][0].keys() == {"sequence", "start", "end"}
    assert record["cite_info"]["coder"].startswith("diplo-extract ")


def test_merge_output_exports_one_row_per_merged_event(output: Path, tmp_path: Path) -> None:
    merged, out = tmp_path / "merged.jsonl", tmp_path / "merged.csv"
    CliRunner().invoke(main, ["merge", str(output), "-o", str(merged)])
    result = CliRunner().invoke(main, ["export", str(merged), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = to_frame(out)
    assert frame["event_id"].str.startswith("mev_").all()
    call = frame[frame["article_id"].str.contains(CALL_EN)].iloc[0]
    assert len(call["mention_ids"].split(";")) == 3


def test_article_lines_with_an_error_are_skipped_and_counted(output: Path, tmp_path: Path) -> None:
    source = tmp_path / "with_error.jsonl"
    error = {"article_id": "x", "source": None, "language": None, "published": None,
             "model": None, "error": {"type": "InputError", "message": "empty"}}  # fmt: skip
    source.write_text(output.read_text() + json.dumps(error) + "\n")
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["export", str(source), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0 and "1 article line(s) with an error skipped" in result.output


@pytest.mark.parametrize("fmt", ["csv", "plover"])
def test_an_output_that_cannot_be_written_is_named_not_a_traceback(
    output: Path, tmp_path: Path, fmt: str
) -> None:
    """As for extract, merge and report: exit 2 and the file's name (it was a traceback)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = blocker / f"events.{fmt}"  # its folder is a file
    result = CliRunner().invoke(main, ["export", str(output), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert f"Error: Cannot write {out}: Not a directory." in result.output
    assert "Traceback" not in result.output


def test_a_line_that_is_not_our_output_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "other.jsonl"
    source.write_text('{"id": 1}\n')
    result = CliRunner().invoke(
        main, ["export", str(source), "--format", "csv", "-o", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 1 and "other.jsonl:1 is neither" in result.output
    assert "Traceback" not in result.output


def test_parquet_without_pyarrow_names_the_extra(
    output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    out = tmp_path / "x.parquet"
    result = CliRunner().invoke(
        main, ["export", str(output), "--format", "parquet", "-o", str(out)]
    )
    assert result.exit_code == 1 and "pip install 'diplo-extract[export]'" in result.output


def test_every_column_is_documented() -> None:
    text = (ROOT / "docs" / "export_columns.md").read_text(encoding="utf-8")
    for name in COLUMN_NAMES:
        assert f"| `{name}` |" in text, name


@pytest.mark.parametrize("command", ["export", "report"])
def test_dash_as_the_output_is_a_usage_error_not_a_file_named_dash(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "events.jsonl"
    source.write_text("")
    monkeypatch.chdir(tmp_path)
    args = [command, str(source), "-o", "-"] + ["--format", "csv"] * (command == "export")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "'-' (standard output) is for extract and merge" in result.output
    assert not (tmp_path / "-").exists()  # it used to be written, a file named "-"
