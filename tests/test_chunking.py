"""Long articles: overlapping parts on paragraph boundaries, events merged, offsets whole.

Seed 004 (3,431 characters) is extracted in parts of 1,500 characters; the parts were recorded
live from the local model, so the replay is the real path with a small window.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from diplo_extract import Article, Extractor
from diplo_extract.actors import identity
from diplo_extract.batch import prepare_requests
from diplo_extract.chunking import chunks
from diplo_extract.runner import RunSettings

from .conftest import CASSETTES, LOOPBACK_MODEL

LONG = "004_a23c7a5183081161"
SIZE = 1500


def test_parts_cover_every_paragraph_fit_and_overlap(seeds: dict[str, Article]) -> None:
    text = seeds[LONG].text
    parts = chunks(text, SIZE)
    assert len(parts) == 3
    assert all(p.end - p.start <= SIZE for p in parts)
    assert all(text[p.start - 1] == "\n" for p in parts[1:])  # each starts a paragraph
    assert all(b.start < a.end for a, b in itertools.pairwise(parts))  # overlap
    for line_start in (i + 1 for i, c in enumerate(text) if c == "\n"):
        if text[line_start : line_start + 1].strip():
            assert any(p.start <= line_start < p.end for p in parts)


def test_a_paragraph_longer_than_a_part_is_cut_at_a_sentence_end() -> None:
    text = "First sentence here. " * 40 + "\nShort tail."
    parts = chunks(text, 300)
    assert all(p.end - p.start <= 300 for p in parts)
    assert text[parts[0].end - 1] == " " and text[: parts[0].end].rstrip().endswith(".")


@pytest.fixture(scope="module")
def chunked(seeds: dict[str, Article]) -> Extractor:
    with Extractor(cache_dir=CASSETTES, cache_mode="replay", max_chars=SIZE) as extractor:
        yield extractor  # type: ignore[misc]


def test_a_long_article_is_extracted_in_parts_with_offsets_into_the_whole_text(
    chunked: Extractor, seeds: dict[str, Article]
) -> None:
    article = seeds[LONG]
    result = chunked.extract(article)
    assert result.error is None and result.events
    spans = [s for e in result.events for s in e.evidence]
    assert all(article.text[s.start : s.end] == s.quote for s in spans)
    assert any(s.start > 1047 for s in spans)  # found in a later part, shifted back
    assert result.usage.attempts >= 3 and result.usage.replayed == result.usage.attempts


def test_an_event_reported_in_two_overlapping_parts_comes_out_once(
    chunked: Extractor, seeds: dict[str, Article]
) -> None:
    result = chunked.extract(seeds[LONG])
    keys = [
        (e.event_type, e.status, e.date, tuple(sorted(identity(p) for p in e.participants)))
        for e in result.events
    ]
    assert len(keys) == len(set(keys))


def test_a_part_that_fails_costs_only_its_own_events(
    seeds: dict[str, Article], tmp_path: Path
) -> None:
    cassettes = tmp_path / "cassettes"
    shutil.copytree(CASSETTES, cassettes)
    for path in cassettes.glob("*.json"):
        if json.loads(path.read_text(encoding="utf-8"))["article_id"] == f"{LONG}#2":
            path.unlink()  # the third part was never recorded
    with Extractor(cache_dir=cassettes, cache_mode="replay", max_chars=SIZE) as extractor:
        result = extractor.extract(seeds[LONG])
    assert result.error is not None and result.error.type == "CassetteMiss"
    assert "1 of 3 parts of the article failed" in result.error.message
    assert result.events  # the other parts' events are kept


def test_a_batch_asks_for_each_part(seeds: dict[str, Article]) -> None:
    rows = list(
        prepare_requests(
            [seeds[LONG]], RunSettings(base_url="http://x/v1", model=LOOPBACK_MODEL, max_chars=SIZE)
        )
    )
    assert [row["custom_id"] for row in rows] == [f"{LONG}#0", f"{LONG}#1", f"{LONG}#2"]  # type: ignore[index]


def test_when_every_part_fails_no_events_of_others_are_promised(
    seeds: dict[str, Article], tmp_path: Path
) -> None:
    empty = tmp_path / "cassettes"
    empty.mkdir()
    with Extractor(cache_dir=empty, cache_mode="replay", max_chars=SIZE) as extractor:
        result = extractor.extract(seeds[LONG])
    assert (
        result.error is not None and "3 of 3 parts of the article failed;" in result.error.message
    )
    assert "others are kept" not in result.error.message
