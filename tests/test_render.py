"""What the terminal shows at the end of a run."""

from __future__ import annotations

from diplo_extract import ArticleResult, ErrorInfo
from diplo_extract.render import summary_footer
from diplo_extract.summary import ROWS_SHOWN, RunSummary


def _summary(ok: int, failed: int) -> RunSummary:
    summary = RunSummary()
    for n in range(ok + failed):
        error = ErrorInfo(type="Timeout", message="too slow") if n >= ok else None
        summary.add(
            ArticleResult(
                article_id=str(n), source=None, language=None, published=None, model=None,
                error=error,
            )
        )  # fmt: skip
    return summary


def test_a_large_run_without_failures_does_not_speak_of_failures_shown() -> None:
    footer = summary_footer(_summary(ok=ROWS_SHOWN + 1, failed=0))
    assert "showing" not in footer and "failures" not in footer
    assert footer.startswith(f"{ROWS_SHOWN + 1} articles, 0 events, 0 failed")


def test_a_large_run_with_failures_says_how_many_of_them_the_table_shows() -> None:
    footer = summary_footer(_summary(ok=ROWS_SHOWN, failed=3))
    assert footer.startswith("(showing 3 of 3 failures) ")
    assert footer.endswith("(rerun with --resume: only failed articles run again)")
