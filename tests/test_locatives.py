"""A place copied with the words and endings that say "in" is looked up without them."""

from __future__ import annotations

import pytest

from diplo_extract.locatives import bare_forms, without_particles
from diplo_extract.normalise import normalise_location


@pytest.mark.parametrize(
    ("written", "city", "country"),
    [
        ("в Москве", "Moscow", "RUS"),  # a preposition and Russian's locative
        ("w Warszawie", "Warsaw", "POL"),
        ("v Bratislavě", "Bratislava", "SVK"),
        ("u Zagrebu", "Zagreb", "HRV"),
        ("في القاهرة", "Cairo", "EGY"),  # a preposition written apart
        ("بموسكو", "Moscow", "RUS"),  # and joined
        ("在北京", "Beijing", "CHN"),
        ("ソウルで", "Seoul", "KOR"),  # a particle after the name
        ("στην Αθήνα", "Athens", "GRC"),
        ("Budapesten", "Budapest", "HUN"),  # a case ending
        ("Bakıda", "Baku", "AZE"),
        ("თბილისში", "Tbilisi", "GEO"),
    ],
)
def test_a_city_written_in_the_articles_grammar_is_found(
    written: str, city: str, country: str
) -> None:
    location = normalise_location(written)
    assert location is not None and (location.city, location.country) == (city, country)


@pytest.mark.parametrize(
    ("written", "country"), [("в Китае", "CHN"), ("en Argentina", "ARG"), ("in der Schweiz", "CHE")]
)
def test_a_state_written_in_the_articles_grammar_is_the_state(written: str, country: str) -> None:
    location = normalise_location(written)
    assert location is not None and (location.city, location.country) == (None, country)


def test_a_city_state_is_its_city_too() -> None:
    location = normalise_location("à Luxembourg")
    assert location is not None and (location.city, location.country) == ("Luxembourg", "LUX")


def test_the_place_as_written_is_tried_first() -> None:
    assert bare_forms("A Coruña")[0] == "a coruna"  # not cut to "Coruña" unless it names nothing


@pytest.mark.parametrize("written", ["N/A", "-", "не указано", "CNN", "ASEAN", "ШОС"])
def test_a_placeholder_or_an_acronym_is_no_place(written: str) -> None:
    assert normalise_location(written) is None


def test_a_place_geonames_does_not_know_is_kept_without_its_preposition() -> None:
    assert without_particles("in Davos") == "Davos"
    location = normalise_location("in Davos")
    assert location is not None and location.city == "Davos"
