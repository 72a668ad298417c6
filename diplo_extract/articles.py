"""Reading articles: text files, folders of them, JSONL files and JSONL on stdin.

Bad input never raises out of :func:`read_inputs`: each unreadable file or line becomes an
:class:`InputProblem` that the caller reports as that article's error line, so one broken
input cannot sink a run of thousands.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import py3langid

from diplo_extract import date_words


def clean_id(value: str) -> str:
    """An id that every output can carry: NFC (so a macOS file name and the same name typed
    on Linux are one id), and with any byte that is not UTF-8 (a file name in another
    encoding, a lone surrogate escaped in JSON) written as a backslash escape, not a crash."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:  # bytes of a file name the OS could not decode, smuggled as surrogates
            value = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            value = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return unicodedata.normalize("NFC", value)


@dataclass(frozen=True)
class Article:
    """One article to extract from, with what is known about it before the LLM sees it."""

    id: str
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        _check_field_types(self)
        if isinstance(self.published, dt.datetime):  # a date, to the day: as the prompt says
            object.__setattr__(self, "published", self.published.date())
        object.__setattr__(self, "id", clean_id(self.id))
        if self.source is not None:
            object.__setattr__(self, "source", clean_id(self.source))

    @cached_property
    def language(self) -> str | None:
        """Detected once per article (not memoised globally: a batch would keep every text)."""
        return detect_language(self.text)


def _check_field_types(article: Article) -> None:
    """A TypeError saying what to give, for fields a program filled with the wrong type (a
    deep AttributeError, or a crash after the model was paid, otherwise)."""
    if not isinstance(article.id, str):
        raise TypeError(f"article_id must be a str, not {article.id!r}.")
    if not isinstance(article.text, str):
        raise TypeError(f"the article's text must be a str, not {type(article.text).__name__}.")
    if article.published is not None and not isinstance(article.published, dt.date):
        raise TypeError(
            f"published must be a datetime.date such as date(2024, 6, 19), or None, not "
            f"{article.published!r} ({type(article.published).__name__}); "
            "date.fromisoformat('2024-06-19') reads an ISO date."
        )
    for name in ("source", "url", "title"):
        if (value := getattr(article, name)) is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str or None, not {value!r}.")


@dataclass(frozen=True)
class InputProblem:
    """An input that could not be read as an article, and what to do about it."""

    id: str
    source: str
    message: str

    def __post_init__(self) -> None:
        for name in ("id", "source", "message"):
            object.__setattr__(self, name, clean_id(getattr(self, name)))


class InputError(ValueError):
    """Raised by the single-article readers; turned into an InputProblem by read_inputs."""


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "januar", "jan"),
            ("february", "februar", "feb"),
            ("march", "märz", "mar"),
            ("april", "apr"),
            ("may", "mai"),
            ("june", "juni", "jun"),
            ("july", "juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oktober", "oct", "okt"),
            ("november", "nov"),
            ("december", "dezember", "dec", "dez"),
        ],
        start=1,
    )
    for name in names
}
_ISO_DATELINE = re.compile(r"(?:^|\s)date\s+([0-9]{4}-[0-9]{2}-[0-9]{2})\b")
_WORD_DATELINE = re.compile(r"^\s*([0-9]{1,2})\.?\s+([A-Za-zäÄ]+)\.?\s+([0-9]{4})\b")
_DATELINE_LINES = 6


