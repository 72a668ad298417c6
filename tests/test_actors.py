"""People across scripts and spellings, and participants merged within an event."""

from __future__ import annotations

import pytest

from diplo_extract.actors import (
    canonical_name,
    known_person,
    merge_participants,
    name_key,
    strip_titles,
)
from diplo_extract.answer import PersonAnswer
from diplo_extract.normalise import normalise_participant


@pytest.mark.parametrize(
    ("name", "original", "canonical"),
    [
        ("Ilham Aliyev", "Ильхам Алиев", "Ilham Aliyev"),  # ru
        (None, "Алиев", "Ilham Aliyev"),  # ru surname only
        ("Ilham Alijew", "Ilham Alijew", "Ilham Aliyev"),  # de
        ("İlham Əliyev", None, "Ilham Aliyev"),  # az
        ("Dschejhun Bairamow", None, "Jeyhun Bayramov"),  # de
        (None, "Сергей Лавров", "Sergey Lavrov"),
        ("Sergueï Lavrov", None, "Sergey Lavrov"),  # fr
        ("Mevlüt Çavuşoğlu", None, "Mevlut Cavusoglu"),  # tr
        ("Wolodymyr Selenskyj", None, "Volodymyr Zelensky"),  # de
        (None, "Володимир Зеленський", "Volodymyr Zelensky"),  # uk
        ("Mr. Enrique Mora", "Enrique Mora", "Enrique Mora"),
        ("Präsident Emmanuel Macron", None, "Emmanuel Macron"),
        (None, "Замминистра иностранных дел Азербайджана Халаф Халафов", "Khalaf Khalafov"),
        ("Ursula von der Leyen", None, "Ursula von der Leyen"),
    ],
)
def test_known_people_get_one_canonical_name(
    name: str | None, original: str | None, canonical: str
) -> None:
    assert canonical_name(name, original) == canonical


def test_a_different_person_with_the_same_surname_is_not_merged_into_the_known_one() -> None:
    assert canonical_name("Heydar Aliyev", None) == "Heydar Aliyev"


def test_an_unknown_person_keeps_the_models_latin_spelling_without_titles() -> None:
    assert canonical_name("Mr. Ramiz Mehdiyev", "Рамиз Мехтиев") == "Ramiz Mehdiyev"


def test_an_unknown_person_named_only_in_cyrillic_is_transliterated() -> None:
    assert canonical_name(None, "Рамиз Мехтиев") == "Ramiz Mekhtiev"


def test_when_the_models_name_contradicts_the_article_the_article_wins() -> None:
    assert canonical_name("John Smith", "Рамиз Мехтиев") == "Ramiz Mekhtiev"


@pytest.mark.parametrize(
    "office", ["Ministry of Foreign Affairs", "МИД Азербайджана", "Auswärtiges Amt"]
)
def test_institutions_are_unnamed_offices_not_people(office: str) -> None:
    assert canonical_name(office, office) is None


def test_a_bare_short_surname_is_too_ambiguous_to_resolve() -> None:
    assert known_person("Wang") is None


def test_name_keys_fold_transliteration_habits() -> None:
    assert name_key("Alijew") == name_key("Алиев") == name_key("Aliyev")


def test_titles_and_country_words_in_front_of_a_name_are_dropped() -> None:
    assert strip_titles("Cumhurbaşkanı Recep Tayyip Erdoğan") == "Recep Tayyip Erdoğan"
    assert strip_titles("Азербайджана Халаф Халафов") == "Халаф Халафов"
    assert strip_titles("Azerbaijani Jeyhun Bayramov") == "Jeyhun Bayramov"
    assert strip_titles("Foreign Minister of Iran") == ""


@pytest.mark.parametrize(
    "name", ["Roman Golovchenko", "Francisco Franco", "Russell Brand", "Germain Pire"]
)
def test_a_name_that_only_starts_like_a_states_name_is_kept_whole(name: str) -> None:
    assert strip_titles(name) == name


def test_a_surname_joined_to_its_particle_is_kept() -> None:
    assert strip_titles("Ahmed al-Sharaa") == "Ahmed al-Sharaa"
    assert strip_titles("Abdel Fattah el-Sisi") == "Abdel Fattah el-Sisi"


def answer(name: str | None, country: str | None = None) -> PersonAnswer:
    return PersonAnswer(name=name, country=country)


def test_the_alias_table_corrects_a_wrong_country() -> None:
    p = normalise_participant(answer("Ilham Aliyev", "Australia"), "")
    assert (p.name, p.country) == ("Ilham Aliyev", "AZE")


def test_international_officials_get_their_organisation_and_no_country() -> None:
    p = normalise_participant(answer("Mr. Enrique Mora", "Azerbaijan"), "")
    assert (p.country, p.organization) == (None, "European Union")


def test_eu_written_as_a_country_becomes_the_organisation() -> None:
    p = normalise_participant(answer("Anna Example", "EU"), "")
    assert (p.country, p.organization) == (None, "European Union")


def test_an_unnamed_office_is_an_official_of_the_state_it_names() -> None:
    p = normalise_participant(answer("Foreign Minister of Georgia"), "")
    assert (p.name, p.role, p.country) == (None, "Foreign Minister of Georgia", "GEO")


