"""Extraction quality and speed on every gold article, with the local reference model.

    python benchmarks/quality.py                    # live: the local 1.5B model, temperature 0
    python benchmarks/quality.py --cache-mode auto  # replay what is recorded, record the rest
    python benchmarks/quality.py --cache-mode record --cache-dir DIR   # live, and keep the answers
    python benchmarks/quality.py --quick            # score the recordings: seconds, no model

Runs extraction over all articles that have gold in ``fixtures/gold/*.gold.jsonl`` and prints,
per article, the seconds and tokens spent, then the scores of ``diplo-extract eval`` overall and
per language, and last the headline figures as ``name=value`` lines. ``seconds_per_article``
is the wall time of the whole run (the local server's start included) over the articles;
``tokens_per_article`` counts the tokens the model generated (re-asks included), which is
what the time on a CPU goes to. Timings are only meaningful live (``--cache-mode off`` or
``record``). The predictions are written to ``benchmarks/out/quality-<time>.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from diplo_extract import Article, Extractor, read_inputs
from diplo_extract.evaluate import Json, Scores, load_gold, score
from diplo_extract.render import score_table

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "fixtures" / "gold"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache-mode", default="off", choices=["off", "record", "auto", "replay"])
    parser.add_argument("--cache-dir", default=str(ROOT / "fixtures" / "cassettes"))
    parser.add_argument(
        "--only", default="", help="comma-separated article id prefixes (e.g. 0,1 or 2)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="score the recordings (--cache-mode replay): seconds, no model; for the tests",
    )
    options = parser.parse_args()
    if options.quick:
        options.cache_mode = "replay"

    gold = load_gold([GOLD])
    prefixes = tuple(p for p in options.only.split(",") if p)
    articles = [
        a
        for a in read_inputs([str(ROOT / "fixtures" / "articles")])
        if isinstance(a, Article) and a.id in gold and a.id.startswith(prefixes or ("",))
    ]
    gold = {a.id: gold[a.id] for a in articles}
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"quality-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"
    print(
        f"{'article':34} {'lang':4} {'s':>6} {'calls':>5} {'prompt':>7} {'compl':>6} {'events':>6}"
    )
    predictions: list[Json] = []
    run_start = time.perf_counter()
    with (
        Extractor(cache_dir=options.cache_dir, cache_mode=options.cache_mode) as extractor,
        out.open("w", encoding="utf-8") as sink,
    ):
        for article in articles:
            start = time.perf_counter()
            result = extractor.extract(article)
            seconds = time.perf_counter() - start
            sink.write(result.model_dump_json() + "\n")
            predictions.append(json.loads(result.model_dump_json()))
            u = result.usage
            print(
                f"{article.id[:34]:34} {result.language or '':4} {seconds:6.1f} {u.attempts:>5} "
                f"{u.prompt_tokens:>7} {u.completion_tokens:>6} {len(result.events):>6}"
                + (f"  {result.error.type}" if result.error else ""),
                flush=True,
            )
    wall = time.perf_counter() - run_start
    n = len(articles)
    generated = sum(p["usage"]["completion_tokens"] for p in predictions)
    calls = sum(p["usage"]["attempts"] for p in predictions)
    print(
        f"\n{n} articles, {wall:.0f} s ({wall / n:.1f} s per article, server start included), "
        f"{generated} tokens generated ({generated / n:.0f} per article), {calls} calls; "
        f"model {extractor.model}; predictions in {out.relative_to(ROOT)}\n"
    )
    console = Console()
    scores = score(gold, predictions)
    console.print(score_table(scores))
    console.print(language_table(gold, predictions))
    print(f"seconds_per_article={wall / n:.1f}")
    print(f"tokens_per_article={generated / n:.0f}")
    print(f"event_precision={scores.precision:.2f}")
    print(f"event_recall={scores.recall:.2f}")
    print(f"event_f1={scores.f1:.2f}")
    print(f"date_accuracy={_share(scores.date.value)}")
    print(f"participant_state_accuracy={_share(scores.participant_state.value)}")


def language_table(gold: dict[str, Json], predictions: list[Json]) -> Table:
    """The headline scores for each language's articles, so that a gain in one language that
    is a loss in another shows."""
    by_language: dict[str, dict[str, Json]] = defaultdict(dict)
    for article_id, row in gold.items():
        by_language[str(row.get("language") or "?")][article_id] = row
    table = Table(title="Per language")
    for column in ("language", "articles", "hits", "false alarms", "misses", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "language" else "right")
    for language, rows in sorted(by_language.items()):
        s: Scores = score(rows, predictions)
        table.add_row(
            language, str(s.articles), str(s.true_positives), str(s.false_positives),
            str(s.false_negatives), f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}",
        )  # fmt: skip
    return table


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
