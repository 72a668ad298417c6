"""The contract: what a diplomatic event record looks like in the output.

Every field here is either copied from the article with its position (evidence), judged by the
model (type, status, roles, topics, summary) or derived in code from those (dates at the
precision the article supports, ISO codes, canonical names, CAMEO/PLOVER codes). What the model
itself is asked to fill in is in :mod:`diplo_extract.answer`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

EventType = Literal["meeting", "phone_call", "visit", "summit", "negotiation", "agreement", "other"]
EventStatus = Literal["occurred", "planned", "cancelled"]
TopicCategory = Literal[
    "bilateral_relations",
    "security_defence",
    "conflict_peace_process",
    "economy_trade",
    "energy",
    "humanitarian",
    "human_rights_democracy",
    "multilateral_cooperation",
    "migration",
    "environment_climate",
    "health",
    "culture_education",
    "other",
]
#: Why a record deserves a second look; each is explained in the README.
Flag = Literal["evidence_unplaced", "date_after_publication", "evidence_in_instructions"]

#: ISO 8601 at the precision the article supports: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD when
#: day and month are stated but the year is not. The model's answer uses it too.
ISO_DATE_PATTERN = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|--[0-9]{2}-[0-9]{2})$"


def real_calendar_date(value: str) -> str:
    """``value`` if it names a date that exists (the pattern alone lets '2024-02-30' or '0000'
    pass, which crashes every tool that reads them as dates), else ValueError."""
    if value.startswith("--"):  # day and month without a year: any leap year will do
        month, day = (int(piece) for piece in value[2:].split("-"))
        year = 2000
    else:
        year, month, day = ([int(piece) for piece in value.split("-")] + [1, 1])[:3]
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date") from None
    return value


#: A date as this project writes it: the ISO pattern, and a day that exists.
IsoDate = Annotated[str, Field(pattern=ISO_DATE_PATTERN), AfterValidator(real_calendar_date)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Location(BaseModel):
    """Where an event took place or will take place."""

    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(description="City name in English (GeoNames' spelling).")
    country: CountryCode | None = Field(description="ISO 3166-1 alpha-3 code of the country.")
    precision: Literal["city", "country"] | None = Field(
        default=None,
        description="How precisely the place is resolved (PLOVER's resolution): city: a city "
        "found in GeoNames, with its id and coordinates; country: only the country (no city "
        "given, or one GeoNames does not list), with the country's GeoNames id and no "
        "coordinates; null: no country either, or output of earlier versions.",
    )
    geonames_id: int | None = Field(
        default=None,
        description="GeoNames id of the city (precision 'city') or of the country ('country').",
    )
    latitude: float | None = Field(default=None, description="The city's latitude (WGS84).")
    longitude: float | None = Field(default=None, description="The city's longitude (WGS84).")


class Participant(BaseModel):
    """A person (or, when unnamed, an office) taking part in an event."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        description="Canonical Latin-script name ('Ilham Aliyev' for Алиев, Alijew, Aliyev); "
        "null for an unnamed office."
    )
    name_original: str | None = Field(description="The name as the article writes it.")
    role: str | None = Field(description="The person's office, in English.")
    country: CountryCode | None = Field(
        description="ISO 3166-1 alpha-3 code of the state represented; null for officials of "
        "international organisations."
    )
    organization: str | None = Field(description="International organisation represented.")

    @property
    def side(self) -> str | None:
        """The state (alpha-3) or organisation the person speaks for: what the joins, the
        dyads and the test of diplomacy compare; None when the model left it unknown."""
        return self.country or self.organization


