"""diplo-extract: verifiable records of diplomatic events from news articles, via an LLM."""

from diplo_extract._version import __version__
from diplo_extract.answer import ExtractedEvents
from diplo_extract.articles import Article, InputProblem, read_inputs
from diplo_extract.cassette import CacheMode, Cassette
from diplo_extract.errors import BackendError, CassetteMiss, DiploExtractError
from diplo_extract.extract import AsyncExtractor, Extractor, Sampling, aextract, extract
from diplo_extract.frame import to_frame
from diplo_extract.models import (
    ArticleResult,
    DiplomaticEvent,
    ErrorInfo,
    EventCodes,
    EvidenceSpan,
    Location,
    Participant,
    Topic,
    Usage,
)
from diplo_extract.retrying import RetryPolicy
from diplo_extract.runner import RunSettings, run
from diplo_extract.summary import RunSummary

__all__ = [
    "Article",
    "ArticleResult",
    "AsyncExtractor",
    "BackendError",
    "CacheMode",
    "Cassette",
    "CassetteMiss",
    "DiploExtractError",
    "DiplomaticEvent",
    "ErrorInfo",
    "EventCodes",
    "EvidenceSpan",
    "ExtractedEvents",
    "Extractor",
    "InputProblem",
    "Location",
    "Participant",
    "RetryPolicy",
    "RunSettings",
    "RunSummary",
    "Sampling",
    "Topic",
    "Usage",
    "__version__",
    "aextract",
    "extract",
    "read_inputs",
    "run",
    "to_frame",
]
