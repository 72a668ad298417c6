"""Usage and cost: every re-ask and retry counted, replayed answers marked and not spent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from diplo_extract import Article, ArticleResult, Extractor, RetryPolicy, Usage
from diplo_extract.cli import main
from diplo_extract.metering import Price
from diplo_extract.summary import RunSummary

from .conftest import ARTICLES, CASSETTES, LOOPBACK_MODEL
from .loopback import LoopbackServer

#: Recorded with a re-ask (it cited the passage addressed to AI systems) whose answer repeated
#: the first, which ends the re-asks: two calls.
REASKED = "117_en_prompt_injection"


def _recorded_usage(article_id: str) -> dict[str, int]:
    totals = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "calls": 0}
    for path in CASSETTES.glob("*.json"):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["article_id"] == article_id:
            totals["calls"] += 1
            for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
                totals[name] += entry["response"]["body"]["usage"][name]
    return totals


def _live(server: LoopbackServer, **settings: Any) -> Extractor:
    retry = RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.05)
    return Extractor(base_url=server.base_url, model=LOOPBACK_MODEL, retry=retry, **settings)


def test_live_usage_sums_every_reask(loopback: LoopbackServer, seeds: dict[str, Article]) -> None:
    recorded = _recorded_usage(REASKED)
    with _live(loopback, cache_mode="off") as extractor:
        usage = extractor.extract(seeds[REASKED]).usage
    assert recorded["calls"] == 2 and usage.attempts == 2 and usage.replayed == 0
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (
        recorded["prompt_tokens"],
        recorded["completion_tokens"],
        recorded["total_tokens"],
    )


def test_transport_retries_are_counted_and_cost_no_tokens(
    loopback: LoopbackServer, seeds: dict[str, Article]
) -> None:
    loopback.fail_next(503)
    loopback.fail_next(429, headers={"retry-after": "0"})
    with _live(loopback, cache_mode="off") as extractor:
        usage = extractor.extract(seeds[REASKED]).usage
    assert usage.retries == 2 and usage.attempts == 2
    assert usage.total_tokens == _recorded_usage(REASKED)["total_tokens"]


def test_answers_replayed_from_recordings_are_marked_and_not_spent(
    loopback: LoopbackServer, seeds: dict[str, Article], tmp_path: Path
) -> None:
    price = Price(prompt_per_1k=0.15, completion_per_1k=0.6)
    with _live(loopback, cache_mode="auto", cache_dir=tmp_path, price=price) as extractor:
        first = extractor.extract(seeds[REASKED]).usage
        second = extractor.extract(seeds[REASKED]).usage
    assert first.replayed == 0 and first.cost == pytest.approx(price.cost(first)) and first.cost
    assert second.replayed == second.attempts == 2
    assert second.total_tokens == second.prompt_tokens == second.completion_tokens == 0
    assert second.replayed_tokens == first.total_tokens and second.cost == 0


def test_cost_is_prompt_and_completion_tokens_at_their_prices() -> None:
    usage = Usage(prompt_tokens=3000, completion_tokens=500, total_tokens=3500)
    assert Price(0.15, 0.6).cost(usage) == pytest.approx(3 * 0.15 + 0.5 * 0.6)


@pytest.mark.parametrize(
    ("text", "expected"), [("0.5", Price(0.5, 0.5)), ("0.15, 0.6", Price(0.15, 0.6))]
)
def test_prices_are_one_number_or_prompt_and_completion(text: str, expected: Price) -> None:
    assert Price.parse(text) == expected


@pytest.mark.parametrize("text", ["cheap", "1,2,3", "-1", "nan"])
def test_a_malformed_price_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"per 1,000 tokens|not negative"):
        Price.parse(text)


def test_the_summary_adds_up_usage_and_cost() -> None:
    summary = RunSummary()
    for prompt, replayed in ((1000, 0), (2000, 1)):
        usage = Usage(
            prompt_tokens=prompt,
            completion_tokens=100,
            total_tokens=prompt + 100,
            attempts=2,
            replayed=replayed,
            replayed_tokens=500 * replayed,
            retries=1,
            cost=0.25,
        )
        summary.add(
            ArticleResult(
                article_id=str(prompt), source=None, language=None, published=None, model=None,
                usage=usage,
            )
        )  # fmt: skip
    u = summary.usage
    assert (u.prompt_tokens, u.completion_tokens, u.total_tokens) == (3000, 200, 3200)
    assert (u.attempts, u.replayed, u.replayed_tokens, u.retries) == (4, 1, 500, 2)
    assert u.cost == pytest.approx(0.5)
    line = summary.totals_line()
    assert "tokens spent 3,200" in line and "replayed 500 not spent" in line
    assert "estimated cost 0.5000" in line


def test_cli_prices_each_line_and_the_total(loopback: LoopbackServer, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "extract", str(ARTICLES / f"{REASKED}.txt"), "--base-url", str(loopback.base_url),
            "--model", LOOPBACK_MODEL, "--cache-mode", "off", "--price-per-1k", "0.15,0.6",
            "-o", str(out),
        ],
        env={"OPENAI_API_KEY": "test", "COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    usage = Usage.model_validate(line["usage"])
    assert usage.cost == pytest.approx(Price(0.15, 0.6).cost(usage)) and usage.cost > 0
    assert f"estimated cost {usage.cost:.4f}" in result.stderr


def test_cli_refuses_a_malformed_price() -> None:
    result = CliRunner().invoke(main, ["extract", str(ARTICLES), "--price-per-1k", "cheap"])
    assert result.exit_code == 2 and "PROMPT or PROMPT,COMPLETION" in result.output


def test_a_price_table_in_pyproject_prices_the_model(
    loopback: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.diplo-extract.prices]\n"{LOOPBACK_MODEL}" = [0.15, 0.6]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "extract", str(ARTICLES / f"{REASKED}.txt"), "--base-url", str(loopback.base_url),
            "--model", LOOPBACK_MODEL, "--cache-mode", "off", "-o", str(out), "-q",
        ],
        env={"OPENAI_API_KEY": "test"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    usage = Usage.model_validate(json.loads(out.read_text(encoding="utf-8"))["usage"])
    assert usage.cost == pytest.approx(Price(0.15, 0.6).cost(usage)) and usage.cost > 0


def test_an_absurd_token_count_is_not_counted_as_spend() -> None:
    from diplo_extract.metering import count_answer, metering
    from diplo_extract.models import Usage

    usage = Usage()
    with metering(usage):
        count_answer(
            {"usage": {"prompt_tokens": 10**400, "completion_tokens": True}}, replayed=False
        )
    assert usage.prompt_tokens == 0 and usage.completion_tokens == 0
