"""Days and weekdays that dateparser does not read, found in code from its own locale data.

dateparser knows a language's month and weekday names in the forms its locale data lists,
mostly the nominative. News writes them inflected: Latvian "12. oktobrī", Lithuanian
"spalio 12 d.", Slovenian "12. oktobra", Kazakh "12 қазанда", Serbian "у среду", Lithuanian
"trečiadienį", Georgian "ოთხშაბათს"; and in scripts without spaces between words ("周三",
"水曜日") its search does not find them. There it reads the month alone, or nothing, so an
event dated to the day had its month or no date. This module only finds such phrases and
says what they name (a day and month, or a weekday's dictionary form);
:mod:`diplo_extract.dates` resolves them against the publication date, as it does what
dateparser finds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
#: A word: letters with their combining marks, which Python's ``\w`` leaves out and so cut
#: "सोमवार" (Monday) into pieces (Indic vowel signs are marks, not letters).
WORD = regex.compile(r"[\p{L}\p{M}]+")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

#: Languages whose month and weekday names take no case ending: only a whole form counts
#: there ("le 12 maggiori economie" is not 12 May), and dateparser reads those itself.
UNINFLECTED = frozenset(
    {"en", "de", "nl", "sv", "da", "nb", "it", "es", "pt", "fr", "ca", "ro", "id", "ms", "sw"}
)
#: The language detector's codes that dateparser knows by another: Norwegian is its Bokmål,
#: Egyptian and Moroccan Arabic its Arabic, Wu its Chinese.
_DATEPARSER_CODES = {"no": "nb", "arz": "ar", "ary": "ar", "wuu": "zh", "uzs": "uz"}


def dateparser_code(language: str | None) -> str | None:
    """The code dateparser's locale data has for a language the detector names."""
    return _DATEPARSER_CODES.get(language or "", language)


#: Languages written without spaces between words: a name is found inside a longer run.
UNSPACED = frozenset({"zh", "ja", "ko"})

#: Forms shorter than this ("okt", "maj", "sre") are left to dateparser: abbreviations, or
#: names too short to tell from other words once an ending is allowed.
_MIN_FORM = 5
#: Forms this long keep their whole spelling before an ending; longer ones lose their last
#: two letters, the nominative ending that inflection replaces ("oktobris" -> "oktobrī",
#: "trečiadienis" -> "trečiadienį", "srijeda" -> "srijedu"). Shorter forms kept whole keep
#: common words out ("maggio" is not "maggiori", "қазан" is not "қазақ").
_WHOLE_FORM = 6
#: Letters an ending may add after a stem or whole form.
_ENDING = r"[^\W\d_]{0,4}"
#: Prepositions before a weekday ("у среду", "v sredo", "w środę", "ў сераду"): after one, a
#: five- or six-letter name may change its last vowel, which elsewhere would take in common
#: words ("среди", among).
_WEEKDAY_PREPOSITION = r"(?:в|во|у|ў|на|v|ve|u|w|we|na)"
_VOWELS = "aeiouyąęěåäöüаеёиоуыэюяіїєў"

#: A day of the month, as news writes it beside a month's name.
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
#: A year written just before a day and month ("2023 m. spalio 12 d.", "2023. gada 12.
#: oktobrī") or after it ("12. oktobrī, 2023").
#: The ordinal mark some languages write on the first day: French "1er", Spanish and
#: Portuguese "1º", "1.º".
_ORDINAL = r"er|re|º|ª|\.º"
_YEAR_BEFORE = r"(?:(?P<year_before>(?:19|20)[0-9]{2})\.?(?:\s+[^\W\d]{1,4}\.?)?\s+)?"
_YEAR_AFTER = r"(?:,?\s+(?P<year_after>(?:19|20)[0-9]{2})(?![0-9]))?"


@dataclass(frozen=True)
class DayOfMonth:
    """A day and month (and the year, if written beside them) at ``start:end``."""

    start: int
    end: int
    year: int | None
    month: int
    day: int

    def full_date(self) -> dt.date | None:
        """The date, when the year is written and the day exists in that month."""
        if self.year is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True)
class Weekday:
    """A weekday at ``start:end``, and the form of it dateparser reads."""

    start: int
    end: int
    dictionary_form: str


Found = DayOfMonth | Weekday


