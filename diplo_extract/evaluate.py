"""Scoring predictions against gold annotations (format: docs/gold_format.md).

Within each article, gold and predicted events are matched one to one with the best total
match: participants first, then date, then type. A predicted event matched to an optional gold
event (``required: false``) is neither a hit nor a false alarm; an unmatched optional gold event
is not a miss. For matched required events we report how often type, status, date, location
country and city agree, and participant precision and recall. Names match across scripts and
spellings through the same keys the extractor uses (:func:`diplo_extract.actors.name_key`);
unnamed offices in gold match a predicted participant of the same country (or organisation).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz

from diplo_extract.actors import NAME_MATCH_THRESHOLD, name_key
from diplo_extract.countries import plain_form
from diplo_extract.models import EventStatus, EventType
from diplo_extract.output import first_problem, load_results

Json = dict[str, Any]

#: Weights of the pair score: participants decide, date and type break ties.
_PARTICIPANT_WEIGHT, _DATE_WEIGHT, _TYPE_WEIGHT = 2.0, 1.0, 0.5


class _GoldParticipant(BaseModel):
    name: str | None
    aliases: list[str] = []
    role: str | None = None
    country: str | None = None
    organization: str | None = None


class _GoldLocation(BaseModel):
    city: str | None = None
    country: str | None = None


class _GoldDirection(BaseModel):
    """Actor and recipient, each a gold participant's name (its country or organisation when
    unnamed); ``recipient`` is empty for a reciprocal event (an agreement both sides sign)."""

    actor: list[str]
    recipient: list[str] = []


class _GoldEvent(BaseModel):
    event_type: EventType
    also_accept: list[EventType] = []
    status: EventStatus
    date: str | None
    date_alternatives: list[str | None] = []
    location: _GoldLocation | None = None
    participants: list[_GoldParticipant]
    direction: _GoldDirection | None = None
    topics: list[str] = []
    required: bool = True
    note: str | None = None


class _GoldRow(BaseModel):
    """One line of a ``*.gold.jsonl`` file (docs/gold_format.md), checked before it is scored."""

    article_id: str
    language: str | None = None
    published: str | None = None
    events: list[_GoldEvent]


def _is_extract_output(raw: bytes) -> bool:
    """Whether a line is one ``extract`` writes (it names its model and usage): given as gold,
    such a file would be scored against itself, near 1.0, without a word."""
    try:
        row = json.loads(raw)
    except ValueError:
        return False
    return isinstance(row, dict) and {"model", "usage", "coder"} <= row.keys()


def _gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files given, with each folder replaced by the ``*.gold.jsonl`` files in it."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(path.glob("*.gold.jsonl"))
            if not found:
                raise ValueError(f"{path}: a folder with no *.gold.jsonl file in it")
            files += found
        else:
            files.append(path)
    return files


def load_gold(paths: Iterable[str | Path]) -> dict[str, Json]:
    """Gold rows by article id, from one or more ``*.gold.jsonl`` files, or folders of them.

    Raises ValueError as ``file:line: what is wrong`` for a row that breaks the gold format,
    and when the files hold no row at all (scores over nothing would read as perfect).
    """
    gold: dict[str, Json] = {}
    for path in _gold_files(paths):
        for number, raw in enumerate(Path(path).read_bytes().splitlines(), 1):
            if raw.strip():
                if _is_extract_output(raw):
                    raise ValueError(
                        f"{path}:{number}: a line of diplo-extract extract, not gold: give its "
                        "output as PREDICTIONS and gold (docs/gold_format.md) with --gold."
                    )
                try:
                    row = _GoldRow.model_validate_json(raw)
                except ValidationError as exc:
                    raise ValueError(f"{path}:{number}: {first_problem(exc)}") from None
                gold[unicodedata.normalize("NFC", row.article_id)] = row.model_dump(mode="json")
    if not gold:
        names = ", ".join(str(path) for path in paths)
        raise ValueError(f"No gold rows in {names}: there is nothing to score against.")
    return gold


def load_predictions(path: Path) -> list[Json]:
    """Output lines of ``diplo-extract extract``, each checked as an ArticleResult, each
    article once (see :func:`diplo_extract.output.load_results`)."""
    loaded = load_results([path], include_failed=True)
    rows = [result.model_dump(mode="json") for result in loaded.results]
    for row in rows:  # as gold ids: a file named on macOS (NFD) is the same article
        row["article_id"] = unicodedata.normalize("NFC", row["article_id"])
    return rows


@dataclass
class Ratio:
    """Hits out of a total, reported as a share (None when there is nothing to count)."""

    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None


@dataclass
class ArticleScore:
    article_id: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    error: str | None = None


@dataclass
class Scores:
    """Everything ``diplo-extract eval`` reports."""

    articles: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    event_type: Ratio = field(default_factory=Ratio)
    status: Ratio = field(default_factory=Ratio)
    date: Ratio = field(default_factory=Ratio)
    location_country: Ratio = field(default_factory=Ratio)
    location_city: Ratio = field(default_factory=Ratio)
    participant_precision: Ratio = field(default_factory=Ratio)
    participant_recall: Ratio = field(default_factory=Ratio)
    #: Of the matched named people, those given the state (or organisation) gold gives: the
    #: sides of the CAMEO/PLOVER dyad, which name matching alone does not check.
    participant_state: Ratio = field(default_factory=Ratio)
    per_article: list[ArticleScore] = field(default_factory=list)
    missing_predictions: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> Json:
        fields = {
            name: getattr(self, name)
            for name in ("event_type", "status", "date", "location_country", "location_city")
        }
        return {
            "articles": self.articles,
            "events": {
                "precision": self.precision,
                "recall": self.recall,
                "f1": self.f1,
                "true_positives": self.true_positives,
                "false_positives": self.false_positives,
                "false_negatives": self.false_negatives,
            },
            "matched_events": {
                name: {"accuracy": r.value, "correct": r.hits, "of": r.total}
                for name, r in fields.items()
            },
            "participants": {
                "precision": self.participant_precision.value,
                "recall": self.participant_recall.value,
                "matched": self.participant_recall.hits,
                "predicted": self.participant_precision.total,
                "gold": self.participant_recall.total,
                "state_accuracy": self.participant_state.value,
                "state_correct": self.participant_state.hits,
                "named_matched": self.participant_state.total,
            },
            "per_article": [asdict(a) for a in self.per_article],
            "missing_predictions": self.missing_predictions,
        }


def score(gold: dict[str, Json], predictions: Iterable[Json]) -> Scores:
    """Score predicted ArticleResult rows against gold rows (articles without gold are skipped)."""
    by_id = {p["article_id"]: p for p in predictions if p.get("article_id") in gold}
    scores = Scores()
    for article_id, row in gold.items():
        prediction = by_id.get(article_id)
        if prediction is None:
            scores.missing_predictions.append(article_id)
        predicted = (prediction or {}).get("events") or []
        article = _score_article(row["events"], predicted, scores)
        article.article_id = article_id
        if prediction is not None and prediction.get("error"):
            article.error = str(prediction["error"].get("type"))
        scores.per_article.append(article)
        scores.articles += 1
    return scores


def _score_article(gold: list[Json], predicted: list[Json], scores: Scores) -> ArticleScore:
    article = ArticleScore(article_id="")
    pairs = best_matching(gold, predicted)
    matched_predictions = {p for _, p in pairs}
    matched_gold = {g for g, _ in pairs}
    for g, p in pairs:
        if not gold[g].get("required", True):
            continue  # an optional gold event: neither a hit nor a false alarm
        article.true_positives += 1
        _score_fields(gold[g], predicted[p], scores)
    article.false_positives = len(predicted) - len(matched_predictions)
    article.false_negatives = sum(
        1 for i, g in enumerate(gold) if g.get("required", True) and i not in matched_gold
    )
    scores.true_positives += article.true_positives
    scores.false_positives += article.false_positives
    scores.false_negatives += article.false_negatives
    return article


def best_matching(gold: Sequence[Json], predicted: Sequence[Json]) -> list[tuple[int, int]]:
    """The one-to-one pairs (gold index, predicted index) with the highest total pair score.

    Exact, by dynamic programming over the subsets of predicted events (an article has at most
    a handful; the answer caps them at 5).
    """
    weights = [[pair_score(g, p) for p in predicted] for g in gold]
    best: dict[int, tuple[float, list[tuple[int, int]]]] = {0: (0.0, [])}
    for g in range(len(gold)):
        step: dict[int, tuple[float, list[tuple[int, int]]]] = {}
        for used, (total, pairs) in best.items():
            options = [(used, total, pairs)]
            for p, weight in enumerate(weights[g]):
                if weight is not None and not used & (1 << p):
                    options.append((used | (1 << p), total + weight, [*pairs, (g, p)]))
            for mask, value, chosen in options:
                if mask not in step or value > step[mask][0]:
                    step[mask] = (value, chosen)
        best = step
    return max(best.values(), key=lambda item: item[0])[1] if best else []


def pair_score(gold: Json, predicted: Json) -> float | None:
    """How well a predicted event fits a gold event, or None if they cannot be the same event.

    They can be the same if they share a participant, or (when participants do not settle it)
    agree on both date and type.
    """
    shared = len(
        match_participants(gold.get("participants") or [], predicted.get("participants") or [])
    )
    people = len(gold.get("participants") or []) + len(predicted.get("participants") or [])
    participant_f1 = 2 * shared / people if people else 0.0
    date_ok, type_ok = date_matches(gold, predicted), type_matches(gold, predicted)
    if shared == 0 and not (date_ok and type_ok):
        return None
    return _PARTICIPANT_WEIGHT * participant_f1 + _DATE_WEIGHT * date_ok + _TYPE_WEIGHT * type_ok


def date_matches(gold: Json, predicted: Json) -> bool:
    accepted = [gold.get("date"), *gold.get("date_alternatives", [])]
    return predicted.get("date") in accepted


def type_matches(gold: Json, predicted: Json) -> bool:
    return predicted.get("event_type") in {gold.get("event_type"), *gold.get("also_accept", [])}


def _location(event: Json) -> tuple[str | None, str | None]:
    location = event.get("location") or {}
    city = location.get("city")
    return (plain_form(city) if city else None), location.get("country")


def _score_fields(gold: Json, predicted: Json, scores: Scores) -> None:
    scores.event_type.add(type_matches(gold, predicted))
    scores.status.add(gold.get("status") == predicted.get("status"))
    scores.date.add(date_matches(gold, predicted))
    gold_city, gold_country = _location(gold)
    city, country = _location(predicted)
    scores.location_country.add(gold_country == country)
    scores.location_city.add(gold_city == city)
    gold_people = gold.get("participants") or []
    people = predicted.get("participants") or []
    pairs = match_participants(gold_people, people)
    shared = len(pairs)
    for g, p in pairs:
        if gold_people[g].get("name"):  # an unnamed office is matched by its state already
            scores.participant_state.add(_same_side(gold_people[g], people[p]))
    scores.participant_precision.hits += shared
    scores.participant_precision.total += len(people)
    scores.participant_recall.hits += shared
    scores.participant_recall.total += len(gold_people)


def match_participants(gold: Sequence[Json], predicted: Sequence[Json]) -> list[tuple[int, int]]:
    """One-to-one participant pairs: named people by name first, then unnamed offices."""
    pairs: list[tuple[int, int]] = []
    free = set(range(len(predicted)))
    for named in (True, False):
        same = _same_person if named else _same_office
        for g, person in enumerate(gold):
            if bool(person.get("name")) != named:
                continue
            p = next((i for i in sorted(free) if same(person, predicted[i])), None)
            if p is not None:
                pairs.append((g, p))
                free.discard(p)
    return pairs


def _same_side(gold: Json, predicted: Json) -> bool:
    """Whether a matched person represents what gold says: its state, or its organisation
    for someone of one (the EU's, the UN's)."""
    if gold.get("country") or not gold.get("organization"):
        return bool(predicted.get("country") == gold.get("country"))
    return bool(predicted.get("organization") == gold["organization"])


def _same_person(gold: Json, predicted: Json) -> bool:
    spellings = [gold["name"], *gold.get("aliases", [])]
    gold_keys = {name_key(s) for s in spellings if s}
    for written in (predicted.get("name"), predicted.get("name_original")):
        if not written:
            continue
        key = name_key(written)
        if key and any(fuzz.token_set_ratio(key, g) >= NAME_MATCH_THRESHOLD for g in gold_keys):
            return True
    return False


def _same_office(gold: Json, predicted: Json) -> bool:
    """An office the article leaves unnamed matches an unnamed prediction of the same state."""
    if predicted.get("name"):
        return False  # the article names nobody here: a named prediction is not this office
    if gold.get("country"):
        return bool(predicted.get("country") == gold["country"])
    organisation = gold.get("organization")
    return bool(organisation) and predicted.get("organization") == organisation


@dataclass
class DirectionScores:
    """How often code decides actor and recipient, and how often it agrees with gold.

    Every predicted event of the scored articles counts once, by how its direction was
    decided. Agreement is judged on the predicted events matched (as in :func:`score`) to a
    gold event that has a direction, by the sides (countries, organisations) of actor and
    recipient: a model that names the wrong minister of the right state still has the right
    dyad.
    """

    events: int = 0
    by_wording: int = 0
    by_host: int = 0
    undecided: int = 0
    agree: int = 0
    disagree: int = 0
    left_empty: int = 0  # gold has a direction, the prediction none
    disagreements: list[str] = field(default_factory=list)

    def to_json(self) -> Json:
        return asdict(self)


def _gold_sides(event: Json, references: list[str]) -> frozenset[str | None]:
    sides: set[str | None] = set()
    for reference in references:
        person = next((p for p in event["participants"] if p.get("name") == reference), None)
        sides.add((person.get("country") or person.get("organization")) if person else reference)
    return frozenset(sides)


def _predicted_sides(event: Json, positions: list[int]) -> frozenset[str | None]:
    people = event.get("participants") or []
    return frozenset(people[i].get("country") or people[i].get("organization") for i in positions)


def score_directions(gold: dict[str, Json], predictions: Iterable[Json]) -> DirectionScores:
    """Direction figures of predicted rows against gold rows (articles without gold skipped)."""
    scores = DirectionScores()
    for prediction in predictions:
        row = gold.get(prediction.get("article_id", ""))
        if row is None:
            continue
        predicted = prediction.get("events") or []
        for event in predicted:
            basis = (event.get("direction") or {}).get("basis")
            scores.events += 1
            if basis == "wording":
                scores.by_wording += 1
            elif basis in ("host_country", "organisation_seat"):
                scores.by_host += 1
            else:
                scores.undecided += 1
        for g, p in best_matching(row["events"], predicted):
            expected = row["events"][g].get("direction")
            if not expected:
                continue
            found = predicted[p].get("direction")
            if not found:
                scores.left_empty += 1
                continue
            gold_dyad = (
                _gold_sides(row["events"][g], expected["actor"]),
                _gold_sides(row["events"][g], expected["recipient"]),
            )
            dyad = (
                _predicted_sides(predicted[p], found["actor"]),
                _predicted_sides(predicted[p], found["recipient"]),
            )
            if dyad == gold_dyad:
                scores.agree += 1
            else:
                scores.disagree += 1
                scores.disagreements.append(f"{prediction['article_id']}#{p}")
    return scores
