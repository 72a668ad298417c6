"""Analyst-ready event data: ``extract`` or ``merge`` output as PLOVER JSON lines or one flat
row per event (TSV, CSV, Parquet).

Every column is listed once, with its type and meaning, in :data:`COLUMNS`; the docs
(``docs/export_columns.md``), the Parquet schema and the pandas loader
(:mod:`diplo_extract.frame`) all read it. CAMEO codes stay text ("042"), dates stay ISO
strings at the precision the article gives ("2024-06", "--06-13"), coordinates are floats.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import ValidationError

from diplo_extract.errors import DiploExtractError
from diplo_extract.models import (
    ArticleResult,
    DiplomaticEvent,
    Direction,
    EventCodes,
    EvidenceSpan,
    Location,
    MergedEvent,
    Participant,
)
from diplo_extract.output import first_problem

Format = Literal["plover", "tsv", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("plover", "tsv", "csv", "parquet")
ColumnType = Literal["string", "int", "float"]

#: (name, type, meaning) of every flat column, in order. "ours" marks what PLOVER does not name.
COLUMNS: tuple[tuple[str, ColumnType, str], ...] = (
    ("event_id", "string", "Stable id: ev_… for an article's event, mev_… for a merged event."),
    ("mention_ids", "string", "Merged events: the event_ids of its mentions, joined by ';'."),
    ("article_id", "string", "The article (merged events: every article, joined by ';')."),
    ("date", "string", "ISO 8601 at the precision the article gives: YYYY-MM-DD, YYYY-MM, "
     "YYYY or --MM-DD (no year); empty when unknown."),
    ("event_type", "string", "ours: meeting, phone_call, visit, summit, negotiation, "
     "agreement, other."),
    ("status", "string", "ours: occurred, planned or cancelled."),
    ("cameo", "string", "CAMEO event code as text ('042', never 42)."),
    ("cameo_label", "string", "CAMEO's name for the code."),
    ("plover_event", "string", "PLOVER event category (event): CONSULT, AGREE, SUPPORT, REJECT."),
    ("plover_mode", "string", "PLOVER mode: visit, third-party, multilateral, phone, "
     "unspecified."),
    ("quad_code", "int", "PLOVER quad category: 1 verbal cooperation, 3 verbal conflict."),
    ("actor_name", "string", "First actor (visitor, caller, signatory): canonical name, or "
     "the office of an unnamed official; empty when the direction is undecided."),
    ("actor_country", "string", "First actor's country (ISO alpha-3), or EUR, UNO, IGO for "
     "officials of the EU, the UN, other international organisations."),
    ("actor_sector", "string", "First actor's sector: GOV, MIL or IGO."),
    ("recipient_name", "string", "First recipient (host, the one called); empty for a "
     "reciprocal event (agreement) or an undecided direction."),
    ("recipient_country", "string", "First recipient's country code (as actor_country)."),
    ("recipient_sector", "string", "First recipient's sector (as actor_sector)."),
    ("actors", "string", "Every actor as 'name [CODE SECTOR]', joined by '; '."),
    ("recipients", "string", "Every recipient, as actors."),
    ("direction", "string", "ours: how actor and recipient were decided: wording, "
     "host_country, organisation_seat; empty when undecided (never guessed)."),
    ("direction_cue", "string", "ours: the evidence's words that decided (direction wording)."),
    ("participants", "string", "Everyone taking part, as actors, joined by '; '."),
    ("participant_countries", "string", "Their country codes, once each, joined by ';'."),
    ("place_city", "string", "City in English (GeoNames' spelling)."),
    ("place_country", "string", "Country of the place (ISO alpha-3)."),
    ("place_precision", "string", "city, or country when only the country is known."),
    ("geonames_id", "int", "GeoNames id of the city (or of the country, precision country)."),
    ("latitude", "float", "Latitude of the city (WGS84); empty for a country-only place."),
    ("longitude", "float", "Longitude of the city (WGS84); empty for a country-only place."),
    ("url", "string", "The article's URL, when the input gave it."),
    ("title", "string", "The article's title, when the input gave it."),
    ("publisher", "string", "The host name of the URL (www.rtl.fr): where known, not a name."),
    ("source", "string", "ours: where the article came from (file path or URL)."),
    ("language", "string", "ISO 639-1 code of the article's language."),
    ("published", "string", "Publication date (ISO 8601), when known."),
    ("sentences", "string", "Numbers of the evidence sentences in the article, joined by ';'."),
    ("evidence_start", "int", "Character offset where the first evidence sentence starts."),
    ("evidence_end", "int", "Character offset just past the first evidence sentence."),
    ("evidence_offsets", "string", "Every evidence span as start-end, joined by ';'."),
    ("evidence_text", "string", "The evidence sentences, joined by ' … '."),
    ("coder", "string", "The program that coded the event: 'diplo-extract 0.1.0'."),
    ("model", "string", "The model that read the article."),
    ("coded_date", "string", "The day (UTC) the event was coded."),
    ("flags", "string", "ours: reasons to check by hand, joined by ';'."),
    ("summary", "string", "ours: one line written by code from the fields."),
)  # fmt: skip
COLUMN_NAMES = [name for name, _, _ in COLUMNS]

#: PLOVER codes for the international organisations ``countries`` knows (else IGO).
_ORGANISATION_CODES = {"European Union": "EUR", "United Nations": "UNO"}
#: Words of an office that make its holder military (PLOVER's MIL sector).
_MILITARY = re.compile(
    r"\b(defen[cs]e|military|army|navy|naval|air force|general|admiral|chief of staff|"
    r"armed forces|минист\w* обороны|verteidigung|defensa|difesa|savunma|оборони)",
    re.IGNORECASE,
)
_QUAD = {"CONSULT": 1, "AGREE": 1, "SUPPORT": 1, "REJECT": 3}
_RESOLUTION = {"city": 4, "country": 1}


class ExportError(DiploExtractError):
    """The input cannot be exported: a line that is neither extract nor merge output, or a
    format whose libraries are not installed."""


class CannotWriteExport(ExportError):
    """The output file cannot be written (a missing or read-only folder, a full disk)."""


@dataclass
class Event:
    """One event to export, from an article line or a merge line."""

    event_id: str
    article_ids: list[str]
    mention_ids: list[str]
    event_type: str
    status: str
    date: str | None
    location: Location | None
    participants: list[Participant]
    codes: EventCodes | None
    direction: Direction | None
    evidence: list[EvidenceSpan]
    flags: list[str] = field(default_factory=list)
    summary: str | None = None
    article: ArticleResult | None = None


@dataclass
class Loaded:
    """What was read: the events, and what was skipped."""

    events: list[Event] = field(default_factory=list)
    articles: int = 0
    merged: int = 0
    skipped_errors: int = 0


def _article_events(result: ArticleResult) -> Iterator[Event]:
    from diplo_extract.ids import event_id  # the same id merge gives a mention without one

    for event in result.events:
        identifier = event.event_id or event_id(result.article_id, event)
        yield _from_event(identifier, result, event)


def _from_event(identifier: str, result: ArticleResult, event: DiplomaticEvent) -> Event:
    return Event(
        event_id=identifier,
        article_ids=[result.article_id],
        mention_ids=[],
        event_type=event.event_type,
        status=event.status,
        date=event.date,
        location=event.location,
        participants=event.participants,
        codes=event.codes,
        direction=event.direction,
        evidence=event.evidence,
        flags=list(event.flags),
        summary=event.summary,
        article=result,
    )


def _merged_event(merged: MergedEvent) -> Event:
    return Event(
        event_id=merged.event_id,
        article_ids=list(dict.fromkeys(m.article_id for m in merged.mentions)),
        mention_ids=[m.event_id for m in merged.mentions],
        event_type=merged.event_type,
        status=merged.status,
        date=merged.date,
        location=merged.location,
        participants=merged.participants,
        codes=merged.codes,
        direction=merged.direction,
        evidence=[span for m in merged.mentions for span in m.evidence],
    )


def load_events(path: Path) -> Loaded:
    """The events of an ``extract`` or ``merge`` output file; article lines with an error
    are skipped and counted. Raises ExportError naming the line that is neither."""
    loaded = Loaded()
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                raise ExportError(f"{path}:{number} is not a JSON line.") from None
            try:
                if isinstance(record, dict) and "mentions" in record:
                    loaded.events.append(_merged_event(MergedEvent.model_validate(record)))
                    loaded.merged += 1
                    continue
                result = ArticleResult.model_validate(record)
            except ValidationError as exc:
                raise ExportError(
                    f"{path}:{number} is neither a line of extract output nor of merge output "
                    f"({first_problem(exc)})."
                ) from None
            if result.error is not None:
                loaded.skipped_errors += 1
                continue
            loaded.articles += 1
            loaded.events.extend(_article_events(result))
    return loaded


def entity_code(participant: Participant) -> str | None:
    """PLOVER's entity code: the country (alpha-3), or EUR, UNO, IGO for an organisation."""
    if participant.country:
        return participant.country
    if participant.organization:
        return _ORGANISATION_CODES.get(participant.organization, "IGO")
    return None


