"""One event, many reports: cluster the events of many articles that report the same thing.

Two event records are taken for the same event when all of these hold (each merge records
which, in words):
- the same kind: in person (meeting, visit, summit, negotiation: models confuse these), phone
  call, agreement or other (in person and phone call also merge when the very same people are
  reported on the very same day: the local model called a phone call a meeting); the same
  status;
- at least one named participant in common (canonical name keys, so Алиев = Alijew = Aliyev),
  and, when both events involve two or more states, at least two of them in common (Aliyev's
  call with Blinken is not his meeting with Pashinyan); and no state represented by named
  people in both that have none of them in common (Fidan's meeting with Aliyev is not his
  meeting with Bayramov, though both are Turkey and Azerbaijan);
- compatible dates: overlapping within a day (``2025-08`` contains ``2025-08-18``; the 18th and
  the 19th agree, as a late call is often dated by its report), or the same day and month when
  a year is missing; an event without a date only joins one reported within a week of it;
- the same city (or country) when both say where.

Pairs are only compared within blocks that share status and a participant, and within a
block only along a sweep over dates, so 100,000 events never meet all pairs. Clusters are
the connected components (union-find) in a fixed order, so the output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from diplo_extract.actors import merge_participants, name_key
from diplo_extract.dates import PartialDate
from diplo_extract.dyads import merged_direction
from diplo_extract.ids import event_id, merged_id
from diplo_extract.models import (
    ArticleResult,
    DiplomaticEvent,
    EventMention,
    EvidenceSpan,
    Location,
    MergedEvent,
    MergeReason,
    Topic,
)

#: Event types reported interchangeably for one encounter.
KIND = {
    "meeting": "in person",
    "visit": "in person",
    "summit": "in person",
    "negotiation": "in person",
    "phone_call": "phone call",
    "agreement": "agreement",
    "other": "other",
}
#: An undated event joins a dated one reported at most this many days apart.
UNDATED_WINDOW = 7
#: Dates this many days apart still count as one (time zones, "late on Monday" filed Tuesday).
DATE_TOLERANCE = 1


@dataclass(frozen=True)
class _Mention:
    number: int
    article_id: str
    index: int
    event: DiplomaticEvent
    published: dt.date | None
    people: frozenset[str]  # name keys of named participants
    states: frozenset[str]  # countries and organisations represented
    sides: dict[str, frozenset[str]]  # name keys of the named people of each state
    interval: tuple[int, int] | None  # first and last possible day (ordinals)
    month_day: tuple[int, int] | None  # for --MM-DD dates


def _interval(date: str | None) -> tuple[int, int] | None:
    """The days a partial ISO date may denote, as ordinals; None if it has no year."""
    if date is None:
        return None
    parts = PartialDate.parse(date)
    if parts.year is None:
        return None
    if parts.month is None:
        return dt.date(parts.year, 1, 1).toordinal(), dt.date(parts.year, 12, 31).toordinal()
    if parts.day is None:
        first = dt.date(parts.year, parts.month, 1)
        following = dt.date(parts.year + parts.month // 12, parts.month % 12 + 1, 1)
        return first.toordinal(), following.toordinal() - 1
    day = dt.date(parts.year, parts.month, parts.day).toordinal()
    return day, day


def _mention(number: int, result: ArticleResult, index: int, event: DiplomaticEvent) -> _Mention:
    people = frozenset(name_key(p.name) for p in event.participants if p.name)
    states = frozenset(
        s for p in event.participants for s in (p.country, p.organization) if s is not None
    )
    named: dict[str, set[str]] = defaultdict(set)
    for p in event.participants:
        if p.name and p.side:
            named[p.side].add(name_key(p.name))
    month_day = None
    if event.date and event.date.startswith("--"):
        month, day = event.date[2:].split("-")
        month_day = (int(month), int(day))
    published = dt.date.fromisoformat(result.published) if result.published else None
    return _Mention(
        number, result.article_id, index, event, published, people - {""}, states,
        {side: frozenset(keys) for side, keys in named.items()}, _interval(event.date), month_day,
    )  # fmt: skip


#: Kinds a model confuses for one encounter (measured: the local model called a phone call a
#: meeting); they merge only with the very same people on the very same day.
_CONFUSED_KINDS = frozenset({"in person", "phone call"})


def _kind_reason(a: _Mention, b: _Mention) -> str | None:
    ta, tb = a.event.event_type, b.event.event_type
    if ta == tb:
        return f"both {ta}"
    if KIND[ta] == KIND[tb]:
        return f"{ta} and {tb} are both {KIND[ta]}"
    one_day = a.interval is not None and a.interval[0] == a.interval[1]
    if {KIND[ta], KIND[tb]} == _CONFUSED_KINDS and a.people == b.people:
        if one_day and a.interval == b.interval:
            return f"types differ ({ta}, {tb}) but the same people on the same day"
        if a.article_id == b.article_id and (a.interval is None or b.interval is None):
            return f"types differ ({ta}, {tb}) but the same people, in one report"
    return None


def _date_reason(a: _Mention, b: _Mention) -> str | None:
    """Why the two dates fit together, or None if they do not."""
    da, db = a.event.date, b.event.date
    if a.interval and b.interval:
        (alo, ahi), (blo, bhi) = a.interval, b.interval
        if alo <= bhi + DATE_TOLERANCE and blo <= ahi + DATE_TOLERANCE:
            return f"dates {da} and {db} agree" if da != db else f"same date {da}"
        return None
    if a.month_day or b.month_day:
        dated, undated = (a, b) if b.month_day else (b, a)
        assert undated.month_day is not None
        if dated.month_day == undated.month_day:
            return f"same day {da}"
        if dated.interval and dated.interval[0] == dated.interval[1]:
            day = dt.date.fromordinal(dated.interval[0])
            if (day.month, day.day) == undated.month_day:
                return f"{undated.event.date} is {dated.event.date} without its year"
        return None
    if a.article_id == b.article_id:  # one report, no date to tell its events apart
        return "no date in one of them, in one report"
    if a.published and b.published:  # at least one has no date at all
        apart = abs((a.published - b.published).days)
        if apart <= UNDATED_WINDOW:
            return f"no date in one report; reported {apart} day(s) apart"
    return None


def _place_reason(a: _Mention, b: _Mention) -> str | None:
    la, lb = a.event.location, b.event.location
    if la and lb and la.city and lb.city:
        return f"same city {la.city}" if la.city == lb.city else None
    if la and lb and la.country and lb.country:
        return f"same country {la.country}" if la.country == lb.country else None
    return "place given in at most one report"


def why_same(a: _Mention, b: _Mention) -> list[str] | None:
    """The reasons two mentions report one event, or None if they do not."""
    ea, eb = a.event, b.event
    shared = a.people & b.people
    if ea.status != eb.status or not shared:
        return None
    kind = _kind_reason(a, b)
    if kind is None:
        return None
    if len(a.states) >= 2 and len(b.states) >= 2 and len(a.states & b.states) < 2:
        return None
    if any(a.sides[side].isdisjoint(b.sides[side]) for side in a.sides.keys() & b.sides.keys()):
        return None  # one state, other people: Fidan with Aliyev, then with Bayramov
    date = _date_reason(a, b)
    place = _place_reason(a, b)
    if date is None or place is None:
        return None
    names = sorted(p.name for p in ea.participants if p.name and name_key(p.name) in shared)
    return [kind, f"{ea.status}", "shared participants: " + ", ".join(names), date, place]


class _Clusters:
    """Union-find over mention numbers; the smaller number leads, so results are stable."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _candidate_pairs(mentions: Sequence[_Mention]) -> Iterable[tuple[_Mention, _Mention]]:
    """Pairs worth comparing: same status and a shared person, close in date."""
    blocks: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for m in mentions:
        for person in m.people:
            blocks[(m.event.status, person)].append(m)
    seen: set[tuple[int, int]] = set()
    for block in blocks.values():
        dated = sorted((m for m in block if m.interval), key=lambda m: m.interval or (0, 0))
        others = [m for m in block if not m.interval]
        pairs: list[tuple[_Mention, _Mention]] = []
        for i, a in enumerate(dated):  # sweep: stop once b starts after a ends
            assert a.interval is not None
            for b in dated[i + 1 :]:
                assert b.interval is not None
                if b.interval[0] > a.interval[1] + DATE_TOLERANCE:
                    break
                pairs.append((a, b))
        pairs.extend((a, b) for i, a in enumerate(others) for b in others[i + 1 :])
        pairs.extend((a, b) for a in others for b in dated)
        for a, b in pairs:
            key = (min(a.number, b.number), max(a.number, b.number))
            if key not in seen:
                seen.add(key)
                yield (a, b) if a.number < b.number else (b, a)


