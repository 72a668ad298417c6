"""The package version, in a module of its own so that any module can name it.

Read from the installed distribution's metadata, so that ``pyproject.toml`` is the one place
it is written (``diplo-extract --version`` reads the same).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("diplo-extract")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
CODER = f"diplo-extract {__version__}"
