"""The library's entry points called as a program would call them, wrong arguments included:
each mistake is an exception that says what to give, before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest

from diplo_extract import Extractor, extract

from .conftest import CASSETTES

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
