"""How declined and foreign spellings of known people's names are matched to the alias table.

    python benchmarks/names.py            # every phrase, a line per language
    python benchmarks/names.py --quick    # the first 4 phrases of each language (for the tests)
    python benchmarks/names.py --show     # also every phrase matched otherwise than expected

The phrases (``fixtures/names/phrases.jsonl``) were written by a helper who had not seen the
code: people of the alias table (``diplo_extract.actors.KNOWN_PEOPLE``) as news in languages
that decline names writes them outside the nominative ("Сергеем Лавровым", "Sergejem
Lavrovem", "Orbánnal"), and people who only look like them (a wife, a son, a namesake, a
surname with a woman's ending: "Мехрибан Алиевой", "Лавровой"), each with the table's name or
none. ``actors.known_person`` is scored on the phrase: **right**, **wrong** (another person,
or a person where there is none: the error that reaches the output) and **none** (a table
person left unmatched: the name stays as written). Figures last, as ``name=value`` lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from sentence_sets import options_parser, print_outcome, read_rows

from diplo_extract.actors import known_person

ROOT = Path(__file__).resolve().parent.parent
PHRASES = ROOT / "fixtures" / "names" / "phrases.jsonl"


def main() -> None:
    options = options_parser(__doc__).parse_args()
    rows = read_rows(PHRASES, "lang", options.quick)
    outcome: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        person = known_person(row["phrase"])
        got = person.name if person else None
        kind = "right" if got == row["expected"] else "none" if got is None else "wrong"
        outcome[row["lang"]][kind] += 1
        if options.show and kind != "right":
            print(f"{row['lang']} {kind:5} {row['phrase']!r}: {got}, expected {row['expected']}")

    columns = {"right": "right", "wrong": "wrong", "none": "none"}
    print_outcome(outcome, columns, ("name_phrases", len(rows)), "names_")


if __name__ == "__main__":
    main()
