"""The ``diplo-extract`` command: extract (live or through the Batch API), merge, report,
evaluate, and export the JSON Schemas.

JSONL goes to stdout or ``-o``, a line as each article finishes; progress, warnings and the
summary go to stderr, so the output can be piped. Exit status: 0 when every article
succeeded, 1 when some failed (their lines carry the error), 2 when the run could not start or
the backend broke.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import shlex
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import Any, NoReturn

import click
import openai
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from diplo_extract.articles import (
    Article,
    InputProblem,
    count_inputs,
    entries_not_read,
    read_inputs,
    read_text_file,
)
from diplo_extract.batch import (
    BatchError,
    collect_answers,
    describe_api_error,
    prepare_requests,
    submit,
)
from diplo_extract.cassette import CacheMode
from diplo_extract.client import Endpoint, build_api_client
from diplo_extract.errors import BackendError
from diplo_extract.evaluate import load_gold, load_predictions, score
from diplo_extract.export import FORMATS, CannotWriteExport, ExportError, export
from diplo_extract.extract import MAX_ARTICLE_CHARS, MAX_CHUNK_CHARS, AsyncExtractor
from diplo_extract.merge import merge_events
from diplo_extract.metering import Price
from diplo_extract.models import ArticleResult
from diplo_extract.output import JsonlWriter, OutputInUse, OutputLock, ResumeState, load_results
from diplo_extract.pipeline import Item, select_pending
from diplo_extract.render import (
    per_article_table,
    plain,
    score_table,
    summary_footer,
    summary_table,
)
from diplo_extract.report import build_report
from diplo_extract.retrying import RetryPolicy
from diplo_extract.runner import CannotResume, RunSettings, SettingsError, check_output, run
from diplo_extract.schema_files import stale_schema_files, write_schema_files
from diplo_extract.summary import EXIT_CANNOT_RUN, EXIT_SOME_FAILED, RunSummary


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplo-extract")
def main() -> None:
    """Extract diplomatic events (meetings, calls, visits, talks, agreements) from news
    articles in any language, as validated JSONL records with verbatim evidence.

    \b
    Quick start (local model, no API key):
      pip install 'diplo-extract[local]'
      diplo-extract extract articles/ -o by-article.jsonl     # one line per article
      diplo-extract merge by-article.jsonl -o events.jsonl    # one line per event
      diplo-extract report by-article.jsonl articles/ -o report.html
    """


def _setup_logging(console: Console, verbose: bool) -> None:
    """Log lines as ``WARNING diplo_extract: ...``, through the console the progress bar uses.

    The handler gets its own format: basicConfig would give it the default one, which repeats
    the level RichHandler already shows (``WARNING  WARNING:diplo_extract:``).
    """
    handler = RichHandler(console=console, show_path=False, show_time=False, show_level=False)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    logging.getLogger("diplo_extract").setLevel(logging.INFO if verbose else logging.WARNING)
    # -v: each HTTP request to the model's endpoint, as httpx logs it (method, address, status)
    logging.getLogger("httpx").setLevel(logging.INFO if verbose else logging.WARNING)
    # instructor logs every failed attempt at ERROR; our summary reports them once, clearly.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)


class _CannotRun(click.ClickException):
    """The command cannot start or finish for a reason outside the articles: exit status 2."""

    exit_code = EXIT_CANNOT_RUN


@contextmanager
def _writing(output: Path | None) -> Iterator[None]:
    """While a command writes ``output``: hold its lock (no other run may write it at the
    same time) and turn a failed write into a plain message, not a traceback."""
    try:
        with OutputLock(output) if output is not None else nullcontext():
            yield
    except OutputInUse as exc:
        raise _CannotRun(str(exc)) from None
    except OSError as exc:
        raise _CannotRun(f"Cannot write {output}: {exc.strerror or exc}.") from None


def _stdout_if_dash(output: Path | None) -> Path | None:
    """``-o -`` is standard output, as ``-`` is standard input."""
    return None if output == Path("-") else output


class _OutputFile(click.Path):
    """-o: a file to write. "" and "out/" (a folder, existing or not) are usage errors; the
    folder was taken for a file name, and a file named "out" written."""

    def __init__(self, *, dash_is_stdout: bool = True) -> None:
        super().__init__(dir_okay=False, path_type=Path)
        self.dash_is_stdout = dash_is_stdout

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and (not value.strip() or value.endswith(("/", os.sep))):
            self.fail(f"{value!r} is not a file name; give the name of the file to write.")
        if value == "-" and not self.dash_is_stdout:  # it used to write a file named "-"
            self.fail(
                "'-' (standard output) is for extract and merge; this command writes a file: "
                "give its name."
            )
        return super().convert(value, param, ctx)


OUTPUT_FILE = _OutputFile()
#: -o of the commands that write only a file (export, report): "-" is no file name there.
FILE_ONLY = _OutputFile(dash_is_stdout=False)


def _full_address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An address without its scheme ("localhost:8080/v1") is a usage error at once, not a
    ConnectionError for every article."""
    if value and not value.lower().startswith(("http://", "https://")):
        raise click.BadParameter(
            f"{value!r} is not a full address; give its scheme too, e.g. http://{value}"
        )
    return value


