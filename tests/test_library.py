"""The library's entry points called as a program would call them, wrong arguments included:
each mistake is an exception that says what to give, before anything is sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from diplo_extract import Article, Extractor, extract

from .conftest import ARTICLES, CASSETTES

REPLAY: dict[str, Any] = {"cache_dir": CASSETTES, "cache_mode": "replay"}
TEXT = "Date 2024-05-01. The foreign ministers of Italy and Spain met in Rome on Tuesday.\n"


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ({"max_chars": 0}, "max_chars must be at least 1"),
        ({"max_chars": -5}, "max_chars must be at least 1"),
        ({"max_article_chars": 0}, "max_article_chars must be at least 1"),
        ({"max_reasks": -1}, "max_reasks must be 0 or more"),
        ({"timeout": 0}, "timeout must be a number of seconds above 0"),
    ],
    ids=["max_chars 0", "max_chars -5", "max_article_chars 0", "max_reasks -1", "timeout 0"],
)
def test_a_limit_that_cannot_work_is_refused_when_the_extractor_is_made(
    setting: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        Extractor(**REPLAY, **setting)
    with pytest.raises(ValueError, match=words):
        extract(TEXT, **REPLAY, **setting)  # max_chars 0 used to cut the text for ever


def test_a_publication_date_given_as_a_datetime_is_taken_to_the_day() -> None:
    seed = sorted(p for p in ARTICLES.glob("0*.txt"))[1]
    recorded = extract(seed.read_text("utf-8"), article_id=seed.stem, **REPLAY)
    published = dt.date.fromisoformat(recorded.published or "")
    at_noon = dt.datetime.combine(published, dt.time(12, 0))
    result = extract(seed.read_text("utf-8"), article_id=seed.stem, published=at_noon, **REPLAY)
    # the same request as with the date (so the recording answers it); it used to send
    # "2021-04-29T12:00:00" to the model, then fail to build the result (a pydantic error)
    assert (result.error, result.published) == (None, published.isoformat())
    assert result.events == recorded.events


@pytest.mark.parametrize(
    ("article", "keywords", "words"),
    [
        (ARTICLES, {}, r"not PosixPath\. Read files and folders with read_inputs\(\[path\]\)"),
        (b"Talks in Rome.", {}, r"not bytes\. Decode it first"),
        (None, {}, r"its text \(a str\) or an Article, not NoneType\.$"),
        (TEXT, {"published": "2024-05-01"}, r"published must be a datetime\.date.*fromisoformat"),
        (TEXT, {"published": 20240501}, r"published must be a datetime\.date .*\(int\)"),
        (TEXT, {"article_id": 7}, "article_id must be a str, not 7"),
    ],
    ids=["a path", "bytes", "None", "published str", "published int", "article_id int"],
)
def test_an_argument_of_the_wrong_type_is_a_type_error_saying_what_to_give(
    article: Any, keywords: dict[str, Any], words: str
) -> None:
    with pytest.raises(TypeError, match=words):  # they used to be AttributeErrors from within
        extract(article, **keywords, **REPLAY)


def test_an_article_built_with_no_visible_text_is_an_error_line_not_a_call() -> None:
    """An Article made directly skips article_from_text's check: the model was paid to read
    nothing (in replay, a CassetteMiss)."""
    result = Extractor(**REPLAY).extract(Article(id="blank", text=" \u200b\n"))
    assert result.error is not None and result.error.type == "InputError"
    assert result.error.message == (
        "blank: the text has no visible character (only spaces or invisible marks)."
    )
    assert result.usage.attempts == 0
