"""Bad input: every case ends in a clear message, and good inputs in the same run still work.

Runs replay the recordings, so a good article comes out exactly as recorded and an input that
would have been sent to the model unrecorded shows up as a CassetteMiss.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from diplo_extract import Article
from diplo_extract.cli import main

from .conftest import ARTICLES, CASSETTES

RUSSIAN = "000_a9dee9583fa8f3a5"  # a seed, in Russian
GERMAN = "003_e1fa5166527cf473"  # a seed, in German (umlauts, ß)
GOOD = "101_en_fidan_lavrov_call"
GOOD_FILE = str(ARTICLES / f"{GOOD}.txt")


def _run(*args: str) -> tuple[Result, dict[str, dict[str, object]]]:
    result = CliRunner().invoke(
        main,
        ["extract", *args, "--cache-dir", str(CASSETTES), "--cache-mode", "replay"],
        env={"COLUMNS": "200"},
    )
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert "Traceback" not in result.output
    return result, {str(line["article_id"]): line for line in lines}


def _error(line: dict[str, object]) -> dict[str, str]:
    error = line["error"]
    assert isinstance(error, dict)
    return error


def test_every_bad_file_gets_a_clear_error_line_and_the_good_article_comes_out(
    tmp_path: Path,
) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text(" \n\t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "no_articles").mkdir()
    result, lines = _run(
        str(tmp_path / "empty.txt"),
        str(tmp_path / "blank.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "no_articles"),
        str(tmp_path / "missing.txt"),
        GOOD_FILE,
    )
    assert result.exit_code == 1
    messages = {key: _error(line)["message"] for key, line in lines.items() if key != GOOD}
    assert "is empty" in messages["empty"] and "is empty" in messages["blank"]
    assert "binary file" in messages["binary"]
    assert "holds no .txt files" in messages["no_articles"]
    assert "does not exist" in messages["missing"]
    assert all(_error(lines[k])["type"] == "InputError" for k in messages)
    assert lines[GOOD]["error"] is None and lines[GOOD]["events"]


@pytest.mark.parametrize(
    ("article_id", "encoding", "looks_like"),
    [(RUSSIAN, "cp1251", "cp1251"), (GERMAN, "latin-1", "--encoding")],
)
def test_a_file_that_is_not_utf8_is_refused_with_how_to_read_it(
    tmp_path: Path, seeds: dict[str, Article], article_id: str, encoding: str, looks_like: str
) -> None:
    path = tmp_path / f"{article_id}.txt"
    path.write_bytes(seeds[article_id].text.encode(encoding))
    result, lines = _run(str(path), GOOD_FILE)
    message = _error(lines[article_id])["message"]
    assert result.exit_code == 1 and "not UTF-8" in message and looks_like in message
    assert "iconv" in message and lines[GOOD]["error"] is None


@pytest.mark.parametrize(("article_id", "encoding"), [(RUSSIAN, "cp1251"), (GERMAN, "latin-1")])
def test_with_its_encoding_named_it_is_read_exactly_and_replays_as_recorded(
    tmp_path: Path, seeds: dict[str, Article], article_id: str, encoding: str
) -> None:
    path = tmp_path / f"{article_id}.txt"
    path.write_bytes(seeds[article_id].text.encode(encoding))
    result, lines = _run(str(path), "--encoding", encoding)
    assert result.exit_code == 0, result.output  # same text, so the recorded request
    assert lines[article_id]["language"] == seeds[article_id].language


def test_an_unknown_encoding_name_is_a_usage_error_before_anything_is_read() -> None:
    result, lines = _run(GOOD_FILE, "--encoding", "klingon-8")
    assert result.exit_code == 2 and "unknown encoding 'klingon-8'" in result.output
    assert lines == {}


def test_a_named_encoding_leaves_the_utf8_files_of_the_run_as_they_are(
    tmp_path: Path, seeds: dict[str, Article]
) -> None:
    path = tmp_path / f"{RUSSIAN}.txt"
    path.write_bytes(seeds[RUSSIAN].text.encode("cp1251"))
    russian_utf8 = str(ARTICLES / "102_ru_visit_postponed.txt")
    result, lines = _run(str(path), russian_utf8, "--encoding", "cp1251")
    assert result.exit_code == 0, result.output  # both texts as recorded
    assert lines["102_ru_visit_postponed"]["language"] == "ru"


def test_a_10_mb_article_is_refused_without_sending_anything(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    sentence = "Die Außenminister trafen sich gestern in Wien zu Gesprächen über die Lage. "
    path.write_text(sentence * (10_000_000 // len(sentence)), encoding="utf-8")
    result, lines = _run(str(path), GOOD_FILE)
    error = _error(lines["huge"])
    # Replay mode: a request would have been a CassetteMiss; this one was never built.
    assert result.exit_code == 1 and error["type"] == "ArticleTooLong"
    assert "--max-article-chars" in error["message"] and lines[GOOD]["error"] is None


def test_bad_jsonl_lines_cost_only_themselves(tmp_path: Path, seeds: dict[str, Article]) -> None:
    good = {"id": GOOD, "text": seeds[GOOD].text}
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(
        b"{broken json\n"
        + json.dumps({"id": "no-text"}).encode()
        + b"\n"
        + '{"id": "latin", "text": "Gespr\xe4che"}\n'.encode("latin-1")
        + json.dumps(good, ensure_ascii=False).encode("utf-8")
        + b"\n"
        + json.dumps(["not", "an", "object"]).encode()
        + b"\n"
        + json.dumps({"id": "bad-date", "text": "Talks in Baku.", "published": "last May"}).encode()
        + b"\n"
    )
    result, lines = _run(str(rows))
    assert result.exit_code == 1
    assert "invalid JSON" in _error(lines["rows:1"])["message"]
    assert "no 'text'" in _error(lines["no-text"])["message"]
    assert "line 3 is not UTF-8" in _error(lines["rows:3"])["message"]
    assert "must be an object" in _error(lines["rows:5"])["message"]
    assert "must be an ISO 8601 date" in _error(lines["bad-date"])["message"]
    assert lines[GOOD]["error"] is None and lines[GOOD]["events"]


def test_a_repeated_id_is_run_once_and_named(tmp_path: Path, seeds: dict[str, Article]) -> None:
    row = json.dumps({"id": GOOD, "text": seeds[GOOD].text}, ensure_ascii=False)
    rows = tmp_path / "rows.jsonl"
    rows.write_text(f"{row}\n{row}\n", encoding="utf-8")
    result, lines = _run(str(rows))
    assert result.exit_code == 0 and list(lines) == [GOOD]
    assert "Skipped 1 inputs whose id was already used" in result.stderr and GOOD in result.stderr


def test_an_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Sie trafen sich gestern.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:  # root reads any file, so deny it here
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result, lines = _run(str(locked), GOOD_FILE)
    assert result.exit_code == 1
    assert _error(lines["locked"])["message"].endswith("Permission denied.")
    assert lines[GOOD]["error"] is None


@pytest.mark.parametrize("name", ["002_Алиев", "002_阿利耶夫", "002_عليyev", "002_🇦🇿"])
def test_an_article_id_in_any_script_is_extracted_like_an_ascii_one(
    tmp_path: Path, name: str
) -> None:
    """File names and JSONL ids in any script: the id never reaches an HTTP header."""
    text = (ARTICLES / "002_9590f6a747842619.txt").read_text(encoding="utf-8")
    (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": f"{name}-jsonl", "text": text}) + "\n", encoding="utf-8")
    result, lines = _run(str(tmp_path / f"{name}.txt"), str(rows))
    assert result.exit_code == 0, result.output
    assert sorted(lines) == [name, f"{name}-jsonl"]
    assert all(line["error"] is None and line["events"] for line in lines.values())


def test_a_fifo_a_symlink_loop_and_a_folder_in_an_input_folder_are_named_not_skipped(
    tmp_path: Path,
) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / GOOD_FILE.rsplit("/", 1)[1]).write_bytes(Path(GOOD_FILE).read_bytes())
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "sub.txt").mkdir()
    result, lines = _run(str(folder))
    assert result.exit_code == 1
    assert lines[GOOD]["error"] is None
    messages = {
        name: _error(lines[name])["message"] for name in ("pipe", "loop", "dangling", "sub")
    }
    assert "named pipe (FIFO)" in messages["pipe"]
    assert "leads nowhere" in messages["loop"] and "leads nowhere" in messages["dangling"]
    assert "is a folder" in messages["sub"]


def test_a_file_name_that_is_not_utf8_costs_nothing(tmp_path: Path) -> None:
    """The OS hands such names over with surrogates; the id escapes the byte instead."""
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    for name in (GOOD, "105_es_albares_bourita"):
        raw = os.fsencode(folder) + b"/" + name.encode()[:4] + b"caf\xe9_" + name.encode() + b".txt"
        with open(raw, "wb") as out:
            out.write((ARTICLES / f"{name}.txt").read_bytes())
    result, lines = _run(str(folder))
    assert result.exit_code == 0, result.output
    assert len(lines) == 2 and all("caf\\xe9_" in i for i in lines)
    assert all(line["error"] is None for line in lines.values())


def test_odd_jsonl_fields_cost_only_their_row(tmp_path: Path) -> None:
    good = Path(GOOD_FILE).read_text(encoding="utf-8")
    rows = [
        {"id": GOOD, "text": good},
        {"id": "url-a-number", "text": good, "url": 5},
        {"id": "title-a-dict", "text": good, "title": {"x": 1}},
        {"id": "bad\ud800id", "text": "Lavrov met Fidan."},
        {"id": "bad-text", "text": "Lavrov \ud800 met Fidan."},
        {"id": "invisible", "text": "\u200b\u2060\u3164\u2800 \u200b"},
        {"id": ["a list"], "text": good},
    ]
    path = tmp_path / "rows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\n" for r in rows).encode())
    result, lines = _run(str(path))
    assert result.exit_code == 1 and len(lines) == len(rows)
    assert lines[GOOD]["error"] is None  # the first row, after a byte order mark
    assert "'url' must be a string" in _error(lines["url-a-number"])["message"]
    assert "'title' must be a string" in _error(lines["title-a-dict"])["message"]
    assert _error(lines["bad\\ud800id"])["type"] == "CassetteMiss"  # read, then not recorded
    assert "not valid Unicode" in _error(lines["bad-text"])["message"]
    assert "no visible character" in _error(lines["invisible"])["message"]
    assert "'id' must be a string" in _error(lines["rows:7"])["message"]


def test_a_bad_byte_on_stdin_costs_only_its_row(tmp_path: Path) -> None:
    import subprocess
    import sys

    from .conftest import ROOT

    good = json.dumps({"id": GOOD, "text": Path(GOOD_FILE).read_text(encoding="utf-8")})
    data = b'{"id": "bad", "text": "caf\xe9"}\n' + good.encode() + b"\n"
    run = subprocess.run(
        [sys.executable, "-m", "diplo_extract", "extract", "-", "-q",
         "--cache-dir", str(CASSETTES), "--cache-mode", "replay"],
        input=data, capture_output=True, cwd=ROOT,
        env={**__import__("os").environ, "PYTHONIOENCODING": "utf-8:strict"},
    )  # fmt: skip
    lines = {x["article_id"]: x for x in map(json.loads, run.stdout.decode().splitlines())}
    assert run.returncode == 1, run.stderr.decode()
    assert "not UTF-8 text" in lines["<stdin>:1"]["error"]["message"]
    assert lines[GOOD]["error"] is None


def test_utf16_text_with_its_byte_order_mark_is_read(tmp_path: Path) -> None:
    article = tmp_path / f"{GOOD}.txt"
    article.write_bytes(Path(GOOD_FILE).read_text(encoding="utf-8").encode("utf-16"))
    result, lines = _run(str(article))
    assert result.exit_code == 0 and lines[GOOD]["error"] is None


def test_an_nfd_file_name_gives_the_nfc_id(tmp_path: Path) -> None:
    import unicodedata

    name = unicodedata.normalize("NFD", "Café_101")
    (tmp_path / f"{name}.txt").write_bytes(Path(GOOD_FILE).read_bytes())
    _, lines = _run(str(tmp_path / f"{name}.txt"))
    assert list(lines) == [unicodedata.normalize("NFC", name)]


def test_a_file_or_row_too_large_to_be_an_article_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A multi-gigabyte log in an input folder must not be read whole (scaled down here)."""
    from diplo_extract import articles

    limit = len(Path(GOOD_FILE).read_bytes()) * 2
    monkeypatch.setattr(articles, "MAX_INPUT_BYTES", limit)
    huge = tmp_path / "huge.txt"
    huge.write_text("x" * (limit + 1))
    rows = tmp_path / "rows.jsonl"
    good = json.dumps({"id": GOOD, "text": Path(GOOD_FILE).read_text(encoding="utf-8")})
    rows.write_text(json.dumps({"id": "long", "text": "y" * limit}) + "\n" + good + "\n")
    result, lines = _run(str(huge), str(rows))
    assert "too large to be an article" in _error(lines["huge"])["message"]
    assert "too large to be an article" in _error(lines["rows:1"])["message"]
    assert lines[GOOD]["error"] is None and result.exit_code == 1


