"""The scorer, pinned on hand-built gold and predictions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from diplo_extract.cli import main
from diplo_extract.evaluate import score

from .conftest import ARTICLES, CASSETTES, GOLD

Json = dict[str, Any]


def person(name: str | None, country: str | None, *aliases: str, org: str | None = None) -> Json:
    return {
        "name": name,
        "aliases": list(aliases),
        "role": None,
        "country": country,
        "organization": org,
    }


CALL = {
    "event_type": "phone_call", "also_accept": [], "status": "occurred", "date": "2021-04-28",
    "date_alternatives": [], "location": None, "topics": [], "required": True,
    "participants": [person("Ilham Aliyev", "AZE", "Ильхам Алиев"),
                     person("Antony Blinken", "USA")],
}  # fmt: skip
MEETING = {
    "event_type": "meeting", "also_accept": ["visit"], "status": "occurred",
    "date": "2021-04-20", "date_alternatives": [], "required": True, "topics": [],
    "location": {"city": "Baku", "country": "AZE"},
    "participants": [person(None, "AZE"), person(None, "RUS")],
}  # fmt: skip
BACKGROUND = {**MEETING, "date": "2019-12-09", "required": False}


def as_prediction(event: Json) -> Json:
    """The gold event written as the extractor would write it."""
    predicted = {k: v for k, v in event.items() if k not in ("also_accept", "date_alternatives")}
    predicted["participants"] = [
        {"name": p["name"], "name_original": None, "role": p["role"], "country": p["country"],
         "organization": p["organization"]}
        for p in event["participants"]
    ]  # fmt: skip
    return predicted


def gold_of(*events: Json) -> dict[str, Json]:
    return {"a": {"article_id": "a", "language": "en", "published": None, "events": list(events)}}


def predictions(*events: Json) -> list[Json]:
    return [{"article_id": "a", "events": list(events), "error": None}]


def test_a_perfect_prediction_scores_one_everywhere() -> None:
    scores = score(gold_of(CALL, MEETING), predictions(as_prediction(CALL), as_prediction(MEETING)))
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    for ratio in (
        scores.event_type,
        scores.status,
        scores.date,
        scores.location_country,
        scores.location_city,
        scores.participant_precision,
        scores.participant_recall,
    ):
        assert ratio.value == 1.0


def test_a_missing_event_costs_recall_not_precision() -> None:
    scores = score(gold_of(CALL, MEETING), predictions(as_prediction(CALL)))
    assert (scores.true_positives, scores.false_negatives) == (1, 1)
    assert (scores.precision, scores.recall) == (1.0, 0.5)


def test_an_invented_event_costs_precision_not_recall() -> None:
    invented = {**as_prediction(CALL), "participants": [
        {"name": "Sergey Lavrov", "name_original": None, "role": None, "country": "RUS",
         "organization": None}], "date": "2021-01-01"}  # fmt: skip
    scores = score(gold_of(CALL), predictions(as_prediction(CALL), invented))
    assert (scores.true_positives, scores.false_positives) == (1, 1)
    assert (scores.precision, scores.recall) == (0.5, 1.0)


def test_a_wrong_year_still_matches_the_event_but_fails_date_accuracy() -> None:
    wrong_year = {**as_prediction(CALL), "date": "2022-04-28"}
    scores = score(gold_of(CALL), predictions(wrong_year))
    assert scores.f1 == 1.0
    assert scores.date.value == 0.0


def test_names_match_across_scripts_and_spellings() -> None:
    predicted = as_prediction(CALL)
    predicted["participants"] = [
        {**predicted["participants"][0], "name": None, "name_original": "Алиев"},
        {**predicted["participants"][1], "name": "Anthony Blinken"},
    ]
    scores = score(gold_of(CALL), predictions(predicted))
    assert scores.participant_recall.value == 1.0


def test_a_named_person_of_the_wrong_state_is_matched_but_fails_state_accuracy() -> None:
    """Name matching alone let "Lula (Portugal)" count as right: the dyad would be wrong."""
    predicted = as_prediction(CALL)
    predicted["participants"][1]["country"] = "GBR"
    scores = score(gold_of(CALL), predictions(predicted))
    assert scores.participant_recall.value == 1.0
    assert (scores.participant_state.hits, scores.participant_state.total) == (1, 2)


def test_state_accuracy_counts_named_people_only_and_reads_organisations() -> None:
    official = {**CALL, "participants": [person("Josep Borrell", None, org="EU"),
                                         person("Antony Blinken", "USA")]}  # fmt: skip
    scores = score(gold_of(official, MEETING), predictions(as_prediction(official),
                                                           as_prediction(MEETING)))  # fmt: skip
    assert (scores.participant_state.hits, scores.participant_state.total) == (2, 2)


def test_unnamed_offices_are_matched_by_country() -> None:
    predicted = as_prediction(MEETING)
    scores = score(gold_of(MEETING), predictions(predicted))
    assert scores.true_positives == 1 and scores.participant_precision.value == 1.0
    wrong_country = copy.deepcopy(predicted)
    wrong_country["participants"][1]["country"] = "ARM"
    assert score(gold_of(MEETING), predictions(wrong_country)).participant_recall.value == 0.5


def test_a_named_person_does_not_stand_in_for_an_office_the_article_leaves_unnamed() -> None:
    named = copy.deepcopy(as_prediction(MEETING))
    named["participants"][0]["name"] = "Jeyhun Bayramov"
    scores = score(gold_of(MEETING), predictions(named))
    assert scores.participant_recall.value == 0.5


def test_an_event_matching_optional_gold_is_neither_hit_nor_false_alarm() -> None:
    scores = score(
        gold_of(CALL, BACKGROUND), predictions(as_prediction(CALL), as_prediction(BACKGROUND))
    )
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (1, 0, 0)
    assert score(gold_of(CALL, BACKGROUND), predictions(as_prediction(CALL))).recall == 1.0


def test_a_required_event_is_preferred_over_an_equally_good_optional_one() -> None:
    scores = score(gold_of(BACKGROUND, MEETING), predictions(as_prediction(MEETING)))
    assert scores.true_positives == 1 and scores.false_negatives == 0


def test_an_article_without_events_and_no_prediction_is_perfect() -> None:
    scores = score(gold_of(), predictions())
    assert (scores.precision, scores.recall) == (1.0, 1.0)


def test_a_gold_article_without_a_prediction_line_counts_as_missed() -> None:
    scores = score(gold_of(CALL), [])
    assert scores.false_negatives == 1 and scores.missing_predictions == ["a"]


@pytest.fixture(scope="module")
def replayed_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("eval") / "seeds.jsonl"
    seeds = sorted(str(p) for p in ARTICLES.glob("0*.txt"))
    result = CliRunner().invoke(
        main,
        [
            "extract",
            *seeds,
            "-q",
            "-o",
            str(out),
            "--cache-dir",
            str(CASSETTES),
            "--cache-mode",
            "replay",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_eval_scores_the_replayed_seed_recordings_against_the_seed_gold(
    replayed_seeds: Path,
) -> None:
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(replayed_seeds), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["articles"] == 5
    assert 0.0 < scores["events"]["f1"] <= 1.0
    assert scores["events"]["true_positives"] >= 4  # 001, 002 and 004 and the Russian meeting


def test_eval_prints_a_table_and_explains_bad_files(replayed_seeds: Path, tmp_path: Path) -> None:
    table = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(replayed_seeds)])
    assert "event F1" in table.stdout
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:1 is not a line of extract output (Invalid JSON" in result.output


def test_a_folder_given_as_gold_is_read_as_its_gold_files(
    replayed_seeds: Path, tmp_path: Path
) -> None:
    """`--gold fixtures/gold` had been refused as "a directory"."""
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "seeds.gold.jsonl").write_bytes(GOLD.read_bytes())
    (folder / "notes.txt").write_text("not gold\n", encoding="utf-8")
    by_file = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(replayed_seeds), "--json"])
    by_folder = CliRunner().invoke(
        main, ["eval", "--gold", str(folder), str(replayed_seeds), "--json"]
    )
    assert by_folder.exit_code == 0, by_folder.output
    assert json.loads(by_folder.stdout) == json.loads(by_file.stdout)


def test_a_folder_without_gold_files_is_an_error_naming_it(
    replayed_seeds: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["eval", "--gold", str(tmp_path), str(replayed_seeds)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path}: a folder with no *.gold.jsonl file in it" in result.output


def test_extract_output_given_as_gold_is_refused_saying_which_is_which(
    replayed_seeds: Path,
) -> None:
    """It was scored against itself (near 1.0, or an obscure field error) without a word."""
    result = CliRunner().invoke(main, ["eval", "--gold", str(replayed_seeds), str(replayed_seeds)])
    assert result.exit_code == 1
    assert f"{replayed_seeds}:1: a line of diplo-extract extract, not gold" in result.output


BAD_GOLD = {
    "no file content": "",
    "events null": '{"article_id": "a", "events": null}\n',
    "an unknown type": '{"article_id": "a", "events": [{"event_type": "lunch", "status": '
    '"occurred", "date": null, "participants": []}]}\n',
    "not an object": "[1, 2]\n",
}


@pytest.mark.parametrize("name", BAD_GOLD)
def test_bad_gold_is_an_error_naming_file_line_and_problem(
    replayed_seeds: Path, tmp_path: Path, name: str
) -> None:
    gold = tmp_path / "bad.gold.jsonl"
    gold.write_text(BAD_GOLD[name], encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), str(replayed_seeds)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    expected = "No gold rows" if not BAD_GOLD[name] else f"{gold}:1: "
    assert expected in result.output


def test_a_prediction_line_that_is_not_a_result_names_its_line(tmp_path: Path) -> None:
    predictions = tmp_path / "p.jsonl"
    predictions.write_text("[1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(predictions)])
    assert result.exit_code == 1 and f"{predictions}:1 is not a line of extract output" in (
        result.output
    )


def test_an_nfd_id_in_old_predictions_matches_its_nfc_gold(tmp_path: Path) -> None:
    import unicodedata

    from diplo_extract.evaluate import load_gold, load_predictions

    gold = tmp_path / "g.gold.jsonl"
    gold.write_text(json.dumps({"article_id": "Café", "events": []}) + "\n")
    predictions = tmp_path / "p.jsonl"
    line = {"article_id": unicodedata.normalize("NFD", "Café"), "source": None,
            "language": None, "published": None, "model": None}  # fmt: skip
    predictions.write_text(json.dumps(line) + "\n")
    assert [r["article_id"] for r in load_predictions(predictions)] == list(load_gold([gold]))


def test_failed_prediction_lines_are_named_and_precision_of_nothing_is_not_a_score(
    replayed_seeds: Path, tmp_path: Path
) -> None:
    failed = tmp_path / "failed.jsonl"
    with failed.open("w") as stream:
        for line in replayed_seeds.read_text().splitlines():
            row = json.loads(line)
            row.update(events=[], error={"type": "ConnectionError", "message": "refused"})
            stream.write(json.dumps(row) + "\n")
    result = CliRunner().invoke(
        main, ["eval", "--gold", str(GOLD), str(failed)], env={"COLUMNS": "200"}
    )
    output = " ".join(result.output.split())
    assert "5 prediction lines are failed articles" in output
    assert "│ event precision │ – │ 0 hits" in output
