"""The checked-in JSON Schemas are exactly what the models generate."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from diplo_extract.cli import main
from diplo_extract.schema_files import stale_schema_files

from .conftest import SCHEMAS


def test_checked_in_schemas_match_the_models() -> None:
    assert stale_schema_files(SCHEMAS) == [], "run: diplo-extract schema"


def test_schema_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--out-dir", str(tmp_path)]).exit_code == 0
    (tmp_path / "Topic.schema.json").write_text("{}\n")
    result = runner.invoke(main, ["schema", "--out-dir", str(tmp_path), "--check"])
    assert result.exit_code == 1 and "Topic.schema.json" in result.output
    assert f"Run: diplo-extract schema --out-dir {tmp_path}" in result.output  # not ./schemas


def test_llm_schema_avoids_what_breaks_llama_cpp_grammars() -> None:
    text = (SCHEMAS / "ExtractedEvents.schema.json").read_text(encoding="utf-8")
    assert "\\\\d" not in text and "maxLength" not in text
    assert text.count('"maxItems"') == 1  # events (a line bounds its people and sentences)


def test_a_folder_that_cannot_be_written_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = CliRunner().invoke(main, ["schema", "--out-dir", str(blocker / "schemas")])
    assert result.exit_code == 2 and "Cannot write the schemas" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
