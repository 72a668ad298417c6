"""Event dates at the precision the article supports, resolved against its publication date.

Code finds the date phrases ("вчера", "am 16. November", "on Wednesday", "21日") in the
sentences an event cites and does the arithmetic; the model writes no date. ``dateparser``
reads a phrase in the article's language relative to the publication date; Chinese and
Japanese day dates, which it misreads, are read here. Precision comes from what the phrase
says (a day, a month, a year) and whether it names a year, found by parsing it against two
far-apart reference dates: a part that changes with the reference was not in the phrase.
Without a publication date a relative phrase resolves to nothing, and a day and month without
a year stay ``--MM-DD``: a year is never invented.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex
from dateparser.date import DateDataParser
from dateparser.search import search_dates

from diplo_extract import date_words

Precision = Literal["day", "week", "month", "year"]

#: The periods dateparser reports, mapped to the precision of a date they can support.
_PERIOD_PRECISION: dict[str, Precision] = {
    "time": "day",
    "part_of_day": "day",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}
#: Two reference dates far apart in year, month, day and weekday: a date part that comes out
#: the same against both was written in the phrase.
_PROBES = (dt.datetime(2001, 3, 14, 12), dt.datetime(2011, 10, 25, 12))
#: Words before or after the date itself that dateparser does not skip ("am", "el", "günü").
_MAX_TRIMMED_WORDS = 2


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


def after_publication(date: str | None, published: dt.date | None) -> bool:
    """True if every day ``date`` may denote lies after publication: an event that cannot
    have occurred yet. The one test of it, for :func:`status_by_date` and the
    ``date_after_publication`` flag."""
    return bool(date and published and PartialDate.parse(date).is_after(published))


def status_by_date(status: str, date: str | None, published: dt.date | None) -> str | None:
    """The status an event's own sentences give it by their date, when the model's status
    contradicts it: "occurred" dated after publication is "planned", "planned" dated to a day
    before it "occurred"; None when they agree or cannot tell.

    The date phrase is the article's word, the status the model's judgement; a small model
    calls the next summit "occurred" ("it was decided to hold the next one in Dushanbe in
    2025") and the call it reports a "planned meeting". A plan dated only to a month or a
    year before publication may still be ahead, so only a day decides that way. Measured on
    run E's recorded answers: precision 0.79 to 0.82 on the 43 gold articles, recall the same.
    """
    if not date or published is None:
        return None
    if status == "occurred" and after_publication(date, published):
        return "planned"
    when = PartialDate.parse(date)
    day_before = (
        when.year is not None
        and when.month is not None
        and when.day is not None
        and dt.date(when.year, when.month, when.day) < published
    )
    return "occurred" if status == "planned" and day_before else None


def year_is_supported(year: int, text: str, published: dt.date | None) -> bool:
    """A year is supported if the article writes it, or the publication date makes it likely."""
    if published is not None and abs(year - published.year) <= 1:
        return True
    return re.search(rf"(?<![0-9]){year}(?![0-9])", text) is not None


def without_unsupported_year(value: str, text: str, published: dt.date | None) -> str | None:
    """The model's date at the precision the article supports: an invented year is dropped.

    Done in code rather than by re-asking: small models repeat the same year when told it is
    unsupported (measured on the Russian seed). ``2023-04-01`` becomes ``--04-01``; ``2023``
    or ``2023-04`` become null, since ISO 8601 has no form for a month without a year.
    """
    date = PartialDate.parse(value)
    if date.year is None or year_is_supported(date.year, text, published):
        return value
    if date.month is not None and date.day is not None:
        return f"--{date.month:02d}-{date.day:02d}"
    return None


def lies_ahead(
    text: str, published: dt.date | None, language: str | None, names: Sequence[str] = ()
) -> bool:
    """True if ``text`` (a sentence) dates what it tells after publication: it has date
    phrases, and each, read as if the event had occurred, still lies wholly ahead ("next
    week", "tomorrow", "on 20 September" two days after a dateline of 18 September).

    The past reading is the test because a bare weekday or month ("on Friday", "in May")
    may be either; only what cannot be past counts. The publication day itself is the
    announcement's, not the event's ("effectuera la semaine prochaine une visite, a annoncé
    jeudi"), so it neither counts nor stands in the way. A week is checked by its days, which
    its ISO form (the month) hides: "next week" in a mid-month article is that same month.
    """
    if published is None:
        return False
    phrases = [
        (phrase, resolved)
        for phrase, resolved in date_phrases(text, "occurred", published, language, names)
        if resolved != published.isoformat()
    ]
    return bool(phrases) and all(
        after_publication(resolved, published) or _week_ahead(phrase, published, language)
        for phrase, resolved in phrases
    )


def _week_ahead(phrase: str, published: dt.date, language: str | None) -> bool:
    base = dt.datetime.combine(published, dt.time(12))
    try:
        reading = _read(phrase, _parser_languages(language), base, "past")
    except Exception:  # dateparser raises assorted errors on odd input: not ahead
        return False
    if reading is None or reading.precision != "week":
        return False
    return reading.date.date() - dt.timedelta(days=reading.date.weekday()) > published


@dataclass(frozen=True)
class _Reading:
    date: dt.datetime
    precision: Precision


@lru_cache(maxsize=64)
def _parser(
    languages: tuple[str, ...], base: dt.datetime, prefer: str, day_first: bool = False
) -> DateDataParser:
    settings: dict[str, object] = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": prefer,
        "RETURN_TIME_AS_PERIOD": True,
    }
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    return DateDataParser(languages=list(languages), settings=settings)


#: A day of one or two digits written before a word (a month's name): "den 29 januari".
_DAY_BEFORE_WORD = re.compile(r"(?<![0-9])([0-9]{1,2})\.?\s+[^\W\d]")


def _day_read_as_year(candidate: str, reading: _Reading) -> bool:
    """True if dateparser took the day before a month's name for a two-digit year.

    Locales whose date order is year first (Swedish, Hungarian, Lithuanian, Persian) read
    "den 29 januari" as January 2029 and "12 október" as October 2012; news never writes a
    year so beside a month's name. Such a reading is redone day first.
    """
    if reading.precision != "month":
        return False
    day = _DAY_BEFORE_WORD.search(candidate)
    return day is not None and reading.date.year % 100 == int(day[1])


@lru_cache(maxsize=8192)
def _read(
    phrase: str, languages: tuple[str, ...], base: dt.datetime, prefer: str
) -> _Reading | None:
    """Parse a date phrase, trimming a few leading or trailing words dateparser chokes on.

    Memoised: date phrases are formulaic ("yesterday", "on Wednesday", "am 16. November") and
    two of the three readings of each are against fixed probe dates, so across a corpus most
    readings repeat; each costs about a millisecond of dateparser.
    """
    words = phrase.split()
    # One parser per language, the article's first: given two, dateparser reads a date in
    # digits by the English order ("3/4" in Italian was 4 March, "9/12/2023" in Vietnamese
    # 12 September).
    parsers = [_parser((language,), base, prefer) for language in languages]
    for dropped_front in range(min(_MAX_TRIMMED_WORDS, len(words) - 1) + 1):
        for dropped_back in range(min(_MAX_TRIMMED_WORDS, len(words) - 1 - dropped_front) + 1):
            candidate = " ".join(words[dropped_front : len(words) - dropped_back])
            for language, parser in zip(languages, parsers, strict=True):
                reading = _reading(parser, candidate)
                if reading is not None and _day_read_as_year(candidate, reading):
                    reading = _reading(_parser((language,), base, prefer, True), candidate)
                if reading is not None:
                    return reading
    return None


def _reading(parser: DateDataParser, candidate: str) -> _Reading | None:
    data = parser.get_date_data(candidate)
    precision = _PERIOD_PRECISION.get(data.period or "")
    if data.date_obj is None or precision is None:
        return None
    return _Reading(data.date_obj.replace(tzinfo=None), precision)


def _parser_languages(language: str | None) -> tuple[str, ...]:
    """The article's language first, English as the model's fallback (it may translate)."""
    language = date_words.dateparser_code(language)
    if language and language != "en" and language in _supported_languages():
        return (language, "en")
    return ("en",)


@lru_cache(maxsize=1)
def _supported_languages() -> frozenset[str]:
    from dateparser.languages.loader import LocaleDataLoader

    return frozenset(LocaleDataLoader().get_locale_map().keys())


def resolve_date_text(
    phrase: str | None, status: str, published: dt.date | None, language: str | None
) -> str | None:
    """The ISO date a date phrase denotes, only as precise as the phrase and dateline allow.

    Returns None when the phrase cannot be read (the caller falls back to the model's date),
    or when it is relative ("yesterday") and there is no publication date to resolve it by.
    """
    if not phrase or not phrase.strip():
        return None
    try:
        languages = _parser_languages(language)
        prefer = "past" if status == "occurred" else "future"
        first = _read(phrase, languages, _PROBES[0], prefer)
        # unread against the first probe, the phrase is unread: the second reading is not needed
        second = _read(phrase, languages, _PROBES[1], prefer) if first is not None else None
    except Exception:  # dateparser raises assorted errors on odd input; treat as unreadable
        return None
    if first is None or second is None:
        return None
    month_day_written = (first.date.month, first.date.day) == (second.date.month, second.date.day)
    year_written = first.date.year == second.date.year
    if published is None:
        if year_written:
            return _iso(first.date, first.precision)
        if first.precision == "day" and month_day_written:
            return f"--{first.date.month:02d}-{first.date.day:02d}"
        return None
    if first.precision == "day" and month_day_written and not year_written:
        return _year_from_publication(first.date.month, first.date.day, status, published)
    if first.precision == "month" and first.date.month == second.date.month and not year_written:
        return _month_from_publication(first.date.month, status, published)
    if year_written and (first.precision != "day" or month_day_written):
        return _iso(first.date, first.precision)  # absolute: the reference changes nothing
    base = dt.datetime.combine(published, dt.time(12))
    reading = _read(phrase, languages, base, prefer)
    if reading is None:
        return None
    if _is_publication_weekday(phrase, languages, base, first, second):
        return published.isoformat()
    return _iso(reading.date, reading.precision)


def _is_publication_weekday(
    phrase: str, languages: tuple[str, ...], base: dt.datetime, first: _Reading, second: _Reading
) -> bool:
    """True if ``phrase`` is a bare weekday ("jeudi", "on Friday") naming the publication day.

    News names the day of publication by its weekday ("a annoncé jeudi" in a Thursday
    article): that day, whatever the status. dateparser reads it as the same weekday a week
    before (preferring the past) or after (the future), which dated the seeds' announcements
    and talks a week off. A weekday keeps its weekday against both probes, unlike "yesterday"
    or "a week ago"; "next Thursday" reads the same with both preferences, a bare weekday
    does not.
    """
    if first.precision != "day" or first.date.weekday() != second.date.weekday():
        return False
    if first.date.weekday() != base.weekday():
        return False
    past, future = (_read(phrase, languages, base, prefer) for prefer in ("past", "future"))
    return past is not None and future is not None and past.date != future.date


def _year_from_publication(month: int, day: int, status: str, published: dt.date) -> str | None:
    """A day and month dated by the publication year: the same day counts as that year.

    The year is the one :func:`_nearest_for_status` chooses (an occurred event moves to the
    year before, a planned one to the year after). dateparser's own preference treats the
    publication day itself as past, which put a meeting "on August 25" announced on 25 August
    a year later.
    """
    candidates = []
    for year in range(published.year - 4, published.year + 5):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 29 February outside a leap year
            continue
    nearest = min(candidates, key=lambda c: abs((c - published).days))
    if abs((nearest - published).days) <= _NEAR_DAYS:
        return nearest.isoformat()
    return _nearest_for_status(candidates, status, published)


#: A day and month this close to publication is in the publication's year, whatever the
#: status: news does not date an event a year off by a day's name ("on August 26" in an
#: article of 25 August 2020 with the status "occurred", a model's slip, became 2019).
_NEAR_DAYS = 14
_NEAR_MONTHS = 1


def _month_from_publication(month: int, status: str, published: dt.date) -> str:
    """A month named without a year ("in March"): the nearest the status allows, the month
    of publication counting as either (a visit "in March" announced on 12 March is this
    March, not next year's, as dateparser's preference for the future had it).

    The month before or after publication is that one whatever the status, as a day within
    two weeks is (``_NEAR_DAYS``): news of 27 August that ministers meet "in the third week
    of September" means the coming one, and the model's "occurred" is the slip (it made
    that September a year earlier)."""
    here = published.year * 12 + published.month - 1
    candidates = [(published.year + shift) * 12 + month - 1 for shift in (-1, 0, 1)]
    near = [c for c in candidates if abs(c - here) <= _NEAR_MONTHS]
    if status == "occurred":
        candidates = [c for c in candidates if c <= here]
    elif status == "planned":
        candidates = [c for c in candidates if c >= here]
    chosen = near[0] if near else min(candidates, key=lambda c: abs(c - here))
    return f"{chosen // 12:04d}-{chosen % 12 + 1:02d}"


def _nearest_for_status(candidates: list[dt.date], status: str, published: dt.date) -> str | None:
    """The candidate nearest the publication day that the status allows: an event that
    occurred is not after publication, a planned one not before it, a cancelled one either."""
    if status == "occurred":
        candidates = [c for c in candidates if c <= published]
    elif status == "planned":
        candidates = [c for c in candidates if c >= published]
    if not candidates:
        return None
    return min(candidates, key=lambda c: abs((c - published).days)).isoformat()


def _iso(date: dt.datetime, precision: Precision) -> str | None:
    """ISO 8601 at ``precision``; a week ("next week") is its month if it lies within one."""
    if precision == "day":
        return date.date().isoformat()
    if precision == "week":
        monday = date.date() - dt.timedelta(days=date.weekday())
        sunday = monday + dt.timedelta(days=6)
        if (monday.year, monday.month) != (sunday.year, sunday.month):
            return None
        return f"{monday.year:04d}-{monday.month:02d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}"


#: Date phrases must contain a digit, a word this long, or a short date word
#: (:func:`_short_date_words`): dateparser reads short function words as dates ("die" as
#: Dienstag).
_MIN_DATE_WORD = 4
#: Keys of dateparser's relative vocabulary for the days around publication: the day before
#: yesterday, yesterday, today, tomorrow, the day after tomorrow.
_NEAR_DAY_KEYS = ("2 day ago", "1 day ago", "0 day ago", "in 1 day", "in 2 day")
#: Arabic letters Persian and Urdu write in their own forms; dateparser's data mixes both.
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ك": "ک"})


@lru_cache(maxsize=64)
def _short_date_words(language: str | None) -> frozenset[str]:
    """The article language's date words that are kept however short: its words for the days
    around publication ("dün", "dje", "i går", "hôm qua", "昨天", "어제", "أمس": the commonest
    date words of news, too short for ``_MIN_DATE_WORD``) and, in Chinese, Japanese and
    Korean, whose words are one to three characters, every relative phrase of a day to a year
    ("下周", "来週", "다음 주"). A word dateparser lists for two days around publication is left
    out: Hindi "कल" is yesterday and tomorrow, and only the status could tell which."""
    code = _parser_languages(language)[0]
    relative = _relative_data(code)
    listed = [
        word.lower().translate(_PERSIAN_LETTERS) for key in _NEAR_DAY_KEYS
        for word in set(relative.get(key, []))
    ]  # fmt: skip
    words = {w for w in listed if listed.count(w) == 1}
    if code in date_words.UNSPACED:
        words |= {p for p in _relative_phrases(relative) if len(p) >= 2}
    return frozenset(words)


def _relative_data(language: str) -> dict[str, list[str]]:
    """dateparser's relative phrases for ``language`` by meaning ("1 day ago": ["вчера"])."""
    relative: dict[str, list[str]] = (date_words.locale_info(language) or {}).get(
        "relative-type", {}
    )
    return relative


def _relative_phrases(relative: dict[str, list[str]]) -> set[str]:
    """The phrases of a day to a year, or of last, this or next weekday ("la semaine
    prochaine", "на следующей неделе", "el mes pasado")."""
    return {
        phrase.lower()
        for key, values in relative.items()
        if key.split()[-2 if key.endswith(" ago") else -1] in _RELATIVE_UNITS
        or _WEEKDAY_KEY.match(key)
        for phrase in values
    }


@lru_cache(maxsize=64)
def _short_date_pattern(language: str | None) -> regex.Pattern[str] | None:
    """The short date words as whole words ("ieri" is not the end of "esteri"), or anywhere
    in a run of Chinese, Japanese or Korean, which put no spaces between words."""
    words = _short_date_words(language)
    if not words:
        return None
    alternatives = date_words.longest_first(words)
    if _parser_languages(language)[0] in date_words.UNSPACED:
        return regex.compile(alternatives)
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternatives})(?![\p{{L}}\p{{M}}])")


def _has_a_date_word(phrase: str, language: str | None) -> bool:
    """Whether a phrase dateparser found may be a date: it has a digit, a word of
    ``_MIN_DATE_WORD`` letters, or is a short date word (not "die", "am", "się w")."""
    if _is_a_short_date_word(phrase, language):
        return True
    words = _CLOCK.sub("", phrase).split()
    return any(any(c.isdigit() for c in w) or len(w) >= _MIN_DATE_WORD for w in words)


def _is_a_short_date_word(phrase: str, language: str | None) -> bool:
    return phrase.lower().translate(_PERSIAN_LETTERS) in _short_date_words(language)


#: German writes a weekday and a part of the day as one word ("Montagabend"), which dateparser
#: does not read; without the part of the day it reads the weekday.
#: Turkish writes case endings after an apostrophe on numbers and proper nouns, month names
#: included ("2 Haziran'da": on 2 June); dateparser finds the date only without them.
_TURKISH_SUFFIX = re.compile(r"(?<=\w)['’]\w+")

_GERMAN_DAY_PART = re.compile(
    r"\b(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)"
    r"(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht)\b",
    re.IGNORECASE,
)
#: Keys of dateparser's locale data that are not date vocabulary.
_NOT_VOCABULARY = frozenset(
    {"name", "date_order", "skip", "pertain", "sentence_splitter_group", "locale_specific"}
)


@lru_cache(maxsize=64)
def _date_vocabulary(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The words of at least ``_MIN_DATE_WORD`` letters that dateparser's locale data holds
    for these languages: month and weekday names, units, parts of the day, relative words and
    phrases ("вчера", "на этой неделе"), and the words of its relative and simplification
    patterns. Shorter words never make a kept date phrase on their own (see date_phrases)."""
    texts: list[str] = []
    for language in languages:
        for key, value in (date_words.locale_info(language) or {}).items():
            if key in _NOT_VOCABULARY:
                continue
            if isinstance(value, dict):
                texts.extend(value)
                texts.extend(t for values in value.values() for t in values)
            elif isinstance(value, list):
                for item in value:  # words, or {pattern: replacement} simplifications
                    if isinstance(item, dict):
                        texts.extend(f"{k} {v}" for k, v in item.items())
                    else:
                        texts.append(str(item))
    words = {w.lower() for t in texts for w in date_words.WORD.findall(t)}
    return tuple(sorted(w for w in words if len(w) >= _MIN_DATE_WORD))


def may_hold_a_date(text: str, language: str | None) -> bool:
    """False only if ``text`` can hold no date phrase that :func:`date_phrases` would keep.

    A kept phrase has a digit, a word of ``_MIN_DATE_WORD`` letters or more, or a short date
    word ("dün", "i går", "昨天"); dateparser reads only words of its vocabulary as a date, so
    a sentence without a digit, such a word (:func:`_short_date_pattern`) or a word starting
    with a long date word (inflections, compounds: "Dienstagabend") has none. This skips
    ``search_dates`` (about 2.5 ms a sentence) for most sentences; a test checks it on every
    sentence of the test articles.
    """
    if any(c.isdigit() for c in text):
        return True
    if (more := _more_relative_pattern(language)) is not None and more.search(text):
        return True
    lowered = text.lower()
    short = _short_date_pattern(language)
    if short is not None and short.search(lowered.translate(_PERSIAN_LETTERS)):
        return True
    stems = _date_vocabulary(_parser_languages(language))
    return any(word.startswith(stems) for word in date_words.WORD.findall(lowered))


def _in_text(phrase: str, text: str) -> str | None:
    """``phrase`` as it stands in ``text``, shortened by up to two trailing words if need be
    (a phrase found in the respelled German text may run past the compound it came from)."""
    words = phrase.split()
    for keep in range(len(words), max(len(words) - _MAX_TRIMMED_WORDS, 1) - 1, -1):
        candidate = " ".join(words[:keep])
        if candidate in text:
            return candidate
    return None


#: Years a news report's events fall in; a phrase read as another year is a misreading.
_PLAUSIBLE_YEARS = (1900, 2100)


def _plausible(resolved: str, published: dt.date | None) -> bool:
    """A resolved date in the years news is about: not before 1900, not a decade past
    publication (a number read as a year, a day count read as a date)."""
    year = PartialDate.parse(resolved).year
    if year is None:
        return True
    latest = (published or dt.date.today()).year + 10
    return _PLAUSIBLE_YEARS[0] <= year <= latest


#: A clock time ("16:03"): dateparser reads one alone as the reference day, so "posted on
#: 16:03" became the publication date.
_CLOCK = re.compile(r"\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b")

#: Chinese, Japanese and Korean news dates: [YYYY年][M月]D日, M月D号, [YYYY년] [M월] D일.
#: dateparser reads "21日" as "21 days ago", does not find "10月21日" without a year, and
#: knows no Korean day ("3일"), so these are read here. A day count ("3日間", "7日前", "5日内",
#: "3일간", "3일 전") is not a date; of a range of days ("2~4일", "11月4至6日") the first is
#: taken.
_CJK_DATE = re.compile(
    r"(?:(?P<year>[0-9]{4})\s*[年년]\s*)?(?:(?P<month>[0-9]{1,2})\s*[月월]\s*)?"
    r"(?:(?P<first>[0-9]{1,2})\s*(?:[~∼～-]|至|到)\s*)?(?P<day>[0-9]{1,2})\s*"
    r"(?P<mark>日(?![間间前后後内以])|号|일(?!\s*(?:간|전|후|동안|만|째|이내)))"
)
#: What joins the two days of a range in Chinese, Japanese and Korean.
_CJK_RANGE_JOIN = re.compile(r"\s*(?:至|到|から|より|～|~|∼|–|-|부터)\s*")
#: What dateparser finds of a day count the reader above refused ("3日" of "3日間").
_CJK_DAYS = re.compile(r"^[0-9]+\s*日$")


def _cjk_dates(text: str, status: str, published: dt.date | None) -> list[tuple[str, str]]:
    """(phrase, ISO date) for each CJK date in ``text``; a day alone is in the month of
    publication, or the one before or after as the status requires."""
    found = []
    previous_end = None
    for match in _CJK_DATE.finditer(text):
        if previous_end is not None and _CJK_RANGE_JOIN.fullmatch(
            text, previous_end, match.start()
        ):
            continue  # "3月18日至20日", "18日から20日まで", "18일부터 20일까지": the first day
        previous_end = match.end()
        year, month = (int(g) if g else None for g in match.group("year", "month"))
        day = int(match["first"] or match["day"])
        if match["mark"] == "号" and month is None:
            continue  # "1号线" (line 1), "3号文件": a number, not a day
        resolved = _day_resolved(year, month, day, status, published)
        if resolved is not None:
            found.append((match[0], resolved))
    return found


def _day_resolved(
    year: int | None, month: int | None, day: int, status: str, published: dt.date | None
) -> str | None:
    """A day with what is written of its month and year ("12日", "3月12日", "on the 12th"):
    the month or year not written come from the publication date, as the status requires."""
    try:
        if year is not None and month is not None:
            return dt.date(year, month, day).isoformat()
        if month is not None:
            dt.date(2000, month, day)  # a day that exists in some year (29 February too)
            if published is None:
                return f"--{month:02d}-{day:02d}"
            return _year_from_publication(month, day, status, published)
    except ValueError:
        return None
    if published is None or year is not None:
        return None
    candidates = []
    for shift in (-1, 0, 1):
        months = published.year * 12 + published.month - 1 + shift
        try:
            candidates.append(dt.date(months // 12, months % 12 + 1, day))
        except ValueError:  # the 31st of a 30-day month
            continue
    return _nearest_for_status(candidates, status, published)


@lru_cache(maxsize=4096)
def _found_phrases(text: str, language: str | None) -> tuple[str, ...]:
    """What dateparser finds in a sentence, before resolution.

    Memoised: about 4 ms a sentence, and an article's events cite and look back over the
    same sentences (the date of an event comes from its sentences or the nearest earlier
    dated one), each event with its own status; searched once, resolved per status.
    """
    if not may_hold_a_date(text, language):
        return ()
    searched = text
    if language == "de":  # "am Montagabend" -> "am Montag", a prefix of the article's words
        searched = _GERMAN_DAY_PART.sub(r"\1", text)
    elif language == "tr":  # "2 Haziran'da" -> "2 Haziran", a prefix of the article's words
        searched = _TURKISH_SUFFIX.sub("", text)
    elif (endings := _case_endings(language)) is not None:  # "szombaton" -> "szombat"
        searched = endings.sub(r"\1", text)
    if language == "en":  # "Tuesday's meeting" -> "Tuesday meeting"
        searched = _ENGLISH_POSSESSIVE.sub("", searched)
    if (articles := _indefinite_articles(language)) is not None:
        searched = articles.sub(",", searched)  # "on 3 March at a hotel" -> "... at , hotel"
    searched = _AMOUNT.sub(",", searched)  # "mercredi 1,5 milliard": no 1 May; "10%" no 10th
    try:
        # The article's own words: its language alone (the English fallback is for the
        # model's date_text, which it may translate); half the time of searching two.
        found = search_dates(searched, languages=list(_parser_languages(language)[:1])) or []
    except Exception:  # dateparser raises assorted errors on odd input
        return ()
    phrases = [raw for raw, _ in found]
    return (*phrases, *_relative_phrases_in(text, language, phrases))


#: Amounts, which dateparser's search reads as dates: a percentage ("10%" as the 10th), a
#: decimal ("1,5 milliard" as 1 May, "1.5 billion"), thousands written with dots ("1.500
#: millones" as the 1st). A day and month written with dots ("am 1.5.", "12.3.2024") are not
#: amounts: a dot or a digit follows them.
_AMOUNT = re.compile(
    r"(?<![0-9.,])(?:[0-9]+(?:[.,][0-9]+)?\s?%|[0-9]+,[0-9]+(?![0-9])"
    r"|[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9.])|[0-9]+\.[0-9](?![0-9.]))"
)


#: Indefinite articles, which dateparser's search reads as the number one and takes into
#: the date phrase before them: "on 3 March at a hotel" gave "March" alone, "said Monday in a
#: statement" January, "el 3 de marzo en un hotel" the 1st, "am 3. März in einem Hotel" two
#: dates. Before a unit of time they are left alone: "in a week", "vor einer Woche".
_INDEFINITE_ARTICLES = {
    "en": "a an",
    "fr": "un une",
    "es": "un una uno",
    "ca": "un una",
    "pt": "um uma",
    "it": "un una uno",
    "de": "ein eine einem einer einen eines",
    "nl": "een",
}
_UNIT_KEYS = ("year", "month", "week", "day", "hour", "minute", "second")


@lru_cache(maxsize=16)
def _indefinite_articles(language: str | None) -> re.Pattern[str] | None:
    """The language's indefinite articles where they are not before a unit of time."""
    language = date_words.dateparser_code(language)
    if language not in _INDEFINITE_ARTICLES:
        return None
    info = date_words.locale_info(language) or {}
    units = {u.lower() for key in _UNIT_KEYS for u in info.get(key, []) if len(u) >= 3}
    units |= {"few", "couple"} if language == "en" else set()  # "a few days ago"
    articles = "|".join(_INDEFINITE_ARTICLES[language].split())
    not_a_unit = date_words.longest_first(units)
    return re.compile(rf"(?<!\w)(?:{articles})(?!\w)(?!\s+(?:{not_a_unit}))", re.IGNORECASE)


#: Languages that write case endings onto month and weekday names ("szombaton": on Saturday,
#: "szeptemberben": in September; "laupäeval") where dateparser's locale data has only the
#: bare names. (Finnish data lists its inflected forms; Turkish separates them by an
#: apostrophe.)
_CASE_ENDING_LANGUAGES = frozenset({"hu", "et"})
_MONTHS_AND_WEEKDAYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip


@lru_cache(maxsize=8)
def _case_endings(language: str | None) -> re.Pattern[str] | None:
    """A month or weekday name of ``language`` with up to four letters of case ending, the
    name captured: the name is a prefix of the article's word, so the phrase found is too."""
    if language not in _CASE_ENDING_LANGUAGES:
        return None
    info = date_words.locale_info(language) or {}
    names = {
        name for key in _MONTHS_AND_WEEKDAYS for name in info.get(key, [])
        if len(name) >= _MIN_DATE_WORD and name.isalpha()
    }  # fmt: skip
    return re.compile(rf"\b({date_words.longest_first(names)})\w{{1,4}}\b", re.IGNORECASE)


#: Units of the relative phrases searched for literally: "now" or "this hour" in an event's
#: sentence is seldom its date ("the two countries now cooperate").
_RELATIVE_UNITS = ("day", "week", "fortnight", "month", "year")
_WEEKDAY_KEY = re.compile(r"^(last|this|next) [a-z]+day$")


@lru_cache(maxsize=64)
def _relative_vocabulary(language: str) -> re.Pattern[str] | None:
    """The relative date phrases of dateparser's locale data for ``language`` as one
    pattern, longest first: whole words, or anywhere in a run of Chinese, Japanese or Korean."""
    phrases = {
        phrase
        for phrase in _relative_phrases(_relative_data(language))
        if len(phrase) >= _MIN_DATE_WORD or _is_a_short_date_word(phrase, language)
    }
    if not phrases:
        return None
    alternatives = date_words.longest_first(phrases)
    if language in date_words.UNSPACED:
        return re.compile(alternatives, re.IGNORECASE)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _relative_phrases_in(text: str, language: str | None, found: list[str]) -> list[str]:
    """Relative date phrases of the article's language that ``search_dates`` missed.

    dateparser reads "la semaine prochaine" or "на следующей неделе" alone, but its search
    does not find them inside a sentence (French, Spanish, Italian, Russian, Polish; English
    and German it does), so a visit "next week" had no date or took another phrase's.
    """
    pattern = _relative_vocabulary(_parser_languages(language)[0])
    if pattern is None:
        return []
    taken = [raw for raw in found if _has_a_date_word(raw, language)]
    # not "się w", a scrap dateparser found before "w przyszłym tygodniu"
    return [match[0] for match in _matches_beside(pattern, text, taken)]


def _matches_beside(
    pattern: re.Pattern[str], text: str, taken: Sequence[str]
) -> list[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that overlap none of the ``taken`` phrases."""
    spans = [(at, at + len(phrase)) for phrase in taken if (at := text.find(phrase)) >= 0]
    return [
        match
        for match in pattern.finditer(text)
        if not any(start < match.end() and match.start() < end for start, end in spans)
    ]


#: "since" before a year or month ("desde 2019", "seit Januar", "с 2014 года"): the start of
#: a state of affairs, not the date of an event. Only before a year or month: before a day,
#: Russian "с" and Polish "od" start a range ("с 4 по 6 апреля"), whose first day is the date.
_SINCE = re.compile(
    r"\b(?:since|seit|depuis|desde|dal|dall['’]|dalla|dai|sin|od|от|с|со|з|із|від)\s+$",
    re.IGNORECASE,
)


def _after_since(phrase: str, resolved: str, text: str) -> bool:
    if _is_a_day(resolved):  # "since 12 March" dates a day; "since 2019" dates nothing
        return False
    return _SINCE.search(text[: text.find(phrase)]) is not None


def _in_a_name(phrase: str, names: Sequence[str]) -> bool:
    """True if the phrase is part of a person's name ("Kasım" of Kasım-Jomart Tokayev is
    also Turkish for November)."""
    return not any(c.isdigit() for c in phrase) and any(phrase in name for name in names)


#: Relative phrases as news writes them that dateparser's data lacks or its search misses,
#: each with the English phrase it is read as: "vergangene Woche", "la prossima settimana",
#: "الأسبوع المقبل", "בשבוע הבא", "jövő héten", "pekan depan", "tuần tới", Swedish "på
#: tisdagen" (the definite form), Hebrew "ביום שני" (on Monday).
_MORE_RELATIVE: dict[str, dict[str, str]] = {
    "de": {
        "vergangene woche": "last week", "vergangenen woche": "last week",
        "letzte woche": "last week", "letzten woche": "last week",
        "kommende woche": "next week", "kommenden woche": "next week",
        "nächste woche": "next week", "nächsten woche": "next week",
        "vergangenen monat": "last month", "letzten monat": "last month",
        "kommenden monat": "next month", "nächsten monat": "next month",
    },
    "it": {
        "la prossima settimana": "next week", "prossima settimana": "next week",
        "la settimana prossima": "next week", "la settimana scorsa": "last week",
        "settimana scorsa": "last week", "la scorsa settimana": "last week",
        "scorsa settimana": "last week", "il prossimo mese": "next month",
        "prossimo mese": "next month", "il mese prossimo": "next month",
        "il mese scorso": "last month", "lo scorso mese": "last month",
    },
    "ar": {
        "غدا": "tomorrow", "غداً": "tomorrow", "الأسبوع المقبل": "next week",
        "الأسبوع القادم": "next week", "الأسبوع الماضي": "last week",
        "الشهر المقبل": "next month", "الشهر القادم": "next month",
        "الشهر الماضي": "last month",
    },
    "fa": {
        "فردا": "tomorrow", "هفته آینده": "next week", "هفته گذشته": "last week",
        "هفته پیش": "last week", "ماه آینده": "next month", "ماه گذشته": "last month",
    },
    "hu": {
        "holnap": "tomorrow", "jövő héten": "next week", "múlt héten": "last week",
        "jövő hónapban": "next month", "múlt hónapban": "last month",
    },
    "el": {
        "αύριο": "tomorrow", "χθες": "yesterday", "την περασμένη εβδομάδα": "last week",
        "περασμένη εβδομάδα": "last week", "την επόμενη εβδομάδα": "next week",
        "επόμενη εβδομάδα": "next week", "τον επόμενο μήνα": "next month",
        "επόμενο μήνα": "next month", "τον περασμένο μήνα": "last month",
    },
    "he": {
        "מחר": "tomorrow", "אתמול": "yesterday", "בשבוע שעבר": "last week",
        "בשבוע הבא": "next week", "בחודש הבא": "next month", "בחודש שעבר": "last month",
        "ביום ראשון": "Sunday", "ביום שני": "Monday", "ביום שלישי": "Tuesday",
        "ביום רביעי": "Wednesday", "ביום חמישי": "Thursday", "ביום שישי": "Friday",
        "בשבת": "Saturday",
    },
    "hi": {
        "पिछले सप्ताह": "last week", "पिछले हफ्ते": "last week", "पिछले हफ़्ते": "last week",
        "अगले सप्ताह": "next week", "अगले हफ्ते": "next week", "अगले हफ़्ते": "next week",
        "अगले महीने": "next month", "पिछले महीने": "last month",
    },
    "id": {
        "pekan lalu": "last week", "minggu lalu": "last week", "pekan depan": "next week",
        "minggu depan": "next week", "bulan depan": "next month", "bulan lalu": "last month",
        "besok": "tomorrow", "kemarin": "yesterday",
    },
    "ms": {
        "minggu lalu": "last week", "minggu lepas": "last week", "minggu depan": "next week",
        "minggu hadapan": "next week", "bulan depan": "next month",
        "bulan hadapan": "next month", "bulan lalu": "last month", "esok": "tomorrow",
        "semalam": "yesterday",
    },
    "vi": {
        "tuần tới": "next week", "tuần sau": "next week", "tuần trước": "last week",
        "tháng tới": "next month", "tháng sau": "next month", "tháng trước": "last month",
        "ngày mai": "tomorrow",
    },
    "ro": {"astăzi": "today", "mâine": "tomorrow", "vinerea aceasta": "this Friday"},
    "sv": {
        "måndagen": "Monday", "tisdagen": "Tuesday", "onsdagen": "Wednesday",
        "torsdagen": "Thursday", "fredagen": "Friday", "lördagen": "Saturday",
        "söndagen": "Sunday",
    },
}  # fmt: skip


@lru_cache(maxsize=64)
def _more_relative_pattern(language: str | None) -> re.Pattern[str] | None:
    table = _MORE_RELATIVE.get(date_words.dateparser_code(language) or "")
    if not table:
        return None
    return re.compile(rf"(?<!\w)(?:{date_words.longest_first(set(table))})(?!\w)", re.IGNORECASE)


def _more_relative_phrases(
    text: str,
    status: str,
    published: dt.date | None,
    language: str | None,
    found: list[tuple[str, str]],
) -> list[tuple[str, str]]:
    """The phrases of :data:`_MORE_RELATIVE` in ``text`` where nothing was found, read as
    their English phrase."""
    pattern = _more_relative_pattern(language)
    if pattern is None:
        return []
    table = _MORE_RELATIVE[date_words.dateparser_code(language) or ""]
    more = []
    for match in _matches_beside(pattern, text, [phrase for phrase, _ in found]):
        resolved = resolve_date_text(table[match[0].lower()], status, published, "en")
        if resolved is not None and _plausible(resolved, published):
            more.append((match[0], resolved))
    return more


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Arabic-Indic and Persian digits, one for one as Western digits (the same length, so a
#: phrase found in the translated sentence stands at the same place in the written one).
_WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def date_phrases(
    text: str,
    status: str,
    published: dt.date | None,
    language: str | None,
    names: Sequence[str] = (),
) -> list[tuple[str, str]]:
    """(phrase, ISO date) for each date phrase in ``text`` (an evidence sentence), resolved.

    A full date equal to the publication date is left out: in evidence it is the page's
    dateline quoted by the model, not the event's date. So are a year or month after "since"
    and a word of the participants' ``names`` as the article writes them.
    """
    return list(_date_phrases(text, status, published, language, tuple(names)))


@lru_cache(maxsize=4096)
def _date_phrases(
    text: str,
    status: str,
    published: dt.date | None,
    language: str | None,
    names: tuple[str, ...],
) -> tuple[tuple[str, str], ...]:
    """:func:`date_phrases`, memoised: an article's sentences are read again for each event
    that cites them or looks back to them, and for each status (``lies_ahead``)."""
    return tuple(_read_date_phrases(text, status, published, language, names))


def _read_date_phrases(
    text: str,
    status: str,
    published: dt.date | None,
    language: str | None,
    names: Sequence[str],
) -> list[tuple[str, str]]:
    if date_words.dateparser_code(language) == "sr" and not _CYRILLIC.search(text):
        language = "sr-Latn"  # dateparser's "sr" is Serbian in Cyrillic: "u ponedeljak"
    written = text
    text = text.translate(_WESTERN_DIGITS)  # "۱۲ مارس": dateparser reads Western digits
    if text != written:
        return [
            (written[at : at + len(phrase)] if (at := text.find(phrase)) >= 0 else phrase, date)
            for phrase, date in date_phrases(text, status, published, language, names)
        ]
    cjk = _cjk_dates(text, status, published)
    if cjk:
        return [
            (phrase, resolved) for phrase, resolved in cjk
            if not (published is not None and resolved == published.isoformat() and "年" in phrase)
        ]  # fmt: skip
    phrases = []
    for raw in _found_phrases(text, language):
        phrase = _in_text(raw.strip(" ,.;:"), text)
        if phrase is None:
            continue
        if not _has_a_date_word(phrase, language):
            continue
        if _CJK_DAYS.match(phrase):
            continue
        if phrase.isdigit() and not _PLAUSIBLE_YEARS[0] <= int(phrase) <= _PLAUSIBLE_YEARS[1]:
            continue  # a count ("Gelesen: 1012"), not a year
        if _in_a_name(phrase, names):
            continue
        phrase, reading = _first_day_of_range(phrase, text)
        resolved = (
            _dotted_date(reading)
            or _ordinal_day_alone(reading, status, published, language)
            or resolve_date_text(reading, status, published, language)
        )
        if resolved is not None and (weekday := _weekday_misread(phrase, resolved, language)):
            phrase = weekday  # "said Monday in a statement": "in a" is no month ahead
            resolved = resolve_date_text(phrase, status, published, language)
        if resolved is None or not _plausible(resolved, published):
            continue
        if _after_since(phrase, resolved, text):
            continue
        if (
            published is not None
            and resolved == published.isoformat()
            and re.search(r"[0-9]{4}", phrase)
        ):
            continue
        phrases.append((phrase, resolved))
    phrases += _more_relative_phrases(text, status, published, language, phrases)
    phrases = _with_dotted_dates(phrases, text, published)
    own = _range_ends_dropped(_with_own_readings(phrases, text, status, published, language), text)
    return _after_the_report(_without_labels(own), text, language)


#: What joins the two days of a range, as wire copy in the languages of the battery in
#: tests/test_dates.py writes it: "to", "and", "bis", "au", "al", "до", "ile", "tot en met",
#: "până la", "έως", "hingga", "עד", "إلى", "تا", "से"; Hebrew joins it to the day ("ל-20",
#: "וב-19"). An article may stand before the second day ("entre el 18 y el 20").
_RANGE_JOIN = (
    r"(?:[-–—]|(?<!\w)(?:to|till|until|through|and|bis|und|au|et|à|al|a|e|y|hasta|до|по|и|і|"
    r"ile|ve|tot en met|tot|en|och|till|do|až|și|si|până la|έως|ως|και|dan|hingga|sampai|"
    r"إلى|و|تا|से)(?!\w)|(?<!\w)(?:ל|וב|ו|עד)-?)"
)
_SECOND_DAY_ARTICLE = r"(?:(?:el|le|la|il|lo|the|den|dem|τις|της|ב)\s*-?\s*)?"
#: Two days of one month ("20-21 March", "March 20-21", "le 18 et le 20 mars", "18-19/3"):
#: dateparser read the second day as a two-digit year (2021).
_DAY_PAIR = re.compile(
    rf"(?<![0-9./:])(?<![0-9][-–—])(?P<first>[0-3]?[0-9])\.?\s*{_RANGE_JOIN}\s*{_SECOND_DAY_ARTICLE}"
    r"(?P<second>[0-3]?[0-9])(?![0-9]|[-–—:][0-9])",
    re.IGNORECASE,
)
#: The start of a range whose end the phrase is: "from 20 to 22 March", "vom 20. bis 22. März",
#: "entre el 18 y el 20 de marzo", "op 18 en 19 maart", "מ-18 עד 20 במרץ".
_RANGE_START = re.compile(
    rf"(?<![0-9./:])(?<![0-9][-–—])(?P<first>[0-3]?[0-9])\.?\s*{_RANGE_JOIN}\s*{_SECOND_DAY_ARTICLE}$",
    re.IGNORECASE,
)
_PHRASE_DAY = re.compile(r"^(?P<lead>\D*?)(?P<day>[0-3]?[0-9])(?![0-9])")
#: A day, month and year written with dots: day first wherever it is written so.
_DOTTED = re.compile(
    r"(?<![0-9.])([0-3]?[0-9])\.\s?([01]?[0-9])\.\s?((?:19|20)[0-9]{2})(?![0-9])"
)  # Serbian and Croatian put a space after each dot: "2. 6. 2025."
_ENGLISH_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")


#: What stands between the first day of a range and a last day of another month: "30 May
#: to 1 June", "du 30 mai au 1er juin", "vom 30. Mai bis 1. Juni", "del 30 de mayo al 1".
_TO_THE_LAST_DAY = re.compile(
    rf"\s*,?\s*{_RANGE_JOIN}\s*{_SECOND_DAY_ARTICLE}(?:[0-3]?[0-9](?:er|st|nd|rd|th|º)?\.?\s*)?"
    r"(?:de\s+)?",
    re.IGNORECASE,
)


def _range_ends_dropped(phrases: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    """The phrases without the last day of a range across two months ("from 30 May to 1
    June"): a range is dated by its first day. Two days more than two weeks apart are two
    dates ("on 3 March and on 5 April"), not a range."""
    placed = sorted((text.find(p), p, r) for p, r in phrases if text.find(p) >= 0)
    ends = {
        (p2, r2)
        for (at1, p1, r1), (at2, p2, r2) in itertools.pairwise(placed)
        if len(r1) == len(r2) == 10
        and 0 < (dt.date.fromisoformat(r2) - dt.date.fromisoformat(r1)).days <= 14
        and _TO_THE_LAST_DAY.fullmatch(text, at1 + len(p1), at2)
    }
    return [phrase for phrase in phrases if phrase not in ends]


def _first_day_of_range(phrase: str, text: str) -> tuple[str, str]:
    """The phrase as found (widened to the range it ends) and the words to read: a range is
    dated by its first day, as a range of days in gold is."""
    pair = _DAY_PAIR.search(phrase)
    if pair is not None and int(pair["first"]) < int(pair["second"]) <= 31:
        return phrase, phrase[: pair.start()] + pair["first"] + phrase[pair.end() :]
    day = _PHRASE_DAY.match(phrase)
    at = text.find(phrase)
    if day is None or at < 0 or day["lead"].strip():
        return phrase, phrase
    begun = _range_start_before(text, at, int(day["day"]))
    if begun is None:
        return phrase, phrase
    begins, first = begun
    return text[begins : at + len(phrase)], f"{first}{phrase[day.end() :]}"


def _range_start_before(text: str, at: int, last: int) -> tuple[int, int] | None:
    """Where a range ending in the day ``last`` written at ``at`` begins, and its first day,
    when the words just before it open one ("from 20 to ", "בין 18 ל-"); else None."""
    before = text[max(0, at - 20) : at]
    start = _RANGE_START.search(before)
    if start is None or not int(start["first"]) < last <= 31:
        return None
    return at - (len(before) - start.start()), int(start["first"])


def _with_dotted_dates(
    phrases: list[tuple[str, str]], text: str, published: dt.date | None
) -> list[tuple[str, str]]:
    """``phrases`` with each date written with dots in ``text`` ("2.6.2025", also glued to a
    word: Hebrew "ב-2.6.2025") in place of what search read from inside it (the year alone).
    One equal to the publication date is the dateline, as in :func:`date_phrases`."""
    for found in _DOTTED.finditer(text):
        resolved = _dotted_date(found[0])
        if resolved is None or (published is not None and resolved == published.isoformat()):
            continue
        inside = [
            (p, r)
            for p, r in phrases
            if (at := text.find(p)) >= 0 and at < found.end() and found.start() < at + len(p)
        ]
        if any(r == resolved for _, r in inside):
            continue
        phrases = [p for p in phrases if p not in inside] + [(found[0], resolved)]
    return phrases


#: An English day with its ordinal and no month ("on the 12th"): search read it as a month.
_ORDINAL_DAY_ALONE = re.compile(
    r"^(?:on\s+)?the\s+(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)\b(?!.*\b(?:jan|feb|mar|apr|may|jun|"
    r"jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)


def _ordinal_day_alone(
    phrase: str, status: str, published: dt.date | None, language: str | None
) -> str | None:
    """ "on the 12th": that day of the month of publication, or of the month before or after
    as the status requires (as a Chinese "12日" alone is read)."""
    if date_words.dateparser_code(language) != "en":
        return None
    found = _ORDINAL_DAY_ALONE.match(phrase)
    if found is None:
        return None
    return _day_resolved(None, None, int(found["day"]), status, published)


def _dotted_date(phrase: str) -> str | None:
    """A date written "12.03.2024": 12 March, also in English, whose parser reads it month
    first."""
    found = _DOTTED.search(phrase)
    if found is None:
        return None
    try:
        return dt.date(int(found[3]), int(found[2]), int(found[1])).isoformat()
    except ValueError:
        return None


def _weekday_misread(phrase: str, resolved: str, language: str | None) -> str | None:
    """The weekday a phrase names, when dateparser's reading of the phrase is not a day of
    that weekday, else None.

    Search takes the words after a weekday with it, and reads an indefinite article as the
    number one: "Monday in a (statement)" became January, "am Montag in einer (Erklärung)",
    "lundi dans un (communiqué)", "lunes en un" and "segunda-feira em um" the 1st of the
    month. A day without a year cannot be checked and stands, and so does a phrase with a
    number: the day the article writes ("Monday, March 12") is its word, not a misreading.
    In languages whose weekdays take endings, :mod:`date_words` reads them instead.
    """
    if any(c.isdigit() for c in phrase):
        return None
    for code in _parser_languages(language):
        if code != "en" and code not in date_words.UNINFLECTED:
            continue
        named = date_words.weekday_named(phrase, code)
        if named is None:
            continue
        word, weekday = named
        if resolved.startswith("--"):
            return None
        if len(resolved) == 10 and dt.date.fromisoformat(resolved).weekday() == weekday:
            return None
        return word
    return None


#: A verb of saying, then a word that opens what was said ("said ... that", "a annoncé ...
#: que", "teilte ... mit, dass", "заявил ... что", "poinformował ... że", "a anunțat ... că",
#: "أعلن ... أن", "اعلام کرد ... که", "mengatakan ... bahwa"): a date between them is the day
#: of the saying, not of what was said. Stems, matched at the start of a word.
_SAYING = {
    "en": ("said says announc told report stated confirm added informed", "that"),
    "fr": ("annonc déclar indiqu affirm précis dit confirm fait_savoir rapport", "que|qu['’]"),
    "es": ("dijo anunci inform declar afirm señal indic confirm", "que"),
    "it": ("detto annunci dichiar reso_noto afferm riferit conferm spiegat", "che"),
    "pt": ("disse anunci inform declar afirm confirm", "que"),
    "ca": ("va_dir anunci inform declar afirm confirm", "que"),
    "de": ("teilt sagt erklärt kündigt berichtet bestätigt hieß", "dass"),
    "nl": ("zei meldde maakte_bekend verklaarde bevestigde", "dat"),
    "sv": ("sade sa meddelade uppgav bekräftade", "att"),
    "da": ("sagde meddelte oplyste bekræftede", "at"),
    "no": ("sa opplyste meddelte bekreftet", "at"),
    "ru": ("сообщ заяв объяв сказал подтверд", "что"),
    "uk": ("повідом заяв оголос сказав підтверд", "що"),
    "bg": ("съобщ заяв обяв каза потвърд", "че"),
    "pl": ("poinform ogłosi powiedzia oświadczy potwierdzi", "że"),
    "cs": ("oznám uvedl řekl prohlásil potvrdil informoval", "že"),
    "sk": ("oznám uviedol povedal vyhlásil potvrdil informoval", "že"),
    "hr": ("priopći izjavi rekao najavi potvrdi", "da"),
    "sr": ("саопшт изјав рекао најав потврд saopšt izjav rekao najav potvrd", "da|да"),
    "ro": ("anunț declar precizat spus confirm informat", "că"),
    "hu": ("közöl bejelent mondta nyilatkoz megerősít", "hogy"),
    "el": ("ανακοίν δήλωσ είπε επιβεβαίω ενημέρω", "ότι|πως"),
    "ar": ("أعلن قال أفاد أكد صرح ذكر", "أن|أنّ|إن"),
    "fa": ("اعلام گفت اظهار تأیید تایید خبر", "که"),
    "he": ("מסר אמר הודיע הודיעה אישר דיווח", "כי"),
    "id": ("mengatakan menyatakan mengumumkan menyampaikan menegaskan", "bahwa"),
    "ms": ("berkata menyatakan mengumumkan memaklumkan", "bahawa"),
    "vi": ("cho_biết thông_báo tuyên_bố khẳng_định", "rằng"),
    "hi": ("कहा बताया घोषणा पुष्टि", "कि"),
}  # fmt: skip


def _without_labels(phrases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The phrases without a year written in figures beside a day read from words alone: in
    "discussed the 2015 nuclear deal on Tuesday" the year names the deal, and no year can move
    a weekday or "yesterday", which count from the publication date. A year in words ("later
    this year") may be another event's date and stays."""
    relative_day = any(
        len(resolved) == 10 and not any(c.isdigit() for c in phrase) for phrase, resolved in phrases
    )
    if not relative_day:
        return phrases
    return [
        (phrase, resolved)
        for phrase, resolved in phrases
        if not (len(resolved) == 4 and any(c.isdigit() for c in phrase))
    ]


_CLAUSE_BREAK = re.compile(r"[,;:،،、，；]")


@lru_cache(maxsize=64)
def _saying_pattern(language: str | None) -> regex.Pattern[str] | None:
    listed = _SAYING.get(date_words.dateparser_code(language) or "")
    if listed is None:
        return None
    stems, opening = listed
    verbs = "|".join(regex.escape(v).replace("_", " ") for v in stems.split())
    letter = r"[\p{L}\p{M}]"
    return regex.compile(
        rf"(?<!{letter})(?:{verbs}).*?(?<!{letter})(?P<that>{opening})(?!{letter})",
        regex.IGNORECASE,
    )


def _after_the_report(
    phrases: list[tuple[str, str]], text: str, language: str | None
) -> list[tuple[str, str]]:
    """The date phrases of what was said, without the day it was said, when both are in the
    sentence: "the ministry said on Wednesday that the ministers met on Monday" dates the
    meeting Monday, and so does "В МИД в среду сообщили, что ...". Only when the day of saying
    is in the clause of the verb of saying (no comma between them), and the two sides name
    different dates: "at their meeting on Monday the ministers agreed that ..." (no verb of
    saying) and "met on Monday, the ministry said, adding that ..." keep both, so neither."""
    pattern = _saying_pattern(language)
    if pattern is None or len({resolved for _, resolved in phrases}) < 2:
        return phrases
    said = pattern.search(text)
    if said is None:
        return phrases
    cut = said.start("that")
    at = [(text.find(p), p, r) for p, r in phrases]
    after = [(p, r) for start, p, r in at if start > cut]
    saying = [r for start, _, r in at if 0 <= start < cut]
    if any(
        0 <= start < said.start() and _CLAUSE_BREAK.search(text, start, said.start())
        for start, _, _ in at
    ):
        return phrases  # "met on Monday, the ministry said, adding that ...": whose date?
    if not after or not saying or set(saying) & {r for _, r in after}:
        return phrases
    return after


def _with_own_readings(
    phrases: list[tuple[str, str]],
    text: str,
    status: str,
    published: dt.date | None,
    language: str | None,
) -> list[tuple[str, str]]:
    """``phrases`` with the days and weekdays :mod:`diplo_extract.date_words` finds, each in
    place of what dateparser read from inside it (the month alone, the year, "–14" of
    "12.–14. oktobrī", "się w środę" as August); where dateparser read a day from a phrase
    reaching beyond it ("v pondelok (3" of "v pondelok (3. októbra)"), that reading stands,
    in place of the month read alone."""
    found = date_words.find(text, _parser_languages(language)[0])
    if not found:
        return phrases
    spans = [(text.find(phrase), (phrase, resolved)) for phrase, resolved in phrases]
    kept = list(phrases)
    for own in (_range_begun(f, text) for f in found):
        overlapping, beyond = [], []
        for start, found_phrase in spans:
            end = start + len(found_phrase[0])
            if start >= 0 and start < own.end and own.start < end:
                overlapping.append(found_phrase)
                if start < own.start or end > own.end:
                    beyond.append(found_phrase)
        if any(_is_a_day(r) for _, r in beyond):
            kept = [p for p in kept if p not in overlapping or p in beyond or _is_a_day(p[1])]
            continue
        resolved = _own_resolved(own, status, published, language)
        if resolved is None or not _plausible(resolved, published):
            continue
        if any(r == resolved for _, r in overlapping):
            continue  # dateparser read it so too ("szombat" of "szombaton")
        if (
            published is not None
            and resolved == published.isoformat()
            and isinstance(own, date_words.DayOfMonth)
            and own.year
        ):
            continue  # the dateline, as above
        kept = [p for p in kept if p not in overlapping]
        kept.append((text[own.start : own.end].strip(), resolved))
    return kept


def _range_begun(own: date_words.Found, text: str) -> date_words.Found:
    """A day of the month that ends a range ("בין 18 ל-20 במרץ"), as the range's first day."""
    if not isinstance(own, date_words.DayOfMonth):
        return own
    begun = _range_start_before(text, own.start, own.day)
    if begun is None:
        return own
    begins, first = begun
    return dataclasses.replace(own, start=begins, day=first)


def _own_resolved(
    own: date_words.Found, status: str, published: dt.date | None, language: str | None
) -> str | None:
    if isinstance(own, date_words.Weekday):
        return resolve_date_text(own.dictionary_form, status, published, language)
    if own.year is not None:
        date = own.full_date()
        return date.isoformat() if date else None
    try:
        dt.date(2000, own.month, own.day)  # a leap year: 29 February exists
    except ValueError:
        return None
    if published is None:
        return f"--{own.month:02d}-{own.day:02d}"
    return _year_from_publication(own.month, own.day, status, published)


def _is_a_day(resolved: str) -> bool:
    return len(resolved) == 10 or resolved.startswith("--")
