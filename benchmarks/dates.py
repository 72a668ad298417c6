"""How the date phrases of single news sentences are read, against the date a reader gives them.

    python benchmarks/dates.py            # all 848 sentences, 25 languages, a table per language
    python benchmarks/dates.py --quick    # the first 4 sentences of each language (for the tests)
    python benchmarks/dates.py --show     # also every sentence read otherwise than expected
    python benchmarks/dates.py --file fixtures/dates/second.jsonl   # the second set (808, 30)

The sentences (``fixtures/dates/battery.jsonl``) were written as wire copy dates diplomatic
events: weekdays, "yesterday", days and months, ranges, numeric dates, a day of saying beside
the day of the event, amounts and labels that are no dates. Each has the one date a careful
reader gives the event (publication Thursday 2024-03-14, or none for a few), or none. A second
set (``second.jsonl``: 808 sentences in 30 languages, publication Wednesday 2025-06-11) was
written by another hand without seeing the first, as a held-out check (benchmarks/RESULTS.md).

What counts (the caller of ``dates.date_phrases`` uses a sentence's date only when all its
phrases give one date): a sentence is **right** when the set of dates read equals the expected
one; **one wrong date** is the error that reaches the output; **several dates** and **none**
leave the event undated, which is safe. Figures last, as ``name=value`` lines.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

from sentence_sets import options_parser, print_outcome, read_rows

from diplo_extract.dates import date_phrases

ROOT = Path(__file__).resolve().parent.parent
BATTERY = ROOT / "fixtures" / "dates" / "battery.jsonl"


def main() -> None:
    parser = options_parser(__doc__)
    parser.add_argument("--file", type=Path, default=BATTERY, help="the sentences (JSON lines)")
    options = parser.parse_args()

    rows = read_rows(options.file, "language", options.quick)
    outcome: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        published = dt.date.fromisoformat(row["published"]) if row["published"] else None
        found = date_phrases(row["sentence"], row["status"], published, row["language"])
        dates = sorted({resolved for _, resolved in found})
        expected = [row["expected"]] if row["expected"] else []
        kind = (
            "right" if dates == expected
            else "one_wrong" if len(dates) == 1
            else "several" if dates
            else "none"
        )  # fmt: skip
        outcome[row["language"]][kind] += 1
        if options.show and kind != "right":
            print(f"{row['language']} {kind:9} {row['sentence']}\n    read {found}, "
                  f"expected {row['expected']}")  # fmt: skip

    columns = {"right": "right", "one_wrong": "1 wrong", "several": "several", "none": "none"}
    print_outcome(outcome, columns, ("date_sentences", len(rows)), "date_")


if __name__ == "__main__":
    main()
