"""Meaning checks: the messages they raise are what the LLM is told when it is re-asked."""

from __future__ import annotations

import datetime as dt

import pytest

from diplo_extract.checks import (
    ArticleContext,
    PartialDate,
    check_date_against_article,
    ground_quote,
    normalise_country_code,
    without_unsupported_year,
)
from diplo_extract.models import DiplomaticEvent, Participant

RU = ArticleContext("4 апреля в Брюсселе\nсостоялись   консультации.")
EN_2024 = ArticleContext("The meeting was held on 13 June in Brussels.", dt.date(2024, 6, 19))


def test_a_quote_matches_across_changed_whitespace_and_is_kept_as_written() -> None:
    assert ground_quote("в Брюсселе состоялись  консультации", RU) == (
        "в Брюсселе состоялись  консультации"
    )


def test_a_quote_with_a_slip_becomes_the_articles_own_words() -> None:
    article = ArticleContext(
        "Делегацию возглавил Халаф Халафов, бельгийскую – гендиректор Жероен Кореман. Далее."
    )
    slipped = "Делегацию возглавил Халаф Халафов, бельгийская – гендиректор Жероен Кореман."
    assert ground_quote(slipped, article) == (
        "Делегацию возглавил Халаф Халафов, бельгийскую – гендиректор Жероен Кореман."
    )


def test_a_translated_quote_is_rejected_with_instructions() -> None:
    with pytest.raises(ValueError, match=r"does not occur in the article.*do not translate"):
        ground_quote("consultations took place in Brussels", RU)


def test_a_short_quote_must_match_exactly() -> None:
    with pytest.raises(ValueError):
        ground_quote("в Брюселе", RU)


def test_a_year_the_article_does_not_support_is_dropped_keeping_day_and_month() -> None:
    assert without_unsupported_year("2022-04-04", RU) == "--04-04"


def test_an_unsupported_year_without_a_day_leaves_no_date() -> None:
    assert without_unsupported_year("2022-04", RU) is None
    assert without_unsupported_year("2022", RU) is None


def test_day_and_month_without_a_year_are_kept() -> None:
    assert without_unsupported_year("--04-04", RU) == "--04-04"


def test_a_year_written_in_the_article_is_kept() -> None:
    treaty = ArticleContext("Treaty of 3 July 1997.")
    assert without_unsupported_year("1997-07-03", treaty) == "1997-07-03"


def test_a_year_next_to_the_publication_year_is_kept() -> None:
    assert without_unsupported_year("2023-12-30", EN_2024) == "2023-12-30"
    assert without_unsupported_year("2021-01-01", EN_2024) == "--01-01"


def test_an_occurred_event_after_publication_is_rejected() -> None:
    with pytest.raises(ValueError, match="after the article's publication date 2024-06-19"):
        check_date_against_article("2024-06-20", "occurred", EN_2024)


def test_a_planned_event_after_publication_is_fine() -> None:
    check_date_against_article("2024-06-20", "planned", EN_2024)


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13", "--02-30"])
def test_impossible_dates_are_rejected(value: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(value)


def test_a_partial_date_is_after_only_when_all_its_days_are() -> None:
    published = dt.date(2024, 6, 19)
    assert not PartialDate.parse("2024-06").is_after(published)
    assert PartialDate.parse("2024-07").is_after(published)
    assert not PartialDate.parse("--12-31").is_after(published)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("AZE", "AZE"),
        ("az", "AZE"),
        ("Azerbaijan", "AZE"),
        ("US", "USA"),
        ("UK", "GBR"),
        ("Belgium", "BEL"),
        (None, None),
        ("EU", None),
    ],
)
def test_country_codes_are_normalised_to_alpha3(written: str | None, code: str | None) -> None:
    assert normalise_country_code(written) == code


def test_an_unknown_country_is_rejected() -> None:
    with pytest.raises(ValueError, match="not an ISO 3166-1 alpha-3"):
        normalise_country_code("Atlantis")


def test_eu_as_a_participant_country_becomes_its_organisation() -> None:
    p = Participant(
        name="Enrique Mora", name_original=None, role=None, country="EU", organization=None
    )
    assert (p.country, p.organization) == (None, "European Union")


def test_events_validated_with_an_article_context_run_the_meaning_checks() -> None:
    event = {
        "event_type": "meeting",
        "status": "occurred",
        "date": "2022-04-04",
        "date_text": None,
        "location": None,
        "participants": [],
        "topics": [],
        "summary": "s",
        "outcomes": [],
        "evidence": ["4 апреля в Брюсселе"],
    }
    assert DiplomaticEvent.model_validate(event, context={"article": RU}).date == "--04-04"
    with pytest.raises(ValueError, match="does not occur in the article"):
        DiplomaticEvent.model_validate(
            {**event, "evidence": ["On 4 April in Brussels"]}, context={"article": RU}
        )
    assert DiplomaticEvent.model_validate(event).date == "2022-04-04"  # no article: shape only
