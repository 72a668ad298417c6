"""Re-asking and error reporting around the model, with a scripted stand-in server.

The stand-in only exercises the plumbing (re-ask messages, error lines); the evidence that
extraction works is the replay of real recordings in test_replay_seeds.py.
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
UNDATED = "Sie sprachen über den Frieden."
EVENT = {
    "event_type": "phone_call",
    "status": "occurred",
    "date_text": "16. November",
    "location": None,
    "participants": [
        {
            "name": "Antony Blinken",
            "name_original": "Blinken",
            "role": None,
            "country": "United States",
            "organization": None,
        }
    ],
    "topics": [],
    "summary": "Blinken called Aliyev.",
    "outcomes": [],
    "evidence": ["Am 16. November telefonierte Blinken mit Alijew."],
}


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


TRANSLATED = "On 16 November Blinken phoned Aliyev."


def test_a_quote_not_in_the_article_is_sent_back_and_the_corrected_answer_kept() -> None:
    model = ScriptedModel(
        {"events": [{**EVENT, "date": None, "evidence": [TRANSLATED]}]},
        {"events": [{**EVENT, "date": None}]},
    )
    result = _extractor(model).extract(ARTICLE)
    assert result.error is None
    assert [span.quote for span in result.events[0].evidence] == EVENT["evidence"]
    reask = json.dumps(model.requests[1]["messages"], ensure_ascii=False)
    assert "does not occur in the article" in reask
    assert result.usage.attempts == 2 and result.usage.total_tokens == 30


def test_an_invented_year_is_dropped_without_a_reask() -> None:
    undated = {**EVENT, "date": "2022-11-16", "date_text": None, "evidence": [UNDATED]}
    result = _extractor(ScriptedModel({"events": [undated]})).extract(ARTICLE)
    event = result.events[0]
    assert (event.date, event.date_source, result.usage.attempts) == ("--11-16", "model", 1)


def test_the_date_phrase_in_the_evidence_is_resolved_in_code_over_the_models_date() -> None:
    model = ScriptedModel({"events": [{**EVENT, "date": "2022-11-17", "date_text": "gestern"}]})
    event = _extractor(model).extract(ARTICLE).events[0]
    assert (event.date, event.date_text, event.date_source) == (
        "--11-16",
        "Am 16. November",
        "evidence",
    )


def test_without_a_date_in_the_evidence_the_models_phrase_is_resolved_if_in_the_article() -> None:
    undated = {**EVENT, "date": "2022-11-17", "evidence": [UNDATED]}
    event = _extractor(ScriptedModel({"events": [undated]})).extract(ARTICLE).events[0]
    assert (event.date, event.date_source) == ("--11-16", "text")


def test_evidence_still_unplaced_after_the_last_reask_is_kept_with_a_flag() -> None:
    bad = {"events": [{**EVENT, "date": None, "evidence": [TRANSLATED]}]}
    result = _extractor(ScriptedModel(bad, bad), max_reasks=1).extract(ARTICLE)
    assert result.error is None and result.usage.attempts == 2
    event = result.events[0]
    assert (event.evidence, event.unplaced_evidence) == ([], [TRANSLATED])
    assert event.flags == ["evidence_unplaced"]
    assert result.quotes_placed == (0, 1)


def test_answers_that_never_fit_the_schema_become_an_error_line() -> None:
    bad = {"events": [{**EVENT, "date": None, "event_type": "picnic"}]}
    result = _extractor(ScriptedModel(bad, bad), max_reasks=1).extract(ARTICLE)
    assert result.error is not None and result.error.type == "ValidationFailed"
    assert "2 attempts" in result.error.message and "event_type" in result.error.message


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

    model = RawNewlines({"events": [{**EVENT, "date": None}]})
    result = _extractor(model).extract(ARTICLE)
    assert result.error is None and result.usage.attempts == 1
    assert result.events[0].summary == "Blinken\ncalled Aliyev."
