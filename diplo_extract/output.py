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
import re
import shlex
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ValidationError

try:
    import fcntl
except ImportError:  # not POSIX: runs are not locked against each other
    fcntl = None  # type: ignore[assignment]

from diplo_extract.errors import DiploExtractError
from diplo_extract.models import ArticleResult


@dataclass
class ResumeState:
    """What an earlier run of the same output file already did."""

    done: set[str] = field(default_factory=set)
    to_retry: int = 0  # articles whose line had an error: they run again
    damaged: int = 0  # a last line cut short mid-write, or blank lines: dropped
    #: The models that wrote the done lines, and the one this run asks: a resumed run with
    #: another model would mix them in one file.
    models: set[str] = field(default_factory=set)
    model: str = ""

    def other_models(self) -> list[str]:
        """The models of the done lines that are not the one this run asks."""
        return sorted(self.models - {self.model}) if self.model else []


class NotExtractOutput(DiploExtractError):
    """--resume met a line that ``extract`` did not write; the file is left as it was."""

    def __init__(self, path: Path, number: int, why: str) -> None:
        self.path = path
        self.number = number
        super().__init__(
            f"{path}:{number} is not a line that diplo-extract extract writes ({why}), so "
            "--resume leaves the file as it was. --resume continues the output file of an "
            "earlier extract run: is -o the right file?"
        )


class DamagedLine(NotExtractOutput):
    """--resume met a line of ``extract``'s own that is not whole JSON, before the last line
    (a line cut short, then more appended to it): what to do, not "is -o the right file?"."""

    def __init__(self, path: Path, number: int, why: str, article_id: str | None) -> None:
        self.path = path
        self.number = number
        article = f" (article {article_id})" if article_id else ""
        DiploExtractError.__init__(
            self,
            f"{path}:{number}{article} is damaged: it begins as a line of diplo-extract extract "
            f"but is not whole JSON ({why}). Only a last line cut short is dropped by --resume "
            f"on its own, so it leaves the file as it was. Delete line {number} (e.g. sed -i "
            f"'{number}d' {shlex.quote(str(path))}) and --resume again: the articles of that "
            "line run again.",
        )


_DAMAGED_ID = re.compile(rb'^\{"article_id":("(?:[^"\\]|\\.)*")')


def _damaged_line_id(raw: bytes) -> str | None:
    """The article id at the start of a damaged line, when it is whole."""
    match = _DAMAGED_ID.match(raw)
    try:
        found = json.loads(match.group(1)) if match else None
    except ValueError:
        return None
    return found if isinstance(found, str) else None


#: How every line ``extract`` writes begins (ArticleResult's first field); a last line cut
#: short mid-write still begins so, which is how resume knows it is its own.
_OUR_LINE_START = b'{"article_id":'


class OutputInUse(DiploExtractError):
    """Another run holds the output file: two runs appending to one file would both write
    every article."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Another diplo-extract run is writing {path}. Wait for it to end (then --resume "
            "it if needed), or write to another -o file."
        )


class OutputLock:
    """An advisory lock (``flock``) on the output file, held for the whole run.

    The lock sits on the file itself, not on a lock file beside it, so nothing is left
    behind. Resume replaces the file with a cleaned copy; that copy is locked before it is
    renamed into place, so a second run opening the path finds a locked file at every moment.
    Only regular files are locked (``-o /dev/null`` or a pipe is shared by nature), and only
    where ``fcntl`` exists.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fds: list[int] = []

    def acquire(self) -> OutputLock:
        """Lock the file (created empty if missing), or raise OutputInUse."""
        if fcntl is None or (self.path.exists() and not self.path.is_file()):
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        self._hold(fd)
        return self

    def hold_replacement(self, fd: int) -> None:
        """Lock the open file that is about to be renamed over the locked one."""
        if fcntl is not None and self._fds:
            self._hold(os.dup(fd))

    def _hold(self, fd: int) -> None:
        assert fcntl is not None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputInUse(self.path) from None
        self._fds.append(fd)

    def release(self) -> None:
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def prepare_resume(path: Path, lock: OutputLock | None = None) -> ResumeState:
    """Clean ``path`` for appending: keep the first successful line of each article.

    Only what is provably this tool's own goes: lines of failed articles (valid results with
    an error), a second line of a done article, and a last line cut short mid-write. Any
    other line (a merge output, a batch file, a hand-edited line) raises NotExtractOutput
    before anything is changed. The file is read once; only when a line must go is it
    rewritten, to a temporary file in the same folder renamed over it, so a crash while
    cleaning leaves the old file whole.
    """
    state = ResumeState()
    for leftover in path.parent.glob(f".{path.name}.resume-*.tmp"):
        leftover.unlink(missing_ok=True)  # a cleaning cut short by kill: ours, and we hold the lock
    if not path.exists():
        return state
    failed: set[str] = set()
    repeated = 0
    with path.open("rb") as source:
        for number, raw in enumerate(source, start=1):
            article_id, ok, model = _read_line(raw, path, number)
            if article_id is None:
                state.damaged += 1
            elif not ok:
                failed.add(article_id)
            elif article_id in state.done:
                repeated += 1
            else:
                state.done.add(article_id)
                state.models.update([model] if model else [])
    state.to_retry = len(failed - state.done)
    if state.damaged or failed or repeated:
        _keep_first_successes(path, lock)
    return state


