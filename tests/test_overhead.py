"""Per-request overhead taken out of the hot path must not change what is checked."""

from __future__ import annotations

import pytest
from instructor.v2.core import patch as instructor_patch
from instructor.v2.validation import async_validators
from pydantic import BaseModel

from diplo_extract.extract import ANSWER_MODEL


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
