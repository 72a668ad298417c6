"""The end-of-run summary: per-article rows for small runs, totals and failures for any run.

Results are folded in as they arrive, so a run of 100,000 articles does not keep them all in
memory to print a summary; rows are kept for the first ``ROWS_SHOWN`` articles and for every
failure (the JSONL has the rest).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich import box
from rich.markup import escape
from rich.table import Table

from diplo_extract.models import ArticleResult, ErrorInfo, Usage

#: Exit status of a run: every article succeeded; some failed (their lines carry the error);
#: the run could not start, or stopped because the backend broke or the output could not be
#: written. A run stopped by a signal exits 128 + its number, as a shell reports it.
EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2

ROWS_SHOWN = 40
FAILURES_SHOWN = 20
#: Failures that concern the whole run, not one article: their first message is shown in full
#: below the table (the log of a crashed local server, and what to do), not only its first
#: sentence.
RUN_WIDE_ERRORS = frozenset({"LocalServerCrashed"})


#: Control characters (but newline and tab), which a terminal would obey as commands.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """Data (ids, paths, messages) as the terminal should show it: rich markup escaped, and
    control characters written out (an id holding ESC [31m would otherwise colour, move the
    cursor or retitle the terminal)."""
    return escape(_CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode(), text))


def brief(error: ErrorInfo, limit: int = 90) -> str:
    """The first sentence of an error, for the table; the JSONL line has all of it."""
    first = error.message.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1] + "…"


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

    def table(self, title: str, width: int = 120) -> Table:
        """The summary; below 100 columns without language and date, so that status fits."""
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        wide = width >= 100
        numeric = ("events", "quotes", "calls", "tokens")
        table.add_column("article", no_wrap=True)
        for column in ("lang", "published") if wide else ():
            table.add_column(column, no_wrap=True)
        for column in numeric:
            table.add_column(column, justify="right", no_wrap=True)
        table.add_column("status", overflow="fold", min_width=10)
        for r in self.shown:
            status = (
                "[green]ok[/]"
                if r.error is None
                else f"[red]{r.error.type}[/]: {plain(brief(r.error))}"
            )
            table.add_row(
                plain(r.article_id),
                *((r.language or "", r.published or "") if wide else ()),
                str(len(r.events)),
                "{}/{}".format(*r.quotes_placed) if r.events else "",
                str(r.usage.attempts),
                str(r.usage.total_tokens),
                status,
            )
        return table

    def footer(self) -> str:
        """The totals under the table. Not the table's caption: a caption wraps to the table's
        width, which squeezed the totals into a narrow column beside a narrow table."""
        footer = self.totals_line()
        if self.articles > ROWS_SHOWN:
            shown = len(self.shown)
            footer = f"(showing {shown} of {self.failed} failures) " + footer
        if self.failed:
            footer += " (rerun with --resume: only failed articles run again)"
        return footer
