"""Cities in English whatever the article's language and grammatical case."""

from __future__ import annotations

import pytest

from diplo_extract.places import english_city, names_the_capital


@pytest.mark.parametrize(
    ("written", "city", "country"),
    [
        ("Брюсселе", "Brussels", "BEL"),  # ru locative
        ("Brüssel", "Brussels", "BEL"),  # de
        ("Brüksel'de", "Brussels", "BEL"),  # tr locative suffix
        ("Bruxelles", "Brussels", "BEL"),  # fr
        ("Москве", "Moscow", "RUS"),
        ("Вашингтоне", "Washington", "USA"),
        ("Киеве", "Kyiv", "UKR"),
        ("Kiew", "Kyiv", "UKR"),
        ("Ереване", "Yerevan", "ARM"),
        ("Genf", "Geneva", "CHE"),
        ("Гааге", "The Hague", "NLD"),
        ("Абу-Даби", "Abu Dhabi", "ARE"),
        ("Баку", "Baku", "AZE"),
    ],
)
def test_city_names_come_out_in_english_with_their_country(
    written: str, city: str, country: str
) -> None:
    assert english_city(written) == (city, country)


@pytest.mark.parametrize(
    ("written", "city", "country"),
    [
        ("Islamabad", "Islamabad", "PAK"),  # an alternate name of Chattogram in GeoNames
        ("Dili", "Dili", "TLS"),  # of Delhi
        ("New Delhi", "New Delhi", "IND"),  # of Delhi
        ("Cancún", "Cancún", "MEX"),  # of Changchun
        ("Delhi", "Delhi", "IND"),  # an alternate name of Dili
        ("St. Petersburg", "Saint Petersburg", "RUS"),  # Florida's is small
        ("Baki", "Baku", "AZE"),  # the Azerbaijani name, and a small town's own
    ],
)
def test_a_capital_or_big_city_is_what_its_own_name_means(
    written: str, city: str, country: str
) -> None:
    assert english_city(written) == (city, country)


@pytest.mark.parametrize(
    ("written", "city", "country"),
    [("Valletta", "Valletta", "MLT"), ("Vaduz", "Vaduz", "LIE"), ("Tromsø", "Tromsø", "NOR")],
)
def test_a_small_capital_or_town_is_found_by_its_own_name(
    written: str, city: str, country: str
) -> None:
    assert english_city(written) == (city, country)


def test_the_events_country_picks_between_cities_of_the_same_name() -> None:
    assert english_city("Birmingham", "USA") == ("Birmingham", "USA")
    assert english_city("Birmingham") == ("Birmingham", "GBR")


def test_a_known_city_overrides_a_country_the_model_took_from_a_participant() -> None:
    assert english_city("Brussels", "AZE") == ("Brussels", "BEL")


def test_an_unknown_city_is_kept_and_transliterated() -> None:
    assert english_city("Неизвестноград", "RUS") == ("Neizvestnograd", "RUS")


def test_no_city_keeps_the_country() -> None:
    assert english_city(None, "BEL") == (None, "BEL")


@pytest.mark.parametrize(
    ("venue", "city"),
    [
        ("Élysée", "Paris"),
        ("l'Élysée", "Paris"),
        ("the Kremlin", "Moscow"),
        ("Кремле", "Moscow"),
        ("Palácio do Itamaraty", "Brasília"),
        ("Casa Rosada", "Buenos Aires"),
    ],
)
def test_seats_of_government_are_their_city(venue: str, city: str) -> None:
    assert english_city(venue)[0] == city


def test_a_name_in_mixed_scripts_or_a_romanisation_is_found() -> None:
    assert english_city("Tegеран", "ARM") == ("Tehran", "IRN")  # Latin "Teg" + Cyrillic
    assert english_city("Tegeran") == ("Tehran", "IRN")


@pytest.mark.parametrize("written", ["Aia", "l'Aia", "all'Aia"])
def test_an_elided_article_is_not_part_of_the_city(written: str) -> None:
    assert english_city(written) == ("The Hague", "NLD")


@pytest.mark.parametrize(
    ("state", "text"),
    [
        ("RUS", "Moscow and Kyiv agreed on an exchange."),
        ("RUS", "Переговоры прошли в Москве."),
        ("RUS", "The Kremlin said the talks went well."),
        ("USA", "Selon la Maison Blanche, l'appel a eu lieu."),
        ("TUR", "Görüşme Ankara'da yapıldı."),
    ],
)
def test_a_capital_or_seat_of_government_names_its_state(state: str, text: str) -> None:
    assert names_the_capital(state, text)


def test_another_states_capital_does_not_name_the_state() -> None:
    assert not names_the_capital("RUS", "The ministers met in Berlin.")
