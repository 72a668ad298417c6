"""The built-in server process: llama-cpp-python's OpenAI-compatible server, off the AMX path.

Run as ``python -m diplo_extract.llama_server`` with llama-cpp-python's server options
(:class:`~diplo_extract.local.LocalServer` does).

llama.cpp's Intel AMX matrix kernels crash on the CPUs they are built for (a general
protection fault at ``ldtilecfg`` in ``ggml_backend_amx_mul_mat``: upstream issue 20824, fix
pending). ``pip install`` compiles llama.cpp with ``-march=native``, so on a CPU that reports
AMX the kernels are compiled in, and the server crashed on its first request. They run only for
weights placed in the AMX buffer, one of llama.cpp's "extra buffer types".

So the weights are always loaded without extra buffer types (``use_extra_bufts = false``, which
llama.cpp's own server spells ``--no-repack`` and llama-cpp-python does not expose): on a build
with AMX kernels this keeps them from ever running, and on every build it is faster per
article. Measured on an AVX-512 build (benchmarks/RESULTS.md, "The local runtime"): plain
buffers evaluate prompts at 109 tokens/s against 77 for repacked weights, and generate at
11.3 against 11.9 tokens/s; at a typical article's 200 new prompt tokens and 100 generated,
that is 10.7 against 11.0 s. This holds whatever built the installed llama-cpp-python (pip's
cache keys a built wheel by its source, not by its build flags).

Greedy requests with a grammar (all of diplo-extract's) are decoded by
:mod:`diplo_extract.grammar_sampler`, which checks the grammar on the chosen token before the
whole vocabulary: the same answers, a quarter less time to write them.
"""

from __future__ import annotations

import faulthandler
import sys
from typing import Any

from diplo_extract import grammar_sampler

#: What llama.cpp's system info says when its AMX kernels are compiled in.
AMX_FEATURE = b"AMX_INT8 = 1"


def has_amx_kernels(system_info: bytes) -> bool:
    """Whether a llama.cpp build (its ``llama_print_system_info()``) has the AMX kernels."""
    return AMX_FEATURE in system_info


def load_weights_without_extra_buffer_types() -> None:
    """Make every model load of this process keep its weights in plain CPU buffers.

    llama-cpp-python builds its model parameters from ``llama_model_default_params()`` and
    sets only the fields it knows; this wraps that function, which it looks up on each load.
    """
    import llama_cpp.llama_cpp as low_level

    defaults = low_level.llama_model_default_params

    def without_extra_buffer_types() -> Any:
        params = defaults()
        params.use_extra_bufts = False
        return params

    low_level.llama_model_default_params = without_extra_buffer_types


def main() -> None:
    # A crash in llama.cpp's native code then leaves the Python stack (which llama.cpp call)
    # at the end of the server's log, which the crash's error line quotes.
    faulthandler.enable(all_threads=False)
    import llama_cpp

    if has_amx_kernels(llama_cpp.llama_print_system_info()):
        print(
            "diplo-extract: this llama.cpp build has AMX kernels, which crash (llama.cpp issue "
            "20824); they are never used: the weights are loaded without extra buffer types",
            file=sys.stderr,
            flush=True,
        )
    load_weights_without_extra_buffer_types()
    grammar_sampler.install()
    from llama_cpp.server.__main__ import main as serve

    serve()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