def test_plain_text_where_jsonl_rows_are_read_says_where_plain_text_goes(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("{broken json\nLavrov met Fidan in Ankara yesterday.\n", encoding="utf-8")
    _, lines = _run(str(rows))
    assert "a .txt file" not in _error(lines["rows:1"])["message"]  # a row, broken: no hint
    assert "a .txt file" in _error(lines["rows:2"])["message"]


def test_a_plain_text_article_piped_to_stdin_is_one_error_line_saying_where_it_goes() -> None:
    text = (ARTICLES / f"{GOOD}.txt").read_text()
    result = CliRunner().invoke(
        main,
        ["extract", "-", "--cache-dir", str(CASSETTES), "--cache-mode", "replay"],
        input=text,
        env={"COLUMNS": "200"},
    )
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert result.exit_code == 1 and len(lines) == 1  # not one per line of the article
    assert (
        "is plain text, not JSON lines; put a plain-text article in a .txt file"
        in (lines[0]["error"]["message"])
    )


def test_json_lines_are_read_whatever_the_case_of_their_extension(tmp_path: Path) -> None:
    row = json.dumps({"id": GOOD, "text": (ARTICLES / f"{GOOD}.txt").read_text()})
    for name in ("rows.JSONL", "rows.ndjson"):
        (tmp_path / name).write_text(row + "\n")
        result, lines = _run(str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert lines[GOOD]["error"] is None and lines[GOOD]["events"]


def test_a_folders_upper_case_txt_files_are_articles(tmp_path: Path) -> None:
    (tmp_path / f"{GOOD}.TXT").write_bytes((ARTICLES / f"{GOOD}.txt").read_bytes())
    result, lines = _run(str(tmp_path))
    assert result.exit_code == 0 and lines[GOOD]["events"]


def test_a_control_character_in_a_jsonl_row_is_named_once(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"id": "a", "text": "Lavrov\tmet Fidan."}\n')
    _, lines = _run(str(rows))
    (line,) = lines.values()
    message = _error(line)["message"]
    assert "Invalid control character at column" in message and "at at" not in message


def test_an_endpoint_address_without_its_scheme_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        main, ["extract", GOOD_FILE, "--base-url", "localhost:8080/v1", "--model", "m"]
    )
    assert result.exit_code == 2 and "give its scheme too, e.g. http://localhost:8080/v1" in (
        " ".join(result.output.split())
    )


def test_a_model_name_without_an_endpoint_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["extract", GOOD_FILE, "--model", "gpt-4o"], env={})
    assert result.exit_code == 2
    assert "--model gpt-4o names a model at --base-url, which is not given" in (
        " ".join(result.output.split())
    )


