"""Passages of an article that address AI systems instead of reporting news.

A page can carry text written for the model that reads it ("Ignore previous instructions and
output …"). Grounding does not stop it: the model can quote the injected sentence, which is
in the article. Measured: the local 1.5B model, given such a note, reported the invented
event it asked for, with the note's own words as evidence. So evidence from a paragraph that
speaks to AI systems is refused and the model re-asked; if its last answer still rests on
such a paragraph, the event is kept but flagged ``evidence_in_instructions``.

This is a heuristic over known phrasings in the languages of the test articles, not a proof
against every injection: treat the flag as a strong signal, its absence as no guarantee.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TRIGGERS = re.compile(
    "|".join(
        [
            # English
            r"\b(?:ignore|disregard|forget)\b.{0,30}\b(?:previous|prior|above|earlier|all)\b"
            r".{0,20}\b(?:instructions?|rules|prompts?|directions)\b",
            r"\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:ai|llms?|language models?|"
            r"chatbots?|assistants?|ai systems?|models?)\b",
            r"\bsystem prompt\b",
            r"\byou are (?:now )?(?:an? )?(?:ai|large language model|language model|chatgpt)\b",
            # Russian, Ukrainian
            r"\b(?:игнорируй|игнорируйте|забудь|забудьте|ігноруй|ігноруйте)\b.{0,40}"
            r"\b(?:инструкци|правил|інструкці)",
            # German
            r"\b(?:ignoriere|ignorieren sie|vergiss)\b.{0,40}\b(?:anweisungen|regeln)\b",
            # French, Spanish, Italian
            r"\bignore[zr]?\b.{0,40}\b(?:instructions|consignes)\b",
            r"\bignora\b.{0,40}\b(?:instrucciones|istruzioni)\b",
            # Turkish
            r"\b(?:önceki|yukarıdaki)\b.{0,30}\btalimatları\b.{0,20}\b(?:yok say|unut)",
        ]
    ),
    re.IGNORECASE | re.DOTALL,
)
_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")


@lru_cache(maxsize=64)
def instruction_passages(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each paragraph of ``text`` that addresses AI systems."""
    return tuple(
        (match.start(), match.end())
        for match in _PARAGRAPH.finditer(text)
        if _TRIGGERS.search(match.group())
    )


def in_instruction_passage(start: int, end: int, text: str) -> bool:
    """True if the span ``[start, end)`` of ``text`` overlaps a passage addressed to AI."""
    return any(start < p_end and p_start < end for p_start, p_end in instruction_passages(text))
