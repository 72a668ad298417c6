"""An article as numbered sentences: what the model cites, and what code cuts evidence from.

The model answers with sentence numbers instead of copied quotes: a number costs one or two
tokens where a copied sentence costs fifty, and the evidence is the article's own text at
exact offsets by construction (no quote to align, nothing to mistranslate). So the split must
be deterministic and reproducible from the text alone: the same article always gets the same
numbers, and a recorded answer replays onto the same sentences.

Splitting is deliberately simple and errs towards short pieces: a line break always ends a
sentence, and so does sentence-final punctuation followed by a space and something that can
start a sentence; a full stop after an initial, a number or a common abbreviation does not.
Citing two pieces of one long sentence costs nothing; merging two events' sentences would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Sentence-final punctuation, with the closing quotes and brackets that may follow it.
_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s)|[。！？]+[」』”）]*")
#: Words after which a full stop does not end a sentence (lower-cased, without the stop).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st no nr vs etc e.g i.e u.s u.k u.n jr sr inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "г гг им т.е т.д т.п ул пр млн млрд тыс руб долл чел "
    "z.b bzw dr ca nr str hr fr "
    "m mme mlle av apr j.-c "
    "sr sra dña d ud uds "
    "sig dott on "
    "vb bkz "
    "р ін пан".split()
)
_MAX_ABBREVIATION = max(len(a) for a in _ABBREVIATIONS)
#: How far around a full stop the word before and the text after are read.
_WINDOW = 64


@dataclass(frozen=True)
class Sentence:
    """One numbered piece of an article: ``text == article[start:end]``."""

    number: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences in order, numbered from 1, whitespace trimmed.

    An article is split three times (its prompt, the checks on the answer, normalisation);
    the split is remembered for the last few hundred articles, so it is done once."""
    return list(_split(text))


@lru_cache(maxsize=256)  # more than the articles in flight: their splits are a call apart
def _split(text: str) -> tuple[Sentence, ...]:
    pieces: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for end in _ends(line.group()):
            pieces.append((start, line.start() + end))
            start = line.start() + end
        pieces.append((start, line.end()))
    sentences: list[Sentence] = []
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            sentences.append(Sentence(len(sentences) + 1, start, end, text[start:end]))
    return tuple(sentences)


def _ends(line: str) -> list[int]:
    """Offsets in ``line`` just after each sentence-final mark that ends a sentence."""
    ends = []
    for match in _END.finditer(line):
        # Bounded look-around keeps a megabyte-long line linear; a word longer than the
        # window is no initial, number or abbreviation either way.
        before = line[max(0, match.start() - _WINDOW) : match.start()]
        word = re.split(r"[\s(\"'«“]", before)[-1].lower()
        after = line[match.end() : match.end() + _WINDOW]
        if match.group().startswith(".") and _not_an_end(word, after):
            continue
        ends.append(match.end())
    return ends


def _not_an_end(word: str, after: str) -> bool:
    """A full stop after an initial ("A. Blinken"), a number ("13. Juni") or an
    abbreviation ("Dr.", "г."), or before a lower-case word, ends no sentence."""
    following = after.lstrip()[:1]
    if following and following.islower():
        return True
    if len(word) == 1 and word.isalpha():
        return True
    if word.isdigit():
        return True
    return len(word) <= _MAX_ABBREVIATION and word in _ABBREVIATIONS


def numbered(sentences: list[Sentence]) -> str:
    """The sentences as the model reads them: one per line, ``[n] text``."""
    return "\n".join(f"[{s.number}] {s.text}" for s in sentences)
