"""Cost of the seed articles as recorded, and the speed of replaying them.

    python benchmarks/seed_recordings.py

Prints, per seed article: LLM calls (1 + re-asks), prompt and completion tokens, events, and
the time to replay and validate it offline. Live timings are not in the recordings; the
recording run's own summary (`diplo-extract extract ... --cache-mode record`) shows them.
"""

from __future__ import annotations

import time
from pathlib import Path

from diplo_extract import Article, Extractor, read_inputs

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    articles = [
        a for a in read_inputs([str(ROOT / "fixtures" / "articles")]) if isinstance(a, Article)
    ]
    print(
        f"{'article':22} {'lang':4} {'calls':>5} {'prompt':>7} {'compl':>6} {'events':>6} "
        f"{'replay ms':>9}"
    )
    with Extractor(cache_dir=ROOT / "fixtures" / "cassettes", cache_mode="replay") as extractor:
        for article in articles:
            start = time.perf_counter()
            result = extractor.extract(article)
            elapsed = (time.perf_counter() - start) * 1000
            u = result.usage
            print(
                f"{article.id:22} {result.language or '':4} {u.attempts:>5} {u.prompt_tokens:>7} "
                f"{u.completion_tokens:>6} {len(result.events):>6} {elapsed:>9.1f}"
                + (f"  {result.error.type}" if result.error else "")
            )


if __name__ == "__main__":
    main()