class Topic(BaseModel):
    """Something the parties discussed."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(
        description="Short English label of a subject the article says they discussed."
    )
    category: TopicCategory = Field(description="The closest category from the fixed list.")


class EvidenceSpan(BaseModel):
    """A passage of the article that reports the event: ``text[start:end] == quote``."""

    model_config = ConfigDict(extra="forbid")

    quote: str = Field(description="The article's own text between start and end.")
    start: int = Field(ge=0, description="Offset of the first character in the article text.")
    end: int = Field(ge=0, description="Offset just past the last character.")
    match: Literal["exact", "normalised", "fuzzy"] = Field(
        description="exact: the model copied it verbatim; normalised: it differed only in "
        "whitespace, case, quotes, dashes or diacritics; fuzzy: it had small slips or omissions."
    )
    sentence: int | None = Field(
        default=None,
        description="Number of the sentence in the article (1-based, as numbered for the "
        "model); null in output of earlier versions.",
    )


class EventCodes(BaseModel):
    """Event-data codes derived from type, status and venue (see ``diplo_extract.codes``)."""

    model_config = ConfigDict(extra="forbid")

    cameo: str = Field(description="CAMEO event code, e.g. '041'.")
    cameo_label: str = Field(description="CAMEO's name for the code.")
    plover_type: str = Field(description="PLOVER event type, e.g. 'CONSULT'.")
    plover_mode: str | None = Field(description="PLOVER mode, e.g. 'phone', 'visit'.")
    host: CountryCode | None = Field(
        description="Country hosting the visit or meeting, when it is a participant's."
    )


class Direction(BaseModel):
    """Who initiated the event and to whom it was directed (PLOVER's actor and recipient,
    ICEWS' source and target), worked out in code (see ``diplo_extract.dyads``)."""

    model_config = ConfigDict(extra="forbid")

    actor: list[int] = Field(
        description="Positions in ``participants`` of the visitors, the callers, or (an "
        "agreement) all signatories."
    )
    recipient: list[int] = Field(
        description="Positions in ``participants`` of the hosts or the called; empty when the "
        "event is reciprocal (an agreement: PLOVER codes all sides as actor)."
    )
    basis: Literal["host_country", "organisation_seat", "wording"] = Field(
        description="host_country: the venue is one side's country, so that side hosts; "
        "organisation_seat: the venue is the seat of an organisation taking part, which "
        "hosts; wording: the evidence says who hosts, calls or signs (``cue``)."
    )
    cue: str | None = Field(
        default=None, description="The evidence's words that decided (basis 'wording')."
    )


class DiplomaticEvent(BaseModel):
    """One diplomatic event, traced to the passages that report it."""

    model_config = ConfigDict(extra="forbid")

    event_id: str | None = Field(
        default=None,
        description="Stable id: a hash of the article id and the event's type, status, date, "
        "participants and evidence offsets (see ``diplo_extract.ids``); the same input gives "
        "the same id. Null only in output of earlier versions.",
    )
    event_type: EventType
    status: EventStatus
    date: IsoDate | None = Field(
        description="ISO 8601 at the precision the article supports: '2024-06-13', '2024-06', "
        "'2024', or '--06-13' when neither the article nor its publication date gives a year."
    )
    date_text: str | None = Field(
        description="The article's date phrase the date was resolved from."
    )
    date_source: Literal["evidence", "text", "model"] | None = Field(
        description="evidence: the one date phrase in the evidence sentences, resolved in "
        "code against the publication date; text: none there, so the one date phrase of the "
        "nearest earlier sentence that has one; model: the model's own date (output of "
        "earlier versions; still read by merge)."
    )
    location: Location | None
    participants: list[Participant]
    topics: list[Topic]
    summary: str
    outcomes: list[str]
    evidence: list[EvidenceSpan] = Field(description="Passages that report the event.")
    unplaced_evidence: list[str] = Field(
        default_factory=list,
        description="Quotes the model gave that could not be found in the article.",
    )
    codes: EventCodes | None = Field(description="CAMEO and PLOVER codes; null for 'other'.")
    direction: Direction | None = Field(
        default=None,
        description="Actor and recipient, when code can tell them apart; null when it cannot "
        "(never guessed).",
    )
    flags: list[Flag] = Field(default_factory=list, description="Reasons to check by hand.")


class Usage(BaseModel):
    """What one article cost, over every attempt (re-asks) and transport retry.

    The token counts are spend: tokens of answers that came from the model in this run. Answers
    replayed from recordings cost nothing; they are counted in ``replayed`` and
    ``replayed_tokens`` instead.
    """

    prompt_tokens: int = Field(default=0, description="Prompt tokens of live answers.")
    completion_tokens: int = Field(default=0, description="Completion tokens of live answers.")
    total_tokens: int = Field(default=0, description="All tokens of live answers.")
    attempts: int = Field(default=0, description="LLM calls made for this article (1 + re-asks).")
    replayed: int = Field(
        default=0, description="Of those calls, how many were answered from recordings."
    )
    replayed_tokens: int = Field(
        default=0, description="Tokens of the replayed answers (not spent in this run)."
    )
    retries: int = Field(
        default=0, description="Transport retries (rate limits, server errors, timeouts)."
    )
    cost: float | None = Field(
        default=None,
        description="Estimated cost of the tokens spent, when a price per 1,000 tokens is known.",
    )

    def add(self, other: Usage) -> None:
        """Add ``other`` to this usage (a run's total, an article's parts)."""
        for name in ("prompt_tokens", "completion_tokens", "total_tokens", "attempts",
                     "replayed", "replayed_tokens", "retries"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.cost is not None:
            self.cost = (self.cost or 0.0) + other.cost


class ErrorInfo(BaseModel):
    """Why an article produced no result, in words that say what to do."""

    type: str = Field(description="Error class, e.g. 'InputError', 'ValidationFailed'.")
    message: str


class ArticleResult(BaseModel):
    """One output line: an article's events, or the error that stopped them."""

    article_id: str
    source: str | None = Field(description="Where the article came from (file path or URL).")
    language: str | None = Field(description="ISO 639-1 code of the article's language.")
    published: IsoDate | None = Field(description="Publication date (ISO 8601) if known.")
    url: str | None = Field(default=None, description="The article's URL, when the input gave it.")
    title: str | None = Field(default=None, description="The article's title, when given.")
    events: list[DiplomaticEvent] = Field(default_factory=list)
    model: str | None = Field(description="The model that produced the events.")
    coder: str | None = Field(
        default=None, description="The program that coded the events: 'diplo-extract 0.1.0'."
    )
    coded_date: IsoDate | None = Field(
        default=None, description="The day (UTC) the events were coded."
    )
    usage: Usage = Field(default_factory=lambda: Usage())
    error: ErrorInfo | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def quotes_placed(self) -> tuple[int, int]:
        """(quotes placed in the article, quotes given) over all events."""
        placed = sum(len(event.evidence) for event in self.events)
        unplaced = sum(len(event.unplaced_evidence) for event in self.events)
        return placed, placed + unplaced


class EventMention(BaseModel):
    """One article's report of a merged event."""

    model_config = ConfigDict(extra="forbid")

    article_id: str
    event_index: int = Field(ge=0, description="Position of the event in the article's line.")
    event_id: str = Field(description="The event's ``event_id`` in the article's line.")
    event_type: EventType = Field(description="The type this article's record gave it.")
    date: str | None = Field(description="The date this article's record gave it.")
    evidence: list[EvidenceSpan] = Field(description="Its passages, with offsets in the article.")


class MergeReason(BaseModel):
    """Why two mentions were taken for one event."""

    model_config = ConfigDict(extra="forbid")

    mentions: list[str] = Field(description="The two mentions, as 'article_id#event_index'.")
    why: list[str] = Field(description="Kind, status, shared participants, date and place.")


class MergedEvent(BaseModel):
    """One event across every article that reports it (``diplo-extract merge``)."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(
        description="Stable id: a hash of its mentions' event ids (see ``diplo_extract.ids``)."
    )
    event_type: EventType = Field(description="The type most mentions give.")
    status: EventStatus
    date: IsoDate | None = Field(description="The most precise date among the mentions.")
    location: Location | None
    participants: list[Participant] = Field(description="Everyone named in any mention, once.")
    topics: list[Topic] = Field(description="The union of the mentions' topics.")
    codes: EventCodes | None
    direction: Direction | None = Field(
        default=None,
        description="Actor and recipient as positions in ``participants``, when every mention "
        "that decides one agrees on it; else null.",
    )
    mentions: list[EventMention]
    merged_because: list[MergeReason] = Field(
        description="One entry per pair of mentions found to be the same event."
    )