def _known_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A typo in --encoding is a usage error, not one error line per article."""
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(
                f"unknown encoding {value!r}; use a name such as cp1251."
            ) from None
    return value


def _refuse_overwriting_an_input(output: Path | None, inputs: Iterable[str | Path]) -> None:
    """Stop (exit 2) before anything is read or written when -o names one of the inputs."""
    try:
        check_output(output, inputs)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None


Decorator = Callable[[Callable[..., None]], Callable[..., None]]


def _option_group(*options: Decorator) -> Decorator:
    """One decorator for several click options, listed in the order --help shows them."""

    def apply(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


def _base_url_option(help: str) -> Decorator:
    """--base-url, checked to be a full address; its help says where requests go without it
    (the built-in model for extract, OpenAI's Batch API for a batch)."""
    return click.option(
        "--base-url",
        envvar="DIPLO_EXTRACT_BASE_URL",
        show_envvar=True,
        metavar="URL",
        callback=_full_address,
        help=help,
    )


#: Each shared option, once; the groups below apply them to the commands that use them.
_BASE_URL = _base_url_option(
    "An OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp server), e.g. "
    "http://localhost:8080/v1. Omit to run the built-in local model; the API key comes "
    "from OPENAI_API_KEY."
)
_MODEL = click.option(
    "--model",
    envvar="DIPLO_EXTRACT_MODEL",
    show_envvar=True,
    help="Model name at --base-url (required with it), e.g. gpt-4o-mini.",
)
_LOCAL_MODEL = click.option(
    "--local-model",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own GGUF file for the local backend, instead of the bundled "
    "Qwen2.5-Coder-1.5B-Instruct Q4_K_M.",
)
_CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of recorded LLM exchanges. Default: cache-dir of "
    "[tool.diplo-extract] in ./pyproject.toml, else the user cache folder.",
)
_CACHE_MODE = click.option(
    "--cache-mode",
    type=click.Choice([m.value for m in CacheMode]),
    default="auto",
    show_default=True,
    help="replay: only recordings, a miss is an error (offline, deterministic); "
    "record: always call the model and rewrite recordings; auto: replay hits, "
    "record misses; off: no recordings.",
)
_MAX_REASKS = click.option(
    "--max-reasks",
    type=click.IntRange(0, 10),
    default=2,
    show_default=True,
    help="How often to send the model its validation errors and ask again.",
)
_MAX_TOKENS = click.option(
    "--max-tokens",
    type=click.IntRange(64),
    default=768,
    show_default=True,
    help="Cap on tokens the model may generate per call.",
)
_TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(1),
    default=600.0,
    show_default=True,
    help="Seconds one request may take, from sending it to the last byte of the answer; "
    "then it is retried.",
)
_ENCODING = click.option(
    "--encoding",
    metavar="NAME",
    callback=_known_encoding,
    help="Encoding of the input files when they are not UTF-8, e.g. cp1251 or latin-1 "
    "(a file that is not UTF-8 is otherwise refused, with the encoding it looks like).",
)
_MAX_CHARS = click.option(
    "--max-chars",
    type=click.IntRange(1000),
    default=MAX_CHUNK_CHARS,
    show_default=True,
    help="Longer articles are cut into overlapping parts of this size, on paragraph "
    "boundaries, so each prompt fits the local model's context; their events are merged "
    "and their evidence offsets point into the whole article. Raise it for a model with "
    "a longer context.",
)
_MAX_ARTICLE_CHARS = click.option(
    "--max-article-chars",
    type=click.IntRange(1000),
    default=MAX_ARTICLE_CHARS,
    show_default=True,
    help="Longer inputs are refused with an ArticleTooLong error line, not cut into "
    "hundreds of parts.",
)
_RETRIES = click.option(
    "--retries",
    type=click.IntRange(0, 20),
    default=4,
    show_default=True,
    help="Retries of one request after a transport fault (429, 5xx, timeout, dropped "
    "connection), with exponential backoff from 1 s; a 429 waits its Retry-After.",
)
_PRICE = click.option(
    "--price-per-1k",
    metavar="PROMPT[,COMPLETION]",
    help="Price of 1,000 prompt (and completion) tokens, for an estimated cost "
    "per article and in all. Default: the model's entry in "
    "[tool.diplo-extract.prices] of ./pyproject.toml, if any.",
)
_VERBOSE = click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also log each HTTP request to the model's endpoint (method, address, status) on "
    "stderr; answers replayed from recordings make none. Retries and other warnings are "
    "logged without it.",
)
_QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary table.")

