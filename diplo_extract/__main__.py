"""``python -m diplo_extract``: the ``diplo-extract`` command, where scripts are not on PATH."""

from diplo_extract.cli import main

main(prog_name="diplo-extract")
