"""Whether the sentences of a record speak of signing, in the languages whose words for it are
listed: what tells an agreement from the "negotiation" a small model also lists for it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from diplo_extract.models import EvidenceSpan

#: Words of signing, by their stems or forms, in the languages listed. Forms that are also
#: other words are left out: "signal" and "significant", Spanish "firme" (firm), Arabic
#: "وقع" (it happened; only the noun توقيع is kept), Romanian "semn" (a sign).
_SIGNING = re.compile(
    r"\bsign(?:s|ed|ing|atur\w*|é\w*|e|er|ent|ons)?\b|\bco-?sign|unterzeichn|unterschr[ie]\w*b|"
    r"\bfirm(?:a|ó|o|aron|ado|ada|ados|adas|ar|an|ará|arán|ato|ata|ati|ate|ano|erà|eranno|"
    r"are)\b|\bassin(?:a|ou|aram|ado|ada|ados|adas|ar|am|arão|atura)\b|подпис|підпис|потпис|"
    r"podpis|podeps|podpís|potpis|semn(?:at|ată|ează|ează|area|ării|ase|ară)\b|aláír|imza|"
    r"ondertek|underteckn|underskr|undertegn|allekirj|υπ[έε]γραψ|υπογρ[αά]φ|"
    r"توقيع|وقّع|امضا|חתמ|חתימ|हस्ताक्षर|签署|签订|签字|簽署|簽訂|簽字|署名|調印|締結|서명|체결|"
    r"\bký\b|tandatangan",
    re.IGNORECASE,
)
_SIGNING_LANGUAGES = frozenset(
    "en de fr es it pt ru uk pl tr nl sv da no cs sk fi el bg sr hr ro hu zh ja ko ar fa he hi "
    "id ms vi az".split()
)


def told_as_a_signing(evidence: Sequence[EvidenceSpan], language: str | None) -> bool:
    """Whether every sentence of a record speaks of signing, in a listed language.

    A small model lists "X and Y signed an agreement" twice, as the agreement and as a
    "negotiation" of the same people (105); a negotiation told only in words of signing is
    the signing. False with no sentences or in a language not listed, where the test
    cannot tell.
    """
    if not signing_words_in(language) or not evidence:
        return False
    return all(tells_a_signing(span.quote) for span in evidence)


def signing_words_in(language: str | None) -> bool:
    """Whether the words of signing of ``language`` are listed."""
    return language in _SIGNING_LANGUAGES


def speaks_of_signing(text: str, language: str | None) -> bool:
    """Whether ``text`` tells of a signing, in a listed language: a word of signing that is
    not denied ("has not signed", "refused to sign", "не подписала", "imzalamadı")."""
    return signing_words_in(language) and tells_a_signing(text)


#: Words that deny a signing when they come shortly before its word ("has not signed", "yet
#: to sign", "n'a pas signé", "не подписали", "nie podpisała", "لم يوقع").
_DENIED_BEFORE = re.compile(
    r"(?:\b(?:not|never|yet to|refus\w*|declin\w*|without|nicht|nie|kein\w*|ohne|pas|jamais|"
    r"sans|no|nunca|sin|rechaz\w*|não|sem|recus\w*|non|senza|rifiut\w*|niet|geen|nooit|"
    r"zonder|inte|ikke|ej|aldrig|utan|uten|nu|fără|nem|nélkül|ne|bez|ei|ilman|tidak|belum|"
    r"tanpa|không|chưa)\b|n't\b|(?<!\w)(?:не|ні|без|откаж\w*|отказ\w*|відмов\w*|δεν|χωρίς|"
    r"لم|لن|رفض\w*|دون|לא|סירב\w*)(?!\w))\W*(?:\w+\W+){0,2}$|(?:未|没有?|沒有?|不|拒绝|拒絕)"
    r"[^\s。，、]{0,3}$",
    re.IGNORECASE,
)
#: Negation written after the word of signing: Turkish, Japanese, Korean, Persian, Hindi.
_DENIED_AFTER = re.compile(
    r"^(?:\w*?(?:ma[dy]ı|me[dy]i|mayacak|meyecek|mam|mem)\w*|しな|せず|していない|"
    r"\s*(?:하지|않|못)|\s*ن(?:کرد|می|خواه)|\s*नहीं)"
)


@lru_cache(maxsize=4096)
def tells_a_signing(text: str) -> bool:
    """Whether ``text`` has a word of signing, in any of the languages listed, that is not
    denied. Memoised: each event's sentences are asked again by the rules on signings."""
    for found in _SIGNING.finditer(text):
        before = text[max(0, found.start() - 40) : found.start()]
        if _DENIED_BEFORE.search(before) or _DENIED_AFTER.match(
            text[found.end() : found.end() + 12]
        ):
            continue
        return True
    return False
