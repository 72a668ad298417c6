"""Actor and recipient (PLOVER; ICEWS' source and target), worked out in code.

PLOVER codes a visit with the visitor as ``actor`` and the host as ``recipient``, a phone call
with the caller as actor, and a reciprocal event (an agreement both sides sign, a meeting
where neither hosts) with every side as actor and no recipient. The model is never asked: the
prompt stays as recorded. Two ways decide, in this order:

1. **wording**: one of the event's evidence sentences has a cue from :data:`CUES` ("received a
   call from", "hosted", "a reçu", "tarafından kabul edildi", "подписали") and names at least
   one participant; the side named first in that sentence gets the cue's role for it (the
   caller, the host, the visitor, the one called), every other side the other role. Subjects
   come first in every language the cues cover, and passive cues say so ("was received by":
   the first named is the guest).
2. **host country**: a visit, meeting, negotiation or summit whose venue is one side's country
   (``codes.host``), or the seat of an organisation taking part, coded as a visit
   (``plover_mode == "visit"``, so not a summit of three or more states): that side hosts,
   the others visit; only when an evidence sentence names the venue's city (the model's
   place alone put a visit to Russia in Baku).

When the two disagree, or a participant has no known side, or no side is named in the
sentence, the direction is left null: never guessed. Agreements are reciprocal: a signing cue
makes every participant an actor. Each cue is a whole-word pattern on the folded sentence
(lower case, no diacritics); the table is small on purpose: add a line per new wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from diplo_extract.actors import identity
from diplo_extract.codes import ORGANISATION_SEATS
from diplo_extract.countries import country_mentions
from diplo_extract.models import (
    DiplomaticEvent,
    Direction,
    EventCodes,
    EvidenceSpan,
    Location,
    Participant,
)
from diplo_extract.places import find_city
from diplo_extract.spans import fold

#: What the side named first is, for a cue: it calls, is called, hosts, visits, or (sign)
#: every side is an actor.
Role = Literal["calls", "is_called", "hosts", "visits", "sign"]
_IN_PERSON = frozenset({"meeting", "visit", "summit", "negotiation"})


@dataclass(frozen=True)
class Cue:
    pattern: str  # a regular expression on folded text (lower case, no diacritics)
    role: Role  # what the side it points at does
    event_types: frozenset[str]
    #: first: it points at the side named first in the sentence (the subject: "X hosted
    #: Y", "X wurde von Y empfangen"); after: at the side named first after it ("... at the
    #: invitation of X", "a call from X").
    anchor: Literal["first", "after"] = "first"


def _cues(
    role: Role, types: frozenset[str], *patterns: str, anchor: Literal["first", "after"] = "first"
) -> list[Cue]:
    return [Cue(p, role, types, anchor) for p in patterns]


#: Call cues apply to in-person types too: the model sometimes types a call as a meeting,
#: and "X called Y" says who initiated either way.
_CALL = frozenset({"phone_call"}) | _IN_PERSON
_SIGN = frozenset({"agreement"})
#: The cue table. Order matters where one pattern contains another: "received a call from"
#: is tried before "received", "was received by" before "received".
# fmt: off
CUES: tuple[Cue, ...] = (
    *_cues(
        "calls", _CALL,
        r"received an? (?:phone |telephone )?call from", r"call (?:came )?from",
        r"anruf (?:von|aus)", r"звонок от", r"un appel de", r"una llamada de",
        r"una telefonata da", r"дзвінок від", r"at the initiative of", r"по инициативе",
        r"auf initiative", r"a l'initiative de", r"a iniciativa de", r"su iniziativa d",
        r"за ініціативою",
        anchor="after",
    ),
    *_cues(
        "calls", _CALL,
        r"(?:tele)?phoned", r"rang", r"called(?! for| on| upon)",
        r"(?:made|placed) an? (?:phone |telephone )?call to", r"rief", r"позвонил[аи]?",
        r"зателефонував(?:ла|ли)?", r"a appele", r"a telephone a", r"llamo", r"telefoneo a",
        r"ha telefonato a", r"ha chiamato", r"telefonla aradi", r"aradi",
    ),
    *_cues(
        "hosts", _IN_PERSON,
        r"(?:was|were) received by", r"(?:was|were) hosted by", r"at the invitation of",
        r"по приглашению", r"auf einladung", r"a l'invitation de", r"por invitacion de",
        r"su invito d", r"на запрошення", r"a ete recue? par", r"fue recibid[oa] por",
        r"e stat[oa] ricevut[oa] da",
        anchor="after",
    ),
    *_cues(
        "visits", _IN_PERSON,
        r"tarafindan kabul edildi", r"tarafindan karsilandi", r"wurde von .{0,80} empfangen",
        r"visited", r"paid (?:an? )?(?:official |state |working )?visit",
        r"will pay (?:an? )?(?:official |state |working )?visit", r"arrived in",
        r"travell?ed to", r"besuchte?", r"reiste", r"ist .{0,60} gereist",
        r"посетил[аи]?", r"прибыл[аи]?", r"a visite", r"se rendra", r"effectuera .{0,30}visite",
        r"visito", r"viajo a", r"ziyaret etti", r"ziyaret edecek", r"відвідав(?:ла|ли)?",
        r"ha visitato",
    ),
    *_cues(
        "hosts", _IN_PERSON,
        r"hosted", r"welcomed", r"received", r"greeted", r"empfing", r"empfangt",
        r"begrusste", r"принял[аи]?(?! участие)", r"принимал[аи]?(?! участие)",
        r"прийняв(?:ла|ли)?(?! участь)",
        r"a recu", r"recoit", r"a accueilli", r"recibio", r"dio la bienvenida",
        r"ha ricevuto", r"ha accolto", r"karsiladi", r"kabul etti",
    ),
    *_cues(  # the noun last: a verb in the same sentence says more ("during the visit, X
        # received Y")
        "visits", _IN_PERSON,
        r"visit(?: to)?", r"besuch", r"визит", r"візит", r"visite", r"visita", r"ziyaret",
    ),
    *_cues(
        "sign", _SIGN,
        r"signed", r"sign", r"unterzeichne(?:te|ten|t)?", r"подписал[аи]?", r"підписал[аи]?",
        r"ont signe", r"a signe", r"signe(?:nt)?", r"firmaron", r"firmo", r"firmato",
        r"hanno firmato", r"imzalandi", r"imzaladi", r"imzaladilar",
    ),
)
# fmt: on
_COMPILED = [(re.compile(rf"(?<!\w){cue.pattern}(?!\w)"), cue) for cue in CUES]


@lru_cache(maxsize=16)
def _any_cue(event_type: str) -> re.Pattern[str]:
    """The cues of ``event_type`` as one pattern: a sentence it does not match has none of
    them, and is not tried cue by cue (a search per cue, about 90, for every sentence of every
    event). The word boundaries stand outside the alternation, so that a position inside a
    word fails once, not once per cue: 5 µs a sentence instead of 140."""
    alternatives = "|".join(f"(?:{cue.pattern})" for cue in CUES if event_type in cue.event_types)
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)")


def _stems(participant: Participant) -> list[str]:
    """Folded word stems that name the participant in a sentence, whatever the case ending
    ("Алиевым" for Алиев, "Tokayev'i"): each surname without its last two letters (at least
    four letters kept), or the whole written office for an unnamed official."""
    stems = []
    for name in filter(None, (participant.name, participant.name_original)):
        surname = fold(name.split()[-1]).folded
        stems.append(surname[: max(4, len(surname) - 2)])
    if not participant.name and participant.role:
        stems.append(fold(participant.role).folded)
    return [s for s in stems if len(s) >= 3]


def _first_mention(participant: Participant, sentence: str, after: int = 0) -> int | None:
    """Where the participant is first named in the folded sentence, at or after ``after``;
    an unnamed official is named by their country ("Визит министра ... Армении")."""
    found = [
        match.start()
        for stem in _stems(participant)
        for match in [re.compile(rf"(?<!\w){re.escape(stem)}").search(sentence, after)]
        if match is not None
    ]
    if not participant.name and participant.country:
        found.extend(
            word.start()
            for word in _WORD.finditer(sentence, after)
            if country_mentions(word.group()) == [participant.country]
        )
    return min(found) if found else None


_WORD = re.compile(r"\w{4,}")


def venue_in(evidence: Sequence[EvidenceSpan], city: str) -> bool:
    """Whether an evidence sentence names the city (in any language or case GeoNames and
    :mod:`diplo_extract.places` know): the host rule trusts a venue only if the article
    gives it where it reports the event."""
    for span in evidence:
        words = re.findall(r"[\w'’.-]+", span.quote)
        for size in (1, 2, 3):
            for at in range(len(words) - size + 1):
                found = find_city(" ".join(words[at : at + size]).strip(".-"))
                if found is not None and found.name == city:
                    return True
    return False


def _split(participants: Sequence[Participant], side: str | None) -> tuple[list[int], list[int]]:
    """Positions of the participants of ``side``, and of everyone else."""
    of_side = [i for i, p in enumerate(participants) if p.side == side]
    others = [i for i, p in enumerate(participants) if p.side != side]
    return of_side, others


def _as_written(quote: str, folded_cue: str) -> str:
    """The cue as the article writes it (the quote's own letters), else as folded."""
    found = fold(quote)
    at = found.folded.find(folded_cue)
    if at < 0:
        return folded_cue
    return quote[found.origin[at] : found.origin[at + len(folded_cue) - 1] + 1]


def by_wording(
    event_type: str, participants: Sequence[Participant], evidence: Sequence[EvidenceSpan]
) -> Direction | None:
    """The direction an evidence sentence states, or None."""
    if event_type == "other" or len({p.side for p in participants}) < 2:
        return None
    for span in evidence:
        sentence = fold(span.quote).folded
        if not _any_cue(event_type).search(sentence):
            continue
        for regex, cue in _COMPILED:
            if event_type not in cue.event_types:
                continue
            match = regex.search(sentence)
            if match is None:
                continue
            after = match.end() if cue.anchor == "after" else 0
            mentioned = [
                (at, i) for i, p in enumerate(participants)
                if (at := _first_mention(p, sentence, after)) is not None
            ]  # fmt: skip
            words = _as_written(span.quote, match.group())
            if cue.role == "sign":  # reciprocal: whoever the sentence names, all sides sign
                everyone = list(range(len(participants)))
                return Direction(actor=everyone, recipient=[], basis="wording", cue=words)
            if not mentioned:
                continue
            pointed, others = _split(participants, participants[min(mentioned)[1]].side)
            if cue.role in ("calls", "visits"):
                actor, recipient = pointed, others
            else:
                actor, recipient = others, pointed
            return Direction(actor=actor, recipient=recipient, basis="wording", cue=words)
    return None


def by_host(
    event_type: str,
    participants: Sequence[Participant],
    location: Location | None,
    codes: EventCodes | None,
    evidence: Sequence[EvidenceSpan] = (),
) -> Direction | None:
    """Visitors and hosts from the venue: a side's own country, or its organisation's seat,
    when an evidence sentence names the venue's city (see :func:`venue_in`)."""
    if event_type not in _IN_PERSON or codes is None or codes.plover_mode != "visit":
        return None
    if location is None or location.country is None or location.city is None:
        return None
    if not venue_in(evidence, location.city):
        return None
    venue = location.country
    at_home = [
        i for i, p in enumerate(participants)
        if p.country == venue or venue in ORGANISATION_SEATS.get(p.organization or "", ())
    ]  # fmt: skip
    guests = [i for i in range(len(participants)) if i not in at_home]
    if not at_home or not guests:
        return None
    basis: Literal["host_country", "organisation_seat"] = (
        "host_country" if codes.host == venue else "organisation_seat"
    )
    return Direction(actor=guests, recipient=at_home, basis=basis)


def direction(
    event_type: str,
    participants: Sequence[Participant],
    location: Location | None,
    codes: EventCodes | None,
    evidence: Sequence[EvidenceSpan],
) -> Direction | None:
    """Actor and recipient of one event, or None when code cannot tell them apart."""
    if any(p.side is None for p in participants):
        return None
    worded = by_wording(event_type, participants, evidence)
    hosted = by_host(event_type, participants, location, codes, evidence)
    if worded is not None and hosted is not None:
        agree = (worded.actor, worded.recipient) == (hosted.actor, hosted.recipient)
        return worded if agree else None
    return worded or hosted


def merged_direction(
    events: Sequence[DiplomaticEvent], participants: Sequence[Participant]
) -> Direction | None:
    """The direction of a merged event: the one every mention that decides one agrees on
    (compared by who the people are), as positions in the merged ``participants``."""
    decided = []
    for event in events:
        if event.direction is None:
            continue
        people = event.participants
        actor = frozenset(identity(people[i]) for i in event.direction.actor)
        recipient = frozenset(identity(people[i]) for i in event.direction.recipient)
        decided.append((actor, recipient, event.direction))
    if not decided or any(d[:2] != decided[0][:2] for d in decided):
        return None
    actor, recipient, first = decided[0]
    where = {identity(p): i for i, p in enumerate(participants)}
    if not all(key in where for key in actor | recipient):
        return None
    return Direction(
        actor=sorted(where[key] for key in actor),
        recipient=sorted(where[key] for key in recipient),
        basis=first.basis,
        cue=first.cue,
    )
