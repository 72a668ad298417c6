"""The ``diplo-extract`` command: extract events to JSONL, and export the JSON Schemas.

JSONL goes to stdout or ``-o``; progress, warnings and the summary go to stderr, so the output
can be piped. Exit status: 0 when every article succeeded, 1 when some failed (their lines carry
the error), 2 when the run could not start or the backend broke.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click
from rich import box
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from diplo_extract.articles import Article, InputProblem, read_inputs
from diplo_extract.cassette import CacheMode
from diplo_extract.config import default_cache_dir
from diplo_extract.errors import BackendError
from diplo_extract.evaluate import load_gold, load_predictions, score, score_table
from diplo_extract.extract import Extractor, Sampling
from diplo_extract.models import ArticleResult, ErrorInfo
from diplo_extract.schema_files import stale_schema_files, write_schema_files

EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplo-extract")
def main() -> None:
    """Extract diplomatic events (meetings, calls, visits, talks, agreements) from news
    articles in any language, as validated JSONL records with verbatim evidence.

    \b
    Quick start (local model, no API key):
      pip install 'diplo-extract[local]'
      diplo-extract extract articles/ -o events.jsonl
    """


def _problem_result(problem: InputProblem) -> ArticleResult:
    return ArticleResult(
        article_id=problem.id,
        source=problem.source,
        language=None,
        published=None,
        model=None,
        error=ErrorInfo(type="InputError", message=problem.message),
    )


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        yield stream


def _setup_logging(console: Console, verbose: bool) -> None:
    handler = RichHandler(console=console, show_path=False, show_time=False)
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    logging.getLogger("diplo_extract").setLevel(logging.INFO if verbose else logging.WARNING)
    # instructor logs every failed attempt at ERROR; our summary reports them once, clearly.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JSONL here instead of stdout (one line per article, flushed as it goes).",
)
@click.option(
    "--base-url",
    envvar="DIPLO_EXTRACT_BASE_URL",
    metavar="URL",
    help="An OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server). "
    "Omit to run the built-in local model; the API key comes from OPENAI_API_KEY.",
)
@click.option(
    "--model",
    envvar="DIPLO_EXTRACT_MODEL",
    help="Model name at --base-url (required with it), e.g. gpt-4o-mini.",
)
@click.option(
    "--local-model",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own GGUF file for the local backend, instead of the bundled "
    "Qwen2.5-Coder-1.5B-Instruct Q4_K_M.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of recorded LLM exchanges. Default: cache-dir of [tool.diplo-extract] "
    "in ./pyproject.toml, else the user cache folder.",
)
@click.option(
    "--cache-mode",
    type=click.Choice([m.value for m in CacheMode]),
    default="auto",
    show_default=True,
    help="replay: only recordings, a miss is an error (offline, deterministic); "
    "record: always call the model and rewrite recordings; auto: replay hits, record "
    "misses; off: no recordings.",
)
@click.option(
    "--max-reasks",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="How often to send the model its validation errors and ask again.",
)
@click.option(
    "--max-tokens",
    type=click.IntRange(64),
    default=1536,
    show_default=True,
    help="Cap on tokens the model may generate per call.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1),
    default=600.0,
    show_default=True,
    help="Seconds to wait for one model answer before retrying.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log retries and server start-up.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table.")
def extract(
    inputs: tuple[str, ...],
    output: Path | None,
    base_url: str | None,
    model: str | None,
    local_model: Path | None,
    cache_dir: Path | None,
    cache_mode: str,
    max_reasks: int,
    max_tokens: int,
    timeout: float,
    verbose: bool,
    quiet: bool,
) -> None:
    """Extract events from INPUT... and write one JSONL line per article.

    \b
    INPUT is any of:
      FILE.txt     one article (its id is the file name without .txt)
      FOLDER       every .txt file in it
      FILE.jsonl   rows of {"id", "text", "published"?, "url"?, "title"?}
      -            the same JSONL rows on stdin

    A publication date comes from "published", or from a dateline at the top of the text
    ("date 2024-06-19", "29 April 2021"); relative dates are resolved against it.

    \b
    Each line: {"article_id", "source", "language", "published", "events",
                "model", "usage", "error"}.
    An article that fails (unreadable input, a model answer that never validated, an
    endpoint that kept failing) gets a line with "error" set and the run goes on. Exit status
    is 0 if all succeeded, 1 if some failed, 2 if the run could not start.
    """
    console = Console(stderr=True)
    _setup_logging(console, verbose)
    # A SIGTERM (job schedulers, timeout) unwinds like Ctrl-C, so the local server is stopped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if base_url and not model:
        raise click.UsageError("--model is required with --base-url (e.g. --model gpt-4o-mini).")
    try:
        extractor = Extractor(
            base_url=base_url,
            model=model,
            local_model=local_model,
            cache_dir=cache_dir or default_cache_dir(),
            cache_mode=cache_mode,
            max_reasks=max_reasks,
            sampling=Sampling(max_tokens=max_tokens),
            timeout=timeout,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None

    items = list(read_inputs(inputs))
    results: list[ArticleResult] = []
    try:
        with extractor, _output(output) as out, _progress(console, quiet) as progress:
            task = progress.add_task("extracting", total=len(items), current="")
            for item in items:
                progress.update(task, current=item.id)
                result = (
                    extractor.extract(item) if isinstance(item, Article) else _problem_result(item)
                )
                out.write(result.model_dump_json() + "\n")
                out.flush()
                results.append(result)
                progress.advance(task)
    except BackendError as exc:
        console.print(f"[bold red]The model backend cannot run:[/] {exc}")
        console.print(f"{len(results)} of {len(items)} articles were written before it stopped.")
        sys.exit(EXIT_CANNOT_RUN)
    if not quiet:
        console.print(
            _summary(results, extractor.model, str(extractor.cassette.directory), cache_mode)
        )
    failed = sum(1 for r in results if r.error)
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@contextmanager
def _progress(console: Console, quiet: bool) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
        disable=quiet,
        transient=True,
    )
    with progress:
        yield progress


def _brief(error: ErrorInfo, limit: int = 90) -> str:
    """The first sentence of an error, for the table; the JSONL line has all of it."""
    first = error.message.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _summary(results: list[ArticleResult], model: str, cache_dir: str, mode: str) -> Table:
    table = Table(
        title=f"diplo-extract · {model} · cache {mode} ({cache_dir})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    numeric = ("events", "quotes", "calls", "tokens")
    table.add_column("article", no_wrap=True)
    for column in ("lang", "published", *numeric):
        table.add_column(column, justify="right" if column in numeric else "left", no_wrap=True)
    table.add_column("status", overflow="fold")
    for r in results:
        status = "[green]ok[/]" if r.error is None else f"[red]{r.error.type}[/]: {_brief(r.error)}"
        table.add_row(
            r.article_id,
            r.language or "",
            r.published or "",
            str(len(r.events)),
            "{}/{}".format(*r.quotes_placed) if r.events else "",
            str(r.usage.attempts),
            str(r.usage.total_tokens),
            status,
        )
    failed = sum(1 for r in results if r.error)
    events = sum(len(r.events) for r in results)
    placed = sum(r.quotes_placed[0] for r in results)
    given = sum(r.quotes_placed[1] for r in results)
    share = f", {placed}/{given} evidence quotes placed ({placed / given:.0%})" if given else ""
    table.caption = f"{len(results)} articles, {events} events{share}, {failed} failed" + (
        " (rerun the same command: successful calls replay from the cache)" if failed else ""
    )
    return table


@main.command()
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder for the .schema.json files.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 if the files are missing or out of date."
)
def schema(out_dir: Path, check: bool) -> None:
    """Write the JSON Schema of each public model (the JSONL contract) to --out-dir."""
    if check:
        stale = stale_schema_files(out_dir)
        if stale:
            click.echo(
                f"Out of date in {out_dir}: {', '.join(stale)}. Run: diplo-extract schema", err=True
            )
            sys.exit(1)
        click.echo(f"{out_dir}: up to date")
        return
    for path in write_schema_files(out_dir):
        click.echo(str(path))


@main.command(name="eval")
@click.argument("predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--gold",
    "gold_files",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    required=True,
    help="Gold annotations (*.gold.jsonl, format in GOLD_FORMAT.md); repeat for several files.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--per-article", is_flag=True, help="Also list hits, false alarms and misses.")
def evaluate(
    predictions: Path, gold_files: tuple[Path, ...], as_json: bool, per_article: bool
) -> None:
    """Score PREDICTIONS (JSONL written by `extract`) against gold annotations.

    Events are matched one to one per article (participants first, then date and type);
    prints event precision, recall and F1 and, for matched events, the accuracy of type,
    status, date, location country and city, and participant precision and recall. Only
    articles that have gold are scored; a gold article with no prediction counts as missed.
    """
    try:
        gold = load_gold(gold_files)
        rows = load_predictions(predictions)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    scores = score(gold, rows)
    if as_json:
        click.echo(json.dumps(scores.to_json(), indent=2))
        return
    console = Console()
    console.print(score_table(scores))
    if per_article:
        table = Table("article", "hits", "false alarms", "misses", "error", box=box.SIMPLE_HEAD)
        for a in scores.per_article:
            table.add_row(
                a.article_id,
                str(a.true_positives),
                str(a.false_positives),
                str(a.false_negatives),
                a.error or "",
            )
        console.print(table)