def find_dateline(text: str) -> dt.date | None:
    """The publication date a news page prints at its top, if any.

    Recognises the ``date 2024-06-19`` marker of scraped pages, a line that starts with a
    day, an English or German month name and a year ("29 April 2021"), a short line that is
    a full date in any format dateparser reads ("05:45 Янв. 24, 2023"), and a wire dateline's
    date after its place ("WASHINGTON, March 12, 2025 (Reuters) -", "Москва, 12 марта 2025"),
    which without it left every "yesterday" of a pasted wire story unresolved. Only the first
    few lines are read, so dates inside the story are never taken for the publication date.
    """
    lines = [line for line in text.splitlines() if line.strip()][:_DATELINE_LINES]
    for line in lines:
        match = _ISO_DATELINE.search(line)
        if match:
            return _date_or_none(match.group(1))
    for number, line in enumerate(lines):
        marker = _MONTH_DATELINE.search(line)
        if marker:  # "date 2017-05 publié le 08/05/2017", "date 2017-02 BUENOS AIRES, 28 (NA)"
            rest = " ".join([line[marker.end() :], *lines[number + 1 : number + 2]])
            for found in _days_in(rest, int(marker.group(1)), int(marker.group(2))):
                return found
    for line in lines:
        numeric = _numeric_date(line)
        if numeric is not None:
            return numeric
    for line in lines:
        match = _WORD_DATELINE.match(line)
        if match and match.group(2).lower() in _MONTHS:
            day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], match.group(3)
            try:
                return dt.date(int(year), month, day)
            except ValueError:
                continue
    short = [line.strip() for line in lines if len(line.strip()) <= _DATE_LINE_CHARS]
    short = [line for line in short if _YEAR.search(line)]
    placed = [date for line in lines if (date := _date_after_place(line)) is not None]
    language = detect_language(text) if short or placed else None  # once, only when needed
    for line in short:
        parsed = _date_line(line, language)
        if parsed is not None:
            return parsed
    for words in placed:
        parsed = _date_line(words, language)
        if parsed is not None:
            return parsed
    return None


#: A wire or press-release dateline: a place or label, maybe an agency in brackets, then a
#: comma, colon or dash and the date ("WASHINGTON, March 12, 2025 (Reuters) -", "Москва,
#: 12 марта 2025", "BERLIN (dpa) - 12.03.2025", "Published: 12 March 2025 10:31").
_PLACE_THEN_DATE = re.compile(
    r"^\s*[^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3}\.?\s*(?:\([^()]{1,30}\)\s*)?"
    r"[,:–—-]\s*(?P<date>\D{0,20}?[0-9][^\n]{0,24}?(?:19|20)[0-9]{2})(?![0-9])"
)


def _date_after_place(line: str) -> str | None:
    """The words of a date that follow a place at the start of a line, up to its year; the
    caller reads them whole (day, month and year), so a headline's figures are not taken."""
    match = _PLACE_THEN_DATE.match(line)
    return match.group("date") if match else None


_MONTH_DATELINE = re.compile(r"(?:^|\s)date\s+([0-9]{4})-([0-9]{2})\b(?!-)")
#: Day first with dots or slashes (18.05.2018, 01/03/2026), or year-month-day in CJK.
_DMY = re.compile(r"(?<![0-9])([0-9]{1,2})[./]([0-9]{1,2})[./]((?:19|20)[0-9]{2})(?![0-9])")
_CJK = re.compile(r"((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日")
_CJK_MONTH_FIRST = re.compile(r"([0-9]{1,2})月\s*([0-9]{1,2}),\s*((?:19|20)[0-9]{2})")
#: A wire-service dateline: "BUENOS AIRES, 28 (NA)." gives the day of the marker's month.
_WIRE_DAY = re.compile(r"^\s*[^\W\d_][^,]{1,40},\s*([0-9]{1,2})\s*\(")


def _days_in(text: str, year: int, month: int) -> Iterator[dt.date]:
    """Dates in ``text`` that fall in the given month (the page's own month marker)."""
    for found in (_numeric_date(text), _wire_day(text, year, month)):
        if found is not None and (found.year, found.month) == (year, month):
            yield found


def _wire_day(text: str, year: int, month: int) -> dt.date | None:
    match = _WIRE_DAY.match(text)
    if match is None:
        return None
    try:
        return dt.date(year, month, int(match.group(1)))
    except ValueError:
        return None


def _numeric_date(line: str) -> dt.date | None:
    """A date written in digits near the start of a line: day first (as everywhere but the
    United States, whose slashes are read only when the day is over 12), or CJK."""
    head = line[:40]
    cjk = _CJK.search(head)
    if cjk:
        return _date_or_none(f"{cjk.group(1)}-{int(cjk.group(2)):02d}-{int(cjk.group(3)):02d}")
    cjk = _CJK_MONTH_FIRST.search(head)  # "12月 03, 2022 15:37 Asia/Tokyo"
    if cjk:
        return _date_or_none(f"{cjk.group(3)}-{int(cjk.group(1)):02d}-{int(cjk.group(2)):02d}")
    match = _DMY.search(head)
    if match is None:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    try:
        return dt.date(int(year), month, day)
    except ValueError:
        return None


