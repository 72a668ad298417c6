"""A place as a model copies it from the article, without the words and endings that say "in".

A model fills an event's place with the article's words: "в Москве", "w Warszawie", "v Praze",
"في الرياض", "בוושינגטון", "在北京", "ソウルで", "평양에서", "στην Αθήνα", "Budapesten",
"Bakıda", "Երևանում", "თბილისში". GeoNames and the country names know "Москва", "Warszawa",
"الرياض", "北京", "Budapest", "Bakı". :func:`bare_forms` gives the forms to look up, keyed as
:func:`~diplo_extract.countries.plain_form` keys them, the place as written first: a form is
only tried when those before it named nothing, so "A Coruña" is never cut to "Coruña".

The words and endings are the common ones of the languages news is read in; a form that names
no city or country is simply not found, so a wrong cut costs a look-up, not a wrong place.
"""

from __future__ import annotations

from functools import lru_cache

from diplo_extract.countries import plain_form


def _plain(words: str) -> tuple[str, ...]:
    """Space-separated words as plain_form spells them (the form the look-ups are keyed by)."""
    return tuple(plain_form(word) for word in words.split())


#: Words before a place that say "in", "at", "to" or "from", and articles after them.
_BEFORE = frozenset(
    _plain(
        """
        в во у ў на из с со до к ко под при w we z ze do u v ve vo pri k ke na
        in im am an at à au aux a ad al ao en em no nos nas la nel nella în di dari tại ở
        i på á í til në στην στη στο στον στα σε εις to from
        في فى من إلى الى در به از
        the der die das dem den le les el il lo het
        """
    )
)
#: Letters joined before a place in Arabic ("بموسكو", "لبغداد") and Hebrew ("בקהיר",
#: "לוושינגטון"), and characters before one in Chinese ("在北京", "赴华盛顿").
_JOINED_BEFORE = _plain("ب ل و ف ב ל מ ו ה 在 于 赴 到 前往")
#: Words after a place that say "in" (Hindi, Urdu) and particles joined after one (Japanese,
#: Korean).
_AFTER = frozenset(_plain("में میں पर پر"))
_JOINED_AFTER = _plain("にて で に へ から 에서 에 으로 로")
#: Case endings of the locative and its kin, with what the dictionary form ends in instead
#: ("-" for nothing): Hungarian ("Budapesten", "Moszkvában"), Finnish ("Kiovassa"), Turkic
#: ("Bakıda", "Астанада"), Armenian ("Երևանում"), Georgian ("თბილისში"), Lithuanian
#: ("Vilniuje"), and the Slavic languages ("Beogradu", "Bratislavě", "Warszawie", "Одесі",
#: "Китае"); :mod:`diplo_extract.places` tries Russian's own besides.
_ENDINGS = tuple(
    (plain_form(ending), plain_form(restored.strip("-")))
    for pair in """
        ban:- ben:- ban:a ben:e on:- en:- ön:- ssa:- ssa:a ssa:i sta:- lla:-
        da:- de:- ta:- te:- də:- dan:- den:- да:- де:- та:- те:-
        ում:- ից:- ში:- ში:ი ს:ი uje:us oje:as je:s
        u:- e:a ie:a ie:- i:a і:а і:- у:- е:й
        """.split()
    for ending, restored in [pair.split(":")]
)


@lru_cache(maxsize=4096)
def bare_forms(place: str) -> tuple[str, ...]:
    """The place's plain_form, then without a word or particle of "in" before or after it,
    then each of those without a case ending; no form twice."""
    key = plain_form(place)
    words = key.split()
    unwrapped = [key]
    for _ in range(2):  # "en la Casa Rosada", "in der Schweiz"
        if len(words) > 1 and words[0] in _BEFORE:
            words = words[1:]
            unwrapped.append(" ".join(words))
    if len(words) > 1 and words[-1] in _AFTER:
        unwrapped.append(" ".join(words[:-1]))
    for form in list(unwrapped):
        unwrapped += [form[len(p) :] for p in _JOINED_BEFORE if form.startswith(p)]
        unwrapped += [form[: -len(p)] for p in _JOINED_AFTER if form.endswith(p)]
    forms = list(unwrapped)
    for form in unwrapped:
        forms += [
            form[: -len(ending)] + restored
            for ending, restored in _ENDINGS
            if form.endswith(ending) and len(form) - len(ending) >= 3
        ]
    # two characters name a city in Chinese ("北京"), rarely in letters ("la", "de")
    return tuple(f for f in dict.fromkeys(forms) if len(f) > 2 or (not f.isascii() and len(f) == 2))


def without_particles(place: str) -> str:
    """The place as written without the words of "in" before or after it ("in Davos" is
    "Davos", "на Бледе" "Бледе"): what is kept of a place GeoNames does not know."""
    words = place.split()
    for _ in range(2):
        if len(words) > 1 and plain_form(words[0]) in _BEFORE:
            words = words[1:]
    if len(words) > 1 and plain_form(words[-1]) in _AFTER:
        words = words[:-1]
    return " ".join(words)
