"""Reading articles: every input shape, datelines, and bad input as problems, not crashes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from diplo_extract.articles import (
    Article,
    InputProblem,
    article_from_text,
    find_dateline,
    read_inputs,
)

from .conftest import ARTICLE_IDS, ARTICLES


def test_a_folder_yields_its_txt_files_in_name_order_with_stems_as_ids() -> None:
    ids = [item.id for item in read_inputs([str(ARTICLES)])]
    assert ids == ARTICLE_IDS


def test_publication_dates_come_from_the_datelines_as_gold_says(
    gold: dict[str, dict[str, object]],
) -> None:
    for item in read_inputs([str(ARTICLES)]):
        assert isinstance(item, Article)
        published = item.published.isoformat() if item.published else None
        assert published == gold[item.id]["published"], item.id


def test_languages_are_detected_as_gold_says(gold: dict[str, dict[str, object]]) -> None:
    for item in read_inputs([str(ARTICLES)]):
        assert isinstance(item, Article)
        assert item.language == gold[item.id]["language"], item.id


def test_iso_dateline_marker_is_found() -> None:
    assert find_dateline(" date 2024-06-19 + ↺ − 16 px\n\nText") == dt.date(2024, 6, 19)


def test_german_month_dateline_is_found() -> None:
    assert find_dateline("Titel\n\n  3. März 2022  Gelesen: 5\n") == dt.date(2022, 3, 3)


@pytest.mark.parametrize(
    "line",
    [
        "WASHINGTON, March 12, 2025 (Reuters) - Secretary of State Marco Rubio met his Turkish "
        "counterpart on Tuesday.",
        "Москва, 12 марта 2025 г.",
        "BERLIN, 12. März 2025 (dpa) -",
        "Madrid, 12 de marzo de 2025",
        "Kuala Lumpur, 12 Mac 2025",
        "Published: 12 March 2025 10:31",
    ],
)
def test_a_date_after_the_place_of_a_wire_dateline_is_the_publication_date(line: str) -> None:
    assert find_dateline(f"{line}\nThe minister met his counterpart yesterday.") == dt.date(
        2025, 3, 12
    )


@pytest.mark.parametrize(
    ("line", "story"),
    [
        ("Rīga, 2025. gada 12. martā", "Ārlietu ministrs vakar tikās ar Lietuvas kolēģi Viļņā."),
        ("Vilnius, 2025 m. kovo 12 d.", "Užsienio reikalų ministras vakar susitiko su kolega."),
    ],
)
def test_a_dateline_whose_month_carries_a_case_ending_is_read(line: str, story: str) -> None:
    # dateparser reads "martā" (Latvian: in March) and "kovo 12 d." as nothing
    assert find_dateline(f"{line}\n{story}") == dt.date(2025, 3, 12)


@pytest.mark.parametrize(
    "line",
    ["Erdogan, Aliyev to meet on 12 March 2025", "NEW DELHI : In his first contact since 2017"],
)
def test_a_headline_that_names_a_date_is_no_dateline(line: str) -> None:
    assert find_dateline(f"{line}\nThe minister met his counterpart yesterday.") is None


def test_dates_deep_in_the_story_are_not_taken_for_the_dateline() -> None:
    text = "\n".join(["Headline", "a", "b", "c", "d", "e", "f", "29 April 2021 was the day."])
    assert find_dateline(text) is None


def test_article_text_is_kept_exactly_as_read(tmp_path: Path) -> None:
    raw = " date 2024-06-19\r\n\u00a0Quote “x” — y\n"
    (tmp_path / "a.txt").write_bytes(raw.encode("utf-8"))
    (article,) = read_inputs([str(tmp_path / "a.txt")])
    assert isinstance(article, Article)
    assert article.text == raw


def test_empty_binary_and_non_utf8_files_become_problems_with_a_remedy(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x00\x01\x02")
    (tmp_path / "cp1251.txt").write_bytes("Привет".encode("cp1251"))
    problems = {p.id: p for p in read_inputs([str(tmp_path)])}
    assert all(isinstance(p, InputProblem) for p in problems.values())
    assert "empty" in problems["empty"].message
    assert "binary" in problems["binary"].message
    assert "iconv" in problems["cp1251"].message


def test_missing_paths_become_problems() -> None:
    (problem,) = read_inputs(["/no/such/article.txt"])
    assert isinstance(problem, InputProblem)
    assert "does not exist" in problem.message


def test_jsonl_rows_carry_id_metadata_and_problems_per_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": 7, "text": "Talks in Baku.", "published": "2024-05-01T10:00:00Z", "url": "u"}\n'
        "{not json\n"
        "\n"
        '{"id": "x", "text": ""}\n'
        '["a list"]\n',
        encoding="utf-8",
    )
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], Article)
    assert (items[0].id, items[0].published, items[0].url) == ("7", dt.date(2024, 5, 1), "u")
    assert [type(i).__name__ for i in items[1:]] == ["InputProblem"] * 3
    assert items[1].id == "batch:2" and "invalid JSON" in items[1].message  # type: ignore[union-attr]
    assert items[2].id == "x"


def test_metadata_publication_date_wins_over_the_dateline(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"id": "a", "text": " date 2020-01-01\\nX", "published": "2021-02-03"}\n')
    (item,) = read_inputs([str(path)])
    assert isinstance(item, Article) and item.published == dt.date(2021, 2, 3)


def test_dash_reads_jsonl_from_stdin() -> None:
    stdin = io.StringIO('{"id": "s1", "text": "Der Minister reiste nach Paris."}\n')
    (item,) = read_inputs(["-"], stdin=stdin)
    assert isinstance(item, Article) and item.id == "s1" and item.source == "<stdin>"


@pytest.mark.parametrize(
    ("top", "published"),
    [
        (" date 2024-06-19 + ↺ − 16 px", "2024-06-19"),
        ("29 April 2021", "2021-04-29"),
        ("05:45 Янв. 24, 2023", "2023-01-24"),  # a short line that is a date, any format
        ("01:42 ص 01/03/2026", "2026-03-01"),
        ("18.05.2018 - Pressemitteilung", "2018-05-18"),
        ("文章日期:2019年10月23日", "2019-10-23"),
        (" date 2017-05 publié le 08/05/2017 à 22:04", "2017-05-08"),  # the marker's month
        (" date 2017-02 BUENOS AIRES, 28 (NA). - La canciller", "2017-02-28"),  # wire dateline
        (" date 2024-01 Apoie o 247", None),  # a month is no publication date
        ("Summit in 2024 brings hope", None),
    ],
)
def test_the_publication_date_is_read_from_the_page_top(top: str, published: str | None) -> None:
    article = article_from_text(f"Headline\n{top}\nLavrov met Fidan on Monday.", "a")
    assert (article.published.isoformat() if article.published else None) == published


def test_one_path_given_to_read_inputs_is_refused_with_what_to_give() -> None:
    with pytest.raises(TypeError, match=r"not a single str: give \['fixtures/articles'\]"):
        list(read_inputs("fixtures/articles"))