#: --base-url, --model, --local-model: where requests go (extract).
_endpoint_options = _option_group(_BASE_URL, _MODEL, _LOCAL_MODEL)

#: A batch has no built-in model: without --base-url it goes to OpenAI's Batch API.
_BATCH_BASE_URL = _base_url_option(
    "An endpoint with the Files and Batch APIs. Default: OpenAI's "
    "(https://api.openai.com/v1); the API key comes from OPENAI_API_KEY."
)

#: --base-url and --model of a batch (collect's re-asks go to the same endpoint).
_batch_endpoint_options = _option_group(_BATCH_BASE_URL, _MODEL)

#: Recordings, re-asks, sampling, timeout and price: how each article is extracted.
_extraction_options = _option_group(
    _CACHE_DIR, _CACHE_MODE, _MAX_REASKS, _MAX_TOKENS, _TIMEOUT, _ENCODING, _MAX_CHARS,
    _MAX_ARTICLE_CHARS, _RETRIES, _PRICE, _VERBOSE, _QUIET,
)  # fmt: skip

#: What shapes a Batch API request (batch prepare): the endpoint and model, the inputs'
#: encoding, the token cap and how articles are cut. Nothing is sent, recorded or priced
#: there, so the options for that (--cache-*, --max-reasks, --timeout, --retries, ...)
#: belong to collect only.
_request_options = _option_group(
    _BATCH_BASE_URL, _MODEL, _MAX_TOKENS, _ENCODING, _MAX_CHARS, _MAX_ARTICLE_CHARS
)


def _price(price_per_1k: str | None) -> Price | None:
    try:
        return Price.parse(price_per_1k) if price_per_1k is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--price-per-1k") from None


def _run_settings(
    options: dict[str, Any],
    *,
    output: Path | None = None,
    resume: bool = False,
    concurrency: int | None = None,
    rpm: float | None = None,
    tpm: float | None = None,
) -> RunSettings:
    """The run's settings from the shared endpoint and extraction options (and the run's
    own): the one place where click's untyped keywords become typed fields."""
    return RunSettings(
        base_url=options["base_url"],
        model=options["model"],
        local_model=options.get("local_model"),
        cache_dir=options["cache_dir"],
        cache_mode=CacheMode(options["cache_mode"]),
        max_reasks=options["max_reasks"],
        max_tokens=options["max_tokens"],
        timeout=options["timeout"],
        retries=options["retries"],
        max_chars=options["max_chars"],
        max_article_chars=options["max_article_chars"],
        encoding=options["encoding"],
        price=_price(options["price_per_1k"]),
        output=_stdout_if_dash(output),
        resume=resume,
        concurrency=concurrency,
        requests_per_minute=rpm,
        tokens_per_minute=tpm,
    )


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write JSONL here instead of stdout (one line per article, as each finishes).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an earlier run of the same -o file: skip articles already done, run the "
    "failed ones again. Without it, -o is overwritten.",
)
@click.option(
    "-j",
    "--concurrency",
    type=click.IntRange(1, 1024),
    help="Articles in flight at once. Default: 8 with --base-url; 1 for the local model "
    "(its server answers one request at a time).",
)
@click.option(
    "--rpm",
    type=click.FloatRange(min=1),
    help="At most this many requests per minute to the endpoint (re-asks and retries "
    "included; replayed answers are free).",
)
@click.option(
    "--tpm",
    type=click.FloatRange(min=1),
    help="At most this many tokens per minute, counted as providers do when a request is "
    "sent: its prompt (estimated at 4 characters a token) plus --max-tokens.",
)
@_endpoint_options
@_extraction_options
def extract(
    inputs: tuple[str, ...],
    output: Path | None,
    resume: bool,
    concurrency: int | None,
    rpm: float | None,
    tpm: float | None,
    **options: Any,
) -> None:
    """Extract events from INPUT... and write one JSONL line per article.

    \b
    INPUT is any of:
      FILE.txt     one article (its id is the file name without .txt); a file of
                   any other name is read the same way, as plain text
      FOLDER       every .txt file in it; its sub-folders and other files are not
                   read (they are named on stderr): give them as inputs of their own
      FILE.jsonl   rows of {"id", "text", "published"?, "url"?, "title"?}; also .ndjson
      -            the same JSONL rows on stdin

    A publication date comes from "published", or from a dateline at the top of the text
    ("date 2024-06-19", "29 April 2021"); relative dates are resolved against it.

    \b
    Each line: {"article_id", "source", "language", "published", "events",
                "model", "usage", "error"}, written as each article finishes
    (in that order, not the input's). "usage" has the tokens spent, the LLM
    calls (re-asks included), how many were replayed from recordings (not
    spent) and, with a price, the estimated cost; the summary adds them up.

    An article that fails (unreadable input, a model answer that never validated, an
    endpoint that kept failing) gets a line with "error" set and the run goes on; rerun
    with --resume to retry only those. An endpoint that cannot work (a refused key, a
    wrong path, 10 articles in a row that could not connect) stops the run. Exit status
    is 0 if all succeeded, 1 if some failed, 2 if the run could not start or was stopped.
    """
    if options["model"] and not options["base_url"]:
        raise click.UsageError(
            f"--model {options['model']} names a model at --base-url, which is not given "
            "(nor DIPLO_EXTRACT_BASE_URL). Give --base-url too, or drop --model to run the "
            "built-in model (another GGUF file: --local-model FILE)."
        )
    settings = _run_settings(
        options, output=output, resume=resume, concurrency=concurrency, rpm=rpm, tpm=tpm
    )
    run_extraction(inputs, settings, verbose=options["verbose"], quiet=options["quiet"])


