"""Articles as numbered sentences: what the model cites and code cuts evidence from."""

from __future__ import annotations

import pytest

from diplo_extract import Article
from diplo_extract.sentences import numbered, split_sentences

from .conftest import ARTICLE_IDS


@pytest.mark.parametrize("article_id", ARTICLE_IDS)
def test_every_sentence_is_the_article_at_its_offsets_and_all_text_is_covered(
    seeds: dict[str, Article], article_id: str
) -> None:
    text = seeds[article_id].text
    sentences = split_sentences(text)
    assert [s.number for s in sentences] == list(range(1, len(sentences) + 1))
    assert all(text[s.start : s.end] == s.text == s.text.strip() for s in sentences)
    covered = "".join("".join(s.text.split()) for s in sentences)
    assert covered == "".join(text.split())  # nothing but whitespace is left out


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Lavrov met Fidan. They spoke of Syria.", 2),
        ("A. Blinken called. Talks went well.", 2),  # an initial
        ("Am 16. November telefonierte Blinken mit Alijew.", 1),  # a German ordinal
        ("Dr. Stoltenberg arrived. The U.S. delegation came too.", 2),  # abbreviations
        ("Лавров прибыл в г. Баку. Переговоры начались.", 2),
        ("王毅会见马克龙。双方讨论了合作。", 2),
        ('He said: "We agree." Then he left.', 2),
        ("Line one\nLine two", 2),
    ],
)
def test_sentences_end_where_a_reader_would_end_them(text: str, pieces: int) -> None:
    assert len(split_sentences(text)) == pieces


def test_the_model_reads_one_numbered_sentence_a_line() -> None:
    sentences = split_sentences("Lavrov met Fidan. They spoke.\n\nA call followed.")
    assert numbered(sentences) == "[1] Lavrov met Fidan.\n[2] They spoke.\n[3] A call followed."