#: A line this short that holds a year may be the page's date line, in any format
#: ("05:45 Янв. 24, 2023", "01:42 ص 01/03/2026", "2019年10月23日"); a headline is longer.
_DATE_LINE_CHARS = 32
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _date_line(line: str, language: str | None) -> dt.date | None:
    """The date a short line consists of, when it names day, month and year."""
    import dateparser  # loaded only for pages whose date line needs it

    settings: Any = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"}
    # The article's language first; then any (a page's chrome is often in another one).
    for languages in ([language] if language else None, None):
        try:
            found = dateparser.parse(line, languages=languages, settings=settings)
        except Exception:  # dateparser raises assorted errors on odd input
            continue
        if found is not None:
            return found.date()
    return _inflected_date(line, language)


def _inflected_date(line: str, language: str | None) -> dt.date | None:
    """A line's day, month and year when the month carries a case ending dateparser does not
    read ("2023. gada 12. oktobrī", "2023 m. spalio 12 d.")."""
    code = date_words.dateparser_code(language)
    for found in date_words.find(line, code) if code else ():
        if isinstance(found, date_words.DayOfMonth) and (date := found.full_date()) is not None:
            return date
    return None


def _date_or_none(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def parse_published(value: Any) -> dt.date | None:
    """A publication date from input metadata: ISO date or datetime string, or null."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    raise InputError(f"'published' must be an ISO 8601 date such as '2024-06-19', not {value!r}.")


#: Language is told by the first characters; a 10 MB article need not be read whole for it.
_LANGUAGE_SAMPLE = 10_000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the article's language (py3langid ships its model: no download)."""
    if not text.strip():
        return None
    code, _score = py3langid.classify(text[:_LANGUAGE_SAMPLE])
    return str(code)


def decode_text(data: bytes, source: str, encoding: str | None = None) -> str:
    """Article text from file bytes: UTF-8, or ``encoding`` when the user names it and the
    bytes are not UTF-8.

    Other encodings are detected but not guessed: on short news texts, charset detection
    confuses code pages of one script (cp1250 for Latin-1 French, KOI8-R for cp1251 Russian;
    measured on the test articles), and a wrong guess would put altered words in evidence
    quotes. So a file that is not UTF-8 is refused with the likely encoding and how to say it.
    """
    if encoding is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # its byte order mark says so: nothing is guessed
    if encoding is None and b"\x00" in data:
        raise InputError(
            f"{source} looks like a binary file, not text; give a UTF-8 .txt file (or name "
            "its encoding with --encoding, e.g. utf-16)."
        )
    if encoding is not None and b"\x00" not in data:
        try:  # "when they are not UTF-8": a folder may mix UTF-8 files with cp1251 ones
            return _non_empty(data.decode("utf-8-sig"), source)
        except UnicodeDecodeError:
            pass  # not UTF-8: the named encoding, below
    try:
        text = data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise InputError(f"Unknown encoding {encoding!r}; use a name such as cp1251.") from None
    except UnicodeDecodeError as exc:
        raise InputError(_not_decodable(data, source, exc, encoding)) from None
    return _non_empty(text, source)


def _non_empty(text: str, source: str) -> str:
    if not text.strip():
        raise InputError(f"{source} is empty; there is no article text to extract from.")
    return text


def _not_decodable(data: bytes, source: str, exc: UnicodeDecodeError, encoding: str | None) -> str:
    if encoding:
        return f"{source} is not {encoding} text (byte {exc.start}); check --encoding."
    import charset_normalizer  # loaded only for files that need it

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return f"{source} is not UTF-8 text (byte {exc.start}) and its encoding is unclear."
    # Code pages of one script read each other's bytes: offer the likeliest few, not one.
    names = list(dict.fromkeys(n for m in matches for n in (m.encoding, *m.could_be_from_charset)))
    first = names[:3]
    looks = first[0] if len(first) == 1 else ", ".join(first[:-1]) + " or " + first[-1]
    return (
        f"{source} is not UTF-8 text (byte {exc.start}); it looks like {looks}. Rerun with "
        f"--encoding NAME if you know which, or convert it: iconv -f {names[0].upper()} -t UTF-8."
    )


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be sent to the model as an article, if it cannot: characters that
    are not Unicode (a lone surrogate escaped in JSON), or nothing visible."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return (
            f"the text holds a character that is not valid Unicode ({text[exc.start]!r} at "
            f"character {exc.start}, a lone surrogate); fix the input."
        )
    if not any(_visible(char) for char in text):
        return "the text has no visible character (only spaces or invisible marks)."
    return None


