"""Cost of the seed articles as recorded, and the speed of replaying them.

    python benchmarks/seed_recordings.py            # every recorded article
    python benchmarks/seed_recordings.py --quick    # the first five

Prints, per recorded article: LLM calls (1 + re-asks), the tokens the recordings spent, events,
and the time to replay and validate it offline; last, ``articles=``,
``replay_ms_per_article=`` and ``recorded_tokens_per_article=``. Live timings are not in the
recordings; the recording run's own summary (`diplo-extract extract ... --cache-mode record`)
shows them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from diplo_extract import Article, Extractor, read_inputs

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    articles = [
        a for a in read_inputs([str(ROOT / "fixtures" / "articles")]) if isinstance(a, Article)
    ]
    if "--quick" in sys.argv[1:]:
        articles = articles[:5]
    print(f"{'article':34} {'lang':4} {'calls':>5} {'tokens':>7} {'events':>6} {'replay ms':>9}")
    times, tokens = [], []
    with Extractor(cache_dir=ROOT / "fixtures" / "cassettes", cache_mode="replay") as extractor:
        for article in articles:
            start = time.perf_counter()
            result = extractor.extract(article)
            elapsed = (time.perf_counter() - start) * 1000
            u = result.usage
            times.append(elapsed)
            tokens.append(u.replayed_tokens)
            print(
                f"{article.id:34} {result.language or '':4} {u.attempts:>5} "
                f"{u.replayed_tokens:>7} {len(result.events):>6} {elapsed:>9.1f}"
                + (f"  {result.error.type}" if result.error else "")
            )
    print(f"articles={len(articles)}")
    print(f"replay_ms_per_article={statistics.mean(times):.1f}")
    print(f"recorded_tokens_per_article={statistics.mean(tokens):.0f}")


if __name__ == "__main__":
    main()
