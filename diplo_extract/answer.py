"""What the model is asked to fill in: only what needs judgement, in as few tokens as it can.

The model reads the article as numbered sentences (:mod:`diplo_extract.sentences`) and, for
each diplomatic event, gives its kind and status, the people on each side with the state they
represent, the city, and the numbers of the sentences that report it. Everything else is code's
(:mod:`diplo_extract.normalise`): the evidence is cut from the cited sentences at exact
offsets, the date is read from their date phrases against the publication date, names are made
canonical, countries become ISO codes, events the model listed once per sentence are joined,
and CAMEO/PLOVER codes are derived.

Why so little: on two CPU cores the local model writes about 12 tokens a second, so every
token of the answer is time. Measured on the recorded answers of the previous format (343
tokens an event): key names were a quarter of them, copied quotes a sixth, summaries and
outcomes a ninth, none of which gold scores; short keys and sentence numbers cut an event to
about 40 tokens.

Rules the local llama.cpp backend imposes on the schema (measured, see LOCAL_MODEL.md): every
field is required (nullable instead of optional, because grammar-constrained models skip optional
fields), every list has ``maxItems`` (or small models loop until ``max_tokens``), no string has
``maxLength`` (it truncates silently) and patterns use ``[0-9]``, never ``\\d``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from diplo_extract.checks import ArticleContext, check_sentences_cited, current_article
from diplo_extract.models import EventStatus, EventType


def _context(info: ValidationInfo) -> ArticleContext | None:
    """The article being checked, or None when an answer is built outside extraction.

    ``model_validate(data, context={"article": ArticleContext(...)})`` works for callers who
    validate by hand; extraction sets it with :func:`~diplo_extract.checks.checking_against`.
    """
    ctx = info.context
    if isinstance(ctx, dict) and isinstance(ctx.get("article"), ArticleContext):
        return ctx["article"]  # type: ignore[no-any-return]
    return current_article()


class PersonAnswer(BaseModel):
    """A person taking part (or, when the article names nobody, an office)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        description="Full name in English Latin spelling, without titles (Сергей Лавров: "
        "Sergey Lavrov). For an unnamed official, the office (Foreign Minister of Iran)."
    )
    country: str | None = Field(
        description="The state the person represents, in English; for an official of an "
        "international organisation, the organisation (European Union)."
    )


class EventAnswer(BaseModel):
    """One diplomatic event: a meeting, call, visit, summit, round of talks or agreement."""

    model_config = ConfigDict(extra="forbid")

    type: EventType = Field(
        description="meeting: officials meet in person (talks between two ministers are a "
        "meeting); phone_call: a call or video call; visit: an official trip abroad; summit: "
        "leaders of several states; negotiation: rounds of talks between delegations; "
        "agreement: a document signed or agreed; other."
    )
    status: EventStatus = Field(
        description="occurred: it happened or is happening; planned: announced, scheduled or "
        "invited, still to come; cancelled: called off or postponed."
    )
    who: list[PersonAnswer] = Field(max_length=6, description="Everyone taking part, each once.")
    place: str | None = Field(description="The city, in English; null if not said.")
    sentences: list[int] = Field(
        min_length=1, max_length=4, description="The numbers of the sentences that report it."
    )

    @field_validator("sentences")
    @classmethod
    def _sentences_are_in_the_article(cls, numbers: list[int], info: ValidationInfo) -> list[int]:
        article = _context(info)
        if article is not None:
            check_sentences_cited(numbers, article)
        return numbers


class ExtractedEvents(BaseModel):
    """All diplomatic events reported in one news article (an empty list if there are none)."""

    model_config = ConfigDict(extra="forbid", title="ExtractedEvents")

    events: list[EventAnswer] = Field(
        max_length=5,
        description="Every diplomatic event the article reports, each once; empty if none.",
    )
