"""Seconds per article on the local llama.cpp server with and without reusing the prompt prefix.

    python benchmarks/prefix_cache.py [N]     # needs the 'local' extra; about 1.5 min an article

The instructions, the worked example and the tool schema come first in every request and are
the same for every article; only the last user message (publication date, title, article)
changes. llama.cpp keeps the previous request's evaluated tokens and skips the longest common
prefix, so consecutive articles evaluate only their own part of the prompt.

For each of N articles (default 4) this sends the article's real first request (from the
recordings, with their sampling settings, so the full answer is generated) twice:
- cold: right after an unrelated one-token request, which leaves nothing of the prefix cached
  (what every article paid if anything article-specific came before the fixed part);
- warm: right after a different article's request, as in a run.
It prints, per article and on average, the seconds and the prompt tokens evaluated each way,
read from the server's own log ("prefix-match hit, remaining N prompt tokens").
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from diplo_extract.local import LocalServer

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "fixtures" / "cassettes"
_REMAINING = re.compile(r"prefix-match hit, remaining ([0-9]+) prompt tokens")


def first_requests() -> list[dict[str, Any]]:
    """The recorded first request of each article (system + user message only)."""
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CASSETTES.glob("*.json"))]
    return [e for e in entries if len(e["request"]["body"]["messages"]) == 2]


def send(port: int, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    response = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body, timeout=900)
    response.raise_for_status()
    return time.perf_counter() - start, response.json()


def evaluated_tokens(server: LocalServer, prompt_tokens: int, log_before: int) -> int:
    """Prompt tokens the server evaluated for the last request (all, without a prefix hit)."""
    new_lines = server.log_tail(10_000).splitlines()[log_before:]
    hits = [int(m.group(1)) for line in new_lines if (m := _REMAINING.search(line))]
    return hits[-1] if hits else prompt_tokens


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    entries = first_requests()[: count + 1]
    server = LocalServer()
    port = server.ensure_started()
    unrelated = {
        "model": server.model_name,
        "messages": [{"role": "user", "content": "Say OK."}],
        "max_tokens": 1,
    }
    rows = []
    try:
        send(port, entries[-1]["request"]["body"])  # load the weights into memory first
        for number, entry in enumerate(entries[:count]):
            body = entry["request"]["body"]
            previous = entries[(number + 1) % len(entries)]["request"]["body"]
            timings = {}
            for mode in ("cold", "warm"):
                if mode == "cold":
                    send(port, unrelated)
                else:
                    send(port, previous)
                log_before = len(server.log_tail(10_000).splitlines())
                seconds, answer = send(port, body)
                prompt = answer["usage"]["prompt_tokens"]
                timings[mode] = (seconds, evaluated_tokens(server, prompt, log_before), prompt)
            rows.append((entry["article_id"], timings))
            cold, warm = timings["cold"], timings["warm"]
            print(
                f"{entry['article_id']:28} prompt {cold[2]:5d} tok | cold {cold[0]:6.1f} s "
                f"({cold[1]:5d} evaluated) | warm {warm[0]:6.1f} s ({warm[1]:5d} evaluated)",
                flush=True,
            )
    finally:
        server.stop()
    cold_s = statistics.mean(t["cold"][0] for _, t in rows)
    warm_s = statistics.mean(t["warm"][0] for _, t in rows)
    cold_tok = statistics.mean(t["cold"][1] for _, t in rows)
    warm_tok = statistics.mean(t["warm"][1] for _, t in rows)
    print(
        f"\nmean over {len(rows)} articles: cold {cold_s:.1f} s/article ({cold_tok:.0f} prompt "
        f"tokens evaluated), warm {warm_s:.1f} s/article ({warm_tok:.0f} evaluated); "
        f"saving {cold_s - warm_s:.1f} s ({1 - warm_s / cold_s:.0%})"
    )
    print(f"cold_seconds_per_article={cold_s:.1f}")
    print(f"warm_seconds_per_article={warm_s:.1f}")
    print(f"warm_prompt_tokens_evaluated={warm_tok:.0f}")


if __name__ == "__main__":
    main()