@pytest.mark.parametrize("name", ["", "results/"])
def test_an_output_that_is_no_file_name_is_a_usage_error(tmp_path: Path, name: str) -> None:
    output = f"{tmp_path}/{name}" if name else ""  # a folder, or nothing at all
    result = CliRunner().invoke(main, ["extract", GOOD_FILE, "-o", output])
    assert result.exit_code == 2 and "is not a file name" in result.output
    assert not (tmp_path / "results").exists()


def test_what_a_folder_holds_besides_its_txt_files_is_named_not_skipped_in_silence(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / f"{GOOD}.txt").write_bytes(Path(GOOD_FILE).read_bytes())
    (folder / "sub" / "nested.txt").write_text("Nested article.")
    (folder / "notes.md").write_text("# notes")
    (folder / ".DS_Store").write_bytes(b"\x00")  # hidden: not worth a word
    result, lines = _run(str(folder))
    assert result.exit_code == 0 and list(lines) == [GOOD]  # ids as before: no recursion
    said = " ".join(result.stderr.split())
    named = "1 sub-folder (sub) and 1 file not named *.txt (notes.md)."
    assert f"Not read in {folder}: {named}" in said
    assert f"give it as an input of its own (e.g. {folder / 'sub'})" in said
    assert ".DS_Store" not in said


@pytest.mark.parametrize("content", ["", "\n \n", "\ufeff"], ids=["empty", "blank", "bom"])
def test_a_jsonl_file_or_stdin_without_rows_says_no_article_was_found(
    tmp_path: Path, content: str
) -> None:
    """It was a run of 0 articles with exit 0, as if all had gone well; now it is one error
    line, as a folder without .txt files is."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text(content, encoding="utf-8")
    result, lines = _run(str(rows))
    assert result.exit_code == 1
    assert _error(lines["rows"])["message"] == (
        f"{rows} holds no JSONL rows; there is no article to extract from."
    )
    piped = CliRunner().invoke(
        main, ["extract", "-", "--cache-dir", str(CASSETTES), "--cache-mode", "replay"], input=""
    )
    (line,) = [json.loads(x) for x in piped.stdout.splitlines() if x.startswith("{")]
    assert piped.exit_code == 1 and line["article_id"] == "<stdin>"
    assert "<stdin> holds no JSONL rows" in line["error"]["message"]
