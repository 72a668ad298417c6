"""Benchmarks cannot rot silently: each quick mode runs here and prints its figures last."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _figures(script: str, *args: str) -> dict[str, float]:
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    figures = [re.fullmatch(r"([a-z0-9_]+)=([0-9.]+)", line) for line in lines[-3:]]
    assert all(figures), lines[-3:]
    return {m[1]: float(m[2]) for m in figures if m}


def test_the_throughput_benchmark_runs_quick_and_prints_its_figures_last() -> None:
    figures = _figures("throughput.py", "--quick")
    assert set(figures) == {"library_cpu_ms", "replay_per_s", "ratio_to_plain_c32"}
    assert all(value > 0 for value in figures.values())
