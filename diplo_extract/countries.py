"""Country names, adjectives and codes in many languages, to ISO 3166-1 alpha-3.

The model names the state a participant represents in English; articles describe officials as
"азербайджанский министр", "US-Außenminister" or "le ministre français". ``pycountry``'s
translations give the country names in dozens of languages; a prefix rule turns most adjectives
into their country ("azerbaijani", "азербайджанский", "aserbaidschanischen" all start with the
country's name, "российский" and "германский" share all but its ending); a small table covers
the adjectives and short forms that do not ("French", "американский", "ABD", "США").
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

import pycountry
from babel import Locale

#: Names that are not countries but that models put in country fields.
_ORGANISATIONS = {
    "eu": "European Union",
    "eur": "European Union",
    "ue": "European Union",  # Union européenne, Unión Europea, Unione europea, União Europeia
    "european union": "European Union",
    "евросоюз": "European Union",
    "европейский союз": "European Union",
    "europaische union": "European Union",
    "un": "United Nations",
    "united nations": "United Nations",
    "оон": "United Nations",
    "nato": "NATO",
    "нато": "NATO",
    "osce": "OSCE",
    "обсе": "OSCE",
}

#: Short forms, abbreviations and adjectives that pycountry's names do not reach by prefix.
#: Keys are folded (lower case, no diacritics); languages: en, ru, de, fr, es, tr, uk, it, pl.
_EXTRA_NAMES = {
    "USA": "us usa u.s. u.s.a. america american americans сша америка американский "
    "американская американские amerikanisch amerikanische amerikanischen "
    "amerikanischer americain americaine americains estadounidense estadounidenses "
    "norteamericano abd amerika amerikan amerikali americano americana amerykanski "
    "amerykanska американський",
    "GBR": "uk u.k. britain great britain british england english великобритания "
    "британский британская британии англия английский grossbritannien britisch britische "
    "britischen britischer royaume-uni britannique reino unido britanico britanica "
    "ingiltere birlesik krallik ingiliz britanya regno unito britannico brytyjski "
    "wielka brytania британський",
    "RUS": "russia russian russians россия россии рф российский российская российские "
    "russland russisch russische russischen russischer russie russe russes rusia ruso rusa "
    "rusya rus russo russa rosja rosyjski росія російський",
    "FRA": "french франция французский французская frankreich franzosisch franzosische "
    "franzosischen franzosischer francais francaise frances francesa fransa fransiz "
    "francese francja francuski франція французький",
    "DEU": "german germans германия германии немецкий немецкая фрг deutschland deutsch "
    "deutsche deutschen deutscher brd allemagne allemand allemande alemania aleman alemana "
    "almanya alman germania tedesco niemcy niemiecki німеччина німецький",
    "CHN": "chinese китай китая китайский китайская chinesisch chinesische chinesischen "
    "chinois chinoise chino china cin cinli cinese chiny chinski китайський",
    "TUR": "turkey turkish турция турции турецкий турецкая turkei turkisch turkische "
    "turkischen turquie turc turque turquia turco turca turkiye turk turchia turcja "
    "turecki туреччина турецький τουρκια τουρκικη τουρκος турска turska",
    "ESP": "spanish испания испанский spanien spanisch spanische espagne espagnol "
    "espana espanol ispanya spagna spagnolo hiszpania hiszpanski",
    "ITA": "italian италия итальянский italien italienisch italienische italie italien "
    "italienne italia italiano italya wlochy wloski",
    "GRC": "greek greece греция греческий griechenland griechisch griechische grece grec "
    "grecia griego yunanistan yunan grecja grecki",
    "NLD": "dutch netherlands holland нидерланды голландия нидерландский niederlande "
    "niederlandisch niederlandische pays-bas neerlandais paises bajos hollanda",
    "CHE": "swiss switzerland швейцария швейцарский schweiz schweizer suisse suiza "
    "isvicre svizzera szwajcaria",
    "POL": "polish польша польский polen polnisch polnische pologne polonais polonia "
    "polaco polonya polska polski",
    "ARE": "uae u.a.e. emirates emirati оаэ эмираты vae emirats arabes unis eau bae",
    "SAU": "saudi saudi arabia саудовская аравия саудовский saudi-arabien arabie saoudite "
    "arabia saudita suudi arabistan",
    "KOR": "south korea south korean южная корея южнокорейский sudkorea coree du sud "
    "corea del sur guney kore",
    "PRK": "north korea north korean кндр северная корея северокорейский nordkorea "
    "coree du nord corea del norte kuzey kore",
    "IRN": "iran iranian иран иранский",
    "SYR": "syria syrian сирия сирийский",
    "VNM": "vietnam vietnamese вьетнам вьетнамский",
    "CZE": "czech czechia чехия чешский tschechien tschechisch",
    "NZL": "new zealand новая зеландия neuseeland",
    "BEL": "belgian бельгийский бельгийская belgisch belgische belge belga belcika",
    "AZE": "azeri азербайджан азербайджанский азербайджанская aserbaidschan "
    "aserbaidschanisch aserbaidschanische aserbaidschanischen azerbaycan azerbaycanli",
}

#: Upper-case abbreviations accepted inside running text ("US-Außenminister"); other two- and
#: three-letter capitals (IT, IN, NO, ME) are ordinary words too often to count.
_ABBREVIATIONS = {
    "US": "USA",
    "USA": "USA",
    "U.S.": "USA",
    "U.S.A.": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "UAE": "ARE",
    "ABD": "USA",
    "США": "USA",
    "РФ": "RUS",
    "ФРГ": "DEU",
    "BRD": "DEU",
    "КНР": "CHN",
    "ОАЭ": "ARE",
}

#: pycountry translation catalogues searched for country names.
#: Languages whose words are runs of letters between spaces, with endings after the name
#: (a prefix of the word names the state): not Arabic, Persian or Hebrew, which write the
#: article before the word ("الأمريكي": the American), nor Chinese, Japanese or Korean.
_LANGUAGES = (
    "ru", "de", "fr", "es", "tr", "uk", "it", "pl", "pt", "nl", "az", "hy",
    "cs", "sk", "sl", "hr", "bs", "sr", "sr@latin", "bg", "mk", "ro", "hu", "el", "sv", "da",
    "nb_NO", "fi", "id", "ka", "kk",
)  # fmt: skip


#: Languages whose names of states come from CLDR alone: read where an article writes them
#: ("Krievija", "Rusija", "Venemaa", "Rússland"), but not counted by :func:`reads_states_in`,
#: since their adjectives ("krievu", "vene") are not in the index.
_CLDR_ONLY = (
    "lv", "lt", "et", "is", "sq", "ca", "gl", "ms", "sw", "vi", "hi", "be", "af", "tl", "cy",
    "ga", "mt", "eu", "uz",
)  # fmt: skip


#: Languages whose names of states count only whole, as a word or a model's answer ("中国",
#: "إسرائيل", "ישראל"): no prefix of them is read, since these scripts write words without
#: spaces or join an article or preposition to the front of a name.
_CLDR_WHOLE = ("zh", "zh_Hant", "ja", "ko", "ar", "fa", "he", "ur", "th")


#: Whole names that news writes more often for something else: Arabic "عمان" is Oman and
#: Amman, Jordan's capital, which every Jordanian dateline writes.
_NOT_WHOLE_STATES = frozenset({"عمان"})


def _cldr_names(language: str) -> dict[str, str]:
    """Name → alpha-3 of every state in CLDR's territory names for ``language`` (``babel``):
    the short names news writes ("Krievija"), where pycountry's catalogues often hold only
    the official ones ("Krievijas Federācija"). Not dependent territories: their names in
    pycountry suffice, and CLDR's are everyday words ("La Réunion", "Reunió")."""
    locale = Locale.parse(language.replace("@latin", "_Latn"))
    return {
        name: country.alpha_3
        for territory, name in locale.territories.items()
        if len(territory) == 2
        and (country := pycountry.countries.get(alpha_2=territory))
        and country.alpha_3 not in _TERRITORIES
    }


