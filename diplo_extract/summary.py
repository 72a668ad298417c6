"""The end-of-run summary: per-article rows for small runs, totals and failures for any run.

Results are folded in as they arrive, so a run of 100,000 articles does not keep them all in
memory to print a summary; rows are kept for the first ``ROWS_SHOWN`` articles and for every
failure (the JSONL has the rest).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from diplo_extract.models import ArticleResult, ErrorInfo, Usage

#: Exit status of a run: every article succeeded; some failed (their lines carry the error);
#: the run could not start, or stopped because the backend broke or the output could not be
#: written. A run stopped by a signal exits 128 + its number, as a shell reports it.
EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2

ROWS_SHOWN = 40
FAILURES_SHOWN = 20
#: Failures that concern the whole run, not one article: their first message is shown in full
#: below the table (the log of a crashed local server, a refused connection, a wrong key, and
#: what to do: "Check --base-url..."), not only its first sentence.
RUN_WIDE_ERRORS = frozenset(
    {
        "LocalServerCrashed", "ConnectionError", "Timeout", "AuthenticationError",
        "PermissionDeniedError", "NotFoundError", "Redirected", "NotOpenAICompatible",
        "RateLimitError", "InternalServerError", "APIStatusError",
    }
)  # fmt: skip


@dataclass
class RunSummary:
    """Totals of a run, with the rows worth showing, and how it ended."""

    articles: int = 0
    failed: int = 0
    events: int = 0
    quotes_placed: int = 0
    quotes_given: int = 0
    usage: Usage = field(default_factory=Usage)
    rows: list[ArticleResult] = field(default_factory=list)
    failures: list[ArticleResult] = field(default_factory=list)
    #: The first error of each type in RUN_WIDE_ERRORS, to show in full.
    run_wide: dict[str, ErrorInfo] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)
    elapsed: float = 0.0
    #: The model asked and the folder of recordings used.
    model: str = ""
    cache_dir: Path | None = None
    #: Inputs not run: done by the run resumed, or an id already used in this run.
    already_done: int = 0
    duplicates: list[str] = field(default_factory=list)
    #: Why the run ended before every input was done: the backend broke (BackendError) or
    #: the output could not be written (OSError). Lines written before it stay whole.
    stopped: Exception | None = None
    #: The signal that interrupted the run (SIGINT for Ctrl-C), if one did.
    interrupted_by: int | None = None

    def add(self, result: ArticleResult) -> None:
        self.articles += 1
        self.events += len(result.events)
        placed, given = result.quotes_placed
        self.quotes_placed += placed
        self.quotes_given += given
        self.usage.add(result.usage)
        if result.error is not None:
            self.failed += 1
            self.failures.append(result)
            if result.error.type in RUN_WIDE_ERRORS:
                self.run_wide.setdefault(result.error.type, result.error)
        if len(self.rows) < ROWS_SHOWN:
            self.rows.append(result)
        self.elapsed = time.monotonic() - self.started

    @property
    def exit_code(self) -> int:
        """The exit status the run ends with (see EXIT_OK)."""
        if self.interrupted_by is not None:
            return 128 + self.interrupted_by
        if self.stopped is not None:
            return EXIT_CANNOT_RUN
        return EXIT_SOME_FAILED if self.failed else EXIT_OK

    @property
    def shown(self) -> list[ArticleResult]:
        if self.articles <= ROWS_SHOWN:
            return self.rows
        return self.failures[:FAILURES_SHOWN]

    def totals_line(self) -> str:
        """One line of totals: articles, events, spend, speed."""
        u = self.usage
        parts = [f"{self.articles} articles, {self.events} events, {self.failed} failed"]
        if self.quotes_given:
            share = self.quotes_placed / self.quotes_given
            parts.append(
                f"{self.quotes_placed}/{self.quotes_given} evidence quotes placed ({share:.0%})"
            )
        parts.append(f"{u.attempts} LLM calls ({u.replayed} replayed, {u.retries} retries)")
        parts.append(
            f"tokens spent {u.total_tokens:,} (prompt {u.prompt_tokens:,}, completion "
            f"{u.completion_tokens:,}); replayed {u.replayed_tokens:,} not spent"
        )
        if u.cost is not None:  # some article had a price
            parts.append(f"estimated cost {u.cost:.4f}")
        if self.elapsed > 0:
            parts.append(f"{self.elapsed:.1f} s, {self.articles / self.elapsed:.2f} articles/s")
        return "; ".join(parts)
