"""Extraction quality on every gold article, with the local reference model.

    python benchmarks/quality.py                    # live: the local 1.5B model, temperature 0
    python benchmarks/quality.py --cache-mode auto  # replay what is recorded, record the rest

Runs extraction over all articles that have gold in ``fixtures/gold/*.gold.jsonl`` and prints,
per article, the seconds and tokens spent, then the scores of ``diplo-extract eval``. The
predictions are written to ``benchmarks/out/quality-<time>.jsonl`` for a closer look.
Timings are only meaningful live (``--cache-mode off`` or ``record``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from diplo_extract import Article, Extractor, read_inputs
from diplo_extract.evaluate import load_gold, score, score_table

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILES = sorted((ROOT / "fixtures" / "gold").glob("*.gold.jsonl"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache-mode", default="off", choices=["off", "record", "auto", "replay"])
    parser.add_argument("--cache-dir", default=str(ROOT / "fixtures" / "cassettes"))
    options = parser.parse_args()

    gold = load_gold(GOLD_FILES)
    articles = [
        a
        for a in read_inputs([str(ROOT / "fixtures" / "articles")])
        if isinstance(a, Article) and a.id in gold
    ]
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"quality-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    print(
        f"{'article':30} {'lang':4} {'s':>6} {'calls':>5} {'prompt':>7} {'compl':>6} {'events':>6}"
    )
    predictions = []
    total_seconds = 0.0
    with (
        Extractor(cache_dir=options.cache_dir, cache_mode=options.cache_mode) as extractor,
        out.open("w", encoding="utf-8") as sink,
    ):
        for article in articles:
            start = time.perf_counter()
            result = extractor.extract(article)
            seconds = time.perf_counter() - start
            total_seconds += seconds
            sink.write(result.model_dump_json() + "\n")
            predictions.append(json.loads(result.model_dump_json()))
            u = result.usage
            print(
                f"{article.id:30} {result.language or '':4} {seconds:6.1f} {u.attempts:>5} "
                f"{u.prompt_tokens:>7} {u.completion_tokens:>6} {len(result.events):>6}"
                + (f"  {result.error.type}" if result.error else ""),
                flush=True,
            )
    tokens = sum(p["usage"]["total_tokens"] for p in predictions)
    print(
        f"\n{len(articles)} articles, {total_seconds:.0f} s ({total_seconds / len(articles):.1f} s "
        f"per article), {tokens} tokens ({tokens / len(articles):.0f} per article); "
        f"model {extractor.model}; predictions in {out.relative_to(ROOT)}\n"
    )
    from rich.console import Console

    Console().print(score_table(score(gold, predictions)))


if __name__ == "__main__":
    main()