def run_extraction(
    inputs: tuple[str, ...],
    settings: RunSettings,
    *,
    verbose: bool,
    quiet: bool,
    before: Callable[[Console, AsyncExtractor], None] | None = None,
) -> NoReturn:
    """The extract command's run (also batch collect's): the library's run, drawn on the
    terminal, then the exit. ``before`` is the run's ``before`` hook, with the console."""
    console = Console(stderr=True)
    _setup_logging(console, verbose)
    view = _RunView(console, inputs, settings, quiet)
    try:
        with view.progress:
            summary = run(
                inputs,
                settings,
                before=(lambda extractor: before(console, extractor)) if before else None,
                on_begin=view.begin,
                on_skip=view.skipped,
                on_start=view.started,
                on_result=view.finished,
                # a scheduler's stop; a closed terminal
                stop_signals=(signal.SIGTERM, signal.SIGHUP),
            )
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    except OutputInUse as exc:
        console.print(f"[bold red]Cannot start:[/] {plain(str(exc))}")
        sys.exit(EXIT_CANNOT_RUN)
    except CannotResume as exc:
        console.print(f"[bold red]Cannot resume:[/] {plain(str(exc))}")
        sys.exit(EXIT_CANNOT_RUN)
    except OSError as exc:  # the lock's open: a missing or read-only folder, a file in the path
        output = plain(str(settings.output))
        console.print(f"[bold red]Cannot write {output}:[/] {exc.strerror or exc}")
        sys.exit(EXIT_CANNOT_RUN)
    except KeyboardInterrupt:  # before the run proper (resume's cleaning): nothing was written
        console.print("Interrupted before any article was written.")
        sys.exit(128 + signal.SIGINT)
    view.end(summary)
    sys.exit(summary.exit_code)