def reads_states_in(language: str | None) -> bool:
    """Whether :func:`country_mentions` reads the names of states written in ``language``
    (ISO 639-1), so that a state it does not find is not named."""
    if language == "no":  # Norwegian, as the language detector says: Bokmål's catalogue
        language = "nb"
    return language is not None and (language == "en" or language in _READ_LANGUAGES)


_READ_LANGUAGES = frozenset(code.split("_")[0].split("@")[0] for code in _LANGUAGES)


_MIN_PREFIX = 5
_WORD = re.compile(r"[^\W\d_]+(?:[.'][^\W\d_]+)*\.?", re.UNICODE)


@lru_cache(maxsize=8192)
def plain_form(text: str) -> str:
    """Lower case, no diacritics, single spaces: the form place-name tables are keyed by.

    Memoised: country mentions fold the same words and word runs again for every name."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


@cache
def _index() -> tuple[dict[str, str], dict[str, tuple[int, str]]]:
    """Folded name → alpha-3, and the prefixes a word must start with to name a country.

    A prefix is a whole single-word name ("azerbaijan" for "azerbaijani") or, for names of six
    letters or more, the name without its last two letters ("росси" for "российский",
    "belgi" for "belgian"); a name only CLDR gives loses only a last vowel, since its
    language's adjectives are not sought ("lietuv" for "Lietuvos"). Each maps to (length of
    the name, alpha-3): the longest name wins, so "nigerian" is Nigeria, not Niger.
    """
    names: dict[str, str] = {}
    sources = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in _LANGUAGES
    ]
    for country in pycountry.countries:
        english = [
            getattr(country, attr, None) for attr in ("name", "common_name", "official_name")
        ]
        for name in filter(None, english):
            names.setdefault(plain_form(name), country.alpha_3)
            for catalogue in sources:
                names.setdefault(plain_form(catalogue.gettext(name)), country.alpha_3)
            if "," in name:  # "Iran, Islamic Republic of" → "Iran"
                names.setdefault(plain_form(name.split(",")[0]), country.alpha_3)
    cldr: set[str] = set()  # names CLDR alone gives: a narrower stem (see below)
    for language in _CLDR_ONLY:
        for name, code in _cldr_names(language).items():
            folded = plain_form(name)
            if folded not in names and (" " in name or len(name) >= _MIN_PREFIX):
                names[folded] = code  # "Läti", "Indi" are left out: too many words start so
                cldr.add(folded)
    whole: set[str] = set()
    for language in _CLDR_WHOLE:
        for name, code in _cldr_names(language).items():
            if (folded := plain_form(name)) not in names and folded not in _NOT_WHOLE_STATES:
                names[folded] = code
                whole.add(folded)
    for code, words in _EXTRA_NAMES.items():
        for phrase in _split_phrases(words):
            names[plain_form(phrase)] = code
    prefixes: dict[str, tuple[int, str]] = {}
    for name, code in names.items():
        if " " in name or len(name) < 4 or name in whole:
            continue
        stems = [name]
        if name in cldr:  # only a last vowel gives way: "lietuva" -> "Lietuvos", "Krievijā";
            if len(name) >= 6 and name[-1] in "aeiouy":  # "máritíus" keeps "maritime" out
                stems.append(name[:-1])
        elif len(name) >= 6:
            stems.append(name[: max(_MIN_PREFIX, len(name) - 2)])
        for stem in stems:
            if prefixes.get(stem, (0, ""))[0] < len(name):
                prefixes[stem] = (len(name), code)
    return names, prefixes


def _split_phrases(words: str) -> list[str]:
    """The table lists single words; known multi-word names are rejoined here."""
    phrases = []
    for phrase in (
        "great britain",
        "birlesik krallik",
        "wielka brytania",
        "reino unido",
        "regno unito",
        "paises bajos",
        "south korea",
        "south korean",
        "north korea",
        "north korean",
        "южная корея",
        "северная корея",
        "coree du sud",
        "corea del sur",
        "guney kore",
        "coree du nord",
        "corea del norte",
        "kuzey kore",
        "saudi arabia",
        "саудовская аравия",
        "arabie saoudite",
        "arabia saudita",
        "suudi arabistan",
        "new zealand",
        "новая зеландия",
        "emirats arabes unis",
        "arabes unis",
    ):
        if phrase in words:
            phrases.append(phrase)
            words = words.replace(phrase, " ")
    return phrases + words.split()


def organisation_for(value: Any) -> str | None:
    """The international organisation a pseudo country ('EU', 'NATO') stands for, else None."""
    if isinstance(value, str):
        return _ORGANISATIONS.get(plain_form(value))
    return None


@cache
def country_code(value: str) -> str | None:
    """ISO alpha-3 for a country as models and articles write it, or None if none is named.

    Accepts codes ('AZE', 'AZ'), names in many languages ('Azerbaijan', 'Азербайджан'),
    adjectives ('Azerbaijani', 'азербайджанский') and phrases containing one ('US-Außenminister',
    'Foreign Minister of Armenia'). The last country word in a phrase wins: in "Russian
    ambassador to Azerbaijan" it is the host, but the descriptions models write name the state
    first and the office after, so phrase look-ups are a fallback for a bare name.
    """
    text = value.strip()
    if not text or organisation_for(text):
        return None
    upper = text.upper()
    if upper in _ABBREVIATIONS:
        return _ABBREVIATIONS[upper]
    if len(text) in (2, 3) and text.isalpha() and text.isupper():
        found = (
            pycountry.countries.get(alpha_2=text)
            if len(text) == 2
            else pycountry.countries.get(alpha_3=text)
        )
        return str(found.alpha_3) if found else None
    names, _ = _index()
    if (code := names.get(plain_form(text))) is not None:
        return code
    codes = country_mentions(text)
    return codes[0] if codes else None


def country_named(text: str) -> str | None:
    """Alpha-3 if ``text`` is exactly a country's name (in any indexed language), else None."""
    names, _ = _index()
    return names.get(plain_form(text))


