"""diplo-extract report: one self-contained page, text escaped, highlights where offsets say.

The browser tests run Debian's headless Chromium (installed by .ci/run; skipped where it is
missing) on the page built from the replayed recordings.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplo_extract import Article, ArticleResult, Extractor
from diplo_extract.cli import main
from diplo_extract.report import build_report

from .conftest import ARTICLES

HOSTILE = (
    "\n<script>document.title='PWNED'</script>"
    "<img src=x onerror=\"document.title='PWNED'\"> & </pre><b>bold?</b>"
)
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def page(replayer: Extractor, seeds: dict[str, Article]) -> tuple[str, dict[str, str], int]:
    results = [replayer.extract(a) for a in seeds.values()]
    texts = {a.id: a.text for a in seeds.values()}
    texts["101_en_fidan_lavrov_call"] += HOSTILE  # after every span: offsets still hold
    spans = sum(len(e.evidence) for r in results for e in r.events)
    return build_report(results, texts), texts, spans


class _Texts(HTMLParser):
    """The text inside each <pre id="text-N">, and each <mark> with its offsets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pre: str | None = None
        self.texts: dict[str, str] = {}
        self.marks: list[tuple[str, int, int, str]] = []
        self._mark: tuple[int, int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "pre" and (found.get("id") or "").startswith("text-"):
            self.pre = found["id"]
            self.texts[self.pre] = ""  # type: ignore[index]
        elif tag == "mark" and self.pre:
            self._mark = (int(found["data-start"] or 0), int(found["data-end"] or 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre = None

    def handle_data(self, data: str) -> None:
        if self.pre is not None:
            self.texts[self.pre] += data
            if self._mark is not None:
                self.marks.append((self.pre, *self._mark, data))
                self._mark = None


def test_every_article_text_is_shown_whole_and_every_highlight_at_its_offsets(
    page: tuple[str, dict[str, str], int],
) -> None:
    document, texts, _ = page
    parsed = _Texts()
    parsed.feed(document)
    assert sorted(parsed.texts.values()) == sorted(texts.values())
    assert parsed.marks
    for pre, start, end, shown in parsed.marks:
        assert parsed.texts[pre][start:end] == shown


def test_article_text_is_escaped_not_markup(page: tuple[str, dict[str, str], int]) -> None:
    document, _, _ = page
    assert "<script>document.title" not in document and "<img src=x" not in document
    assert html.escape("<script>document.title='PWNED'</script>") in document
    assert len(re.findall(r"<script", document)) == 2  # the page's data and its own code
    assert not re.search(r"(?:src|href)=\"https?:", document)  # nothing fetched


def _chromium(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = target.parent / f"profile-{len(args)}"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         *args, target.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def _selfcheck(dom: str) -> dict[str, object]:
    """What the page found when it checked its highlights on load."""
    found = re.search(r'<pre id="selfcheck"[^>]*>(.*?)</pre>', dom, re.DOTALL)
    assert found is not None, "the page did not finish loading"
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return result


def test_an_input_or_results_file_that_does_not_exist_is_a_usage_error_naming_it(
    tmp_path: Path,
) -> None:
    """A missing INPUT used to be passed over in silence: the page lacked its texts, exit 0."""
    failed = ArticleResult(article_id="a", source=None, language=None, published=None,
                           model=None)  # fmt: skip
    results = tmp_path / "out.jsonl"
    results.write_text(failed.model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    for args in ([str(results), str(tmp_path / "articles")], [str(tmp_path / "nothing.jsonl")]):
        run = CliRunner().invoke(main, ["report", *args, "-o", str(out)], env={"COLUMNS": "300"})
        assert run.exit_code == 2, run.output
        assert "Usage: main report" in run.stderr  # click.testing names the command main
        assert f"'{args[-1]}' does not exist." in run.stderr
    assert not out.exists()


@needs_chromium
def test_the_page_loads_checks_itself_and_runs_no_article_script(
    page: tuple[str, dict[str, str], int], tmp_path: Path
) -> None:
    document, _, spans = page
    target = tmp_path / "report.html"
    target.write_text(document, encoding="utf-8")
    run = _chromium(target, "--dump-dom")
    dom = run.stdout
    assert 'data-ready="1"' in dom
    check = json.loads(
        html.unescape(re.search(r'<pre id="selfcheck"[^>]*>(.*?)</pre>', dom).group(1))
    )  # type: ignore[union-attr]
    assert check == {"spans": spans, "wrong": [], "errors": []}
    assert "<title>diplo-extract report</title>" in dom and "PWNED</title>" not in dom
    assert ":CONSOLE(" not in run.stderr  # nothing logged to the console, no error


@needs_chromium
def test_a_screenshot_is_taken(page: tuple[str, dict[str, str], int], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text(page[0], encoding="utf-8")
    shot = tmp_path / "report.png"
    _chromium(target, f"--screenshot={shot}", "--window-size=1280,1600", "--hide-scrollbars")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_an_input_that_holds_no_article_is_said_and_the_missing_texts_are_explained(
    tmp_path: Path,
) -> None:
    """An empty folder given as INPUT was passed over in silence ("1 articles (0 with their
    text)", nothing more)."""
    failed = ArticleResult(article_id="a", source=None, language=None, published=None,
                           model=None)  # fmt: skip
    results = tmp_path / "out.jsonl"
    results.write_text(failed.model_dump_json() + "\n", encoding="utf-8")
    empty = tmp_path / "articles"
    empty.mkdir()
    out = tmp_path / "report.html"
    run = CliRunner().invoke(main, ["report", str(results), str(empty), "-o", str(out)],
                             env={"COLUMNS": "300"})  # fmt: skip
    assert run.exit_code == 0, run.output
    assert f"not read {empty}: " in run.stderr
    assert "1 articles (0 with their text); give the articles as INPUT to show the rest" in (
        run.stderr
    )


def test_the_cli_reads_texts_from_the_sources(
    tmp_path: Path, replayer: Extractor, seeds: dict[str, Article]
) -> None:
    results = tmp_path / "out.jsonl"
    lines = [replayer.extract(a).model_dump_json() for a in seeds.values()]
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    run = CliRunner().invoke(main, ["report", str(results), "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert f"{len(seeds)} articles ({len(seeds)} with their text)" in run.stderr
    assert out.read_text(encoding="utf-8").count('<pre class="text"') == len(seeds)


def test_the_cli_shows_failed_articles_too(tmp_path: Path) -> None:
    failed = ArticleResult(article_id="gone", source=str(ARTICLES / "gone.txt"), language=None,
                           published=None, model=None,
                           error={"type": "InputError", "message": "gone.txt does not exist."})  # type: ignore[arg-type]  # fmt: skip
    results = tmp_path / "out.jsonl"
    results.write_text(failed.model_dump_json() + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", str(results), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "InputError" in text and "Article text not given" in text


@needs_chromium
def test_the_self_check_catches_highlights_off_their_offsets(
    replayer: Extractor, seeds: dict[str, Article], tmp_path: Path
) -> None:
    article = seeds["101_en_fidan_lavrov_call"]
    result = replayer.extract(article)
    page = build_report([result], {article.id: article.text})
    shifted = re.sub(r'"start": ([0-9]+)', lambda m: f'"start": {int(m[1]) + 1}', page)
    target = tmp_path / "report.html"
    target.write_text(shifted, encoding="utf-8")  # the page's own data, off by one
    dom = _chromium(target, "--dump-dom").stdout
    check = json.loads(
        html.unescape(re.search(r'<pre id="selfcheck"[^>]*>(.*?)</pre>', dom).group(1))
    )  # type: ignore[union-attr]
    wrong = check["wrong"]
    assert isinstance(wrong, list) and wrong
    assert all("101_en_fidan_lavrov_call" in w for w in wrong)


def _awkward(article: Article, result: ArticleResult) -> tuple[str, ArticleResult]:
    """The article with CRLF line ends, emoji (outside the BMP) and a NUL before its evidence,
    and its result with every span moved to where its quote now is (code-point offsets)."""
    prefix = "\U0001f1e6\U0001f1ff \U0001f91d\x00 "
    text = prefix + article.text.replace("\n", "\r\n")

    def moved(offset: int) -> int:
        return len(prefix) + offset + article.text.count("\n", 0, offset)

    events = []
    for event in result.events:
        spans = [
            span.model_copy(update={"start": moved(span.start), "end": moved(span.end),
                                    "quote": span.quote.replace("\n", "\r\n")})
            for span in event.evidence
        ]  # fmt: skip
        events.append(event.model_copy(update={"evidence": spans}))
    for event in events:
        assert all(text[s.start : s.end] == s.quote for s in event.evidence)
    return text, result.model_copy(update={"events": events})


@needs_chromium
def test_highlights_sit_on_their_words_with_crlf_emoji_and_nul(
    replayer: Extractor, seeds: dict[str, Article], tmp_path: Path
) -> None:
    results, texts = [], {}
    for article_id in ("000_a9dee9583fa8f3a5", "104_fr_macron_pashinyan"):  # multi-line quotes
        article = seeds[article_id]
        text, result = _awkward(article, replayer.extract(article))
        results.append(result)
        texts[article_id] = text
    spans = sum(len(e.evidence) for r in results for e in r.events)
    assert spans >= 2
    target = tmp_path / "report.html"
    target.write_text(build_report(results, texts), encoding="utf-8")
    check = _selfcheck(_chromium(target, "--dump-dom").stdout)
    assert check == {"spans": spans, "wrong": [], "errors": []}


def test_a_text_edited_since_extraction_is_said_not_crashed_on(
    replayer: Extractor, seeds: dict[str, Article]
) -> None:
    article = seeds["101_en_fidan_lavrov_call"]
    result = replayer.extract(article)
    spans = sum(len(e.evidence) for e in result.events)
    page = build_report([result], {article.id: "\U0001f1f9\U0001f1f7 " + article.text[:50]})
    assert f"{spans} evidence passage(s) not found at their offsets" in page