def merge_events(results: Iterable[ArticleResult]) -> list[MergedEvent]:
    """Every event of ``results`` once, with all the articles that report it."""
    reported = [
        (result, index, event)
        for result in sorted(results, key=lambda r: r.article_id)
        for index, event in enumerate(result.events)
    ]
    mentions = [_mention(n, *report) for n, report in enumerate(reported)]
    clusters = _Clusters(len(mentions))
    reasons: dict[int, list[MergeReason]] = defaultdict(list)
    links: list[tuple[_Mention, _Mention, list[str]]] = []
    for a, b in _candidate_pairs(mentions):
        why = why_same(a, b)
        if why is not None:
            clusters.union(a.number, b.number)
            links.append((a, b, why))
    for a, b, why in links:
        reasons[clusters.find(a.number)].append(
            MergeReason(
                mentions=[f"{a.article_id}#{a.index}", f"{b.article_id}#{b.index}"], why=why
            )
        )
    members: dict[int, list[_Mention]] = defaultdict(list)
    for m in mentions:
        members[clusters.find(m.number)].append(m)
    return [_merged(group, reasons[root]) for root, group in sorted(members.items())]


_PRECISION = {10: 4, 7: 3, 4: 2}  # YYYY-MM-DD, YYYY-MM, YYYY; --MM-DD counts 1
#: Among equally precise dates: the one read from the article's own words wins (see dates.py).
DATE_TRUST = {"evidence": 3, "text": 2, "model": 1, None: 0}
_OWN = DATE_TRUST["evidence"]


