"""Words of diplomatic contact: what keeps a record that names no person."""

from __future__ import annotations

import pytest

from diplo_extract.contact import contact_words_in, speaks_of_contact


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "The two ministers met in Geneva on Tuesday."),
        ("ru", "Стороны обсудили двустороннее сотрудничество."),
        ("de", "Die Nachverhandlungen fanden in Washington statt."),
        ("nl", "Zij sprak over een goed vervolggesprek."),
        ("fr", "Les deux délégations ont tenu des pourparlers à Paris."),
        ("ar", "ألغى وزير الخارجية الأمريكي رحلته إلى إسرائيل."),
        ("he", "השר יצא לביקור בוושינגטון."),
        ("lt", "JAV valstybės sekretorius atvyko į Vilnių."),
        ("sr", "Вучић је обишао Београд на води са премијером."),
        ("vi", "Thủ tướng tiếp Thủ tướng Belarus tại Hà Nội."),
        ("zh", "王毅在巴黎与法国总统会晤。"),
        ("ko", "정 장관은 씨야르토 외교장관을 면담했다."),
        ("fa", "وزیر امور خارجه با مقامات عالیرتبه دیدار خواهد کرد."),
    ],
)
def test_a_sentence_of_meeting_talks_or_travel_speaks_of_contact(
    language: str, sentence: str
) -> None:
    assert speaks_of_contact([sentence], language)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fi", "Finland beat Sweden, Russia and Canada in the medal round."),
        ("fr", "L'Égypte et la France effectuent un exercice militaire conjoint en mer Rouge."),
        ("ar", "كتب : مصراوي"),
        ("en", "The methodology of the survey was published on Monday."),
    ],
)
def test_a_match_report_an_exercise_or_a_byline_does_not(language: str, sentence: str) -> None:
    assert not speaks_of_contact([sentence], language)


def test_english_words_count_in_every_listed_language() -> None:
    """Reports quote English posts: a Finnish article's English tweet about a meeting."""
    assert speaks_of_contact(["The presidents met in Helsinki."], "fi")


def test_a_word_of_telephoning_or_signing_is_contact() -> None:
    assert speaks_of_contact(["Lavrov telefonla aradı."], "tr")
    assert speaks_of_contact(["Le traité a été signé hier."], "fr")


def test_a_language_whose_words_are_not_listed_cannot_be_doubted() -> None:
    assert not contact_words_in("xx")
    assert speaks_of_contact(["Anything at all."], "xx")
    assert speaks_of_contact(["Anything at all."], None)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("el", "Ο υπουργός συνομιλησε με τον ομολογο του."),  # accents left out
        ("ro", "Ministrul a semnat acordul şi s-a întâlnit cu omologul său."),  # cedilla
        ("fa", "وزیر امور خارجه با همتاي خود ديدار كرد."),  # Arabic yeh and kaf
        ("sw", "Marais hao walikutana jijini Nairobi."),  # a prefix before the stem
    ],
)
def test_a_word_spelled_another_way_is_still_recognised(language: str, sentence: str) -> None:
    assert speaks_of_contact([sentence], language)
