"""The fixed part of every request comes first, the same for every article.

llama.cpp (and OpenAI's prompt caching) reuse the longest common prefix of consecutive
prompts: with instructions, worked example and tool schema identical and first, only the
article's own tokens are evaluated per article (benchmarks/prefix_cache.py measures it).
"""

from __future__ import annotations

import json
from typing import Any

from .conftest import CASSETTES


def _first_requests() -> list[dict[str, Any]]:
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in CASSETTES.glob("*.json")]
    return [e["request"]["body"] for e in entries if len(e["request"]["body"]["messages"]) == 2]


def test_every_recorded_request_starts_with_the_same_instructions_and_tool_schema() -> None:
    """What varies per article (date, title, text) is only in the last, user message."""
    requests = _first_requests()
    assert len(requests) >= 20
    fixed = {json.dumps([r["messages"][0], r["tools"], r["tool_choice"]]) for r in requests}
    assert len(fixed) == 1
