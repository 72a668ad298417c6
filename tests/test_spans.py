"""Placing quotes: every span cut out of the article equals its quote, in any script."""

from __future__ import annotations

import pytest

from diplo_extract.spans import fold, place

RU = (
    "МИД Азербайджана сообщил: 4 апреля в Брюсселе состоялись консультации. "
    "Делегацию возглавил Халаф Халафов, бельгийскую – гендиректор Жероен Кореман. Далее."
)
TR = "Dışişleri Bakanı Mevlüt Çavuşoğlu, İran Dışişleri Bakanı ile “bölgesel konuları” görüştü."
DE = "US-Außenminister Antony Blinken hat am Mittwoch mit Ilham Alijew telefoniert."
FR = "Le ministre a reçu à l’Élysée son homologue arménien — une première depuis 2019."
EN = (
    "Azerbaijani President Ilham Aliyev on Wednesday received a phone call from US Secretary "
    "of State Antony Blinken, the presidential press service said. They discussed the region."
)


def cut(text: str, quote: str) -> tuple[str, str]:
    placement = place(quote, text)
    assert placement is not None, quote
    return text[placement.start : placement.end], placement.match


def test_a_verbatim_quote_is_an_exact_match() -> None:
    assert cut(RU, "4 апреля в Брюсселе состоялись консультации.") == (
        "4 апреля в Брюсселе состоялись консультации.",
        "exact",
    )


def test_changed_whitespace_still_places_and_the_span_keeps_the_articles_spacing() -> None:
    text = "Переговоры\n\nсостоялись   в Баку."
    assert cut(text, "Переговоры состоялись в Баку.") == (text, "normalised")


def test_typographic_quotes_and_turkish_letters_fold_to_plain_ascii() -> None:
    plain = (
        'Disisleri Bakani Mevlut Cavusoglu, Iran Disisleri Bakani ile "bolgesel konulari" gorustu.'
    )
    assert cut(TR, plain) == (TR, "normalised")


def test_case_dashes_and_sharp_s_are_folded() -> None:
    assert cut(DE, "us-aussenminister antony blinken")[0] == "US-Außenminister Antony Blinken"


def test_accented_latin_with_curly_apostrophe_and_em_dash() -> None:
    quote = "Le ministre a recu a l'Elysee son homologue armenien - une premiere depuis 2019."
    assert cut(FR, quote) == (FR, "normalised")


def test_a_cyrillic_quote_with_a_wrong_case_ending_becomes_the_articles_words() -> None:
    slipped = "Делегацию возглавил Халаф Халафов, бельгийская - гендиректор Жероен Кореман."
    assert cut(RU, slipped) == (
        "Делегацию возглавил Халаф Халафов, бельгийскую – гендиректор Жероен Кореман.",
        "fuzzy",
    )


def test_a_quote_with_words_left_out_spans_the_whole_sentence() -> None:
    shortened = (
        "Azerbaijani President Ilham Aliyev received a phone call from Secretary of State "
        "Antony Blinken"
    )
    span, match = cut(EN, shortened)
    assert match == "fuzzy"
    assert span.startswith("Azerbaijani President") and span.endswith("Antony Blinken")
    assert "on Wednesday" in span


@pytest.mark.parametrize(
    "quote",
    [
        "Президент Азербайджана Ильхам Алиев принял телефонный звонок",  # translated
        "They discussed the situation in the Caucasus region at length.",  # embellished
        "в Брюселе",  # short quotes must match after folding
        "   ",
    ],
)
def test_quotes_not_in_the_article_are_not_placed(quote: str) -> None:
    assert place(quote, RU + " " + EN) is None


def test_folding_maps_every_character_back_to_its_source_offset() -> None:
    folded = fold("Straße  «X»")
    assert folded.folded == 'strasse "x"'
    assert folded.span(0, len(folded.folded)) == (0, len("Straße  «X»"))
