"""Repairs of model output that are certain, done before the answer is validated.

Small models put raw line breaks inside JSON strings (a quoted paragraph, say). Strict JSON
forbids that, so instructor would re-ask, and the same model repeats it: measured on the CIS
summit article, three attempts and 17,000 tokens, then failure. Escaping them loses nothing.
"""

from __future__ import annotations

import json
from typing import Any


def repair_tool_arguments(response: Any) -> None:
    """Re-encode tool-call arguments that are JSON only but for raw control characters."""
    for choice in getattr(response, "choices", None) or []:
        message = getattr(choice, "message", None)
        for call in getattr(message, "tool_calls", None) or []:
            function: Any = getattr(call, "function", None)
            arguments = getattr(function, "arguments", None)
            if function is None or not isinstance(arguments, str):
                continue
            try:
                json.loads(arguments)
                continue
            except json.JSONDecodeError:
                pass
            try:
                value = json.loads(arguments, strict=False)
            except json.JSONDecodeError:
                continue  # really broken: leave it to validation and the re-ask
            function.arguments = json.dumps(value, ensure_ascii=False)