def sector(participant: Participant) -> str | None:
    """PLOVER's sector: IGO for an organisation's official, MIL when the office is military,
    else GOV for a state's representative (diplomacy is what governments do: the convention
    of the event-data coders for ministers and heads of state); None when the side is unknown.
    """
    if participant.organization and not participant.country:
        return "IGO"
    if participant.country is None:
        return None
    if participant.role and _MILITARY.search(participant.role):
        return "MIL"
    return "GOV"


def _label(participant: Participant) -> str:
    name = participant.name or participant.role or "unnamed"
    tags = " ".join(filter(None, (entity_code(participant), sector(participant))))
    return f"{name} [{tags}]" if tags else name


def _sides(event: Event) -> tuple[list[Participant], list[Participant]]:
    if event.direction is None:
        return [], []
    people = event.participants
    return (
        [people[i] for i in event.direction.actor],
        [people[i] for i in event.direction.recipient],
    )


def _publisher(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _clean(value: str | None) -> str | None:
    """Text for one cell: tabs and line breaks become spaces (TSV and spreadsheets)."""
    return re.sub(r"[\t\r\n]+", " ", value) if value is not None else None


def row(event: Event) -> dict[str, Any]:
    """The flat row of one event, keyed by :data:`COLUMN_NAMES`."""
    actors, recipients = _sides(event)
    first_actor = actors[0] if actors else None
    first_recipient = recipients[0] if recipients else None
    article = event.article
    location = event.location
    spans = event.evidence
    return {
        "event_id": event.event_id,
        "mention_ids": ";".join(event.mention_ids) or None,
        "article_id": ";".join(event.article_ids),
        "date": event.date,
        "event_type": event.event_type,
        "status": event.status,
        "cameo": event.codes.cameo if event.codes else None,
        "cameo_label": event.codes.cameo_label if event.codes else None,
        "plover_event": event.codes.plover_type if event.codes else None,
        "plover_mode": event.codes.plover_mode if event.codes else None,
        "quad_code": _QUAD.get(event.codes.plover_type) if event.codes else None,
        "actor_name": (first_actor.name or first_actor.role) if first_actor else None,
        "actor_country": entity_code(first_actor) if first_actor else None,
        "actor_sector": sector(first_actor) if first_actor else None,
        "recipient_name": (first_recipient.name or first_recipient.role)
        if first_recipient
        else None,
        "recipient_country": entity_code(first_recipient) if first_recipient else None,
        "recipient_sector": sector(first_recipient) if first_recipient else None,
        "actors": "; ".join(_label(p) for p in actors) or None,
        "recipients": "; ".join(_label(p) for p in recipients) or None,
        "direction": event.direction.basis if event.direction else None,
        "direction_cue": _clean(event.direction.cue) if event.direction else None,
        "participants": "; ".join(_label(p) for p in event.participants) or None,
        "participant_countries": ";".join(
            dict.fromkeys(c for p in event.participants if (c := entity_code(p)))
        )
        or None,
        "place_city": location.city if location else None,
        "place_country": location.country if location else None,
        "place_precision": location.precision if location else None,
        "geonames_id": location.geonames_id if location else None,
        "latitude": location.latitude if location else None,
        "longitude": location.longitude if location else None,
        "url": article.url if article else None,
        "title": _clean(article.title) if article else None,
        "publisher": _publisher(article.url) if article else None,
        "source": article.source if article else None,
        "language": article.language if article else None,
        "published": article.published if article else None,
        "sentences": ";".join(str(s.sentence) for s in spans if s.sentence is not None) or None,
        "evidence_start": spans[0].start if spans else None,
        "evidence_end": spans[0].end if spans else None,
        "evidence_offsets": ";".join(f"{s.start}-{s.end}" for s in spans) or None,
        "evidence_text": _clean(" … ".join(s.quote for s in spans)) or None,
        "coder": article.coder if article else None,
        "model": article.model if article else None,
        "coded_date": article.coded_date if article else None,
        "flags": ";".join(event.flags) or None,
        "summary": _clean(event.summary),
    }


def _entity(participant: Participant) -> dict[str, Any]:
    return {
        "code": entity_code(participant),
        "sector": sector(participant),
        "entity_text": participant.name_original or participant.name or participant.role,
        "identifier_id": None,
        "identifier_text": participant.name,
        "office": participant.role,
    }


def plover_record(event: Event) -> dict[str, Any]:
    """One event as a PLOVER record (PLOVER manual, chapter "Data Fields"); the fields PLOVER
    does not name are listed in docs/export_columns.md."""
    actors, recipients = _sides(event)
    if event.direction is None:  # the manual: no clear host or visitor, everyone is actor
        actors = event.participants
    article = event.article
    location = event.location
    return {
        "id": event.event_id,
        "date": event.date,
        "actor": [_entity(p) for p in actors],
        "recipient": [_entity(p) for p in recipients],
        "event": [event.codes.plover_type] if event.codes else [],
        "mode": [event.codes.plover_mode] if event.codes and event.codes.plover_mode else [],
        "context": [],
        "quad_code": _QUAD.get(event.codes.plover_type) if event.codes else None,
        "event_loc": _event_loc(location) if location else None,
        "event_text": [span.quote for span in event.evidence],
        "text_info": [
            {"sequence": s.sentence, "start": s.start, "end": s.end} for s in event.evidence
        ],
        "cite_info": {
            "url": article.url if article else None,
            "title": article.title if article else None,
            "language": article.language if article else None,
            "publication": _publisher(article.url) if article else None,
            "coder": article.coder if article else None,
        },
        "link": event.mention_ids or None,
        "coder": article.coder if article else None,
        "coded_date": article.coded_date if article else None,
        "comment": event.summary,
        # ours (not in the PLOVER manual):
        "article_id": ";".join(event.article_ids),
        "event_type": event.event_type,
        "status": event.status,
        "cameo": event.codes.cameo if event.codes else None,
        "direction": event.direction.basis if event.direction else None,
        "direction_cue": event.direction.cue if event.direction else None,
        "model": article.model if article else None,
        "published": article.published if article else None,
        "flags": event.flags,
    }


def _event_loc(location: Location) -> dict[str, Any]:
    import pycountry

    country = pycountry.countries.get(alpha_3=location.country) if location.country else None
    return {
        "extracted_place": None,
        "resolved_place": location.city or (country.name if country else None),
        "geonameid": location.geonames_id,
        "lat": location.latitude,
        "lon": location.longitude,
        "city": location.city,
        "country": country.name if country else None,
        "country_code": location.country,
        "resolution": _RESOLUTION.get(location.precision or ""),
    }


def _write_table(events: Iterable[Event], out: Path, delimiter: str) -> None:
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, COLUMN_NAMES, delimiter=delimiter, lineterminator="\n")
        writer.writeheader()
        for event in events:
            writer.writerow({k: "" if v is None else v for k, v in row(event).items()})


def _write_plover(events: Iterable[Event], out: Path) -> None:
    with out.open("w", encoding="utf-8") as stream:
        for event in events:
            stream.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")


def _write_parquet(events: Iterable[Event], out: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(
            "Parquet needs pyarrow: pip install 'diplo-extract[export]' (or pip install pyarrow)."
        ) from None
    kinds = {"string": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(name, kinds[kind]) for name, kind, _ in COLUMNS])
    rows = [row(event) for event in events]
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, out)


def export(source: Path, out: Path, fmt: Format) -> Loaded:
    """Write the events of ``source`` (extract or merge output) to ``out`` in ``fmt``."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    loaded = load_events(source)
    try:
        if not out.parent.exists():  # a file in its place: "Not a directory" when opened
            out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "plover":
            _write_plover(loaded.events, out)
        elif fmt == "parquet":
            _write_parquet(loaded.events, out)
        else:
            _write_table(loaded.events, out, "\t" if fmt == "tsv" else ",")
    except OSError as exc:  # pyarrow's errors are OSErrors too
        raise CannotWriteExport(f"Cannot write {out}: {exc.strerror or exc}.") from None
    return loaded
