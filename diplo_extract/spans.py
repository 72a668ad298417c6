"""Placing an evidence quote in the article: character offsets that cut out the quote exactly.

Models copy sentences imperfectly: they change whitespace, swap typographic quotes and dashes
for plain ones, change case, drop diacritics, slip on a case ending or leave out a few words.
Like langextract's aligner, we first look for an exact match on a folded copy of both texts
(whitespace, quotes, dashes, case and diacritics folded, with a map back to the original
offsets), then fall back to a fuzzy alignment that accepts a quote when nearly all of its
characters appear, in order, in one stretch of the article. Either way the stored quote is
``text[start:end]``: the article's own words, never the model's.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

MatchKind = Literal["exact", "normalised", "fuzzy"]

#: Share of the quote's (folded) characters that must appear in order in the aligned stretch.
#: Measured on the seeds: a one-letter case-ending slip scores 0.99, a quote missing three of
#: twenty words 0.97; an English translation of a Russian sentence 0.2 or less.
FUZZY_COVERAGE = 0.9
#: Shorter quotes must match after folding: a few characters align "well" almost anywhere.
FUZZY_MIN_LENGTH = 20
#: Matching runs shorter than this are noise at the edges of an alignment, not the quote.
_MIN_BLOCK = 3

_TYPOGRAPHY = str.maketrans(
    {
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "‹": '"',
        "›": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "–": "-",
        "—": "-",
        "―": "-",
        "‒": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
        "ı": "i",  # Turkish dotless i; dotted İ loses its dot in NFKD below
        "…": "...",
        "\u00ad": "",  # soft hyphen
        "\u200b": "",  # zero-width space
    }
)


@dataclass(frozen=True)
class Placement:
    """Where a quote sits in the article: ``text[start:end]`` is the article's version of it."""

    start: int
    end: int
    match: MatchKind


@dataclass(frozen=True)
class FoldedText:
    """A text folded for comparison, with each folded character's offset in the original."""

    folded: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded range ``[start, end)``."""
        return self.origin[start], self.origin[end - 1] + 1


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded: typography to ASCII, decomposed, marks dropped, case folded."""
    parts = unicodedata.normalize("NFKD", char.translate(_TYPOGRAPHY))
    return "".join(part.casefold() for part in parts if not unicodedata.combining(part))


@lru_cache(maxsize=64)
def fold(text: str) -> FoldedText:
    """Fold whitespace runs to one space, typography to ASCII, case, and diacritics away.

    Each folded character remembers its source offset, so a match in the folded text maps
    back to a slice of the original (one source character may fold to several, as ß to ss).
    """
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(index)
            continue
        for folded in _fold_char(char):
            chars.append(folded)
            origin.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return FoldedText("".join(chars), tuple(origin))


@lru_cache(maxsize=256)  # validation and normalisation place the same quotes of one article
def place(quote: str, text: str) -> Placement | None:
    """Where ``quote`` occurs in ``text``, or None if it cannot be placed with confidence."""
    needle = fold(quote).folded
    if not needle:
        return None
    source = fold(text)
    found = source.folded.find(needle)
    if found >= 0:
        start, end = source.span(found, found + len(needle))
        return Placement(start, end, "exact" if text[start:end] == quote else "normalised")
    if len(needle) < FUZZY_MIN_LENGTH:
        return None
    return _place_fuzzy(needle, text, source)


def _place_fuzzy(needle: str, text: str, source: FoldedText) -> Placement | None:
    """Locate the best window, then measure how much of the quote it really contains."""
    rough = fuzz.partial_ratio_alignment(needle, source.folded)
    if rough is None:
        return None
    slack = len(needle) // 2  # room for words the quote left out
    lo = max(0, rough.dest_start - slack)
    hi = min(len(source.folded), rough.dest_end + slack)
    window = source.folded[lo:hi]
    blocks = [
        block
        for block in Indel.opcodes(needle, window)
        if block.tag == "equal" and block.src_end - block.src_start >= _MIN_BLOCK
    ]
    if not blocks:
        return None
    covered = sum(block.src_end - block.src_start for block in blocks)
    first, last = lo + blocks[0].dest_start, lo + blocks[-1].dest_end
    if covered / len(needle) < FUZZY_COVERAGE or last - first > 1.5 * len(needle):
        return None
    if needle[-1] in ".!?" and source.folded[last : last + 1] == needle[-1]:
        last += 1  # the full stop is a one-character block that the noise filter dropped
    start, end = _whole_words(text, *source.span(first, last))
    return Placement(start, end, "fuzzy")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it neither starts nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end
