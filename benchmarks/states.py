"""How the names of states in single news sentences are read, against the states a reader finds.

    python benchmarks/states.py            # all 380 sentences, 19 languages, a line per language
    python benchmarks/states.py --quick    # the first 4 sentences of each language (for the tests)
    python benchmarks/states.py --show     # also every sentence read otherwise than expected

The sentences (``fixtures/states/sentences.jsonl``) were written by a helper who had not seen
the code, in the 19 languages whose names of states come from CLDR alone (benchmarks/RESULTS.md,
"Names of states from CLDR"): in each, 14 sentences of diplomatic news naming one to three
states (inflected, after prepositions, as adjectives of nationality) and 6 naming none. Each
lists the alpha-3 of every state it names, in order. ``countries.country_mentions`` is scored
by set: states **found** of those wanted, and **extra** states that are not there (a first
name "Jordan", "máli" read as Mali). Figures last, as ``name=value`` lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from sentence_sets import options_parser, print_outcome, read_rows

from diplo_extract.countries import country_mentions

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "fixtures" / "states" / "sentences.jsonl"


def main() -> None:
    parser = options_parser(__doc__)
    options = parser.parse_args()

    rows = read_rows(SENTENCES, "lang", options.quick)
    outcome: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        found, wanted = set(country_mentions(row["text"])), set(row["states"])
        counts = outcome[row["lang"]]
        counts["found"] += len(found & wanted)
        counts["wanted"] += len(wanted)
        counts["extra"] += len(found - wanted)
        if options.show and found != wanted:
            print(f"{row['lang']} wanted {sorted(wanted)}, read {sorted(found)}: {row['text']}")

    columns = {"found": "found", "wanted": "wanted", "extra": "extra"}
    print_outcome(outcome, columns, ("state_sentences", len(rows)), "states_")


if __name__ == "__main__":
    main()
