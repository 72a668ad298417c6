"""The answer's wire format: one line per event, parsed by code into the structured answer."""

from __future__ import annotations

import json
import re

import instructor
import pytest
from pydantic import ValidationError

from diplo_extract.answer import EVENT_LINE_PATTERN, ExtractedEvents, event_line
from diplo_extract.prompt import EXAMPLE_ANSWER

LINE = "meeting | occurred | Hakan Fidan (Turkey); Ilham Aliyev (Azerbaijan) | Baku | 3, 4"


def test_a_line_becomes_type_status_people_place_and_sentences() -> None:
    (event,) = ExtractedEvents.model_validate({"events": [LINE]}).events
    assert (event.type, event.status, event.place, event.sentences) == (
        "meeting", "occurred", "Baku", [3, 4],
    )  # fmt: skip
    assert [(p.name, p.country) for p in event.who] == [
        ("Hakan Fidan", "Turkey"), ("Ilham Aliyev", "Azerbaijan"),
    ]  # fmt: skip


def test_a_dash_means_no_city_and_a_person_may_lack_a_state() -> None:
    line = "phone_call | planned | Sergey Lavrov; Foreign Minister of Iran (Iran) | - | 2"
    (event,) = ExtractedEvents.model_validate({"events": [line]}).events
    assert event.place is None
    assert [(p.name, p.country) for p in event.who] == [
        ("Sergey Lavrov", None), ("Foreign Minister of Iran", "Iran"),
    ]  # fmt: skip


def test_a_line_of_another_shape_is_refused_with_the_format_to_use() -> None:
    with pytest.raises(ValidationError, match=re.escape("One line per event: type | status")):
        ExtractedEvents.model_validate({"events": ["Fidan met Aliyev in Baku"]})


def test_an_answer_dumps_back_to_the_lines_it_was_read_from() -> None:
    answer = ExtractedEvents.model_validate({"events": [LINE]})
    assert answer.model_dump(mode="json") == {"events": [LINE]}


def test_every_line_code_writes_matches_the_pattern_the_model_is_held_to() -> None:
    lines = [event_line(event) for event in EXAMPLE_ANSWER.events]
    assert lines and all(re.fullmatch(EVENT_LINE_PATTERN, line) for line in lines)


def test_the_pattern_becomes_a_llama_cpp_grammar_not_the_free_json_fallback() -> None:
    """llama-cpp-python falls back to any JSON when it cannot convert the tool's schema."""
    grammar = pytest.importorskip("llama_cpp.llama_grammar")
    schema = instructor.openai_schema(ExtractedEvents).openai_schema["parameters"]
    converter = grammar.SchemaConverter(
        prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False
    )
    converter.visit(converter.resolve_refs(schema, ""), "")
    rules = converter.format_grammar()
    assert '"phone_cal" "l"' in rules and "[|]" in rules
    grammar.LlamaGrammar.from_string(rules, verbose=False)  # llama.cpp parses it
    assert json.dumps(schema).count("{1,60}") == 2  # every free part is bounded


def test_a_dash_for_a_name_is_an_unnamed_official_of_the_state() -> None:
    line = "visit | cancelled | - (United States); - (Israel) | - | 3"
    (event,) = ExtractedEvents.model_validate({"events": [line]}).events
    assert [(p.name, p.country) for p in event.who] == [(None, "United States"), (None, "Israel")]


def _who(people: str) -> list[tuple[str | None, str | None]]:
    line = f"meeting | occurred | {people} | - | 1"
    (event,) = ExtractedEvents.model_validate({"events": [line]}).events
    return [(p.name, p.country) for p in event.who]


def test_a_comma_inside_an_office_is_part_of_its_name() -> None:
    """000: the model's Belgian ministry had been split into two officials at its comma."""
    office = "Ministry of Foreign Affairs, Trade and Development (Canada)"
    assert _who(f"{office}; Sergey Lavrov (Russia)") == [
        ("Ministry of Foreign Affairs, Trade and Development", "Canada"),
        ("Sergey Lavrov", "Russia"),
    ]


def test_a_comma_after_a_state_or_in_a_list_without_states_separates_people() -> None:
    assert _who("Sergey Lavrov (Russia), Hakan Fidan (Turkey)") == [
        ("Sergey Lavrov", "Russia"), ("Hakan Fidan", "Turkey"),
    ]  # fmt: skip
    assert _who("Sergey Lavrov, Hakan Fidan") == [("Sergey Lavrov", None), ("Hakan Fidan", None)]