def country_mentions(text: str) -> list[str]:
    """Every country named or implied by an adjective in ``text``, in order of appearance."""
    names, prefixes = _index()
    found: list[str] = []
    tokens = [
        part
        for word in text.replace("-", " - ").split()
        for part in [word.strip(",;:()\"'«»")]
        if part
    ]
    index = 0
    while index < len(tokens):
        code, used = _match_at(tokens, index, names, prefixes)
        if code is not None and code not in found:
            found.append(code)
        index += max(used, 1)
    return found


def inflects_a_country_name(word: str) -> bool:
    """Whether ``word`` is a state's whole one-word name with an ending added: a case form
    ("Азербайджана") or an adjective ("Russian"), not the name itself ("Mauricio", Spanish
    for Mauritius and a first name) nor a word that merely starts like one ("Roman")."""
    folded = plain_form(word)
    _, prefixes = _index()
    return any(
        prefixes.get(folded[:end], (0, ""))[0] == end
        and prefixes[folded[:end]][1] not in _TERRITORIES
        for end in range(4, len(folded))
    )


def _match_at(
    tokens: list[str], index: int, names: dict[str, str], prefixes: dict[str, tuple[int, str]]
) -> tuple[str | None, int]:
    """The country named by the phrase starting at ``tokens[index]``, and its length."""
    token = tokens[index]
    if token in _ABBREVIATIONS:
        return _ABBREVIATIONS[token], 1
    for length in (3, 2):  # multi-word names: "United States", "Соединённые Штаты"
        phrase = plain_form(" ".join(tokens[index : index + length])).rstrip(".")
        if len(tokens) - index >= length and phrase in names:  # "the United States."
            return names[phrase], length
    return _word_country(plain_form(token).rstrip(".")), 1