def article_from_text(
    text: str,
    article_id: str,
    source: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Article:
    """An Article whose publication date comes from metadata, else from its dateline.

    Raises InputError for text the model could not be sent: characters that are not Unicode
    (a lone surrogate escaped in JSON) or nothing visible (only zero-width characters).
    """
    if (problem := text_problem(text)) is not None:
        raise InputError(problem)
    return Article(
        id=article_id,
        text=text,
        published=published if published is not None else find_dateline(text),
        source=source,
        url=url,
        title=title,
    )


#: Letters that draw nothing (fillers), which would make an invisible text look like words.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _visible(char: str) -> bool:
    return (
        unicodedata.category(char)[0] in "LNPS"
        and char not in _INVISIBLE_LETTERS
        and (
            char != "\u2800"  # the blank braille pattern
        )
    )


#: No article is this large; a bigger file (a log, a dump) is refused before it is read, so
#: it costs neither the memory nor the minute that decoding a gigabyte takes.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def _too_large(size: int, what: str) -> str:
    return (
        f"{what} is {size:,} bytes, too large to be an article (at most "
        f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB); split it."
    )


def read_text_file(path: Path, encoding: str | None = None) -> Article:
    """A ``.txt`` article; its id is the file stem."""
    source = str(path)
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(_too_large(size, source))
    return article_from_text(decode_text(path.read_bytes(), source, encoding), path.stem, source)


def read_jsonl(
    stream: IO[str] | IO[bytes], source: str, encoding: str | None = None
) -> Iterator[Article | InputProblem]:
    """Articles from JSONL rows ``{"id", "text", "published"?, "url"?, "title"?}``.

    A binary stream is decoded line by line, so one undecodable line costs only itself. A
    stream whose first row is not a JSON object at all is plain text (an article piped to
    ``-``): one error line says so, instead of one per line of the article. A stream with
    no row at all (an empty file, nothing piped) is one error line too: the run must not
    end in silence, as if its articles had been extracted.
    """
    first = True
    rows = 0  # lines that are not blank (nor a byte order mark alone)
    for number, raw in enumerate(_lines(stream), start=1):
        fallback_id = f"{Path(source).stem}:{number}"
        where = f"{source}:{number}"
        if raw is None:
            rows += 1
            yield InputProblem(fallback_id, where, _too_large(MAX_INPUT_BYTES, f"line {number}"))
            continue
        try:
            line = raw if isinstance(raw, str) else raw.decode(encoding or "utf-8")
            if number == 1:
                line = line.removeprefix("\ufeff")  # a byte order mark, as .txt files allow
        except UnicodeDecodeError as exc:
            rows += 1
            message = f"line {number} is not {encoding or 'UTF-8'} text (byte {exc.start})."
            yield InputProblem(fallback_id, where, message)
            continue
        if not line.strip():
            continue
        rows += 1
        if first and not line.lstrip().startswith(("{", "[")):
            yield InputProblem(fallback_id, where, _plain_text(source))
            return
        first = False
        try:
            yield _article_from_row(line, source)
        except InputError as exc:
            yield InputProblem(_row_id(line) or fallback_id, where, str(exc))
    if not rows:  # not one row: say so, as for a folder without articles, not end in silence
        yield InputProblem(
            Path(source).stem or source,
            source,
            f"{source} holds no JSONL rows; there is no article to extract from.",
        )


def _plain_text(source: str) -> str:
    return (
        f"{source} is plain text, not JSON lines; put a plain-text article in a .txt file. "
        'A JSONL row is a JSON object such as {"id": "a1", "text": "..."}; a folder of .txt '
        "files is read as articles too. Nothing after this line was read."
    )