def _keep_first_successes(path: Path, lock: OutputLock | None) -> None:
    kept: set[str] = set()
    with (
        path.open("rb") as source,
        tempfile.NamedTemporaryFile(
            "wb", dir=path.parent, prefix=f".{path.name}.resume-", suffix=".tmp", delete=False
        ) as out,
    ):
        try:
            for number, raw in enumerate(source, start=1):
                article_id, ok, _ = _read_line(raw, path, number)
                if ok and article_id is not None and article_id not in kept:
                    kept.add(article_id)
                    out.write(raw)
            out.flush()
            os.fsync(out.fileno())
            os.chmod(out.name, path.stat().st_mode & 0o777)
            if lock is not None:
                lock.hold_replacement(out.fileno())
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    os.replace(out.name, path)


def _read_line(raw: bytes, path: Path, number: int) -> tuple[str | None, bool, str | None]:
    """(article id, succeeded, model) of one output line; (None, False, None) for a line to
    drop.

    Raises NotExtractOutput for a line that is not a valid result and not a cut-off last line.
    """
    if not raw.endswith(b"\n"):  # the last line: a run cut short mid-write leaves it so
        if raw.startswith(_OUR_LINE_START):
            return None, False, None
        raise NotExtractOutput(
            path, number, "the last line is neither whole nor a result cut short"
        )
    if not raw.strip():
        return None, False, None
    try:
        result = ArticleResult.model_validate_json(raw)
    except ValueError as exc:
        if raw.startswith(_OUR_LINE_START) and not _is_json(raw):
            raise DamagedLine(path, number, first_problem(exc), _damaged_line_id(raw)) from None
        raise NotExtractOutput(path, number, first_problem(exc)) from None
    return result.article_id, result.error is None, result.model


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


def first_problem(exc: ValueError) -> str:
    """The first thing wrong in a line that failed validation, as ``field.path: message``."""
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        return f"{where}: {error['msg']}" if where else str(error["msg"])
    return str(exc).splitlines()[0]


@dataclass
class LoadedResults:
    """Result lines read back from ``extract`` output files, each article once."""

    results: list[ArticleResult] = field(default_factory=list)
    #: Articles met again (the same file given twice, lines copied): skipped, else their
    #: events would count twice.
    repeated: list[str] = field(default_factory=list)
    #: Articles whose every line is a failure, left out (unless failed ones are included).
    failed: list[str] = field(default_factory=list)


def load_results(paths: Iterable[Path], *, include_failed: bool = False) -> LoadedResults:
    """The successful (or all) article lines of ``extract`` output files, each article once.

    Where an article has several lines, its first successful one is kept (a failed line
    before it, from a run later resumed, gives way). Raises ValueError naming the file and
    line when a line is not a valid article result.
    """
    loaded = LoadedResults()
    position: dict[str, int] = {}
    for path in paths:
        with path.open("rb") as stream:
            for number, raw in enumerate(stream, start=1):
                if not raw.strip():
                    continue
                try:
                    result = ArticleResult.model_validate_json(raw)
                except ValueError as exc:
                    raise ValueError(
                        f"{path}:{number} is not a line of extract output ({first_problem(exc)})."
                    ) from None
                if result.error is not None and not include_failed:
                    if result.article_id not in loaded.failed:
                        loaded.failed.append(result.article_id)
                    continue
                index = position.get(result.article_id)
                if index is None:
                    position[result.article_id] = len(loaded.results)
                    loaded.results.append(result)
                elif loaded.results[index].error is not None and result.error is None:
                    loaded.results[index] = result
                else:
                    loaded.repeated.append(result.article_id)
    loaded.failed = [article_id for article_id in loaded.failed if article_id not in position]
    return loaded


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