class _RunView:
    """The run on the terminal: a progress bar while it goes, what it did when it ends."""

    def __init__(
        self, console: Console, inputs: tuple[str, ...], settings: RunSettings, quiet: bool
    ) -> None:
        self.console = console
        self.inputs = inputs
        self.settings = settings
        self.quiet = quiet
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
            disable=quiet,
            transient=True,
        )
        self.task: TaskID | None = None
        self.total: int | None = None
        self.in_flight = 0

    def begin(self, state: ResumeState) -> None:
        output = self.settings.output
        if self.settings.resume:
            self.console.print(
                f"Resuming {plain(str(output))}: {len(state.done)} articles done before, "
                f"{state.to_retry} failed ones to retry, {state.damaged} damaged lines dropped."
            )
            if others := state.other_models():
                self.console.print(
                    f"[yellow]Warning:[/] the lines done before were written by "
                    f"{plain(', '.join(others))}; this run asks {plain(state.model)}, so the "
                    "output will mix models. Write to another -o file to keep them apart."
                )
        elif output is not None and output.exists() and output.stat().st_size:
            self.console.print(
                f"Overwriting {plain(str(output))} (use --resume to continue it instead)."
            )
        _report_not_read(self.console, self.inputs)
        self.total = count_inputs(self.inputs)
        self.task = self.progress.add_task("extracting", total=self.total, current="")

    def skipped(self, item: Item) -> None:
        assert self.task is not None
        self.progress.advance(self.task)

    def started(self, item: Item) -> None:
        assert self.task is not None
        self.in_flight += 1
        self.progress.update(self.task, current=f"{self.in_flight} in flight")

    def finished(self, result: ArticleResult) -> None:
        assert self.task is not None
        self.in_flight -= 1
        self.progress.update(self.task, advance=1, current=f"{self.in_flight} in flight")

    def end(self, summary: RunSummary) -> None:
        console = self.console
        if summary.interrupted_by is not None:
            console.print(
                f"Interrupted: {self._written(summary)} articles written. "
                "Run the same command with --resume to continue."
            )
            return
        if isinstance(summary.stopped, BackendError):
            console.print(
                f"[bold red]The model backend cannot run:[/] {plain(str(summary.stopped))}"
            )
            console.print(
                f"{self._written(summary)} articles were written before it stopped; "
                "fix the backend and rerun with --resume."
            )
            return
        if summary.stopped is not None:  # an OSError while writing a line
            stopped = summary.stopped
            path = getattr(stopped, "filename", None) or self.settings.output
            where = plain(str(path)) if path is not None else "standard output"
            why = getattr(stopped, "strerror", None) or stopped
            console.print(f"[bold red]Cannot write {where}:[/] {plain(str(why))}.")
            console.print(f"{self._written(summary)} articles were written before it stopped.")
            return
        _report_skipped(console, self.settings.resume, summary.already_done, summary.duplicates)
        if not self.quiet:
            mode = self.settings.cache_mode
            title = f"diplo-extract · {summary.model} · cache {mode.value}"
            if mode is not CacheMode.OFF:  # with off, no recording is read or written
                title += f" ({summary.cache_dir})"
            if summary.shown:
                console.print(summary_table(summary, title, console.width))
            else:  # a large run with no failure: no rows to show, only what ran it
                console.print(Text(title))
            console.print(Text(summary_footer(summary)))
        for error in summary.run_wide.values():
            console.print(f"[bold red]{error.type}:[/] {plain(error.message)}", highlight=False)

    def _written(self, summary: RunSummary) -> str:
        """ "3 of 25" when the inputs were counted and none was done before, else "3"."""
        if self.total is not None and not self.settings.resume:
            return f"{summary.articles} of {self.total}"
        return str(summary.articles)


def _report_not_read(console: Console, inputs: Iterable[str]) -> None:
    """Name what the input folders hold that is not read (sub-folders, files not named .txt),
    so that nothing is left out in silence."""
    for found in entries_not_read(inputs):
        parts = []
        if found.subfolders:
            parts.append(f"{_count(found.subfolders, 'sub-folder')} ({_some(found.subfolders)})")
        if found.other_files:
            files = _count(found.other_files, "file")
            parts.append(f"{files} not named *.txt ({_some(found.other_files)})")
        example = Path(found.folder) / (found.subfolders or found.other_files)[0]
        console.print(
            f"[yellow]Not read in {plain(found.folder)}:[/] {plain(' and '.join(parts))}. "
            "Only the .txt files directly in a folder are articles; to read another entry, "
            f"give it as an input of its own (e.g. {plain(str(example))}), read as INPUT in "
            "diplo-extract extract --help.",
            highlight=False,
        )


def _count(names: list[str], noun: str) -> str:
    return f"{len(names)} {noun}{'s' * (len(names) != 1)}"


def _some(names: list[str], shown: int = 3) -> str:
    more = f", and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _report_skipped(
    console: Console, resume: bool, already_done: int, duplicates: list[str]
) -> None:
    """What the inputs held that was not run: done before, or an id already used."""
    if resume:
        console.print(f"{already_done} inputs skipped: done before.")
    if duplicates:
        names = ", ".join(sorted(set(duplicates))[:10])
        console.print(
            f"[yellow]Skipped {len(duplicates)} inputs whose id was already used "
            f"in this run:[/] {plain(names)}. Give every article a unique id."
        )


OPENAI_BASE_URL = "https://api.openai.com/v1"


