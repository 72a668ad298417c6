"""Stable ids for events and merged events.

An event's id is ``ev_`` and the first 16 hex digits of the SHA-1 of its article id and its
content: type, status, date, the sorted identities of its participants (canonical name keys,
or office and state for unnamed officials) and the offsets of its evidence. The same article
run again gives the same ids; an id changes only when one of those changes (a better date, one
more participant, another sentence cited). Summary, topics, codes and flags are left out: they
follow from the fields that are in, or are wording.

A merged event's id (``diplo-extract merge``) is ``mev_`` and the hash of its mentions'
event ids, sorted: it changes only when a mention joins, leaves or changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from diplo_extract.actors import identity
from diplo_extract.models import DiplomaticEvent

_DIGITS = 16


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:_DIGITS]


def event_id(article_id: str, event: DiplomaticEvent) -> str:
    """The id the event has in the article ``article_id`` (whatever ``event.event_id`` says)."""
    people = sorted("/".join(identity(p)) for p in event.participants)
    spans = [f"{s.start}-{s.end}" for s in event.evidence]
    return "ev_" + _digest(
        [article_id, event.event_type, event.status, event.date or "", *people, "|", *spans]
    )


def with_ids(article_id: str, events: list[DiplomaticEvent]) -> list[DiplomaticEvent]:
    """The events, each with its ``event_id``; two identical events of one article (which the
    joins in ``normalise`` leave apart only when they cite the same sentences) get ``-2``,
    ``-3``... after the second and later."""
    seen: dict[str, int] = {}
    identified = []
    for event in events:
        base = event_id(article_id, event)
        seen[base] = seen.get(base, 0) + 1
        new_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        identified.append(event.model_copy(update={"event_id": new_id}))
    return identified


def merged_id(mention_ids: Iterable[str]) -> str:
    """The id of a merged event, from its mentions' event ids."""
    return "mev_" + _digest(sorted(mention_ids))
