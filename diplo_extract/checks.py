"""Meaning checks on what the LLM wrote, run inside pydantic validators.

Each check raises ``ValueError`` with a message addressed to the LLM: instructor sends it back
verbatim when it re-asks, so the message says what was wrong and what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry
from rapidfuzz import fuzz

_WS = re.compile(r"\s+")


def normalise_whitespace(text: str) -> str:
    """Collapse runs of whitespace (newlines, NBSP, tabs) to one space and trim the ends."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class ArticleContext:
    """What the checks need to know about the article being extracted."""

    text: str
    published: dt.date | None = None
    _flat: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_flat", normalise_whitespace(self.text))

    @property
    def flat_text(self) -> str:
        """The article with whitespace normalised, for quote look-ups."""
        return self._flat


_CURRENT_ARTICLE: ContextVar[ArticleContext | None] = ContextVar("article", default=None)


@contextmanager
def checking_against(article: ArticleContext) -> Iterator[None]:
    """Make ``article`` the one validators check against, for this thread or task.

    Why not instructor's ``context=``: instructor renders every message as a Jinja template
    when a context is given, which would rewrite (or evaluate) ``{{ }}`` inside article text.
    """
    token = _CURRENT_ARTICLE.set(article)
    try:
        yield
    finally:
        _CURRENT_ARTICLE.reset(token)


def current_article() -> ArticleContext | None:
    """The article set by :func:`checking_against`, if any."""
    return _CURRENT_ARTICLE.get()


#: rapidfuzz partial_ratio score (0-100) above which a quote counts as the article's sentence
#: with a slip in it. Measured: a one-letter case-ending slip in a 190-character Russian
#: sentence scores 99; an English translation of a Russian sentence scores 13.
FUZZY_QUOTE_THRESHOLD = 90.0
#: Shorter quotes must match exactly: a few characters align "well" almost anywhere.
FUZZY_QUOTE_MIN_LENGTH = 20


def ground_quote(quote: str, article: ArticleContext) -> str:
    """The article's own text for an evidence quote, or ValueError if it is not in the article.

    A verbatim quote (whitespace aside) is kept as written. A quote with small slips (a wrong
    case ending, a changed dash) is replaced by the article's text at the best-aligned place,
    widened to whole words, so stored evidence is always the article's words, never the
    model's. Anything further off (translated, paraphrased) is refused so instructor re-asks.
    """
    flat = normalise_whitespace(quote)
    if not flat:
        raise ValueError("An evidence quote is empty; copy a sentence from the article.")
    text = article.flat_text
    if flat in text:
        return quote
    if len(flat) >= FUZZY_QUOTE_MIN_LENGTH:
        match = fuzz.partial_ratio_alignment(flat, text)
        if match is not None and match.score >= FUZZY_QUOTE_THRESHOLD:
            start, end = match.dest_start, match.dest_end
            while start > 0 and text[start - 1].isalnum():
                start -= 1
            while end < len(text) and text[end].isalnum():
                end += 1
            return text[start:end].strip()
    raise ValueError(
        f"The evidence quote {quote!r} does not occur in the article. Copy the sentence "
        "character for character from the article, in its original language; do not "
        "translate, paraphrase or join sentences."
    )


@dataclass(frozen=True)
class PartialDate:
    """An ISO 8601 date at the precision the article gives (any part may be missing)."""

    year: int | None
    month: int | None
    day: int | None

    @classmethod
    def parse(cls, value: str) -> PartialDate:
        """Parse YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD; raise ValueError on impossible dates."""
        if value.startswith("--"):
            month_text, day_text = value[2:].split("-")
            _check_day(2000, int(month_text), int(day_text), value)  # 2000 is a leap year
            return cls(None, int(month_text), int(day_text))
        parts = [int(p) for p in value.split("-")]
        year = parts[0]
        month: int | None = parts[1] if len(parts) > 1 else None
        day: int | None = parts[2] if len(parts) > 2 else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{value!r} has no month {month}.")
        if month is not None and day is not None:
            _check_day(year, month, day, value)
        return cls(year, month, day)

    def is_after(self, other: dt.date) -> bool:
        """True if every day this partial date may denote lies after ``other``."""
        if self.year is None:
            return False
        mine = (self.year, self.month or 0, self.day or 0)
        theirs = (other.year, other.month if self.month else 0, other.day if self.day else 0)
        return mine > theirs


def _check_day(year: int, month: int, day: int, value: str) -> None:
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value!r} is not a real calendar date.") from None


def without_unsupported_year(value: str, article: ArticleContext) -> str | None:
    """The date at the precision the article supports: an invented year is dropped.

    Done in code rather than by re-asking: small models repeat the same year when told it is
    unsupported (measured on the Russian seed), and dropping it is plain date arithmetic.
    ``2023-04-01`` becomes ``--04-01``; ``2023`` or ``2023-04`` become null, since ISO 8601 as
    used here has no form for a month without a year (``date_text`` keeps the phrase).
    """
    date = PartialDate.parse(value)
    if date.year is None or _year_is_supported(date.year, article):
        return value
    if date.month is not None and date.day is not None:
        return f"--{date.month:02d}-{date.day:02d}"
    return None


def check_date_against_article(value: str, status: str, article: ArticleContext) -> None:
    """A date must be real and must not put an event that occurred after publication."""
    date = PartialDate.parse(value)
    if status == "occurred" and article.published is not None and date.is_after(article.published):
        raise ValueError(
            f"The event is marked 'occurred' but its date {value!r} is after the article's "
            f"publication date {article.published.isoformat()}. Either the date is wrong or "
            "the status should be 'planned'."
        )


def _year_is_supported(year: int, article: ArticleContext) -> bool:
    """A year is supported if the article writes it, or the publication date makes it likely."""
    if article.published is not None and abs(year - article.published.year) <= 1:
        return True
    return re.search(rf"(?<![0-9]){year}(?![0-9])", article.text) is not None


#: Names that are not countries but that models put in country fields.
_ORGANISATIONS = {
    "EU": "European Union",
    "EUR": "European Union",
    "EUROPEAN UNION": "European Union",
    "UN": "United Nations",
    "NATO": "NATO",
    "OSCE": "OSCE",
}
_COMMON_ALIASES = {"UK": "GBR", "USA": "USA", "US": "USA", "UAE": "ARE", "RUSSIA": "RUS"}


def organisation_for(value: Any) -> str | None:
    """The international organisation a pseudo country code stands for ('EU'), else None."""
    if isinstance(value, str):
        return _ORGANISATIONS.get(value.strip().upper())
    return None


def normalise_country_code(value: Any) -> Any:
    """Turn what models write for a country ('AZE', 'AZ', 'Azerbaijan') into ISO alpha-3.

    Organisations ('EU') become null: a participant validator moves them to ``organization``.
    Unknown values raise, so that instructor asks the model again.
    """
    if value is None or not isinstance(value, str):
        return value
    text = value.strip()
    if not text or organisation_for(text):
        return None
    code = _alpha3(text)
    if code is None:
        raise ValueError(
            f"{value!r} is not an ISO 3166-1 alpha-3 country code. Use a code such as 'AZE', "
            "'USA' or 'BEL', or null for international organisations."
        )
    return code


@cache
def _alpha3(text: str) -> str | None:
    upper = text.upper()
    if upper in _COMMON_ALIASES:
        return _COMMON_ALIASES[upper]
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return str(country.alpha_3)