@main.group()
def batch() -> None:
    """Extract through the OpenAI Batch API: half the price, answers within 24 hours.

    \b
      diplo-extract batch prepare articles/ --model gpt-4o-mini -o requests.jsonl
      diplo-extract batch submit requests.jsonl             # prints the batch id
      diplo-extract batch status BATCH_ID
      diplo-extract batch collect BATCH_ID articles/ --model gpt-4o-mini -o events.jsonl

    prepare builds each article's request exactly as a live run would (custom_id is the
    article id); collect stores the answers with the recordings and runs the ordinary
    extraction over them, so they are validated, grounded and normalised like live answers.
    Give collect the same inputs and options as prepare. The endpoint is --base-url
    (default: OpenAI's), the key OPENAI_API_KEY.
    """


def _batch_endpoint(options: dict[str, Any]) -> None:
    options["base_url"] = options["base_url"] or OPENAI_BASE_URL
    if not options["model"]:
        raise click.UsageError("--model is required for a batch (e.g. --model gpt-4o-mini).")


def _api_client(base_url: str | None, retries: int | None = None) -> openai.OpenAI:
    """The Batch API client; ``retries`` as --retries gives them (collect), else the default."""
    retry = RetryPolicy() if retries is None else RetryPolicy(attempts=retries + 1)
    return build_api_client(Endpoint(base_url=base_url or OPENAI_BASE_URL, model="-", retry=retry))


def _batch_api_error(exc: openai.APIError) -> click.ClickException:
    return click.ClickException(describe_api_error(exc))


@batch.command("prepare")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    required=True,
    help="The JSONL of Batch API requests to write.",
)
@_request_options
def batch_prepare(inputs: tuple[str, ...], output: Path, **options: Any) -> None:
    """Write one Batch API request per article of INPUT... (same inputs as extract).

    Its options are those that shape the requests; give collect the same ones.
    """
    _batch_endpoint(options)
    settings = RunSettings(
        base_url=options["base_url"],
        model=options["model"],
        max_tokens=options["max_tokens"],
        max_chars=options["max_chars"],
        max_article_chars=options["max_article_chars"],
        encoding=options["encoding"],
    )
    _refuse_overwriting_an_input(output, inputs)
    selection = select_pending(read_inputs(inputs, encoding=settings.encoding))
    console = Console(stderr=True)
    _setup_logging(console, verbose=False)
    _report_not_read(console, inputs)
    written, problems = 0, 0
    requests = prepare_requests(selection.pending, settings)
    with _writing(output), output.open("w", encoding="utf-8") as stream:
        for row in requests:
            if isinstance(row, InputProblem):
                problems += 1
                console.print(f"[red]skipped {plain(row.id)}[/]: {plain(row.message)}")
                continue
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    _report_skipped(console, False, selection.already_done, selection.duplicates)
    console.print(f"{written} requests written to {plain(str(output))}; {problems} inputs skipped.")
    if problems:
        sys.exit(EXIT_SOME_FAILED)


