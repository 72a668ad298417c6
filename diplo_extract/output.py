"""The JSONL output file: one line per article, appended atomically, resumable, read back.

Each line is written with a single ``write(2)`` on a file opened with ``O_APPEND``, so a run
killed at any moment leaves whole lines behind; at worst (a full disk, a power cut) the last
line is cut short. Resuming reads the file back, keeps one successful line per article, drops
failed and damaged lines (those articles run again), and swaps the cleaned file in atomically
before appending. So however often a run is killed and resumed, every article ends up in the
file exactly once.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import BaseModel

from diplo_extract.models import ArticleResult


@dataclass
class ResumeState:
    """What an earlier run of the same output file already did."""

    done: set[str] = field(default_factory=set)
    to_retry: int = 0  # articles whose line had an error: they run again
    damaged: int = 0  # lines that were cut short or are not result lines: dropped


def prepare_resume(path: Path) -> ResumeState:
    """Clean ``path`` for appending: keep the first successful line of each article.

    The file is read once; only when a line must go (failed, damaged, or a second line of an
    article) is it rewritten, to a temporary file in the same folder renamed over it, so a
    crash while cleaning leaves the old file whole.
    """
    state = ResumeState()
    if not path.exists():
        return state
    failed: set[str] = set()
    repeated = 0
    with path.open("rb") as source:
        for raw in source:
            article_id, ok = _read_line(raw)
            if article_id is None:
                state.damaged += 1
            elif not ok:
                failed.add(article_id)
            elif article_id in state.done:
                repeated += 1
            else:
                state.done.add(article_id)
    state.to_retry = len(failed - state.done)
    if state.damaged or failed or repeated:
        _keep_first_successes(path)
    return state


def _keep_first_successes(path: Path) -> None:
    kept: set[str] = set()
    with (
        path.open("rb") as source,
        tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as out,
    ):
        try:
            for raw in source:
                article_id, ok = _read_line(raw)
                if ok and article_id is not None and article_id not in kept:
                    kept.add(article_id)
                    out.write(raw)
            out.flush()
            os.fsync(out.fileno())
            os.chmod(out.name, path.stat().st_mode & 0o777)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    os.replace(out.name, path)


def load_results(path: Path, *, include_failed: bool = False) -> list[ArticleResult]:
    """The successful (or all) article lines of an ``extract`` output file.

    Raises ValueError naming the line when one is not an article result.
    """
    results = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                result = ArticleResult.model_validate_json(line)
            except ValueError as exc:
                first = str(exc).splitlines()[0]
                raise ValueError(
                    f"{path}:{number} is not a line of extract output ({first})."
                ) from None
            if include_failed or result.error is None:
                results.append(result)
    return results


def _read_line(raw: bytes) -> tuple[str | None, bool]:
    """(article id, succeeded) of one output line; (None, False) for a damaged line."""
    if not raw.endswith(b"\n"):
        return None, False  # the last line of a run cut short mid-write
    try:
        row = json.loads(raw)
    except ValueError:
        return None, False
    if not isinstance(row, dict) or not isinstance(row.get("article_id"), str):
        return None, False
    return row["article_id"], row.get("error") is None


class JsonlWriter:
    """Write result lines to a file (whole lines, atomically appended) or to stdout."""

    def __init__(self, path: Path | None, *, append: bool = False) -> None:
        self.path = path
        self._stream: IO[str] | None = None
        self._fd: int | None = None
        if path is None:
            self._stream = sys.stdout
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if append else os.O_TRUNC)
        self._fd = os.open(path, flags, 0o644)

    def write(self, result: ArticleResult) -> None:
        self.write_model(result)

    def write_model(self, record: BaseModel) -> None:
        """One record as one whole line (results, merged events)."""
        line = record.model_dump_json() + "\n"
        if self._fd is None:
            assert self._stream is not None
            self._stream.write(line)
            self._stream.flush()
            return
        data = line.encode("utf-8")
        while data:  # a regular file takes it in one write unless the disk is full
            written = os.write(self._fd, data)
            data = data[written:]

    def close(self) -> None:
        if self._fd is not None:
            if stat.S_ISREG(os.fstat(self._fd).st_mode):  # not /dev/null or a pipe
                os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
