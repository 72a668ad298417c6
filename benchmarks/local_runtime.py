"""Prompt and generation speed of the built-in llama.cpp server, as installed here.

    python benchmarks/local_runtime.py [N]     # needs the 'local' extra; about 2 min an article

Weights can sit in llama.cpp's extra buffer types (repacked for the CPU's matrix kernels, or
AMX tiles) or in plain CPU buffers. The built-in server always uses plain buffers: that keeps
AMX kernels, which crash, from running, and it was faster per article
(diplo_extract/llama_server.py). This measures both ways on the installed build, so that the
cost of that choice is a figure: each way starts its own server
and sends the recorded first requests of N articles (default 2) in a row, the first with
nothing cached (the whole prompt evaluated), the next ones after it (only the article's own
part evaluated), as in a run. Rates are the server's own counts ("prompt eval time", "eval
time" in its log), so they leave out HTTP and start-up. Run it once per build to compare
builds (CMAKE_ARGS); the build's CPU features are printed first.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import httpx

from diplo_extract.local import LocalServer

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = ROOT / "fixtures" / "cassettes"
_PERF = re.compile(r"(prompt eval|\s{2}eval) time =\s+([0-9.]+) ms /\s+([0-9]+)")
#: llama-cpp-python's own server, which keeps llama.cpp's default (repacked weights).
REPACKED = "from llama_cpp.server.__main__ import main; main()"


class RepackedServer(LocalServer):
    """The built-in server's settings, with the weights in llama.cpp's extra buffer types
    (do not run this on a build with AMX kernels: it crashes)."""

    def command(self, port: int) -> list[str]:
        command = super().command(port)
        assert command[1:3] == ["-m", "diplo_extract.llama_server"]
        return [command[0], "-c", REPACKED, *command[3:]]


def first_requests(count: int) -> list[dict[str, object]]:
    entries = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CASSETTES.glob("*.json"))]
    return [e["request"]["body"] for e in entries if len(e["request"]["body"]["messages"]) == 2][
        :count
    ]


def measure(server: LocalServer, bodies: list[dict[str, object]]) -> dict[str, float]:
    """Tokens and milliseconds of prompt evaluation and generation over ``bodies``."""
    started = time.perf_counter()
    port = server.ensure_started()
    totals = {"start_s": time.perf_counter() - started}
    sums = {"prompt": [0, 0.0], "eval": [0, 0.0]}
    try:
        for body in bodies:
            response = httpx.post(
                f"http://127.0.0.1:{port}/v1/chat/completions", json=body, timeout=1800
            )
            response.raise_for_status()
            found = _PERF.findall(server.log_tail(60))
            for kind in ("prompt", "eval"):
                ms, tokens = next(
                    (float(m), int(n)) for k, m, n in reversed(found) if k.split()[0] == kind
                )
                sums[kind][0] += tokens
                sums[kind][1] += ms
    finally:
        server.stop()
    for kind, (tokens, ms) in sums.items():
        totals[f"{kind}_tokens"] = tokens
        totals[f"{kind}_tokens_per_s"] = tokens / (ms / 1000)
    return totals


def main() -> None:
    import llama_cpp

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    bodies = first_requests(count)
    print(llama_cpp.llama_print_system_info().decode().strip())
    ways = {"builtin_plain": LocalServer(), "repacked": RepackedServer()}
    results = {name: measure(server, bodies) for name, server in ways.items()}
    print(f"{'weights':<15} {'prompt tok/s':>13} {'generation tok/s':>17} {'tokens':>13}")
    for name, r in results.items():
        tokens = f"{r['prompt_tokens']:.0f}+{r['eval_tokens']:.0f}"
        print(
            f"{name:<15} {r['prompt_tokens_per_s']:>13.1f} {r['eval_tokens_per_s']:>17.2f} "
            f"{tokens:>13}"
        )
    for name, r in results.items():
        print(f"{name}_prompt_tokens_per_s={r['prompt_tokens_per_s']:.1f}")
        print(f"{name}_generation_tokens_per_s={r['eval_tokens_per_s']:.2f}")


if __name__ == "__main__":
    main()
