"""Count what each article costs, where every exchange passes: the HTTP layer.

instructor's hooks see only the answers it manages to parse, and re-asks are invisible to the
openai client; the transports see every exchange. So the article being extracted puts its
:class:`~diplo_extract.models.Usage` in a context variable (each asyncio task has its own
copy), and the cassette and retry transports add to it: tokens of live answers are spend,
tokens of answers replayed from recordings are marked and not spend, and each transport retry
is counted.

Prices are per 1,000 tokens, in whatever currency the user gives them (USD for OpenAI's list
prices). They come from ``--price-per-1k`` or from ``[tool.diplo-extract.prices]``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from diplo_extract.models import Usage

_current: ContextVar[Usage | None] = ContextVar("diplo_extract_usage", default=None)


@contextmanager
def metering(usage: Usage) -> Iterator[Usage]:
    """Add every exchange made inside the block to ``usage``."""
    token = _current.set(usage)
    try:
        yield usage
    finally:
        _current.reset(token)


def count_answer(body: Any, *, replayed: bool) -> None:
    """Add one answer's token counts (from its JSON body) as spend, or as replayed."""
    usage = _current.get()
    if usage is None:
        return
    counts = body.get("usage") if isinstance(body, dict) else None
    counts = counts if isinstance(counts, dict) else {}
    prompt = _count(counts.get("prompt_tokens"))
    completion = _count(counts.get("completion_tokens"))
    total = _count(counts.get("total_tokens")) or prompt + completion
    if replayed:
        usage.replayed += 1
        usage.replayed_tokens += total
    else:
        usage.prompt_tokens += prompt
        usage.completion_tokens += completion
        usage.total_tokens += total


def count_retry() -> None:
    """One more transport retry (429, 5xx, timeout, dropped connection) for this article."""
    usage = _current.get()
    if usage is not None:
        usage.retries += 1


#: No answer has more tokens than this; a larger count is an endpoint's error, not spend.
_MAX_TOKENS_COUNTED = 10**9


def _count(value: Any) -> int:
    """A token count from an answer, or 0 when it is not a plausible one."""
    ok = isinstance(value, int) and not isinstance(value, bool)
    return value if ok and 0 < value < _MAX_TOKENS_COUNTED else 0


@dataclass(frozen=True)
class Price:
    """What 1,000 prompt and 1,000 completion tokens cost."""

    prompt_per_1k: float
    completion_per_1k: float

    def cost(self, usage: Usage) -> float:
        """Estimated cost of the tokens spent (replayed answers cost nothing)."""
        return (
            usage.prompt_tokens * self.prompt_per_1k
            + usage.completion_tokens * self.completion_per_1k
        ) / 1000

    @classmethod
    def parse(cls, value: Any) -> Price:
        """``"0.15"`` (same for both), ``"0.15,0.6"``, ``[0.15, 0.6]`` or a number.

        Raises ValueError with the accepted forms when the value is none of them.
        """
        if isinstance(value, str):
            parts: list[Any] = [p.strip() for p in value.split(",")]
        elif isinstance(value, list | tuple):
            parts = list(value)
        else:
            parts = [value]
        try:
            numbers = [float(p) for p in parts if not isinstance(p, bool)]
        except (TypeError, ValueError):
            numbers = []
        if len(numbers) != len(parts) or len(numbers) not in (1, 2):
            raise ValueError(
                f"A price is PROMPT or PROMPT,COMPLETION per 1,000 tokens (e.g. 0.15,0.6), "
                f"not {value!r}."
            )
        if any(not math.isfinite(n) or n < 0 for n in numbers):
            raise ValueError(f"Prices must be finite and not negative, not {value!r}.")
        return cls(numbers[0], numbers[-1])


def price_for(model: str, table: Mapping[str, Any]) -> Price | None:
    """The price of ``model`` in a ``{model: price}`` table (``[tool.diplo-extract.prices]``)."""
    if model not in table:
        return None
    return Price.parse(table[model])