def _precision(date: str | None) -> int:
    if date is None:
        return 0
    return 1 if date.startswith("--") else _PRECISION[len(date)]


def _merged(group: list[_Mention], reasons: list[MergeReason]) -> MergedEvent:
    events = [m.event for m in group]
    dates = Counter(e.date for e in events if e.date)
    trust = {
        e.date: max(DATE_TRUST[x.date_source] for x in events if x.date == e.date) for e in events
    }
    date = max(
        dates, key=lambda d: (trust[d] == _OWN, _precision(d), trust[d], dates[d], d), default=None
    )
    types = Counter(e.event_type for e in events)
    locations = Counter(e.location.model_dump_json() for e in events if e.location)
    location = (
        Location.model_validate_json(max(locations, key=lambda loc: (locations[loc], loc)))
        if locations
        else None
    )
    best = max(group, key=lambda m: (m.event.date == date, -m.number)).event
    ids = [m.event.event_id or event_id(m.article_id, m.event) for m in group]
    participants = merge_participants([p for e in events for p in e.participants])
    return MergedEvent(
        event_id=merged_id(ids),
        event_type=max(types, key=lambda t: (types[t], t == best.event_type)),
        status=best.status,
        date=date,
        location=location,
        participants=participants,
        topics=_union_topics(events),
        codes=best.codes,
        direction=merged_direction(events, participants),
        mentions=[
            EventMention(
                article_id=m.article_id,
                event_index=m.index,
                event_id=mention_id,
                event_type=m.event.event_type,
                date=m.event.date,
                evidence=m.event.evidence,
            )
            for m, mention_id in zip(group, ids, strict=True)
        ],
        merged_because=reasons,
    )


def _union_topics(events: Sequence[DiplomaticEvent]) -> list[Topic]:
    seen: dict[str, Topic] = {}
    for event in events:
        for topic in event.topics:
            seen.setdefault(topic.label.casefold(), topic)
    return list(seen.values())


def joined_evidence(events: Sequence[DiplomaticEvent]) -> tuple[list[EvidenceSpan], list[str]]:
    """Every span the reports of one event cite, once and in article order, and their
    unplaced citations, once each (for reports of one article, or of one article's parts
    shifted to its offsets)."""
    spans = {(s.start, s.end): s for e in events for s in e.evidence}
    unplaced = list(dict.fromkeys(u for e in events for u in e.unplaced_evidence))
    return [spans[key] for key in sorted(spans)], unplaced
