"""How long ``diplo-extract merge`` takes for 100,000 events, and how few pairs it compares.

    python benchmarks/merge_scale.py [EVENTS]      # default 100,000; about a minute
    python benchmarks/merge_scale.py --quick       # 3,000 events, a second

Builds EVENTS event records from the real replayed ones: 300 people, dates over two years,
each underlying event reported 1 to 5 times (so about 35,000 distinct events), the reports'
dates sometimes a day off. Prints the time, the pairs compared against all pairs, and how many
of the underlying events came out as exactly one merged event; last, ``records_per_s=``,
``pairs_compared_share=`` and ``split_events=``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

from diplo_extract import Article, ArticleResult, Extractor, read_inputs
from diplo_extract import merge as merging
from diplo_extract.models import Participant

ROOT = Path(__file__).resolve().parent.parent


def synthetic(count: int, seed: int = 5) -> tuple[list[ArticleResult], int]:
    articles = [
        a for a in read_inputs([str(ROOT / "fixtures" / "articles")]) if isinstance(a, Article)
    ]
    with Extractor(cache_dir=ROOT / "fixtures" / "cassettes", cache_mode="replay") as extractor:
        templates = [r for r in map(extractor.extract, articles) if len(r.events) == 1]
    rng = random.Random(seed)
    countries = ["AZE", "ARM", "USA", "RUS", "TUR", "FRA", "DEU", "IRN", "GEO", "KAZ"]
    first = [
        "Arman",
        "Boris",
        "Celik",
        "Dmitri",
        "Elif",
        "Farid",
        "Gulnara",
        "Hasan",
        "Irakli",
        "Jonas",
        "Karin",
        "Levon",
        "Marat",
        "Nadia",
        "Orhan",
    ]
    last = [
        "Abbasov",
        "Berger",
        "Cohen",
        "Demir",
        "Esposito",
        "Fischer",
        "Gasparyan",
        "Huseynov",
        "Ivanov",
        "Jansen",
        "Kaya",
        "Lefevre",
        "Mammadov",
        "Novak",
        "Orlov",
        "Petrosyan",
        "Quintero",
        "Rossi",
        "Sahin",
        "Tamm",
    ]
    people = [
        Participant(name=f"{f} {s}", name_original=None, role="Minister",
                    country=countries[i % len(countries)], organization=None)
        for i, (f, s) in enumerate((f, s) for f in first for s in last)
    ]  # fmt: skip
    start = dt.date(2024, 1, 1)
    results: list[ArticleResult] = []
    underlying = 0
    while len(results) < count:
        underlying += 1
        template = rng.choice(templates)
        pair = rng.sample(people, 2)
        day = start + dt.timedelta(days=rng.randrange(730))
        for report in range(rng.randint(1, 5)):
            shift = dt.timedelta(days=1 if rng.random() < 0.1 else 0)
            event = template.events[0].model_copy(
                update={"participants": pair, "date": (day + shift).isoformat()}
            )
            results.append(
                template.model_copy(
                    update={"article_id": f"u{underlying}-r{report}", "events": [event]}
                )
            )
    return results[:count], underlying


def main() -> None:
    args = sys.argv[1:]
    count = 3_000 if "--quick" in args else int(args[0]) if args else 100_000
    results, underlying = synthetic(count)
    pairs = 0
    original = merging._candidate_pairs

    def counted(mentions):  # type: ignore[no-untyped-def]
        nonlocal pairs
        for pair in original(mentions):
            pairs += 1
            yield pair

    merging._candidate_pairs = counted  # type: ignore[assignment]
    started = time.perf_counter()
    merged = merging.merge_events(results)
    elapsed = time.perf_counter() - started
    mixed = sum(1 for e in merged if len({m.article_id.split("-")[0] for m in e.mentions}) > 1)
    homes: dict[str, set[str]] = {}
    for event in merged:
        for mention in event.mentions:
            homes.setdefault(mention.article_id.split("-")[0], set()).add(event.event_id)
    split = sum(1 for places in homes.values() if len(places) > 1)
    print(f"{count:,} event records ({underlying:,} underlying events) -> {len(merged):,} merged "
          f"events in {elapsed:.1f} s ({count / elapsed:,.0f} records/s)")  # fmt: skip
    print(f"pairs compared: {pairs:,} of {count * (count - 1) // 2:,} possible "
          f"({pairs / (count * (count - 1) / 2):.5%})")  # fmt: skip
    print(
        f"underlying events split over several merged events: {split:,}; merged events "
        f"joining different underlying events (same person, states, day and place: "
        f"indistinguishable in this synthetic data): {mixed:,}"
    )
    print(f"records_per_s={count / elapsed:.0f}")
    print(f"pairs_compared_share={pairs / (count * (count - 1) / 2):.6f}")
    print(f"split_events={split}")


if __name__ == "__main__":
    main()