def _lines(stream: IO[str] | IO[bytes]) -> Iterator[str | bytes | None]:
    """The stream's lines, each read at most MAX_INPUT_BYTES at a time; a longer line is
    skipped to its end and given as None, never held whole."""
    while raw := stream.readline(MAX_INPUT_BYTES + 1):
        if len(raw) <= MAX_INPUT_BYTES or raw[-1:] in ("\n", b"\n"):
            yield raw
            continue
        while (rest := stream.readline(MAX_INPUT_BYTES)) and rest[-1:] not in ("\n", b"\n"):
            pass
        yield None


def _row_id(line: str) -> str | None:
    try:
        row = json.loads(line)
    except ValueError:
        return None
    if isinstance(row, dict) and isinstance(row.get("id"), str | int) and row["id"] != "":
        return str(row["id"])
    return None


def _article_from_row(line: str, source: str) -> Article:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        hint = (
            ""
            if line.lstrip().startswith(("{", "["))
            else ' A row is a JSON object such as {"id": "a1", "text": "..."}; an article'
            " in plain text goes in a .txt file (or a folder of them)."
        )
        where = "" if exc.msg.endswith(" at") else " at"  # "Invalid control character at"
        raise InputError(f"invalid JSON ({exc.msg}{where} column {exc.colno}).{hint}") from None
    if not isinstance(row, dict):
        raise InputError("a JSONL row must be an object with 'id' and 'text'.")
    if row.get("id") in (None, ""):
        raise InputError("the row has no 'id'; every row needs a unique 'id'.")
    if not isinstance(row["id"], str | int) or isinstance(row["id"], bool):
        raise InputError(f"'id' must be a string (or a number), not {row['id']!r}.")
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("the row has no 'text', or it is empty.")
    for field in ("url", "title"):
        if row.get(field) is not None and not isinstance(row[field], str):
            raise InputError(f"'{field}' must be a string, not {row[field]!r}.")
    return article_from_text(
        text,
        str(row["id"]),
        source=row.get("url") or source,
        published=parse_published(row.get("published")),
        url=row.get("url"),
        title=row.get("title"),
    )


def read_inputs(
    inputs: Iterable[str], stdin: IO[bytes] | IO[str] | None = None, encoding: str | None = None
) -> Iterator[Article | InputProblem]:
    """Every article named by the CLI's INPUT arguments, in order, problems included.

    Files are UTF-8 unless ``encoding`` names another encoding (for .txt and .jsonl files).
    Raises TypeError for one path given alone (see :func:`check_input_list`).
    """
    check_input_list(inputs)
    for name in inputs:
        if name == "-":
            # bytes, decoded line by line like a file: one bad byte costs only its row
            yield from read_jsonl(stdin or sys.stdin.buffer, "<stdin>", encoding)
            continue
        path = Path(name)
        if path.is_dir():
            entries = _txt_entries(path)
            if not entries:
                yield InputProblem(path.name, name, f"{name} holds no .txt files.")
            for entry in entries:
                if problem := _not_a_regular_file(entry):
                    yield InputProblem(entry.stem, str(entry), problem)
                else:
                    yield _read_one_file(entry, encoding)
        elif not path.exists():
            yield InputProblem(path.stem or name, name, f"{name} does not exist.")
        elif is_jsonl(path):
            yield from _read_jsonl_file(path, encoding)
        else:
            yield _read_one_file(path, encoding)


def check_input_list(inputs: object) -> None:
    """Refuse one path given where a list of them is expected: a string is iterable, and its
    characters would each be read as an input ("-" among them reading standard input)."""
    if isinstance(inputs, str | bytes | os.PathLike):
        raise TypeError(
            f"inputs must be a list of paths (files, folders, or '-' for JSONL on standard "
            f"input), not a single {type(inputs).__name__}: give [{str(inputs)!r}]."
        )


def is_jsonl(path: Path) -> bool:
    """Whether an input file is read as JSON lines (``.jsonl`` or ``.ndjson``, in any case);
    any other file is one article in plain text."""
    return path.suffix.lower() in {".jsonl", ".ndjson"}


