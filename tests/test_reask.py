"""Re-asking and error reporting around the model, with a scripted stand-in server.

The stand-in only exercises the plumbing (re-ask messages, error lines); the evidence that
extraction works is the replay of real recordings in test_replay.py.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from diplo_extract import Extractor

ARTICLE = (
    "Am 16. November telefonierte Blinken mit Alijew. Sie sprachen über den Frieden. "
    "{{ 7*7 }} {% raw %}"
)
PEOPLE = "Antony Blinken (United States); Ilham Aliyev (Azerbaijan)"


def line(kind: str = "phone_call", place: str = "-", sentences: str = "1") -> str:
    """An event line as the model writes it (see diplo_extract.answer)."""
    return f"{kind} | occurred | {PEOPLE} | {place} | {sentences}"


EVENT = line()


def completion(arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "c",
        "object": "chat.completion",
        "created": 0,
        "model": "stub",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "t",
                            "type": "function",
                            "function": {
                                "name": "ExtractedEvents",
                                "arguments": json.dumps(arguments),
                            },
                        }
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class ScriptedModel:
    """Answers each chat request with the next scripted events, and keeps the requests."""

    def __init__(self, *answers: dict[str, Any]) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(json.loads(request.content))
        return httpx.Response(200, json=completion(self.answers.pop(0)))


def _extractor(model: ScriptedModel, **settings: Any) -> Extractor:
    return Extractor(
        base_url="http://stub/v1",
        model="stub",
        cache_mode="off",
        network=httpx.MockTransport(model),
        **settings,
    )


def test_a_sentence_number_not_in_the_article_is_sent_back_and_the_corrected_answer_kept() -> None:
    model = ScriptedModel({"events": [line(sentences="9")]}, {"events": [EVENT]})
    result = _extractor(model).extract(ARTICLE)
    assert result.error is None
    assert [span.quote for span in result.events[0].evidence] == [
        "Am 16. November telefonierte Blinken mit Alijew."
    ]
    reask = json.dumps(model.requests[1]["messages"], ensure_ascii=False)
    assert "There is no sentence 9" in reask and "numbered 1 to 3" in reask
    assert result.usage.attempts == 2 and result.usage.total_tokens == 30


def test_the_date_is_read_in_code_from_the_cited_sentence() -> None:
    event = _extractor(ScriptedModel({"events": [EVENT]})).extract(ARTICLE).events[0]
    assert (event.date, event.date_text, event.date_source) == (
        "--11-16",
        "Am 16. November",
        "evidence",
    )


def test_a_cited_sentence_without_a_date_takes_the_one_of_the_sentence_before() -> None:
    undated = line(sentences="2")
    event = _extractor(ScriptedModel({"events": [undated]})).extract(ARTICLE).events[0]
    assert (event.date, event.date_text, event.date_source) == (
        "--11-16",
        "Am 16. November",
        "text",
    )


def test_a_sentence_number_still_wrong_after_the_last_reask_is_kept_with_a_flag() -> None:
    bad = {"events": [line(sentences="1, 9")]}
    result = _extractor(ScriptedModel(bad, bad), max_reasks=1).extract(ARTICLE)
    assert result.error is None and result.usage.attempts == 2
    event = result.events[0]
    assert [s.start for s in event.evidence] == [0]
    assert event.unplaced_evidence == ["sentence 9 (the article has 3)"]
    assert event.flags == ["evidence_unplaced"]


def test_an_answer_repeated_after_a_reask_is_the_last_attempt() -> None:
    bad = {"events": [line(sentences="1, 9")]}
    model = ScriptedModel(bad, bad, {"events": [EVENT]})
    result = _extractor(model, max_reasks=2).extract(ARTICLE)
    assert len(model.requests) == 2 and result.usage.attempts == 2
    assert result.events[0].flags == ["evidence_unplaced"]


def test_an_answer_changed_after_a_reask_is_asked_again() -> None:
    model = ScriptedModel(
        {"events": [line(sentences="9")]}, {"events": [line(sentences="8")]}, {"events": [EVENT]}
    )
    result = _extractor(model, max_reasks=2).extract(ARTICLE)
    assert len(model.requests) == 3 and result.events[0].flags == []


def test_answers_that_never_fit_the_schema_become_an_error_line() -> None:
    bad = {"events": [line(kind="picnic")]}
    result = _extractor(ScriptedModel(bad, bad), max_reasks=1).extract(ARTICLE)
    assert result.error is not None and result.error.type == "ValidationFailed"
    assert "2 attempts" in result.error.message and "type" in result.error.message


def test_article_text_reaches_the_model_verbatim_not_as_a_template() -> None:
    model = ScriptedModel({"events": []})
    _extractor(model).extract(ARTICLE)
    assert "{{ 7*7 }} {% raw %}" in model.requests[0]["messages"][1]["content"]


def test_an_endpoint_that_keeps_failing_is_reported_not_raised() -> None:
    from diplo_extract.retrying import RetryPolicy

    network = httpx.MockTransport(lambda r: httpx.Response(503, json={"error": "overloaded"}))
    extractor = Extractor(
        base_url="http://stub/v1",
        model="stub",
        cache_mode="off",
        network=network,
        retry=RetryPolicy(attempts=2, initial_wait=0.01),
    )
    result = extractor.extract(ARTICLE)
    assert result.error is not None and "503" in result.error.message


def test_raw_line_breaks_inside_json_strings_are_repaired_not_reasked() -> None:
    class RawNewlines(ScriptedModel):
        def __call__(self, request: httpx.Request) -> httpx.Response:
            response = super().__call__(request)
            body = json.loads(response.content)
            call = body["choices"][0]["message"]["tool_calls"][0]["function"]
            call["arguments"] = call["arguments"].replace("Blinken called", "Blinken\ncalled")
            return httpx.Response(200, json=body)

    model = RawNewlines({"events": [line(place="Blinken called")]})
    result = _extractor(model).extract(ARTICLE)
    assert result.error is None and result.usage.attempts == 1
    assert model.requests and result.events[0].event_type == "phone_call"
