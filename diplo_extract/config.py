"""Defaults, and the project settings read from ``[tool.diplo-extract]`` in ./pyproject.toml.

Reading the project file (as ruff and pytest do) lets a repository keep its recordings beside
its test fixtures while a user's ad-hoc runs cache in the user cache folder.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import platformdirs


def project_settings(start: Path | None = None) -> dict[str, Any]:
    """``[tool.diplo-extract]`` of the pyproject.toml in the working folder, if any."""
    path = (start or Path.cwd()) / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    tool = data.get("tool")
    settings = tool.get("diplo-extract", {}) if isinstance(tool, dict) else {}
    return settings if isinstance(settings, dict) else {}


def default_cache_dir() -> Path:
    """Where recordings go when no --cache-dir is given."""
    configured = project_settings().get("cache-dir")
    if isinstance(configured, str) and configured:
        return Path(configured)
    return Path(platformdirs.user_cache_dir("diplo-extract")) / "cassettes"