@batch.command("submit")
@click.argument("requests_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_BATCH_BASE_URL
@click.option("--description", help="Stored with the batch, shown in the provider's dashboard.")
def batch_submit(requests_file: Path, base_url: str | None, description: str | None) -> None:
    """Upload REQUESTS_FILE (from prepare) and start a batch; prints its id."""
    try:
        created = submit(_api_client(base_url), requests_file, description)
    except openai.APIError as exc:
        raise _batch_api_error(exc) from None
    click.echo(created.id)
    click.echo(
        f"status: {created.status}; check with: diplo-extract batch status {created.id}", err=True
    )


@batch.command("status")
@click.argument("batch_id")
@_BATCH_BASE_URL
def batch_status(batch_id: str, base_url: str | None) -> None:
    """Print the status and request counts of BATCH_ID."""
    try:
        found = _api_client(base_url).batches.retrieve(batch_id)
    except openai.APIError as exc:
        raise _batch_api_error(exc) from None
    counts = found.request_counts
    done = (
        f"{counts.completed} completed, {counts.failed} failed of {counts.total}" if counts else ""
    )
    click.echo(f"{found.id}: {found.status}; {done}")
    if found.status == "completed":
        click.echo(f"collect with: diplo-extract batch collect {found.id} INPUT... -o FILE")


@batch.command("collect")
@click.argument("batch_id")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write JSONL here instead of stdout.",
)
@click.option("--resume", is_flag=True, help="Continue an earlier collect into the same -o file.")
@click.option(
    "-j",
    "--concurrency",
    type=click.IntRange(1, 1024),
    help="Articles in flight (re-asks are live calls). Default: 8.",
)
@_batch_endpoint_options
@_extraction_options
def batch_collect(
    batch_id: str,
    inputs: tuple[str, ...],
    output: Path | None,
    resume: bool,
    concurrency: int | None,
    **options: Any,
) -> None:
    """Fetch the answers of BATCH_ID and extract INPUT... from them, as `extract` would.

    Articles whose batch request failed, and answers that fail validation, are sent to
    the model live (--cache-mode auto, the default); with --cache-mode replay they get an
    error line instead, for a later `extract --resume`.
    """
    _batch_endpoint(options)
    settings = _run_settings(options, output=output, resume=resume, concurrency=concurrency)

    def fetch(console: Console, extractor: AsyncExtractor) -> None:
        try:
            collected = collect_answers(
                _api_client(settings.base_url, settings.retries), batch_id, extractor.cassette
            )
        except openai.APIError as exc:
            raise _batch_api_error(exc) from None
        except BatchError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(
                f"Cannot store the batch's answers in {extractor.cassette.directory}: "
                f"{exc.strerror or exc}. Give --cache-dir a writable folder."
            ) from None
        console.print(
            f"Batch {batch_id}: {collected.stored} answers stored in "
            f"{plain(str(extractor.cassette.directory))}, {len(collected.failed)} requests failed."
        )
        for custom_id, why in sorted(collected.failed.items())[:10]:
            console.print(f"  [red]{plain(custom_id)}[/]: {plain(why)}")

    run_extraction(
        inputs, settings, verbose=options["verbose"], quiet=options["quiet"], before=fetch
    )


def _load_results(
    console: Console, paths: Iterable[Path], *, include_failed: bool = False
) -> list[ArticleResult]:
    """Result lines of extract output files, each article once; a bad line stops the command."""
    try:
        loaded = load_results(paths, include_failed=include_failed)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    if loaded.repeated:
        names = ", ".join(sorted(set(loaded.repeated))[:10])
        console.print(
            f"[yellow]Read once: {len(loaded.repeated)} more lines of articles already read "
            f"were skipped[/] ({plain(names)}). Was a file given twice?"
        )
    if loaded.failed:
        names = ", ".join(loaded.failed[:10]) + ", ..." * (len(loaded.failed) > 10)
        console.print(
            f"[yellow]Left out: {len(loaded.failed)} failed article(s)[/], which have no events "
            f"({plain(names)}). Run extract again with --resume to extract them."
        )
    return loaded.results


@main.command(name="merge")
@click.argument(
    "inputs",
    nargs=-1,
    required=True,
    metavar="INPUT...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    help="Write the merged events here (JSONL) instead of stdout.",
)
def merge_command(inputs: tuple[Path, ...], output: Path | None) -> None:
    """Count each event once: merge the events of INPUT... (JSONL from `extract`) that
    report the same thing, across articles and languages.

    \b
    Two records are one event when they have the same kind (in person, phone call,
    agreement, other) and status, a named participant in common (and two states in
    common when both involve two or more), dates that agree within a day (or the same
    day and month when a year is missing), and the same city or country when both say.
    Each output line is one event: the most precise date among its reports, the union
    of participants and topics, every mention (article_id, evidence spans) and, in
    "merged_because", why each pair of mentions was joined. Failed articles are left out
    and named on stderr.
    """
    output = _stdout_if_dash(output)
    _refuse_overwriting_an_input(output, inputs)
    console = Console(stderr=True)
    results = _load_results(console, inputs)
    merged = merge_events(results)
    with _writing(output), JsonlWriter(output) as writer:
        for event in merged:
            writer.write_model(event)
    mentions = sum(len(event.mentions) for event in merged)
    joined = sum(1 for event in merged if len(event.mentions) > 1)
    console.print(
        f"{len(merged)} events from {mentions} mentions in {len(results)} articles; "
        f"{joined} events reported more than once."
    )