def longest_first(words: AbstractSet[str]) -> str:
    """The words as one regex alternation, longest first, so that a longer word ("szeptember")
    is tried before a shorter one it contains."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4096)
def find(text: str, language: str) -> tuple[Found, ...]:
    """The days of the month and weekdays in ``text`` (a sentence) that carry an ending, or
    stand in a script without spaces; ``language`` is a dateparser locale code."""
    if language == "en":
        return ()
    found: list[Found] = [*_days_of_month(text, language), *_weekdays(text, language)]
    return tuple(
        f for f in found
        if not any(o is not f and o.start <= f.start and f.end <= o.end for o in found)
    )  # fmt: skip


def _days_of_month(text: str, language: str) -> list[DayOfMonth]:
    vocabulary = _month_vocabulary(language)
    if vocabulary is None:
        return []
    patterns, stems = vocabulary
    days = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            month = _which(match["name"], stems)
            if month is None:
                continue
            groups = match.groupdict()
            year = groups["year_before"] or groups.get("year_after")
            day = groups.get("first") or groups["day"]  # a range is dated by its first day
            days.append(
                DayOfMonth(match.start(), match.end(), int(year) if year else None, month, int(day))
            )
    return days


def _weekdays(text: str, language: str) -> list[Weekday]:
    vocabulary = _weekday_vocabulary(language)
    if vocabulary is None:
        return []
    patterns, stems, dictionary_forms = vocabulary
    found = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            weekday = _which(match["name"], stems)
            if weekday is not None:
                found.append(Weekday(match.start(), match.end(), dictionary_forms[weekday - 1]))
    return found


def _which(word: str, stems: tuple[tuple[str, int], ...]) -> int | None:
    """The number of the month or weekday whose longest stem ``word`` starts with, if one."""
    word = word.lower()
    starting = [(stem, number) for stem, number in stems if word.startswith(stem)]
    if not starting:
        return None
    longest = max(len(stem) for stem, _ in starting)
    numbers = {number for stem, number in starting if len(stem) == longest}
    return numbers.pop() if len(numbers) == 1 else None


@lru_cache(maxsize=64)
def locale_info(language: str) -> dict[str, Any] | None:
    """dateparser's locale data for ``language``, or None for a language it does not know."""
    from dateparser.languages.loader import default_loader

    try:
        info: dict[str, Any] = default_loader.get_locale(language).info
    except Exception:  # a language dateparser does not know
        return None
    return info


def _stem(form: str) -> str:
    return form if len(form) <= _WHOLE_FORM else form[:-2]


def _stems(
    info: dict[str, Any], keys: tuple[str, ...], inflects: bool
) -> tuple[tuple[str, int], ...]:
    """(stem, number) for each long enough one-word form of these keys, longest first."""
    stems = {
        (_stem(form.lower()) if inflects else form.lower(), number)
        for number, key in enumerate(keys, start=1)
        for form in info.get(key, [])
        if len(form) >= _MIN_FORM and form.isalpha()
    }
    return tuple(sorted(stems, key=lambda s: len(s[0]), reverse=True))


@lru_cache(maxsize=64)
def _month_vocabulary(
    language: str,
) -> tuple[tuple[re.Pattern[str], ...], tuple[tuple[str, int], ...]] | None:
    """A day beside a month's name, day first ("12. oktobrī", "12.–14. oktobrī") or month
    first ("spalio 12 d.", "հոկտեմբերի 12-ին"), and the month stems."""
    info = locale_info(language)
    if info is None or language in UNSPACED:
        return None
    inflects = language not in UNINFLECTED
    stems = set(_stems(info, _MONTH_KEYS, inflects))
    if inflects:  # the nominative -s of Baltic names: "marts" -> "martā", "kovas" -> "kovo"
        stems |= {(s[:-1], n) for s, n in stems if s.endswith("s") and len(s) <= _WHOLE_FORM}
    exact = {  # four-letter names, whole, with any ending: Lithuanian "kovo" (of March)
        # beside its day, Serbian "март" as "марта"
        (form.lower(), number)
        for number, key in enumerate(_MONTH_KEYS, start=1)
        for form in info.get(key, [])
        if len(form) == _MIN_FORM - 1 and form.isalpha()
    }
    stems |= exact
    if not stems:
        return None
    ending = _ENDING if inflects else ""
    # A month's name is a word of its own: "anlaşmayı 12" holds no "mayıs" (May).
    name = rf"(?<![^\W\d_])(?P<name>(?:{longest_first({s for s, _ in stems})}){ending})(?![^\W\d_])"
    day_first = (
        rf"{_YEAR_BEFORE}(?<![\w.])(?:(?P<first>{_DAY})\.?\s*[-–—]\s*)?(?P<day>{_DAY})"
        rf"(?:{_ORDINAL})?\.?\s+"
        rf"{name}{_YEAR_AFTER}"
    )
    month_first = rf"{_YEAR_BEFORE}{name}\s+(?P<day>{_DAY})(?:\.|\s*d\.|-[^\W\d]+)?(?!\w)"
    return (
        re.compile(day_first, re.IGNORECASE),
        re.compile(month_first, re.IGNORECASE),
    ), tuple(sorted(stems, key=lambda s: len(s[0]), reverse=True))


