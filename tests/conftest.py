"""Shared fixtures: the seed articles, their recordings, and the --live switch."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from diplo_extract import Article, Extractor, read_inputs
from diplo_extract.local import DEFAULT_MODEL_NAME

from .loopback import LoopbackServer, Recordings, load_recordings, serve_in_thread

#: A test run started in the background by a non-interactive shell (`cmd &`) inherits SIGINT
#: ignored, and so would every run the tests start: the Ctrl-C tests need it as a terminal
#: gives it. A handler here is reset to the default in the runs the tests start.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"
CASSETTES = ROOT / "fixtures" / "cassettes"
GOLD = ROOT / "fixtures" / "gold" / "seeds.gold.jsonl"
GOLD_FILES = sorted((ROOT / "fixtures" / "gold").glob("*.gold.jsonl"))
SCHEMAS = ROOT / "schemas"
#: Every test article: the five seeds (0xx, real news), the ones written for gold (1xx) and
#: real news pages with gold (2xx, sources in fixtures/gold/real.sources.jsonl).
ARTICLE_IDS = sorted(p.stem for p in ARTICLES.glob("*.txt"))
SEED_IDS = [i for i in ARTICLE_IDS if i.startswith("0")]
#: The model name the recordings were made with: requests naming it match them.
LOOPBACK_MODEL = DEFAULT_MODEL_NAME


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--live",
        action="store_true",
        help="run tests that need the live local LLM (llama.cpp, extra 'local')",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--live"):
        return
    skip = pytest.mark.skip(reason="needs the live local LLM; run pytest --live")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seeds() -> dict[str, Article]:
    return {a.id: a for a in read_inputs([str(ARTICLES)]) if isinstance(a, Article)}


@pytest.fixture(scope="session")
def gold() -> dict[str, dict[str, object]]:
    rows = (
        json.loads(line)
        for path in GOLD_FILES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    return {row["article_id"]: row for row in rows}


@pytest.fixture(scope="session")
def replayer() -> Iterator[Extractor]:
    """An extractor that only replays the checked-in recordings of the local 1.5B model."""
    with Extractor(cache_dir=CASSETTES, cache_mode="replay") as extractor:
        yield extractor


@pytest.fixture(scope="session")
def recordings() -> Recordings:
    return load_recordings(CASSETTES)


@pytest.fixture
def loopback(recordings: Recordings) -> Iterator[LoopbackServer]:
    """An OpenAI-compatible server on 127.0.0.1 answering with the real recordings.

    Requests built with ``LOOPBACK_MODEL`` are the recorded ones, so it answers them as the
    local model did; its ``base_url`` is where to point a client.
    """
    with serve_in_thread(recordings) as (_, server):
        yield server
