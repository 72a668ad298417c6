"""Articles longer than the model's context: overlapping windows on paragraph boundaries.

An article over the chunk size (``--max-chars``) is cut into windows of whole paragraphs
(lines), each starting with the last paragraph of the one before, so an event told across a
paragraph break is whole in at least one window. A paragraph longer than a window is cut at
sentence ends (at a hard limit only if a sentence is longer still). Each window is extracted
like an article; its evidence offsets are shifted back into the whole text (and checked to
cut out exactly the quote), and the windows' events are merged by the rules of
:mod:`diplo_extract.merge`, since the overlap reports some of them twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from diplo_extract.articles import Article
from diplo_extract.ids import with_ids
from diplo_extract.merge import joined_evidence, merge_events
from diplo_extract.models import ArticleResult, DiplomaticEvent, ErrorInfo, EvidenceSpan, Usage
from diplo_extract.sentences import split_sentences

_LINE = re.compile(r"[^\n]*\S[^\n]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Chunk:
    """A window ``text[start:end]`` of the article."""

    start: int
    end: int


def _units(text: str, size: int) -> list[tuple[int, int]]:
    """Paragraphs (non-blank lines) as (start, end); longer ones cut to fit ``size``."""
    units: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start, end = line.start(), line.end()
        while end - start > size:
            cut = start + size
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start, cut) if m.end() > start]
            piece_end = ends[-1] if ends else cut
            units.append((start, piece_end))
            start = piece_end
        units.append((start, end))
    return units


def chunks(text: str, size: int, overlap: int = 1) -> list[Chunk]:
    """Windows of at most ``size`` characters, each overlapping the last by ``overlap`` units."""
    units = _units(text, size)
    windows: list[Chunk] = []
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and units[last + 1][1] - units[first][0] <= size:
            last += 1
        windows.append(Chunk(units[first][0], units[last][1]))
        if last == len(units) - 1:
            break
        first = max(first + 1, last + 1 - overlap)
    return windows


def chunk_article(article: Article, chunk: Chunk, number: int) -> Article:
    """The window as an article of its own (same date, title and source)."""
    return Article(
        id=f"{article.id}#{number}",
        text=article.text[chunk.start : chunk.end],
        published=article.published,
        source=article.source,
        url=article.url,
        title=article.title,
    )


def _shifted(
    event: DiplomaticEvent, offset: int, text: str, numbers: dict[int, int]
) -> DiplomaticEvent:
    """The event with its spans' offsets (and sentence numbers) in the whole article."""
    spans = [
        EvidenceSpan(
            quote=s.quote,
            start=s.start + offset,
            end=s.end + offset,
            match=s.match,
            sentence=numbers.get(s.start + offset),
        )
        for s in event.evidence
    ]
    for span in spans:  # langextract's habit: every span, cut from the source, is its quote
        if text[span.start : span.end] != span.quote:
            raise AssertionError(f"evidence offset {span.start} does not point at its quote")
    return event.model_copy(update={"evidence": spans})


def _combined(events: Sequence[DiplomaticEvent], date: str | None) -> DiplomaticEvent:
    """One event from the windows' reports of it: the best-dated report, with all evidence."""
    best = next((e for e in events if e.date == date), events[0])
    evidence, unplaced = joined_evidence(events)
    return best.model_copy(
        update={
            "evidence": evidence,
            "unplaced_evidence": unplaced,
            "outcomes": list(dict.fromkeys(o for e in events for o in e.outcomes)),
            "flags": list(dict.fromkeys(f for e in events for f in e.flags)),
        }
    )


def combine(article: Article, parts: Sequence[tuple[Chunk, ArticleResult]]) -> ArticleResult:
    """The article's result from its windows' results: events merged, usage summed.

    A window that failed does not cost the others: their events are kept, and the article's
    ``error`` names the window (so ``--resume`` runs the article again).
    """
    numbers = {s.start: n for n, s in enumerate(split_sentences(article.text), start=1)}
    shifted = [
        result.model_copy(
            update={
                "events": [_shifted(e, chunk.start, article.text, numbers) for e in result.events]
            }
        )
        for chunk, result in parts
    ]
    by_id = {result.article_id: result for result in shifted}
    events = [
        _combined([by_id[m.article_id].events[m.event_index] for m in merged.mentions], merged.date)
        for merged in merge_events(shifted)
    ]
    usage = Usage()
    for result in shifted:
        usage.add(result.usage)
    failed = [(n, r.error) for n, r in enumerate(shifted) if r.error is not None]
    error = None
    if failed:
        number, first = failed[0]
        kept = " (events of the others are kept)" * (len(failed) < len(parts))
        error = ErrorInfo(
            type=first.type,
            message=f"{len(failed)} of {len(parts)} parts of the article failed{kept}; "
            f"part {number + 1}: {first.message}",
        )
    return ArticleResult(
        article_id=article.id,
        source=article.source,
        language=article.language,
        published=article.published.isoformat() if article.published else None,
        url=article.url,
        title=article.title,
        events=with_ids(article.id, events),
        model=next((r.model for r in shifted if r.model), None),
        coder=next((r.coder for r in shifted if r.coder), None),
        coded_date=next((r.coded_date for r in shifted if r.coded_date), None),
        usage=usage,
        error=error,
    )
