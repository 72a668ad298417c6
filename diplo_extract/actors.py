"""People across scripts and spellings: Алиев, Alijew and Aliyev are one Ilham Aliyev.

A name is compared through a *key*: transliterated to ASCII (``anyascii``), lower-cased, and
with the spelling habits of the big transliteration traditions folded together (German "j"
and "w", Russian "kh" and "dzh", English "iy"). Keys are matched with ``rapidfuzz`` against a
small table of people who recur in diplomatic news; a hit gives the canonical English
spelling and the state the person represents (which also corrects a model that coded Aliyev
as Australia). Anyone not in the table keeps the model's Latin spelling, or a transliteration
of the article's spelling when the model gave none, with titles and honorifics removed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache

import regex
from anyascii import anyascii
from rapidfuzz import fuzz, process

from diplo_extract.countries import country_mentions, country_named, inflects_a_country_name
from diplo_extract.known_people import KNOWN_PEOPLE, KnownPerson
from diplo_extract.models import Participant
from diplo_extract.spans import fold

#: Honorifics and titles dropped from the front of a name, in the languages tested; folded
#: (lower case ASCII) as :func:`name_key` leaves them.
_TITLES = frozenset(
    """
    mr mrs ms dr prof sir madam mister miss herr frau m mme mlle monsieur madame sr sra don
    dona senor senora sayin bay bayan g-n g-zha gospodin gospozha pan pani president prime
    minister foreign chancellor secretary general deputy vice king queen emir sheikh prince
    ambassador envoy special representative state head prezident prem'er ministr premer
    glava kantsler posol zamministra zamestitel' praesident prasident bundeskanzler
    aussenminister kanzler ministerpraesident ministerprasident botschafter staatssekretaer
    ministre premier chef president presidente primer ministro canciller embajador
    cumhurbaskani basbakan disisleri bakani bakan buyukelci
    وزير وزيرة الخارجية رئيس الرئيس السفير الملك الأمير ولي العهد الشيخ
    وزیر امور خارجه رئیس جمهور سفیر
    שר שרת החוץ ראש הממשלה נשיא מזכיר המדינה השגריר
    """.split()
)
#: Words that mark an institution, not a person: a participant so named is an unnamed office.
_INSTITUTIONS = frozenset(
    """
    ministry ministries department office government administration embassy service council
    commission delegation parliament ministerstvo mid pravitelstvo posolstvo apparat
    administratsiya delegatsiya ministerium regierung botschaft auswartiges amt ministere
    gouvernement ambassade ministerio gobierno embajada bakanligi hukumeti buyukelciligi
    """.split()
)
#: Where news comes from, not who takes part: social networks, news agencies and broadcasters
#: a small model lists as participants ("Al-Rifai said on Facebook": "Facebook"; "as TASS
#: reports"; 254's "Astro Awani"). Whole names, as :func:`name_key` spells them.
_NEWS_SOURCES = frozenset(
    name.strip()
    for name in """
    facebook, twitter, x, telegram, instagram, youtube, tiktok, whatsapp, weibo, wechat,
    vkontakte, vk, truth social, tass, ria novosti, interfax, reuters, afp, ap,
    associated press, xinhua, anadolu, anadolu agency, azertac, azertadzh, azertaj, trend,
    apa, bta, ansa, efe, dpa, kyodo, yonhap, irna, wam, spa, kuna, mena, pti, ani,
    ukrinform, unian, belta, kazinform, tanjug, hina, mti, pap, ctk, agerpres, bernama,
    astro awani, antara, vna, jiji, nhk, kbs, cctv, cgtn, bbc, cnn, al jazeera, rt, sputnik,
    armenpress, interpressnews, prensa latina, telam, sana, petra, qna, tasnim, isna, lusa,
    tasr, rtve, euronews, bloomberg, politico
    """.replace("\n", " ").split(",")
    if name.strip()
)
#: Particles that belong inside names ("Ursula von der Leyen", "Charles de Gaulle").
_PARTICLES = frozenset(
    """
    von van der den de del della di da du le la al el bin ibn ben
    """.split()
)
_SPELLING = (
    ("dzh", "j"),
    ("dsch", "j"),
    ("tsch", "ch"),
    ("sch", "sh"),
    ("kh", "h"),
    ("zh", "j"),
    ("w", "v"),
    ("j", "y"),
    ("iy", "i"),
    ("yi", "i"),
    ("ij", "i"),
    ("ou", "u"),
    ("ph", "f"),
    ("ck", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("q", "k"),
)
_DOUBLE = re.compile(r"(.)\1+")
#: rapidfuzz token_set_ratio above which two name keys are one person. token_set_ratio is 100
#: when one name's words are a subset of the other's ("aliev" of "ilham aliev"), and about 60
#: for two people sharing a surname ("ilham aliev", "heydar aliev").
NAME_MATCH_THRESHOLD = 88.0
_MIN_SURNAME = 5


_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
#: Greek letter pairs that write one sound of a foreign name: "Μπλίνκεν" Blinken, "Ντόναλντ"
#: Donald, "Γκουτέρες" Guterres, "Τζινπίνγκ" Jinping, "Πούτιν" Putin, "Τραμπ" Trump, and a
#: final "φ" for a Russian "v" ("Λαβρόφ"); a letter for a letter gives "Mplinken", "Ntonalnt",
#: "Poytin". Inside a word after a vowel, "ντ" is "nt" as often as "d" ("Αντόνιο", "Βλαντιμίρ").
_GREEK_PAIRS = (
    (re.compile(r"μπ\b"), "mp"), (re.compile(r"μπ"), "b"), (re.compile(r"\bντ|ντ\b"), "d"),
    (re.compile(r"(?<=[ρλ])ντ"), "d"), (re.compile(r"γκ"), "g"), (re.compile(r"τζ"), "j"),
    (re.compile(r"ο[υύ]"), "u"), (re.compile(r"γι(?=[αάοόουύ])"), "y"), (re.compile(r"φ\b"), "v"),
)  # fmt: skip


def _greek_as_names_are_spelled(name: str) -> str:
    """A name's Greek letters as English spells the name (see _GREEK_PAIRS), in lower case."""
    lowered = unicodedata.normalize("NFC", name.lower())
    for pattern, sound in _GREEK_PAIRS:
        lowered = pattern.sub(sound, lowered)
    return lowered


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A spelling-insensitive key: ASCII, lower case, transliteration habits folded.

    Memoised: each name and title word of an article is keyed over and over (joins, merges,
    title stripping), about 60 calls an article."""
    if _GREEK.search(name):
        name = _greek_as_names_are_spelled(name)
    text = anyascii(name).lower().replace("'", "").replace("`", "")
    text = re.sub(r"[^a-z -]+", " ", text).replace("-", " ")
    for old, new in _SPELLING:
        text = text.replace(old, new)
    return " ".join(_DOUBLE.sub(r"\1", text).split())


@cache
def _known_keys() -> tuple[list[str], list[KnownPerson]]:
    keys: list[str] = []
    people: list[KnownPerson] = []
    for person in KNOWN_PEOPLE:
        for spelling in (person.name, *person.aliases):
            keys.append(name_key(spelling))
            people.append(person)
    return keys, people


#: A word that makes a name the son's (or daughter's) of a namesake: "Jr.", "младший", "fils".
_JUNIOR = re.compile(r"\b(?:jr|junior|juniors|fils|hijo|filho|младш\w*|молодш\w*|mladš\w*)\b", re.I)


@lru_cache(maxsize=4096)
def known_person(*names: str | None) -> KnownPerson | None:
    """The alias-table entry any of ``names`` denotes, if exactly one person matches best."""
    if any(_JUNIOR.search(name) for name in filter(None, names)):
        return None  # "Donald Trump Jr.", "Трампа-младшего": the son, whose words hold the father's
    best: tuple[float, KnownPerson] | None = None
    for name in filter(None, names):
        key = name_key(strip_titles(name))
        if not key or (" " not in key and len(key) < _MIN_SURNAME):
            continue  # "Wang" or "Mora" alone names too many people
        if (initialled := _by_initials(key)) is not None:
            return initialled
        for score, person in _close_spellings(key):
            if best is None or score > best[0]:
                best = (score, person)
            elif score == best[0] and person is not best[1] and len(key.split()) == 1:
                return None  # a bare surname shared by two table entries: ambiguous
    if best is None:
        return _by_case_endings(names)
    return best[1]


def _close_spellings(key: str) -> list[tuple[float, KnownPerson]]:
    """(score, entry) of the table spellings a name key matches fuzzily, best first (at most
    five): token_set_ratio, at :data:`NAME_MATCH_THRESHOLD` or above.

    Scored only on the spellings that can reach the threshold (:func:`_candidates`): the
    whole table took 1.4 ms a name, about 7 ms an article, the most of our own code."""
    keys, people = _known_keys()
    chosen = _candidates(key)
    return [
        (score, people[chosen[index]])
        for _, score, index in process.extract(
            key,
            [keys[at] for at in chosen],
            scorer=fuzz.token_set_ratio,
            score_cutoff=NAME_MATCH_THRESHOLD,
            limit=5,
        )
    ]


@dataclass(frozen=True)
class _SpellingIndex:
    """The table's spelling keys as token_set_ratio compares them: by word, and as their
    sorted words joined, ordered by length."""

    by_word: dict[str, list[int]]
    sorted_words: list[str]
    lengths: list[int]
    order: list[int]


@cache
def _spelling_index() -> _SpellingIndex:
    keys, _ = _known_keys()
    by_word: dict[str, list[int]] = {}
    for at, key in enumerate(keys):
        for word in set(key.split()):
            by_word.setdefault(word, []).append(at)
    joined = [" ".join(sorted(set(key.split()))) for key in keys]
    order = sorted(range(len(keys)), key=lambda at: len(joined[at]))
    return _SpellingIndex(
        by_word, [joined[at] for at in order], [len(joined[at]) for at in order], order
    )


def _candidates(key: str) -> list[int]:
    """Every spelling (by its index in the table) whose token_set_ratio with ``key`` can reach
    :data:`NAME_MATCH_THRESHOLD`, in table order, so that ties rank as in the whole table.

    token_set_ratio is 100 - 100 * distance / length over three pairs of strings built from
    the words the two share and those each has alone; with no word shared, it is the plain
    ratio of their sorted words joined. So a spelling reaches the threshold only if it shares
    a word with the key or its sorted words are that close to the key's: the second is
    looked for with the plain ratio (fast) among spellings of a length that allows it, at a
    cutoff a point lower than the threshold, so no rounding can lose one."""
    index = _spelling_index()
    words = set(key.split())
    found = {at for word in words for at in index.by_word.get(word, ())}
    joined = " ".join(sorted(words))
    # 2 * shorter / (both) >= threshold bounds the other's length from both sides.
    share = (NAME_MATCH_THRESHOLD - 1) / 100
    low = bisect_left(index.lengths, math.floor(len(joined) * share / (2 - share)))
    high = bisect_right(index.lengths, math.ceil(len(joined) * (2 - share) / share))
    for _, _, at in process.extract_iter(
        joined, index.sorted_words[low:high], scorer=fuzz.ratio, score_cutoff=share * 100
    ):
        found.add(index.order[low + at])
    return sorted(found)


def _the_one(people: Iterable[KnownPerson]) -> KnownPerson | None:
    """The entry ``people`` hold, if they are all one person (else None: ambiguous or none)."""
    found = {id(person): person for person in people}
    return next(iter(found.values())) if len(found) == 1 else None


#: Case endings names take in the languages that decline them, as :func:`name_key` spells
#: them (doubled letters made single): Russian, Ukrainian ("Сергеем Лавровым", "Жаном-
#: Ноелем"), Polish, Czech, Slovak, South Slavic, Baltic, Finnish, Estonian, Hungarian, and
#: the genitive "s" ("Putins", "Erdogans").
_CASE_ENDINGS = frozenset(
    """
    a ya u yu e i y o s m om em ym im oy ey oyu eyu ogo ego omu emu ovi ie iem as is us ui ai
    am umi yumi n in ia le la lta sta sa ga iga nak nek ak ek val vel al el tal tel hoz hez
    nal nel ot et ile ila ilta ista isa eho ega og oj
    """.split()
)
#: Endings only a woman's surname takes ("Алиевой", "Лавровой": the wife, not the minister),
#: so a surname alone with one of them names nobody.
_FEMININE_ENDINGS = frozenset({"oy", "ey", "oyu", "eyu"})
#: Letters with a caron as English spells their sound ("Pašinjan" is Pashinyan, "Lukašenko"
#: Lukashenko), where name_key drops the caron.
_CARONS = str.maketrans({"š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch", "ž": "zh", "Ž": "Zh"})
#: A suffix joined by an apostrophe ("Lavrov'un", "Fidan'a", "Trump's").
_APOSTROPHE_SUFFIX = re.compile(r"(?<=\w\w\w)['’]\w{1,5}\b")


def _by_case_endings(names: tuple[str | None, ...]) -> KnownPerson | None:
    """The one table entry a declined name denotes ("Жаном-Ноелем Барро", "Сергеем
    Лавровым", "Putins"): each word is a word of the entry, in order, or that word with a
    case ending (its own last vowel given way), and the last is the surname. Fuzzy matching
    does not see it: each ending is a letter or two, over every word of the name.

    A surname alone must be long enough to name one person (as in :func:`known_person`) and
    must not take a woman's ending."""
    for written in filter(None, names):
        name = _APOSTROPHE_SUFFIX.sub("", written)
        words = name_key(strip_titles(name.translate(_CARONS))).split()
        if not words:
            continue
        endings = _CASE_ENDINGS if len(words) > 1 else _CASE_ENDINGS - _FEMININE_ENDINGS
        found = _the_one(
            person
            for spelling, person in _by_surname_start().get(words[-1][:3], ())
            if _declined(words, spelling, endings)
        )
        if found is not None:
            return found
        if len(words) > 1 and (person := _undeclined_fuzzy(words)) is not None:
            return person
    return None


def _undeclined_fuzzy(words: list[str]) -> KnownPerson | None:
    """The one entry a full name matches once each word drops its longest case ending, by
    the fuzzy match of :func:`known_person`: a declined name in another language's spelling
    of the given name ("Сергієм Лавровим", "Олександром Лукашенком")."""
    stripped = " ".join(_without_ending(word) for word in words)
    return _the_one(person for _, person in _close_spellings(stripped))


#: :data:`_CASE_ENDINGS`, longest first, as :func:`_without_ending` tries them.
_LONGEST_ENDINGS_FIRST = tuple(sorted(_CASE_ENDINGS, key=len, reverse=True))


def _without_ending(word: str) -> str:
    for ending in _LONGEST_ENDINGS_FIRST:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@cache
def _by_surname_start() -> dict[str, list[tuple[list[str], KnownPerson]]]:
    """The table's spellings (as words) by the first three letters of their surname: a declined
    surname keeps at least those."""
    keys, people = _known_keys()
    index: dict[str, list[tuple[list[str], KnownPerson]]] = {}
    for key, person in zip(keys, people, strict=True):
        words = key.split()
        if words:
            index.setdefault(words[-1][:3], []).append((words, person))
    return index


def _declined(words: list[str], spelling: list[str], endings: AbstractSet[str]) -> bool:
    """Whether ``words`` are words of ``spelling`` in order, ending with its surname, each
    as written or declined."""
    if len(words) > len(spelling) or not _declined_word(words[-1], spelling[-1], endings):
        return False
    surname = spelling[-1]
    if len(words) == 1 and len(surname) < _MIN_SURNAME:
        return False  # "Moras" (the town of Mora), "Yi": a short surname names too many
    if len(words) == 1 and surname[-1] in "iy" and words[0] == surname[:-1] + "a":
        return False  # "Зеленская", "Zełenską": the woman's form of "Зеленский"
    rest = iter(spelling[:-1])
    return all(any(_declined_word(word, it, endings) for it in rest) for word in words[:-1])


def _declined_word(word: str, base: str, endings: AbstractSet[str]) -> bool:
    """``word`` is ``base``, or ``base`` with an ending, its own last vowel kept ("Sergejem")
    or given way ("Сергеем")."""
    if word == base:
        return True
    stems = {base, base[:-1]} if base[-1] in "aeiouy" else {base}
    return any(
        len(stem) >= 3 and word.startswith(stem) and word[len(stem) :] in endings for stem in stems
    )


def _by_initials(key: str) -> KnownPerson | None:
    """The one table entry a name of initials and a surname denotes ("H Fidan", "R T
    Erdoğan"): the same surname, and given names that start with those letters in order.
    Fuzzy matching does not see it: "h fidan" is too far from "hakan fidan"."""
    *initials, surname = key.split()
    if not initials or any(len(initial) != 1 for initial in initials):
        return None
    return _the_one(
        person
        for words, person in _by_surname_start().get(surname[:3], ())
        if words[-1] == surname
        and len(words) > len(initials)
        and all(word.startswith(i) for word, i in zip(words, initials, strict=False))
    )


def strip_titles(name: str) -> str:
    """Drop honorifics, titles and country words in front of a name; keep name particles.

    Models asked for a bare name still write "Mr. Mora" or "Замминистра иностранных дел
    Азербайджана Халаф Халафов". The name is the trailing run of capitalised words (and
    particles such as "von der"), without words for offices or countries.
    """
    words = name.replace("\u00a0", " ").split()
    kept: list[str] = []
    for position in reversed(range(len(words))):
        bare = words[position].strip(".,;:()\"'«»")
        if not bare:
            continue
        if (bare.lower() in _PARTICLES and kept) or _joined_particle(bare):
            kept.append(bare)  # "von der Leyen"; "al-Sharaa", "el-Sisi"
            continue
        if bare[0].islower() or name_key(bare) in _keys(_TITLES):
            break  # a word in lower case, in a script that has case, is no part of a name
        if not bare[0].isupper() and not _caseless_name_word(bare):
            break
        if _is_country_word(bare) and _country_before(bare, position, bool(kept)):
            break
        kept.append(bare)
    while kept and kept[-1].lower() in _PARTICLES:
        kept.pop()
    if kept and not any(w[0].isupper() for w in kept) and _a_phrase(words):
        return ""  # "سفر به دو کشور قطر و عراق...": a phrase the model copied, not a name
    return " ".join(reversed(kept))


def _a_phrase(words: list[str]) -> bool:
    """Whether words in a script without case are too many for a title and a name."""
    titles = _keys(_TITLES)
    return sum(name_key(word) not in titles for word in words) > _MAX_CASELESS_NAME_WORDS


#: Offices written in scripts without case, where a title is no lower-case word before the
#: name and Chinese, Japanese and Korean join it to the name ("法国外长勒德里昂", the French
#: foreign minister Le Drian; "한국 외교장관", Korea's foreign minister): a word holding one is
#: an office, not a name.
_CASELESS_OFFICES = (
    "外长", "外長", "部长", "部長", "总统", "總統", "总理", "總理", "主席", "首相", "外相",
    "大統領", "大使", "国务卿", "國務卿", "外交部", "政府", "장관", "대통령", "총리", "외교부",
    "대사", "정부",
)  # fmt: skip
#: The most words a name has in a script without case; more is a phrase the model copied.
_MAX_CASELESS_NAME_WORDS = 4


def _caseless_name_word(word: str) -> bool:
    """Whether a word in a script without case (Chinese, Arabic, Hebrew, Georgian...) can be
    part of a name: one that holds an office is not."""
    return not any(office in word for office in _CASELESS_OFFICES)


def _joined_particle(word: str) -> bool:
    """A surname written with its particle and a hyphen ("al-Sharaa", "el-Sisi", "bin-Zayed")."""
    particle, hyphen, rest = word.partition("-")
    return bool(hyphen) and particle.lower() in _PARTICLES and rest[:1].isupper()


def is_a_news_source(name: str | None) -> bool:
    """Whether a participant's name is a social network or news agency: the source the
    article quotes, never a party to the event."""
    return bool(name) and name_key(name or "") in _keys(_NEWS_SOURCES)


def _is_institution(text: str | None) -> bool:
    words = name_key(text or "").split()
    return any(word in _keys(_INSTITUTIONS) for word in words)


@cache
def _keys(words: frozenset[str]) -> frozenset[str]:
    """The word lists above, spelled as :func:`name_key` spells what they are compared with."""
    return frozenset(name_key(word) for word in words)


def _is_country_word(word: str) -> bool:
    return len(word) >= 4 and bool(country_mentions(word))


def _country_before(word: str, position: int, name_follows: bool) -> bool:
    """Whether a country word, at ``position`` in what the model wrote, names a state before
    the name ("Азербайджана Халаф Халафов") rather than being part of it.

    The first word before a name is a first name when it only starts like a state's name
    ("Roman Golovchenko", "Francisco Franco"), not when it is one, an adjective of one, or
    one with an ending ("Azerbaijani", "Азербайджана"; "Mauricio", Spanish for Mauritius,
    is lost that way). A last word that only starts like a state's name is a surname
    ("Francisco Franco"); one that is a state's name ends an office ("Foreign Minister of
    Iran").
    """
    named = country_named(word) is not None
    if not name_follows:
        return named
    return position > 0 or named or inflects_a_country_name(word)


def romanised(name: str) -> str:
    """A Latin-script spelling of a name: as is if already Latin, else transliterated.

    A Chinese or Korean name is written without a space; its first syllable is the family
    name ("王毅" → "Wang Yi", "조태열" → "Jo Taeyeol"), not one word ("WangYi")."""
    if all(ord(char) < 0x250 or not char.isalpha() for char in name):
        return name
    if _HAN_OR_HANGUL_NAME.fullmatch(name):
        family, given = anyascii(name[0]), anyascii(name[1:])
        return f"{family.capitalize()} {given.capitalize()}"
    return " ".join(
        part.capitalize() if part.islower() else part
        for part in anyascii(name).replace("'", "").split()
    )


#: A Chinese or Korean personal name: two to four Han characters or Hangul syllables.
_HAN_OR_HANGUL_NAME = regex.compile(r"[\p{Han}\p{Hangul}]{2,4}")


def canonical_name(name: str | None, name_original: str | None) -> str | None:
    """The English-spelling, Latin-script name for a participant, or None if unnamed.

    The model's spelling is kept when it is Latin and agrees with the article's; when it
    disagrees (the model "translated" to another person) the article's spelling wins.
    """
    if any(_is_institution(text) for text in (name, name_original)):
        return None
    known = known_person(name, name_original)
    if known is not None:
        return known.name
    latin = strip_titles(name) if name else ""
    original = strip_titles(name_original) if name_original else ""
    agrees = not original or fuzz.token_set_ratio(name_key(latin), name_key(original)) >= 70
    if latin and romanised(latin) == latin and agrees:
        return latin
    if original:
        return romanised(original)
    return romanised(latin) or None


def merge_participants(participants: list[Participant]) -> list[Participant]:
    """One entry per person: the same canonical name (or unnamed office) merged into one."""
    merged: dict[tuple[str, ...], Participant] = {}
    for participant in participants:
        key = identity(participant)
        if key not in merged:
            merged[key] = participant
            continue
        first = merged[key]
        merged[key] = first.model_copy(
            update={
                field: getattr(participant, field)
                for field in ("name_original", "role", "country", "organization")
                if getattr(first, field) is None
            }
        )
    return list(merged.values())


def identity(participant: Participant) -> tuple[str, ...]:
    """Who a participant is, for telling the same person apart from another: the canonical
    name's key, or for an unnamed official the office and its state."""
    if participant.name:
        return ("person", name_key(participant.name))
    role = fold(participant.role or "").folded
    return ("office", role, participant.country or "", participant.organization or "")
