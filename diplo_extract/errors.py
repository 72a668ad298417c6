"""Errors that say what went wrong and what to do about it.

Per-article failures (bad input, a model answer that never validated, an endpoint that kept
failing) end up in that article's output line; :class:`BackendError` is different: it means no
article can succeed (no model, no server), so the run stops with its message.
"""

from __future__ import annotations


class DiploExtractError(Exception):
    """Base class of this library's errors."""


class BackendError(DiploExtractError):
    """The model backend cannot be used at all (not installed, cannot start, bad weights)."""


class CassetteMiss(DiploExtractError):
    """Replay mode met a request that was never recorded."""

    def __init__(self, key: str, directory: str) -> None:
        self.key = key
        self.directory = directory
        super().__init__(
            f"No recording for this request (key {key}) in {directory}. Replay mode never "
            "calls the model: run again with --cache-mode auto (records what is missing) or "
            "--cache-mode record against a live model. A changed prompt, schema, model or "
            "sampling setting changes the key."
        )
