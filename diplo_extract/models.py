"""The contract: what an extracted diplomatic event looks like.

The same classes serve three readers. The LLM sees their JSON Schema (field descriptions are its
instructions, so they are written for it); pydantic validators check what the LLM wrote against the
article (instructor re-asks with the error message when a check fails); and users get the
validated objects or their JSON.

Rules the local llama.cpp backend imposes on the schema (measured, see LOCAL_MODEL.md): every
field is required (nullable instead of optional, because grammar-constrained models skip optional
fields), every list has ``maxItems`` (or small models loop until ``max_tokens``), no string has
``maxLength`` (it truncates silently) and patterns use ``[0-9]``, never ``\\d``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from diplo_extract.checks import (
    ArticleContext,
    check_date_against_article,
    current_article,
    ground_quote,
    normalise_country_code,
    organisation_for,
    without_unsupported_year,
)

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

#: ISO 8601 at the precision the article supports: YYYY-MM-DD, YYYY-MM, YYYY, or --MM-DD when
#: day and month are stated but the year is not.
DATE_PATTERN = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?|--[0-9]{2}-[0-9]{2})$"
COUNTRY_PATTERN = r"^[A-Z]{3}$"

#: ISO 3166-1 alpha-3, or null; what models write instead ('Azerbaijan', 'AZ') is normalised
#: before the pattern is checked.
CountryCode = Annotated[
    Annotated[str, Field(pattern=COUNTRY_PATTERN)] | None,
    BeforeValidator(normalise_country_code),
]


def _context(info: ValidationInfo) -> ArticleContext | None:
    """The article being checked, or None when a model is built outside extraction.

    ``model_validate(data, context={"article": ArticleContext(...)})`` works for callers who
    validate by hand; extraction sets it with :func:`checking_against`.
    """
    ctx = info.context
    if isinstance(ctx, dict) and isinstance(ctx.get("article"), ArticleContext):
        return ctx["article"]  # type: ignore[no-any-return]
    return current_article()


class Location(BaseModel):
    """Where an event took place or will take place."""

    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(
        description="City in English spelling and nominative case (e.g. 'Brussels', not "
        "'Брюсселе'); null if the article names no city."
    )
    country: CountryCode = Field(
        description="ISO 3166-1 alpha-3 code of the country where it happens (e.g. 'BEL'); "
        "null if unknown."
    )


class Participant(BaseModel):
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
    country: CountryCode = Field(
        description="ISO 3166-1 alpha-3 code of the state the person represents (e.g. 'AZE'); "
        "null for officials of international organisations."
    )
    organization: str | None = Field(
        description="International organisation the person represents (e.g. 'European Union'); "
        "null for national officials."
    )

    @model_validator(mode="before")
    @classmethod
    def _organisation_is_not_a_country(cls, data: Any) -> Any:
        """Models write 'EU' as a country; it belongs in ``organization``."""
        if isinstance(data, dict) and not data.get("organization"):
            organisation = organisation_for(data.get("country"))
            if organisation:
                data = {**data, "organization": organisation}
        return data


class Topic(BaseModel):
    """Something the parties discussed."""

    model_config = ConfigDict(extra="forbid")

    label: str = Field(
        description="Short English label of a subject the article says they discussed."
    )
    category: TopicCategory = Field(description="The closest category from the fixed list.")


class DiplomaticEvent(BaseModel):
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
    date: Annotated[str, Field(pattern=DATE_PATTERN)] | None = Field(
        description="When it happens, ISO 8601, only as precise as the article allows: "
        "'2024-06-13', '2023-05' or '2024'. If the article gives day and month but no year and "
        "there is no publication date, write '--04-06' (never guess a year). Resolve relative "
        "dates ('yesterday', 'on Wednesday') against the publication date. null if no date."
    )
    date_text: str | None = Field(
        description="The date phrase exactly as written in the article, e.g. '13 June'; "
        "null if none."
    )
    location: Location | None = Field(
        description="Where it happens; null for phone calls or when the article does not say."
    )
    participants: list[Participant] = Field(
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
        if article is None:
            return quotes
        return [ground_quote(quote, article) for quote in quotes]

    @model_validator(mode="after")
    def _date_is_supported(self, info: ValidationInfo) -> DiplomaticEvent:
        article = _context(info)
        if article is not None and self.date is not None:
            self.date = without_unsupported_year(self.date, article)
            if self.date is not None:
                check_date_against_article(self.date, self.status, article)
        return self


class ExtractedEvents(BaseModel):
    """All diplomatic events reported in one news article (an empty list if there are none)."""

    model_config = ConfigDict(extra="forbid", title="ExtractedEvents")

    events: list[DiplomaticEvent] = Field(
        max_length=8,
        description="Every diplomatic event the article reports, including planned ones and "
        "earlier ones it mentions; an empty list if it reports none.",
    )


class Usage(BaseModel):
    """Tokens spent on one article, summed over every attempt (re-asks included)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    attempts: int = Field(default=0, description="LLM calls made for this article (1 + re-asks).")


class ErrorInfo(BaseModel):
    """Why an article produced no result, in words that say what to do."""

    type: str = Field(description="Error class, e.g. 'InputError', 'ValidationFailed'.")
    message: str


class ArticleResult(BaseModel):
    """One output line: an article's events, or the error that stopped them."""

    article_id: str
    source: str | None = Field(description="Where the article came from (file path or URL).")
    language: str | None = Field(description="ISO 639-1 code of the article's language.")
    published: str | None = Field(description="Publication date (ISO 8601) if known.")
    events: list[DiplomaticEvent] = Field(default_factory=list)
    model: str | None = Field(description="The model that produced the events.")
    usage: Usage = Field(default_factory=lambda: Usage())
    error: ErrorInfo | None = None

    @property
    def ok(self) -> bool:
        return self.error is None