@main.command(name="report")
@click.argument("results_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument(
    "inputs", nargs=-1, metavar="[INPUT]...", type=click.Path(exists=True, allow_dash=True)
)
@click.option(
    "-o",
    "--output",
    type=FILE_ONLY,
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write (not standard output).",
)
@click.option(
    "--encoding",
    metavar="NAME",
    callback=_known_encoding,
    help="Encoding of INPUT files that are not UTF-8.",
)
def report_command(
    results_file: Path, inputs: tuple[str, ...], output: Path, encoding: str | None
) -> None:
    """Write one self-contained HTML page (no network) of RESULTS_FILE (JSONL from `extract`).

    \b
    Each article's text with every event's evidence highlighted at its offsets, a table of
    events with filters, a timeline and a graph of who met whom. Give the articles as INPUT
    (the same as for `extract`) to show their text; without them the text is read from each
    line's "source" when it is a .txt file. Article text is escaped, never run.
    """
    _refuse_overwriting_an_input(output, [results_file, *inputs])
    console = Console(stderr=True)
    results = _load_results(console, [results_file], include_failed=True)
    texts: dict[str, str] = {}
    unread: list[InputProblem] = []
    for item in read_inputs(inputs, encoding=encoding):
        if isinstance(item, Article):
            texts[item.id] = item.text
        else:
            unread.append(item)
    for problem in unread[:5]:  # an empty folder, an undecodable file: said, not passed over
        console.print(f"[yellow]not read[/] {plain(problem.source)}: {plain(problem.message)}")
    if len(unread) > 5:
        console.print(f"[yellow]not read[/]: {len(unread) - 5} more inputs")
    for result in results:
        source = Path(result.source) if result.source else None
        if result.article_id not in texts and source and source.suffix.lower() == ".txt":
            with suppress(OSError, ValueError):  # the page says the text was not given
                texts[result.article_id] = read_text_file(source, encoding).text
    page = build_report(results, texts)
    with _writing(output):
        output.write_text(page, encoding="utf-8")
    shown = sum(1 for r in results if r.article_id in texts)
    hint = "" if shown == len(results) else "; give the articles as INPUT to show the rest"
    click.echo(f"{output}: {len(results)} articles ({shown} with their text){hint}", err=True)


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
            again = "" if out_dir == Path("schemas") else f" --out-dir {shlex.quote(str(out_dir))}"
            click.echo(
                f"Out of date in {out_dir}: {', '.join(stale)}. Run: diplo-extract schema{again}",
                err=True,
            )
            sys.exit(1)
        click.echo(f"{out_dir}: up to date")
        return
    try:
        written = write_schema_files(out_dir)
    except OSError as exc:
        click.echo(f"Cannot write the schemas to {out_dir}: {exc.strerror or exc}.", err=True)
        sys.exit(2)
    for path in written:
        click.echo(str(path))


@main.command(name="eval")
@click.argument("predictions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--gold",
    "gold_files",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    required=True,
    help="Gold annotations (*.gold.jsonl, format: docs/gold_format.md), or a folder of them; "
    "repeat for each.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--per-article", is_flag=True, help="Also list hits, false alarms and misses.")
def evaluate(
    predictions: Path, gold_files: tuple[Path, ...], as_json: bool, per_article: bool
) -> None:
    """Score PREDICTIONS (JSONL written by `extract`) against gold annotations.

    Events are matched one to one per article (participants first, then date and type);
    prints event precision, recall and F1 and, for matched events, the accuracy of type,
    status, date, location country and city, participant precision and recall, and the
    share of matched named people given gold's state (the dyad's sides). Only
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
        console.print(per_article_table(scores))


@main.command("export")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), required=True,
    help="plover: PLOVER JSON lines; tsv, csv: one row per event; parquet (extra 'export').",
)  # fmt: skip
@click.option(
    "-o", "--output", "out", type=FILE_ONLY, required=True,
    help="File to write (not standard output).",
)  # fmt: skip
def export_command(source: Path, fmt: str, out: Path) -> None:
    """Write the events of SOURCE (output of extract or merge) for analysts.

    One record per event, with a stable event_id, actor and recipient (PLOVER; ICEWS source
    and target) where code can tell them apart, CAMEO as text ("042"), ISO dates, GeoNames id
    and coordinates, and provenance (URL, title, evidence sentences and offsets, coder, model,
    coding date). The columns are documented in docs/export_columns.md. Article lines with an
    error are skipped and counted. Parquet needs the 'export' extra:
    pip install 'diplo-extract[export]'.
    """
    _refuse_overwriting_an_input(out, [source])
    try:
        loaded = export(source, out, fmt)  # type: ignore[arg-type]
    except CannotWriteExport as exc:
        raise _CannotRun(str(exc)) from None
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    skipped = f"; {loaded.skipped_errors} article line(s) with an error skipped" * bool(
        loaded.skipped_errors
    )
    read = f"{loaded.merged} merged events" if loaded.merged else f"{loaded.articles} articles"
    click.echo(f"{len(loaded.events)} events from {read} written to {out} ({fmt}){skipped}.")


if __name__ == "__main__":
    main()
