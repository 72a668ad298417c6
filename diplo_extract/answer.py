"""What the model is asked to fill in: only what needs judgement.

The model reads; code does the rest. The model names the people, their roles and the states
they represent (in plain English), the kind and status of each event, the date phrase, and
copies the sentences that report it. Offsets, ISO codes, date arithmetic, canonical names and
CAMEO/PLOVER codes are worked out afterwards in :mod:`diplo_extract.normalise`, which turns
these answers into :class:`~diplo_extract.models.DiplomaticEvent` records.

Rules the local llama.cpp backend imposes on the schema (measured, see LOCAL_MODEL.md): every
field is required (nullable instead of optional, because grammar-constrained models skip optional
fields), every list has ``maxItems`` (or small models loop until ``max_tokens``), no string has
``maxLength`` (it truncates silently) and patterns use ``[0-9]``, never ``\\d``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from diplo_extract.checks import (
    ArticleContext,
    check_quotes_placed,
    check_status_against_date,
    current_article,
)
from diplo_extract.dates import without_unsupported_year
from diplo_extract.models import EventStatus, EventType, IsoDate, Topic


def _context(info: ValidationInfo) -> ArticleContext | None:
    """The article being checked, or None when an answer is built outside extraction.

    ``model_validate(data, context={"article": ArticleContext(...)})`` works for callers who
    validate by hand; extraction sets it with :func:`~diplo_extract.checks.checking_against`.
    """
    ctx = info.context
    if isinstance(ctx, dict) and isinstance(ctx.get("article"), ArticleContext):
        return ctx["article"]  # type: ignore[no-any-return]
    return current_article()


class PlaceAnswer(BaseModel):
    """Where an event took place or will take place."""

    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(
        description="City in English spelling and nominative case (e.g. 'Brussels', not "
        "'Брюсселе'); null if the article names no city."
    )
    country: str | None = Field(
        description="English name of the country where it happens (e.g. 'Belgium'); "
        "null if unknown."
    )


class ParticipantAnswer(BaseModel):
    """A person (or, when the article names nobody, an office) taking part in an event."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        description="The person's full name without titles, in Latin script and the usual "
        "English spelling (e.g. 'Ilham Aliyev' for 'Ильхам Алиев'). Fill it whenever the "
        "article names the person; null only for an unnamed office."
    )
    name_original: str | None = Field(
        description="The name exactly as written in the article, in its script; null if unnamed."
    )
    role: str | None = Field(
        description="The person's office in English (e.g. 'Minister of Foreign Affairs')."
    )
    country: str | None = Field(
        description="English name of the state the person represents (e.g. 'Azerbaijan'); "
        "null for officials of international organisations."
    )
    organization: str | None = Field(
        description="International organisation the person represents (e.g. 'European Union'); "
        "null for national officials."
    )


class EventAnswer(BaseModel):
    """One diplomatic event the article reports: a meeting, call, visit, summit, talks or deal."""

    model_config = ConfigDict(extra="forbid")

    event_type: EventType = Field(
        description="meeting: officials meet in person; phone_call: call or video call; visit: "
        "an official trip to another country; summit: leaders' multilateral meeting; "
        "negotiation: formal talks or rounds of consultations; agreement: a document signed or "
        "agreed; other: any other diplomatic event."
    )
    status: EventStatus = Field(
        description="occurred: already happened; planned: announced, scheduled or invited; "
        "cancelled: called off or postponed."
    )
    date: IsoDate | None = Field(
        description="When it happens, ISO 8601, only as precise as the article allows: "
        "'2024-06-13', '2023-05' or '2024'. If the article gives day and month but no year and "
        "there is no publication date, write '--04-06' (never guess a year). Resolve relative "
        "dates ('yesterday', 'on Wednesday') against the publication date. null if no date."
    )
    date_text: str | None = Field(
        description="The date phrase exactly as written in the article, e.g. '13 June' or "
        "'вчера'; null if none."
    )
    location: PlaceAnswer | None = Field(
        description="Where it happens; null for phone calls or when the article does not say."
    )
    participants: list[ParticipantAnswer] = Field(
        max_length=8,
        description="Everyone taking part: the people who met, called or visited, each once.",
    )
    topics: list[Topic] = Field(max_length=6, description="What they discussed.")
    summary: str = Field(description="One English sentence: who did what with whom, and why.")
    outcomes: list[str] = Field(
        max_length=4,
        description="Concrete results in English (agreements reached, invitations made); "
        "empty if none.",
    )
    evidence: list[str] = Field(
        min_length=1,
        max_length=3,
        description="Sentences copied word for word from the article that report this event, "
        "in the article's language and script. Copy exactly; do not translate or shorten.",
    )

    @field_validator("evidence")
    @classmethod
    def _evidence_is_in_article(cls, quotes: list[str], info: ValidationInfo) -> list[str]:
        article = _context(info)
        if article is not None:
            check_quotes_placed(quotes, article)
        return quotes

    @model_validator(mode="after")
    def _status_fits_date(self, info: ValidationInfo) -> EventAnswer:
        article = _context(info)
        if article is not None and self.date is not None and not article.last_attempt:
            supported = without_unsupported_year(self.date, article.text, article.published)
            check_status_against_date(supported, self.status, article)
        return self


class ExtractedEvents(BaseModel):
    """All diplomatic events reported in one news article (an empty list if there are none)."""

    model_config = ConfigDict(extra="forbid", title="ExtractedEvents")

    events: list[EventAnswer] = Field(
        max_length=8,
        description="Every diplomatic event the article reports, including planned ones and "
        "earlier ones it mentions; an empty list if it reports none.",
    )
