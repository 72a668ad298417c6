"""Against the live local model (llama.cpp + the bundled 1.5B GGUF). Run with: pytest --live"""

from __future__ import annotations

import pytest

from diplo_extract import Article, Extractor

pytestmark = pytest.mark.live


def test_the_english_seed_yields_the_brussels_meeting_live(seeds: dict[str, Article]) -> None:
    article = seeds["001_6984669c3c5ad94a"]
    with Extractor(cache_mode="off") as extractor:
        result = extractor.extract(article)
    assert result.error is None, result.error
    assert any(e.location and e.location.country == "BEL" for e in result.events)
    spans = [span for event in result.events for span in event.evidence]
    assert spans and all(article.text[s.start : s.end] == s.quote for s in spans)