def weekday_named(phrase: str, language: str) -> tuple[str, int] | None:
    """The weekday a date phrase names as a whole word, as written and as 0 (Monday) to 6,
    or None; ``language`` is a dateparser locale code. Names the locale also lists for
    something else, and abbreviations under four letters, are not looked for."""
    names = _weekday_names(language)
    if not names:
        return None
    for word in WORD.findall(phrase):
        number = names.get(word.lower())
        if number is not None:
            return word, number
    return None


def _not_weekdays(info: dict[str, Any]) -> set[str]:
    """Every word the locale lists for something other than a weekday."""
    return {
        word.lower()
        for key, value in info.items()
        if key not in _WEEKDAY_KEYS and isinstance(value, (list, dict))
        for item in (value.values() if isinstance(value, dict) else value)
        for word in (item if isinstance(item, list) else [item])
        if isinstance(word, str)
    }


@lru_cache(maxsize=64)
def _weekday_names(language: str) -> dict[str, int]:
    info = locale_info(language)
    if info is None:
        return {}
    other = _not_weekdays(info)
    return {
        form.lower(): number
        for number, key in enumerate(_WEEKDAY_KEYS)
        for form in info.get(key, [])
        if len(form) >= 4 and WORD.fullmatch(form) and form.lower() not in other
    }


@lru_cache(maxsize=64)
def _weekday_vocabulary(
    language: str,
) -> tuple[tuple[re.Pattern[str], ...], tuple[tuple[str, int], ...], tuple[str, ...]] | None:
    """A weekday's name as an inflecting language writes it, or anywhere in a run of a
    script without spaces; its stems; and each weekday's dictionary form (dateparser's
    longest one-word form, which it reads). A name that the locale also lists for something
    else (Armenian "շաբաթ": Saturday and week) is left out."""
    info = locale_info(language)
    if info is None or (language in UNINFLECTED and language not in UNSPACED):
        return None
    other = _not_weekdays(info)
    dictionary_forms = []
    for key in _WEEKDAY_KEYS:
        forms = [f for f in info.get(key, []) if f.replace(" ", "").isalpha()]
        if not forms:
            return None
        dictionary_forms.append(max(forms, key=len))
    if language in UNSPACED:
        names = {
            (form.lower(), number)
            for number, key in enumerate(_WEEKDAY_KEYS, start=1)
            for form in info.get(key, [])
            if len(form) >= 2 and form.isalpha() and form.lower() not in other
        }
        ordered = tuple(sorted(names, key=lambda s: len(s[0]), reverse=True))
        pattern = rf"(?P<name>{longest_first({s for s, _ in ordered})})"
        return (re.compile(pattern),), ordered, tuple(dictionary_forms)
    keep = {
        (form, number)
        for form, number in _stems(info, _WEEKDAY_KEYS, inflects=False)
        if form not in other
    }
    stems = {(_stem(form), number) for form, number in keep}
    changed_vowel = {
        (form[:-1], number)
        for form, number in keep
        if len(form) <= _WHOLE_FORM and form[-1] in _VOWELS
    }
    phrases = {  # "thứ tư": Vietnamese names are two words
        (form.lower(), number)
        for number, key in enumerate(_WEEKDAY_KEYS, start=1)
        for form in info.get(key, [])
        if " " in form and form.replace(" ", "").isalpha() and form.lower() not in other
    }
    patterns = [
        rf"(?<![^\W\d_])(?P<name>(?:{longest_first(words)}){ending})(?![^\W\d_])"
        for words, ending in (({s for s, _ in stems}, _ENDING), ({s for s, _ in phrases}, ""))
        if words
    ]
    if changed_vowel:
        patterns.append(
            rf"(?<![^\W\d_]){_WEEKDAY_PREPOSITION}\s+"
            rf"(?P<name>(?:{longest_first({s for s, _ in changed_vowel})})[^\W\d_])(?![^\W\d_])"
        )
    if not patterns:
        return None
    stems |= changed_vowel | phrases
    return (
        tuple(re.compile(p, re.IGNORECASE) for p in patterns),
        tuple(sorted(stems, key=lambda s: len(s[0]), reverse=True)),
        tuple(dictionary_forms),
    )
