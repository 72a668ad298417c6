"""Whether the sentences of a record speak of telephoning, in the languages whose words for it
are listed: what tells a phone call from a meeting a small model typed as one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from diplo_extract.models import EvidenceSpan

#: Words of telephoning, by their stems, in the languages listed: a call is told as one.
_TELEPHONE = re.compile(
    r"phon|telef|teléf|telép|téléphon|tele[fp]on|anruf|\brief\b|\bcall|appel|llam|chiam|"
    r"ligaç|ligou|aradı|zadzwoni|belde|gebeld|ringde|ringede|volal|puhel|"
    r"conversa|gespräch|görüş|rozmow|разговор|розмов|телефон|звон|дзвін|τηλεφ|video|видео|відео|"
    r"電話|电话|通话|通話|视频|視訊|ビデオ|전화|هاتف|اتصال|تلفن|טלפון|फोन|फ़ोन|điện thoại",
    re.IGNORECASE,
)
_TELEPHONE_LANGUAGES = frozenset(
    "en de fr es it pt ru uk pl tr nl sv da no cs fi el bg sr hr ro hu zh ja ko ar fa he hi "
    "id ms vi".split()
)


def told_as_a_call(evidence: Sequence[EvidenceSpan], language: str | None) -> bool:
    """Whether the sentences of a record the model typed as a phone call speak of calling.

    A small model types an event "phone_call" from a sentence that tells of a meeting or of
    nothing at all ("Причины переноса не уточняются"); on the 43 gold articles, the three
    such records that matched a gold event were meetings or a visit. Such a record is a
    meeting. Languages whose words of telephoning are not listed keep the model's type.
    """
    return speaks_of_calling([span.quote for span in evidence], language)


def speaks_of_calling(texts: Iterable[str], language: str | None) -> bool:
    """Whether any of ``texts`` has a word of telephoning; True in a language not listed,
    where the test cannot tell."""
    if language not in _TELEPHONE_LANGUAGES:
        return True
    return any(tells_of_calling(text) for text in texts)


def tells_of_calling(text: str) -> bool:
    """Whether ``text`` has a word of telephoning in any of the languages listed."""
    return _TELEPHONE.search(text) is not None
