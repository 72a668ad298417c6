"""What the model is asked to fill in: only what needs judgement, in as few tokens as it can.

The model reads the article as numbered sentences (:mod:`diplo_extract.sentences`) and, for
each diplomatic event, gives its kind and status, the people on each side with the state they
represent, the city, and the numbers of the sentences that report it. Everything else is code's
(:mod:`diplo_extract.normalise`): the evidence is cut from the cited sentences at exact
offsets, the date is read from their date phrases against the publication date, names are made
canonical, countries become ISO codes, events the model listed once per sentence are joined,
and CAMEO/PLOVER codes are derived.

Why so little, and why lines: on two CPU cores the local model writes about 12 tokens a
second, so every token of the answer is time. Measured on the recorded answers of the previous
format (343 tokens an event): key names were a quarter of them, copied quotes a sixth,
summaries and outcomes a ninth, none of which gold scores; sentence numbers cut an event to 70
tokens as a JSON object, and writing each event as one line
(``meeting | occurred | Hakan Fidan (Turkey); Ilham Aliyev (Azerbaijan) | Baku | 3, 4``) cuts
it to 31. The line is still a string inside the tool call's JSON, so every OpenAI-compatible
endpoint gets the same request; a JSON-schema ``pattern`` holds llama.cpp's grammar to the
line's shape, and :func:`parse_event_line` holds every other endpoint to it (a line of another
shape is sent back with the format to use).

Rules the local llama.cpp backend imposes on the schema (measured, see docs/local_model.md): every
field is required (nullable instead of optional, because grammar-constrained models skip optional
fields), every list has ``maxItems`` and every free part of a pattern a length bound (or small
models loop until ``max_tokens``), no string has
``maxLength`` (it truncates silently) and patterns use ``[0-9]``, never ``\\d``. A pattern
llama-cpp-python cannot convert makes it fall back, silently, to any JSON at all:
``tests/test_answer.py`` converts this one.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

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


#: Words that mean "not said" in the city column, or for a person's name ("- (Israel)": an
#: unnamed official of Israel).
_NOT_SAID = {"", "-", "none", "null", "unknown", "n/a"}
_TYPES = "meeting|phone_call|visit|summit|negotiation|agreement|other"
_STATUSES = "occurred|planned|cancelled"
#: The line as a JSON-schema pattern: llama.cpp turns it into a grammar, so the local model can
#: only write lines of this shape; other endpoints are held to it by :func:`parse_event_line`.
#: Every free part has a length bound and the people have their shape (Name (State), at most
#: six), because an unbounded ``[^|]+`` let the 1.5B model copy the article into the people
#: column until ``max_tokens`` (seen on 106). ``[|]`` and ``[^...]`` instead of escapes: llama.cpp's
#: converter handles classes well, and a raw quote inside the JSON string would end it.
_TEXT = '[^|;()"]'
_PERSON_PATTERN = f"{_TEXT}{{1,60}} [(]{_TEXT}{{1,40}}[)]"
EVENT_LINE_PATTERN = (
    f"^({_TYPES}) [|] ({_STATUSES}) [|] {_PERSON_PATTERN}(; {_PERSON_PATTERN}){{0,5}} [|] "
    f"{_TEXT}{{1,40}} [|] [0-9]+(, [0-9]+){{0,3}}$"
)
_LINE = re.compile(
    rf"^\s*(?P<type>{_TYPES})\s*\|\s*(?P<status>{_STATUSES})\s*\|(?P<who>[^|]*)\|"
    r"(?P<place>[^|]*)\|(?P<sentences>\s*[0-9]+(?:\s*,\s*[0-9]+)*\s*)$"
)
#: One person: a name, then the state or organisation in parentheses (either may be missing).
#: People are separated by semicolons, or by a comma after a person's "(State)"; a comma
#: inside a name is part of it ("Ministry of Foreign Affairs, Trade and Development (Canada)").
#: A list with no state at all ("Lavrov, Fidan") is split at its commas too.
_PERSON = re.compile(r"(?P<name>[^;()]*?)\s*(?:\((?P<country>[^()]*)\)\s*(?:[;,]|$)|(?:;|$))")
_STATELESS_PERSON = re.compile(r"(?P<name>[^;,]*?)\s*(?P<country>)(?:[;,]|$)")
EVENT_LINE_HELP = (
    "One line per event: type | status | people | city | sentence numbers. type is one of "
    "meeting, phone_call, visit, summit, negotiation, agreement, other; status is occurred, "
    "planned or cancelled; people are written Name (State) and separated by semicolons; "
    "the city is - when the article does not say it."
)


def parse_event_line(value: Any) -> Any:
    """An event written as one line, as the structured answer it stands for.

    Why lines: a JSON object per event spent 70 tokens on average on the recorded answers,
    most of them key names and punctuation; the same content as a line is 31. Anything that
    is not a string (an event built by hand as a dict) is passed on unchanged.
    """
    if not isinstance(value, str):
        return value
    line = _LINE.match(value)
    if line is None:
        raise ValueError(f"{value!r} is not an event line. {EVENT_LINE_HELP}")
    place = line["place"].strip()
    return {
        "type": line["type"],
        "status": line["status"],
        "who": _people(line["who"]),
        "place": None if place.lower() in _NOT_SAID else place,
        "sentences": [int(n) for n in line["sentences"].split(",")],
    }


def _people(text: str) -> list[dict[str, str | None]]:
    people: list[dict[str, str | None]] = []
    for match in (_PERSON if "(" in text else _STATELESS_PERSON).finditer(text):
        name, country = match["name"].strip(), (match["country"] or "").strip()
        if name.lower() in _NOT_SAID:
            if not country:
                continue
            name = ""
        people.append({"name": name or None, "country": country or None})
    return people


def event_line(event: EventAnswer) -> str:
    """The line the model would write for ``event`` (for the worked example and recordings)."""
    who = "; ".join(
        f"{p.name or ''} ({p.country})" if p.country else (p.name or "") for p in event.who
    )
    numbers = ", ".join(str(n) for n in event.sentences)
    return f"{event.type} | {event.status} | {who or '-'} | {event.place or '-'} | {numbers}"


#: An event in the answer: a line on the wire, an :class:`EventAnswer` once parsed.
EventLine = Annotated[
    EventAnswer,
    BeforeValidator(parse_event_line),
    PlainSerializer(event_line, return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": EVENT_LINE_PATTERN, "description": EVENT_LINE_HELP}
    ),
]


class ExtractedEvents(BaseModel):
    """All diplomatic events reported in one news article (an empty list if there are none)."""

    model_config = ConfigDict(extra="forbid", title="ExtractedEvents")

    events: list[EventLine] = Field(
        max_length=5,
        description="Every diplomatic event the article reports, each once; empty if none.",
    )
