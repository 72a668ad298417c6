"""How the places a model writes are read as a city (GeoNames' English name) and a country.

    python benchmarks/places.py            # every place, a line per kind of place
    python benchmarks/places.py --quick    # the first 4 places of each kind (for the tests)
    python benchmarks/places.py --show     # also every place read otherwise than expected

The places (``fixtures/places/places.jsonl``) were written by a helper who had not seen the
code: what a small model puts in an event's place field, in 30 languages, copying the
article's grammatical case and prepositions ("в Брюсселе", "Ankara'da", "Helsingissä"), or a
venue ("Élysée Palace", "Hotel Metropol in Moscow"), a capital of a small state, a name
several cities share, or words that are no place ("DR1", a minister's name), each with the
city and country a careful reader gives it. ``normalise.normalise_location`` is scored on
each: **right** (city and country as expected), **wrong** (a city or country other than the
expected one: the error that reaches the output) and **short** (nothing wrong, but less than
expected: no city, or no country). Figures last, as ``name=value`` lines.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from sentence_sets import options_parser, print_outcome, read_rows

from diplo_extract.countries import plain_form
from diplo_extract.normalise import normalise_location

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "fixtures" / "places" / "places.jsonl"


def _outcome(got: tuple[str | None, str | None], expected: tuple[str | None, str | None]) -> str:
    if got == expected:
        return "right"
    wrong = any(g is not None and g != e for g, e in zip(got, expected, strict=True))
    return "wrong" if wrong else "short"


def main() -> None:
    options = options_parser(__doc__).parse_args()
    rows = read_rows(PLACES, "kind", options.quick)
    outcome: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        location = normalise_location(row["place"])
        city = location.city if location else None
        got = (plain_form(city) if city else None, location.country if location else None)
        expected = (plain_form(row["city"]) if row["city"] else None, row["country"])
        kind = _outcome(got, expected)
        outcome[row["kind"]][kind] += 1
        if options.show and kind != "right":
            print(f"{row['language']} {kind:5} {row['place']!r}: {city}, {got[1]}; "
                  f"expected {row['city']}, {row['country']}")  # fmt: skip

    columns = {"right": "right", "wrong": "wrong", "short": "short"}
    print_outcome(outcome, columns, ("places", len(rows)), "places_", group="kind")


if __name__ == "__main__":
    main()
