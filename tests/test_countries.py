"""Countries as models and articles write them, in many languages, to ISO alpha-3."""

from __future__ import annotations

import pytest

from diplo_extract.countries import (
    country_code,
    country_mentions,
    organisation_for,
    reads_states_in,
)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("AZE", "AZE"),
        ("AZ", "AZE"),
        ("Azerbaijan", "AZE"),
        ("Azerbaijani", "AZE"),  # en adjective
        ("азербайджанский", "AZE"),  # ru adjective
        ("Азербайджана", "AZE"),  # ru genitive
        ("aserbaidschanischen", "AZE"),  # de adjective, inflected
        ("Azerbaycan", "AZE"),  # tr
        ("US-Außenminister", "USA"),  # de "US-" prefix
        ("США", "USA"),
        ("ABD", "USA"),  # tr abbreviation
        ("американский", "USA"),
        ("Соединённые Штаты", "USA"),
        ("российский", "RUS"),
        ("Russland", "RUS"),
        ("ministre français", "FRA"),
        ("Royaume-Uni", "GBR"),
        ("estadounidense", "USA"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Belgian", "BEL"),
        ("Бельгии", "BEL"),
        ("Nigerian", "NGA"),  # longest name wins over Niger
        ("Austrian", "AUT"),  # not Australia
        ("українська делегація", "UKR"),  # uk adjective
        ("Україна", "UKR"),
        ("Islamic Republic of Iran", "IRN"),
        ("Foreign Minister", None),
        ("Atlantis", None),
    ],
)
def test_country_names_codes_and_adjectives_become_alpha3(written: str, code: str | None) -> None:
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["EU", "European Union", "Евросоюз", "NATO", "ООН"])
def test_organisations_are_not_countries(written: str) -> None:
    assert country_code(written) is None
    assert organisation_for(written) is not None


def test_mentions_come_in_order_of_appearance() -> None:
    text = "Замминистра иностранных дел Азербайджана Халаф Халафов и гендиректор МИД Бельгии"
    assert country_mentions(text) == ["AZE", "BEL"]


@pytest.mark.parametrize(
    "text",
    ["la réunion des ministres", "a reunião com o chanceler", "Martin Schulz", "New Jersey"],
)
def test_an_everyday_word_is_not_read_as_a_dependent_territory(text: str) -> None:
    assert country_mentions(text) == []


@pytest.mark.parametrize(
    "text",
    ["o objetivo é servir", "the press service said", "allemaal", "dalam kenyataan", "μάλιστα"],
)
def test_an_everyday_word_that_starts_like_a_state_is_not_one(text: str) -> None:
    assert country_mentions(text) == []


def test_a_territory_is_still_named_in_full_and_in_a_models_answer() -> None:
    assert country_mentions("the Cook Islands") == ["COK"]
    assert country_code("Réunion") == "REU"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Председник Србије Александар Вучић", "SRB"),  # Serbian, a case ending
        ("ministr zahraničí Slovenska", "SVK"),  # Czech
        ("a román külügyminiszter Németországban", "DEU"),  # Hungarian
        ("Υπουργός Εξωτερικών της Γερμανίας", "DEU"),  # Greek
        ("Menteri Luar Negeri Jerman", "DEU"),  # Indonesian
        ("utrikesminister i Finland", "FIN"),  # Swedish
    ],
)
def test_states_are_named_in_more_languages(text: str, code: str) -> None:
    assert code in country_mentions(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ar Krievijas Federācijas vēstnieku", "RUS"),  # Latvian, CLDR's "Krievija"
        ("Lietuvos užsienio reikalų ministras", "LTU"),  # Lithuanian, a last vowel changed
        ("Venemaa välisminister", "RUS"),  # Estonian
        ("utanríkisráðherra Bretlands", "GBR"),  # Icelandic
        ("Waziri wa Mambo ya Nje wa Ujerumani", "DEU"),  # Swahili
    ],
)
def test_states_are_named_in_languages_only_cldr_lists(text: str, code: str) -> None:
    assert country_mentions(text) == [code]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("He then visited the United States.", ["USA"]),  # a name of words, then a full stop
        ("U.S. officials met their U.K. counterparts", ["USA", "GBR"]),
    ],
)
def test_names_of_several_words_and_dotted_abbreviations_are_read(
    text: str, codes: list[str]
) -> None:
    assert country_mentions(text) == codes


@pytest.mark.parametrize(
    ("written", "code"), [("中国", "CHN"), ("法国", "FRA"), ("إسرائيل", "ISR"), ("ישראל", "ISR")]
)
def test_a_models_state_written_in_a_script_without_case_is_read(written: str, code: str) -> None:
    assert country_code(written) == code


def test_amman_is_not_read_as_oman() -> None:
    assert country_mentions("عمان - التقى وزير الخارجية") == []


@pytest.mark.parametrize("text", ["слова президента", "maritime security", "Latina"])
def test_a_cldr_name_does_not_make_everyday_words_states(text: str) -> None:
    assert country_mentions(text) == []


def test_languages_that_write_the_article_on_the_word_are_not_read() -> None:
    assert reads_states_in("sr") and reads_states_in("no") and reads_states_in("en")
    assert not reads_states_in("ar") and not reads_states_in("zh") and not reads_states_in(None)