def _txt_entries(folder: Path) -> list[Path]:
    """The ``.txt`` entries of an input folder (``.TXT`` too), in order, whatever they are:
    a FIFO or a symbolic link loop among them is named in its own error line, not skipped in
    silence."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt")


@dataclass(frozen=True)
class NotRead:
    """The entries of an input folder that are not articles and are not read: its
    sub-folders and its files not named ``*.txt`` (hidden ones, such as .DS_Store, aside)."""

    folder: str
    subfolders: list[str]
    other_files: list[str]


def entries_not_read(inputs: Iterable[str]) -> list[NotRead]:
    """For each input folder with entries :func:`read_inputs` passes over, which they are,
    so that the caller can say so: a folder's sub-folders are not read (an article id is a
    file name, which is unique in one folder only), nor its files of other suffixes."""
    found = []
    for name in inputs:
        path = Path(name)
        if name == "-" or not path.is_dir():
            continue
        try:
            entries = sorted(path.iterdir())
        except OSError:
            continue
        others = [e for e in entries if e.suffix.lower() != ".txt" and not e.name.startswith(".")]
        subfolders = [e.name for e in others if e.is_dir()]
        files = [e.name for e in others if not e.is_dir()]
        if subfolders or files:
            found.append(NotRead(name, subfolders, files))
    return found


def _not_a_regular_file(entry: Path) -> str | None:
    """Why a folder entry named like an article cannot be read as one, if it cannot."""
    if entry.is_file():
        return None
    if entry.is_symlink() and not entry.exists():
        return f"{entry} is a symbolic link that leads nowhere (a loop or a missing target)."
    if entry.is_dir():
        return f"{entry} is a folder, not a .txt file; give it as an input of its own."
    if entry.is_fifo():
        return f"{entry} is a named pipe (FIFO), not a file; reading it could wait for ever."
    return f"{entry} is not a regular file (a socket or device)."


def count_inputs(inputs: Iterable[str]) -> int | None:
    """How many items :func:`read_inputs` will yield, without reading any text (for a
    progress bar); None when stdin is among the inputs, whose end is not known."""
    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-":
            return None
        if path.is_dir():
            total += max(1, len(_txt_entries(path)))
        elif is_jsonl(path) and path.is_file():
            try:
                with path.open("rb") as stream:  # a file of no rows is an error line
                    total += max(1, sum(1 for line in stream if line.strip()))
            except OSError:
                total += 1
        else:
            total += 1
    return total


def input_overwritten_by(output: Path, inputs: Iterable[str | os.PathLike[str]]) -> str | None:
    """The input that writing ``output`` would destroy, if any: the same file (also through
    a symbolic or hard link), or a ``.txt`` file in an input folder (read as an article on
    the next run). Checked before anything is read or written: ``-o`` naming an input is a
    typo that would cost the input."""
    target = output.resolve()
    try:
        existing = output.stat()
    except OSError:
        existing = None

    def same(path: Path) -> bool:
        if existing is None:
            return False
        try:
            found = path.stat()
        except OSError:
            return False
        return (found.st_dev, found.st_ino) == (existing.st_dev, existing.st_ino)

    for name in map(str, inputs):
        if name == "-":
            continue
        path = Path(name)
        if path.is_dir():
            if target.suffix.lower() == ".txt" and target.parent == path.resolve():
                return name
            if clash := next((str(e) for e in _txt_entries(path) if same(e)), None):
                return clash
        elif same(path):
            return name
    return None


def _read_one_file(path: Path, encoding: str | None = None) -> Article | InputProblem:
    try:
        return read_text_file(path, encoding)
    except InputError as exc:
        return InputProblem(path.stem, str(path), str(exc))
    except OSError as exc:
        return InputProblem(path.stem, str(path), f"cannot read {path}: {exc.strerror}.")


def _read_jsonl_file(path: Path, encoding: str | None = None) -> Iterator[Article | InputProblem]:
    try:
        with path.open("rb") as stream:
            yield from read_jsonl(stream, str(path), encoding)
    except LookupError:
        yield InputProblem(path.stem, str(path), f"Unknown encoding {encoding!r}.")
    except OSError as exc:
        yield InputProblem(path.stem, str(path), f"cannot read {path}: {exc.strerror}.")
