"""From the model's answer to trustworthy records: spans, dates, actors, places and codes.

This is the code half of the split described in :mod:`diplo_extract.answer`. Nothing here
calls the model; everything is deterministic, so a recorded answer always yields the same
records, and improving a normaliser improves old recordings without re-running the model.
"""

from __future__ import annotations

import re
from typing import Literal

from diplo_extract.actors import canonical_name, known_person, name_key, romanised
from diplo_extract.answer import EventAnswer, ExtractedEvents, ParticipantAnswer, PlaceAnswer
from diplo_extract.articles import Article
from diplo_extract.codes import event_codes
from diplo_extract.countries import (
    country_code,
    country_mentions,
    country_named,
    organisation_for,
)
from diplo_extract.dates import (
    PartialDate,
    date_phrases,
    resolve_date_text,
    without_unsupported_year,
)
from diplo_extract.injection import in_instruction_passage
from diplo_extract.models import (
    DiplomaticEvent,
    EventCodes,
    EvidenceSpan,
    Flag,
    Location,
    Participant,
)
from diplo_extract.places import english_city
from diplo_extract.spans import fold, place

#: How far before a person's name the article is searched for the state they represent
#: ("Azerbaijani President Ilham Aliyev", "US-Außenminister Antony Blinken").
_CONTEXT_CHARS = 60
_SENTENCE_END = re.compile(r"[.!?\n]")


def normalise_events(answer: ExtractedEvents, article: Article) -> list[DiplomaticEvent]:
    """The output records for one article's answer."""
    return [normalise_event(event, article) for event in answer.events]


def normalise_event(event: EventAnswer, article: Article) -> DiplomaticEvent:
    """One answer event as a record: every field traced, resolved or coded."""
    evidence, unplaced = ground_evidence(event.evidence, article.text)
    date, date_text, source = resolve_date(event, evidence, article)
    participants = merge_participants(
        [normalise_participant(p, article.text) for p in event.participants]
    )
    location = normalise_location(event.location)
    flags: list[Flag] = []
    if unplaced:
        flags.append("evidence_unplaced")
    if any(in_instruction_passage(e.start, e.end, article.text) for e in evidence):
        flags.append("evidence_in_instructions")
    published = article.published
    if (
        date
        and event.status == "occurred"
        and published
        and PartialDate.parse(date).is_after(published)
    ):
        flags.append("date_after_publication")
    codes = event_codes(
        event.event_type,
        event.status,
        [p.country for p in participants],
        location.country if location else None,
        [p.organization for p in participants],
    )
    return DiplomaticEvent(
        event_type=event.event_type,
        status=event.status,
        date=date,
        date_text=date_text,
        date_source=source,
        location=location,
        participants=participants,
        topics=event.topics,
        summary=event.summary,
        outcomes=event.outcomes,
        evidence=evidence,
        unplaced_evidence=unplaced,
        codes=EventCodes(
            cameo=codes.cameo,
            cameo_label=codes.cameo_label,
            plover_type=codes.plover_type,
            plover_mode=codes.plover_mode,
            host=codes.host,
        )
        if codes
        else None,
        flags=flags,
    )


def ground_evidence(quotes: list[str], text: str) -> tuple[list[EvidenceSpan], list[str]]:
    """Spans for the quotes found in ``text`` (each once), and the quotes that were not."""
    spans: list[EvidenceSpan] = []
    unplaced: list[str] = []
    for quote in quotes:
        placement = place(quote, text)
        if placement is None:
            unplaced.append(quote)
            continue
        span = EvidenceSpan(
            quote=text[placement.start : placement.end],
            start=placement.start,
            end=placement.end,
            match=placement.match,
        )
        if all((s.start, s.end) != (span.start, span.end) for s in spans):
            spans.append(span)
    return spans, unplaced


DateSource = Literal["evidence", "text", "model"]


