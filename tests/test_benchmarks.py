"""Benchmarks cannot rot silently: each runs here in a quick mode and prints its figures last
(those that need the local model with --live)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _figures(script: str, *args: str, last: int = 3) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    figures = [re.fullmatch(r"([a-z0-9_]+)=([0-9.]+)", line) for line in lines[-last:]]
    assert all(figures), lines[-last:]
    return {m[1]: float(m[2]) for m in figures if m}


def test_the_throughput_benchmark_runs_quick_and_prints_its_figures_last() -> None:
    figures = _figures("throughput.py", "--quick")
    assert set(figures) == {"library_cpu_ms", "replay_per_s", "ratio_to_plain_c32"}
    assert all(value > 0 for value in figures.values())


def test_the_quality_benchmark_scores_the_recordings_quick() -> None:
    figures = _figures("quality.py", "--quick", last=7)
    assert set(figures) == {
        "seconds_per_article", "tokens_per_article", "event_precision", "event_recall",
        "event_f1", "date_accuracy", "participant_state_accuracy",
    }  # fmt: skip
    assert 0 < figures["event_f1"] <= 1


def test_the_dates_benchmark_reads_its_sentences_quick() -> None:
    figures = _figures("dates.py", "--quick", last=5)
    assert set(figures) == {
        "date_sentences", "date_right", "date_one_wrong", "date_several", "date_none",
    }  # fmt: skip
    assert figures["date_sentences"] == 100
    parts = ("date_right", "date_one_wrong", "date_several", "date_none")
    assert sum(figures[name] for name in parts) == figures["date_sentences"]


def test_the_states_benchmark_reads_its_sentences_quick() -> None:
    figures = _figures("states.py", "--quick", last=4)
    assert set(figures) == {"state_sentences", "states_found", "states_wanted", "states_extra"}
    assert figures["state_sentences"] == 76
    assert 0 < figures["states_found"] <= figures["states_wanted"]


def test_the_names_benchmark_reads_its_phrases_quick() -> None:
    figures = _figures("names.py", "--quick", last=4)
    assert set(figures) == {"name_phrases", "names_right", "names_wrong", "names_none"}
    assert figures["name_phrases"] == 95
    parts = ("names_right", "names_wrong", "names_none")
    assert sum(figures[name] for name in parts) == figures["name_phrases"]


def test_the_places_benchmark_reads_its_places_quick() -> None:
    figures = _figures("places.py", "--quick", last=4)
    assert set(figures) == {"places", "places_right", "places_wrong", "places_short"}
    assert figures["places"] == 60  # 4 of each of the 15 kinds
    parts = ("places_right", "places_wrong", "places_short")
    assert sum(figures[name] for name in parts) == figures["places"]


def test_the_merge_benchmark_runs_quick() -> None:
    figures = _figures("merge_scale.py", "--quick")
    assert set(figures) == {"records_per_s", "pairs_compared_share", "split_events"}
    assert figures["split_events"] == 0  # no reported event is torn apart


def test_the_recordings_benchmark_runs_quick() -> None:
    figures = _figures("seed_recordings.py", "--quick")
    assert figures["articles"] == 5 and figures["recorded_tokens_per_article"] > 0


@pytest.mark.live
def test_the_prefix_cache_benchmark_runs_on_one_article_live() -> None:
    figures = _figures("prefix_cache.py", "1")
    assert figures["warm_seconds_per_article"] < figures["cold_seconds_per_article"]


@pytest.mark.live
def test_the_local_runtime_benchmark_runs_on_one_article_live() -> None:
    figures = _figures("local_runtime.py", "1", last=4)
    assert all(value > 0 for value in figures.values())
