"""Greedy decoding under a grammar that checks the chosen token first, in the built-in server.

llama-cpp-python samples through one llama.cpp sampler chain (penalties, grammar, greedy), and
its grammar step checks every one of the vocabulary's 151,936 tokens against the grammar for
every token generated. Measured on the answer's tool-call grammar (2 cores, the 1.5B model):
28 ms a token on top of the 77 ms the model takes, a quarter of the time of writing an answer;
the same request without a grammar costs 2 ms a token beyond the model.

At temperature 0 the answer is the most likely token the grammar allows. When the most likely
token of all is allowed, it is that token, and checking it alone suffices; only when the
grammar rejects it are all tokens checked. llama.cpp's own server samples this way. Each step
is the same arithmetic as the chain's (the same penalty and grammar samplers applied to the
same logits, the first of equal maxima chosen as greedy does), so the answers are the same
token for token, which the recordings in ``fixtures/cassettes`` check
(``tests/test_live.py``).

Used for greedy requests with a grammar and no logits processor or mirostat, which is every
request diplo-extract sends; any other request gets llama-cpp-python's own chain.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])


class GrammarFirstGreedy:
    """A stand-in for llama-cpp-python's ``LlamaSampler`` with only ``sample``, which is all
    ``Llama.sample`` calls."""

    def __init__(self, llama: Any, grammar: Any, penalties: dict[str, Any]) -> None:
        import llama_cpp
        from llama_cpp._internals import LlamaSampler

        self._low = llama_cpp
        self._penalties = LlamaSampler()  # type: ignore[no-untyped-call, unused-ignore]
        self._penalties.add_penalties(**penalties)
        self._grammar = LlamaSampler()  # type: ignore[no-untyped-call, unused-ignore]
        self._grammar.add_grammar(llama._model, grammar)
        size = llama.n_vocab()
        # "p" stays 0, as the chain sets it: neither the penalty nor the grammar step writes it.
        self._tokens = np.zeros(size, dtype=_TOKEN_DATA)
        self._tokens["id"] = np.arange(size, dtype=np.int32)
        self._one = np.empty(1, dtype=_TOKEN_DATA)
        self._all = self._array(self._tokens)
        self._single = self._array(self._one)

    def _array(self, data: np.ndarray[Any, Any]) -> Any:
        pointer = data.ctypes.data_as(ctypes.POINTER(self._low.llama_token_data))
        return self._low.llama_token_data_array(
            data=pointer, size=len(data), selected=-1, sorted=False
        )

    def sample(self, ctx: Any, idx: int = -1) -> int:
        low = self._low
        size = len(self._tokens)
        logits = low.llama_get_logits_ith(ctx.ctx, idx)
        self._tokens["logit"] = np.ctypeslib.as_array(logits, shape=(size,))
        self._all.size, self._all.selected, self._all.sorted = size, -1, False
        low.llama_sampler_apply(self._penalties.sampler, ctypes.byref(self._all))
        token = int(np.argmax(self._tokens["logit"]))
        self._one[0] = self._tokens[token]
        self._single.size, self._single.selected, self._single.sorted = 1, -1, False
        low.llama_sampler_apply(self._grammar.sampler, ctypes.byref(self._single))
        if not np.isfinite(self._one["logit"][0]):  # rejected: check every token, as the chain
            low.llama_sampler_apply(self._grammar.sampler, ctypes.byref(self._all))
            token = int(np.argmax(self._tokens["logit"]))
        low.llama_sampler_accept(self._penalties.sampler, token)
        low.llama_sampler_accept(self._grammar.sampler, token)
        return token


def install() -> None:
    """Make every ``Llama`` of this process decode greedy grammar requests this way."""
    from llama_cpp.llama import Llama

    original = Llama._init_sampler

    def init_sampler(self: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            args
            or kwargs.get("temp") != 0.0
            or kwargs.get("grammar") is None
            or kwargs.get("logits_processor") is not None
            or kwargs.get("mirostat_mode", 0) != 0
        ):
            return original(self, *args, **kwargs)
        penalties = {
            "n_vocab": self._n_vocab,
            "penalty_last_n": self.last_n_tokens_size,
            "penalty_repeat": kwargs.get("repeat_penalty", 1.0),
            "penalty_freq": kwargs.get("frequency_penalty", 0.0),
            "penalty_present": kwargs.get("presence_penalty", 0.0),
        }
        return GrammarFirstGreedy(self, kwargs["grammar"], penalties)

    Llama._init_sampler = init_sampler  # type: ignore[method-assign]