def resolve_date(
    event: EventAnswer, evidence: list[EvidenceSpan], article: Article
) -> tuple[str | None, str | None, DateSource | None]:
    """The event date, the article's phrase for it, and where the date came from.

    In order of trust: a date phrase in the sentences that report the event (one date only:
    several make it ambiguous), then the model's ``date_text`` if it is in the article, then
    the model's own date at the precision the article supports. Measured on the gold
    articles: the small model often gives the publication date as ``date_text`` ("on May 21"
    for "ayer"), so the evidence sentences come first.
    """
    found = {
        resolved: phrase
        for span in evidence
        for phrase, resolved in date_phrases(
            span.quote, event.status, article.published, article.language
        )
    }
    if len(found) == 1:
        ((resolved, evidence_phrase),) = found.items()
        return resolved, evidence_phrase, "evidence"
    phrase = event.date_text
    if phrase and place(phrase, article.text) is not None:
        resolved_text = resolve_date_text(phrase, event.status, article.published, article.language)
        if resolved_text is not None:
            return resolved_text, phrase, "text"
    if event.date is None:
        return None, phrase, None
    kept = without_unsupported_year(event.date, article.text, article.published)
    return kept, phrase, "model" if kept else None


def normalise_participant(answer: ParticipantAnswer, text: str) -> Participant:
    """Canonical name, and the state (alpha-3) or organisation the person represents.

    A "participant" that is a country ("Иран") stands for its unnamed representatives.
    """
    as_country = next(
        (
            code
            for written in (answer.name, answer.name_original)
            if written and (code := country_named(written))
        ),
        None,
    )
    if as_country is not None:
        return Participant(
            name=None,
            name_original=answer.name_original,
            role=answer.role,
            country=as_country,
            organization=answer.organization,
        )
    name = canonical_name(answer.name, answer.name_original)
    known = known_person(answer.name, answer.name_original) if name else None
    organisation = answer.organization or organisation_for(answer.country)
    if known is not None:
        country, organisation = known.country, known.organization
    else:
        country = country_code(answer.country) if answer.country else None
        if country is None and organisation is None:
            country = _country_from_role(answer.role) or _country_before_name(
                answer.name_original, text
            )
    return Participant(
        name=name,
        name_original=answer.name_original,
        role=answer.role,
        country=country,
        organization=organisation,
    )


def _country_from_role(role: str | None) -> str | None:
    mentions = country_mentions(role) if role else []
    return mentions[0] if mentions else None


def _country_before_name(name: str | None, text: str) -> str | None:
    """The state named just before a person in the article ("азербайджанский министр X")."""
    if not name:
        return None
    found = place(name, text)
    if found is None:
        return None
    before = text[max(0, found.start - _CONTEXT_CHARS) : found.start]
    before = _SENTENCE_END.split(before)[-1]
    mentions = country_mentions(before)
    return mentions[-1] if mentions else None


def merge_participants(participants: list[Participant]) -> list[Participant]:
    """One entry per person: the same canonical name (or unnamed office) merged into one."""
    merged: dict[tuple[str, ...], Participant] = {}
    for participant in participants:
        key = _identity(participant)
        if key not in merged:
            merged[key] = participant
            continue
        first = merged[key]
        merged[key] = first.model_copy(
            update={
                field: getattr(participant, field)
                for field in ("name_original", "role", "country", "organization")
                if getattr(first, field) is None
            }
        )
    return list(merged.values())


def _identity(participant: Participant) -> tuple[str, ...]:
    if participant.name:
        return ("person", name_key(participant.name))
    role = fold(participant.role or "").folded
    return ("office", role, participant.country or "", participant.organization or "")


def normalise_location(answer: PlaceAnswer | None) -> Location | None:
    """City in English and the country as alpha-3; null when neither is known."""
    if answer is None:
        return None
    country = country_code(answer.country) if answer.country else None
    city, country = english_city(answer.city, country)
    if city is None and country is None:
        return None
    return Location(city=romanised(city) if city else None, country=country)
