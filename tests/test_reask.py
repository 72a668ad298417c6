"""Re-asking and error reporting around the model, with a scripted stand-in server.

The stand-in only exercises the plumbing (re-ask messages, error lines); the evidence that
extraction works is the replay of real recordings in test_replay_seeds.py.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from diplo_extract import Extractor

ARTICLE = "Am 16. November telefonierte Blinken mit Alijew. {{ 7*7 }} {% raw %}"
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
            "country": "USA",
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
    assert result.error is None and result.events[0].evidence == EVENT["evidence"]
    reask = json.dumps(model.requests[1]["messages"], ensure_ascii=False)
    assert "does not occur in the article" in reask
    assert result.usage.attempts == 2 and result.usage.total_tokens == 30


def test_an_invented_year_is_dropped_without_a_reask() -> None:
    model = ScriptedModel({"events": [{**EVENT, "date": "2022-11-16"}]})
    result = _extractor(model).extract(ARTICLE)
    assert result.events[0].date == "--11-16" and result.usage.attempts == 1


def test_answers_that_never_validate_become_an_error_line() -> None:
    bad = {"events": [{**EVENT, "date": None, "evidence": [TRANSLATED]}]}
    result = _extractor(ScriptedModel(bad, bad), max_reasks=1).extract(ARTICLE)
    assert result.error is not None and result.error.type == "ValidationFailed"
    assert "2 attempts" in result.error.message
    assert "does not occur in the article" in result.error.message


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
