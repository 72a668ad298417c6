"""What the sentence benchmarks (dates.py, states.py, names.py, places.py) share: their
sentences, the quick selection the tests run, and how their figures are printed."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

QUICK_PER_LANGUAGE = 4


def read_rows(path: Path, language_key: str, quick: bool) -> list[dict[str, Any]]:
    """The JSON lines of ``path``; with ``quick``, the first few of each language."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if not quick:
        return rows
    seen: Counter[str] = Counter()
    chosen = []
    for row in rows:
        seen[row[language_key]] += 1
        if seen[row[language_key]] <= QUICK_PER_LANGUAGE:
            chosen.append(row)
    return chosen


def options_parser(doc: str) -> argparse.ArgumentParser:
    """The options both take: --quick (for the tests) and --show (each sentence read wrongly)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_PER_LANGUAGE} sentences a language"
    )
    parser.add_argument("--show", action="store_true", help="list every sentence read wrongly")
    return parser


def print_outcome(
    outcome: dict[str, Counter[str]],
    columns: dict[str, str],
    count: tuple[str, int],
    prefix: str,
    group: str = "lang",
) -> None:
    """A line per language (or other ``group``) with a column per kind of outcome
    (``columns``: key to heading), then, last, the number of rows (``count``: its name and
    value) and each kind's total as ``<prefix><key>=`` lines."""
    widths = {key: max(len(heading), 5) + 1 for key, heading in columns.items()}
    first = max(len(group), *(len(name) for name in outcome), 4) + 1
    print(f"{group:{first}}" + "".join(f"{h:>{widths[k]}}" for k, h in columns.items()))
    for name, counts in sorted(outcome.items()):
        print(f"{name:{first}}" + "".join(f"{counts[k]:{widths[k]}}" for k in columns))
    total: Counter[str] = sum(outcome.values(), Counter())
    print(f"{count[0]}={count[1]}")
    for key in columns:
        print(f"{prefix}{key}={total[key]}")