def test_a_missing_country_is_read_from_the_words_before_the_name_in_the_article() -> None:
    text = "Вчера казахстанский министр Ерлан Примеров прибыл в Баку."
    p = normalise_participant(answer("Ерлан Примеров"), text)
    assert (p.name, p.name_original, p.country) == ("Erlan Primerov", "Ерлан Примеров", "KAZ")


def test_the_same_person_listed_twice_in_one_event_is_merged() -> None:
    text = "Ильхам Алиев встретился с Блинкеном."
    people = [
        normalise_participant(answer("Ilham Aliyev"), text),
        normalise_participant(answer("Ильхам Алиев", "Azerbaijan"), text),
        normalise_participant(answer("Antony Blinken"), text),
    ]
    merged = merge_participants(people)
    assert [p.name for p in merged] == ["Ilham Aliyev", "Antony Blinken"]
    assert merged[0].name_original == "Ильхам Алиев"


def test_a_country_given_as_a_participant_is_its_unnamed_representative() -> None:
    p = normalise_participant(answer("Иран"), "")
    assert (p.name, p.country) == (None, "IRN")


@pytest.mark.parametrize(
    ("written", "known"),
    [("H. Fidan", "Hakan Fidan"), ("R T Erdoğan", "Recep Tayyip Erdogan"),
     ("Х. Фидан", "Hakan Fidan")],
)  # fmt: skip
def test_initials_and_a_surname_name_the_one_table_entry_they_fit(written: str, known: str) -> None:
    person = known_person(written)
    assert person is not None and person.name == known


def test_initials_that_fit_no_entry_name_nobody() -> None:
    assert known_person("X. Fidan") is None


@pytest.mark.parametrize(
    ("written", "known"),
    [("Жаном-Ноелем Барро", "Jean-Noel Barrot"), ("Сергеем Лавровым", "Sergey Lavrov"),
     ("Ильхамом Алиевым", "Ilham Aliyev"), ("Putinem", "Vladimir Putin"),
     ("Antony Blinkenille", "Antony Blinken"), ("Sergejem Lavrovem", "Sergey Lavrov"),
     ("Pašinjaniga", "Nikol Pashinyan"), ("Lavrov'un", "Sergey Lavrov"),
     ("Putins", "Vladimir Putin"), ("Zelenského", "Volodymyr Zelensky"),
     ("Сергієм Лавровим", "Sergey Lavrov"), ("Володимира Путіна", "Vladimir Putin")],
)  # fmt: skip
def test_a_declined_name_names_the_table_entry(written: str, known: str) -> None:
    person = known_person(written)
    assert person is not None and person.name == known


@pytest.mark.parametrize(
    "written", ["Donald Trump Jr.", "Дональда Трампа-младшего", "Donaldem Trumpem mladším"]
)
def test_a_namesake_s_son_is_not_the_namesake(written: str) -> None:
    assert known_person(written) is None


@pytest.mark.parametrize(
    ("written", "known"),
    [("του Βλαντιμίρ Πούτιν", "Vladimir Putin"), ("τον Ντόναλντ Τραμπ", "Donald Trump"),
     ("του Ερντογάν", "Recep Tayyip Erdogan"), ("του Σεργκέι Λαβρόφ", "Sergey Lavrov")],
)  # fmt: skip
def test_a_name_in_greek_letters_names_the_table_entry(written: str, known: str) -> None:
    person = known_person(written)
    assert person is not None and person.name == known


@pytest.mark.parametrize("written", ["Алиевой", "Лавровой", "Мехрибан Алиевой", "Зеленская"])
def test_a_woman_of_a_table_surname_is_nobody_of_the_table(written: str) -> None:
    assert known_person(written) is None


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("李明", "Li Ming"), ("김민수", "Gim Minsu"), ("محمد رضایی", "Mhmd Rdyy")],
)
def test_a_name_in_a_script_without_case_is_a_name(written: str, canonical: str) -> None:
    assert canonical_name(None, written) == canonical


@pytest.mark.parametrize(
    "written",
    [
        "法国外长勒德里昂",  # the French foreign minister Le Drian, title joined to the name
        "한국 외교장관",  # Korea's foreign minister
        "سفر به دو کشور قطر و عراق در چارچوب توسعه مناسبات",  # a phrase the model copied
    ],
)
def test_an_office_or_a_phrase_in_a_script_without_case_is_no_name(written: str) -> None:
    assert canonical_name(None, written) is None


def test_the_fuzzy_lookup_scores_only_spellings_that_can_match_yet_loses_none() -> None:
    # Every spelling of the table, and each with one letter dropped, changed or added and its
    # words reversed: the pre-selected candidates give what scoring the whole table gives.
    from rapidfuzz import fuzz, process

    from diplo_extract.actors import NAME_MATCH_THRESHOLD, _close_spellings, _known_keys

    keys, people = _known_keys()
    queries = set()
    for key in keys[::7]:
        middle = len(key) // 2
        queries |= {key, key[:middle] + key[middle + 1 :], key[:middle] + "x" + key[middle:]}
        queries |= {key[:middle] + "q" + key[middle + 1 :], " ".join(reversed(key.split()))}
        queries.add(key.split()[-1])
    for query in sorted(queries):
        whole = process.extract(
            query, keys, scorer=fuzz.token_set_ratio, score_cutoff=NAME_MATCH_THRESHOLD, limit=5
        )
        expected = [(score, people[index].name) for _, score, index in whole]
        assert [(score, person.name) for score, person in _close_spellings(query)] == expected
