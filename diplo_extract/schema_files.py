"""JSON Schema files of the public models, checked in under ``schemas/``.

Pipelines that consume the JSONL validate against these files, so they are generated from the
models (never edited by hand) and a test fails when they fall out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from diplo_extract.answer import ExtractedEvents
from diplo_extract.models import (
    ArticleResult,
    DiplomaticEvent,
    EventCodes,
    EvidenceSpan,
    Location,
    MergedEvent,
    Participant,
    Topic,
)

#: The output records, and (``ExtractedEvents``) the answer the model is asked to give.
PUBLIC_MODELS: tuple[type[BaseModel], ...] = (
    ArticleResult,
    DiplomaticEvent,
    EventCodes,
    EvidenceSpan,
    ExtractedEvents,
    Location,
    MergedEvent,
    Participant,
    Topic,
)


def schema_texts() -> dict[str, str]:
    """File name → JSON Schema text (of what the JSONL output holds) for each public model."""
    return {
        f"{model.__name__}.schema.json": json.dumps(
            model.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False
        )
        + "\n"
        for model in PUBLIC_MODELS
    }


def stale_schema_files(directory: Path) -> list[str]:
    """Names of schema files that are missing or differ from the models."""
    return [
        name
        for name, text in schema_texts().items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != text
    ]


def write_schema_files(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
