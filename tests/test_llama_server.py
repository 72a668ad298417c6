"""The built-in server process keeps llama.cpp off its AMX kernels, which crash (issue 20824)."""

from __future__ import annotations

import pytest

from diplo_extract.llama_server import has_amx_kernels, load_weights_without_extra_buffer_types
from diplo_extract.local import ensure_default_model

#: llama_print_system_info() of two builds of llama-cpp-python 0.3.36 on this project's
#: machines: -march=native on a CPU without AMX, and the same with AMX compiled in.
NATIVE = (
    b"CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
    b"BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | "
    b"LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | "
)
WITH_AMX = (
    b"CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX_VNNI = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
    b"BMI2 = 1 | AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | "
    b"AMX_INT8 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | "
)


def test_a_build_with_amx_kernels_is_recognised_by_its_system_info() -> None:
    assert has_amx_kernels(WITH_AMX)
    assert not has_amx_kernels(NATIVE)


@pytest.mark.live
def test_weights_load_without_extra_buffer_types_once_guarded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    low_level = pytest.importorskip("llama_cpp.llama_cpp")
    # restored after the test: the guard changes this process's model loads for good
    monkeypatch.setattr(
        low_level, "llama_model_default_params", low_level.llama_model_default_params
    )
    model = str(ensure_default_model())
    assert llama_cpp.Llama(model, vocab_only=True, verbose=False).model_params.use_extra_bufts
    load_weights_without_extra_buffer_types()
    guarded = llama_cpp.Llama(model, vocab_only=True, verbose=False)
    assert guarded.model_params.use_extra_bufts is False