#: Dependent territories, which no official represents in diplomacy, and whose names or
#: stems are everyday words in running text: "réunion"/"reunião" (a meeting) is Réunion,
#: "Martin" starts "Martinik" (Martinique), "cook", "jersey", "norfolk", "virgin". A single
#: word is not read as one of them; a name of several words ("Cook Islands"), and a model's
#: own answer (``country_code``), still are.
_TERRITORIES = frozenset(
    "ASM AIA ATA ABW ALA BMU BES BVT IOT CYM CXR CCK COK CUW FLK FRO GUF PYF ATF GIB GLP GUM "
    "GGY HMD IMN JEY MTQ MYT MSR NCL NIU NFK MNP PCN PRI REU BLM SHN MAF SPM SXM SGS SJM TKL "
    "TCA UMI VGB VIR WLF ESH".split()
)


#: Everyday words that start like a state's name or its stem, found in the test articles:
#: "service", "servir", "servizio" (Servia), Dutch "allemaal" (allemand), Malay "kenyataan"
#: (a statement), Greek "μάλιστα" (Mali).
_NOT_STATES = ("servic", "servir", "serviz", "servis", "allemaal", "kenyataan", "μαλιστ")


@cache
def _word_country(word: str) -> str | None:
    """The state a single word names or is an adjective of, if any."""
    if len(word) < 4 or not word[0].isalpha() or word.startswith(_NOT_STATES):
        return None
    names, prefixes = _index()
    if word in names and names[word] not in _TERRITORIES:
        return names[word]
    best: tuple[int, str] | None = None
    for end in range(4, len(word) + 1):
        found = prefixes.get(word[:end])
        if (
            found is not None
            and found[1] not in _TERRITORIES
            and (best is None or found[0] > best[0])
        ):
            best = found
    return best[1] if best else None
