"""Per-request overhead taken out of the hot path must not change what is checked."""

from __future__ import annotations

import pytest
from instructor.v2.core import patch as instructor_patch
from instructor.v2.validation import async_validators
from pydantic import BaseModel

from diplo_extract import Article, dyads, read_inputs
from diplo_extract.extract import ANSWER_MODEL
from diplo_extract.sentences import split_sentences
from diplo_extract.spans import fold

from .conftest import ARTICLES


def test_the_answer_model_is_not_walked_again() -> None:
    check = async_validators.reject_async_validators
    assert getattr(check, "_diplo_extract_wrapped", False)
    assert getattr(instructor_patch, "reject_async_validators", None) is check
    check(ANSWER_MODEL)  # returns at once; the real check ran when the module loaded


def test_other_models_are_still_checked_for_async_validators() -> None:
    class Answer(BaseModel):
        name: str

        @async_validators.async_field_validator("name")
        async def shout(self, value: str) -> str:
            return value.upper()

    with pytest.raises(ValueError, match="async validators are not supported"):
        async_validators.reject_async_validators(Answer)


def test_a_sentence_the_joined_cue_pattern_misses_has_no_cue_of_the_event_type() -> None:
    """The one-pattern test before the cue-by-cue loop of ``dyads.by_wording`` never hides
    a cue, nor finds one where none is: on every sentence of the test articles, folded as
    by_wording reads them, for every event type the cues name."""
    articles = [a for a in read_inputs([str(ARTICLES)]) if isinstance(a, Article)]
    folded = [fold(s.text).folded for a in articles for s in split_sentences(a.text)]
    event_types = {t for cue in dyads.CUES for t in cue.event_types}
    matched = 0
    for event_type in sorted(event_types):
        joined = dyads._any_cue(event_type)
        for sentence in folded:
            per_cue = any(
                regex.search(sentence)
                for regex, cue in dyads._COMPILED
                if event_type in cue.event_types
            )
            assert bool(joined.search(sentence)) == per_cue, (event_type, sentence)
            matched += per_cue
    assert matched > 0  # some sentences do have a cue, so both sides of the test are seen
