"""What the terminal shows: the run's summary table, the scores of ``eval``, and data made
safe to print. The library computes (summary.py, evaluate.py); only this module and the CLI
know about rich.
"""

from __future__ import annotations

import re

from rich import box
from rich.markup import escape
from rich.table import Table

from diplo_extract.evaluate import Scores
from diplo_extract.models import ErrorInfo
from diplo_extract.summary import ROWS_SHOWN, RunSummary

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


def summary_table(summary: RunSummary, title: str, width: int = 120) -> Table:
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
    for r in summary.shown:
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


def summary_footer(summary: RunSummary) -> str:
    """The totals under the table. Not the table's caption: a caption wraps to the table's
    width, which squeezed the totals into a narrow column beside a narrow table."""
    footer = summary.totals_line()
    if summary.articles > ROWS_SHOWN and summary.failed:  # the table lists failures only
        shown = len(summary.shown)
        footer = f"(showing {shown} of {summary.failed} failures) " + footer
    if summary.failed:
        footer += " (rerun with --resume: only failed articles run again)"
    return footer


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def score_table(scores: Scores) -> Table:
    """The scores as a rich table, for the terminal."""
    table = Table(title=f"Scores over {scores.articles} gold articles", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts", justify="right")
    counts = (
        f"{scores.true_positives} hits, {scores.false_positives} false alarms, "
        f"{scores.false_negatives} misses"
    )
    predicted = scores.true_positives + scores.false_positives
    table.add_row("event precision", _share(scores.precision if predicted else None), counts)
    table.add_row("event recall", _share(scores.recall), "")
    table.add_row("[bold]event F1[/]", f"[bold]{scores.f1:.2f}[/]", "")
    for label, ratio in (
        ("type accuracy", scores.event_type),
        ("status accuracy", scores.status),
        ("date accuracy", scores.date),
        ("location country accuracy", scores.location_country),
        ("location city accuracy", scores.location_city),
        ("participant precision", scores.participant_precision),
        ("participant recall", scores.participant_recall),
        ("participant state accuracy", scores.participant_state),
    ):
        table.add_row(label, _share(ratio.value), f"{ratio.hits}/{ratio.total}")
    notes = []
    if scores.missing_predictions:
        notes.append(
            f"{len(scores.missing_predictions)} gold articles had no prediction line "
            "(scored as misses): " + ", ".join(scores.missing_predictions[:5])
        )
    failed = [a.article_id for a in scores.per_article if a.error]
    if failed:
        notes.append(
            f"{len(failed)} prediction lines are failed articles (scored as misses; rerun "
            "extract with --resume): " + ", ".join(failed[:5])
        )
    if notes:
        table.caption = "\n".join(notes)
    return table


def per_article_table(scores: Scores) -> Table:
    """Each gold article's hits, false alarms, misses and error (``eval --per-article``)."""
    table = Table("article", "hits", "false alarms", "misses", "error", box=box.SIMPLE_HEAD)
    for a in scores.per_article:
        table.add_row(
            a.article_id,
            str(a.true_positives),
            str(a.false_positives),
            str(a.false_negatives),
            a.error or "",
        )
    return table
