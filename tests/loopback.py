"""An OpenAI-compatible server on loopback that answers from recordings, for tests and benchmarks.

    python -m tests.loopback --recordings fixtures/cassettes --delay 0.2 --port 8799

Test support, not part of the installed package: nothing in ``diplo_extract`` uses it, and a
user who wants an offline endpoint has ``--cache-mode replay`` (run it from the repository's
root, where ``tests`` is a package).

It answers ``POST /v1/chat/completions`` with the recorded response whose key (the cassette's
own canonical request key) matches the request, after ``--delay`` seconds, as a real endpoint
answers after its latency; an unrecorded request gets a 404 naming the key. It also runs the
OpenAI Files and Batch API (``/v1/files``, ``/v1/batches``): a batch completes at once, each
of its requests answered the same way. So the whole HTTP path, the batch round trip and
throughput can be exercised offline, with real model answers and no model.

It is a test double for the endpoint, not evidence that extraction works: the answers it gives
are the recordings of a real model, made through the real HTTP path.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gzip
import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from diplo_extract.cassette import canonical_key, canonical_parts

_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
Reply = tuple[int, bytes, dict[str, str]]


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return status, json.dumps(body).encode(), headers or {}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Reply:
    return _json({"error": {"message": message, "type": "loopback"}}, status, headers)


@dataclass
class Recordings:
    """Recorded answers: by the key of their request, and first answers by conversation start."""

    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_start: dict[str, dict[str, Any]] = field(default_factory=dict)


def _start_key(body: Any) -> str:
    """The model and first two messages (instructions and article) of a chat request."""
    start = [body.get("model"), body.get("messages", [])[:2]] if isinstance(body, dict) else []
    return json.dumps(start, sort_keys=True, ensure_ascii=False)


def load_recordings(directory: Path) -> Recordings:
    """The recordings of a cassette folder."""
    recordings = Recordings()
    for path in sorted(directory.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        body, answer = entry["request"]["body"], entry["response"]["body"]
        recordings.by_key[entry["key"]] = answer
        if len(body.get("messages", [])) == 2:
            recordings.by_start[_start_key(body)] = answer
    return recordings


FaultKind = Literal[
    "status",
    "delay",
    "reset",
    "truncated",
    "schema",
    "empty_choices",
    "refusal",
    "text",
    "length",
    "auth",
    "echo",
    "trickle",
    "bomb",
    "html",
    "plain",
    "error200",
]


@dataclass(frozen=True)
class Fault:
    """What the server does with one chat request instead of answering it at once.

    status: HTTP ``status`` with ``headers`` (429 with Retry-After, 500, 503); delay: answer
    after ``seconds`` (longer than the client's timeout: a timeout); reset: close the
    connection without a word; truncated: the answer cut in half (invalid JSON, HTTP 200);
    schema: tool arguments that break the answer schema; empty_choices: no choice at all;
    refusal: the model declines in words and calls no tool; text: it answers in prose instead
    of calling the tool; length: the tool arguments cut off at max_tokens; auth: an error
    (401 unless ``status`` says otherwise) that echoes the API key and organisation in full,
    as a careless endpoint might; echo: an HTTP 200 answer in prose that repeats them, in its
    text and, JSON-escaped (``\\u0073k-…``), in another field; trickle: the headers, then the
    answer one byte every ``seconds``; bomb: a gzip body that unpacks to ``size`` bytes; html:
    an HTTP 200 web page, as a wrong base URL gives (its title echoes the key); plain: an HTTP
    200 answer in plain text, as a server that is no API gives; error200: an
    error with HTTP 200, as some proxies send when the provider behind them is overloaded.
    """

    kind: FaultKind
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    size: int = 0


#: Internal reply header: send the body one byte every so many seconds (never sent as such).
_TRICKLE = "x-loopback-trickle"


class _Reset(Exception):
    """Close the connection without answering."""


def _completion(request: Any, answer: dict[str, Any]) -> dict[str, Any]:
    """A copy of a recorded completion to spoil, or a minimal one when there is none."""
    if isinstance(answer.get("choices"), list) and answer["choices"]:
        return copy.deepcopy(answer)
    call = {"name": "ExtractedEvents", "arguments": json.dumps({"events": []})}
    message = {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_0", "type": "function", "function": call}
    ]}  # fmt: skip
    return {
        "id": "loopback",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "loopback") if isinstance(request, dict) else "loopback",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "message": message}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _multipart_file(body: bytes, content_type: str) -> bytes:
    """The content of the 'file' part of a multipart/form-data upload."""
    boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
    for part in body.split(b"--" + boundary):
        head, _, content = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return content.removesuffix(b"\r\n")
    raise ValueError("no 'file' part in the upload")


class LoopbackServer:
    """The server's state: recordings, uploaded files, batches; and its request handling."""

    def __init__(
        self, recordings: Recordings, delay: float = 0.0, *, answer_reasks: bool = False
    ) -> None:
        self.recordings = recordings
        self.delay = delay
        #: Answer a request that was not recorded (a re-ask after a fault) with the recorded
        #: first answer to the same article, as a model that corrects itself would.
        self.answer_reasks = answer_reasks
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.base_url: str | None = None  # set once it listens
        self.requests_served = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.faults: list[Fault] = []
        self.api_faults: list[Fault] = []  # for Files and Batch API requests
        self.chat_requests: list[dict[str, Any]] = []  # headers of each chat request
        self._ids = itertools.count(1)

    def fail_next(self, status: int, count: int = 1, headers: dict[str, str] | None = None) -> None:
        """Answer the next ``count`` chat requests with HTTP ``status`` (fault injection)."""
        self.inject(Fault("status", status=status, headers=headers or {}), count)

    def inject(self, fault: Fault, count: int = 1) -> None:
        """Meet the next ``count`` chat requests with ``fault``."""
        self.faults.extend([fault] * count)

    def inject_api(self, fault: Fault, count: int = 1) -> None:
        """Meet the next ``count`` Files or Batch API requests with ``fault`` (status, auth,
        reset, html or plain)."""
        self.api_faults.extend([fault] * count)

    async def respond(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> Reply:
        """(status, body, extra headers) for one request."""
        path = urlsplit(target).path
        if method == "POST" and path.endswith("/chat/completions"):
            self.chat_requests.append(headers)
            fault = self.faults.pop(0) if self.faults else None
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                pause = fault.seconds if fault and fault.kind == "delay" else 0.0
                await asyncio.sleep(self.delay + pause)
            finally:
                self.in_flight -= 1
            request = json.loads(body)
            if fault is None or fault.kind == "delay":
                status, answer = self.answer(method, path, request)
                return _json(answer, status)
            return self._fault(fault, method, path, request, headers)
        if self.api_faults:
            return self._fault(self.api_faults.pop(0), method, path, None, headers)
        if method == "POST" and path.endswith("/files"):
            file_id = f"file-{next(self._ids)}"
            self.files[file_id] = _multipart_file(body, headers.get("content-type", ""))
            return _json(self._file_object(file_id))
        if method == "GET" and path.endswith("/content"):
            file_id = path.split("/")[-2]
            if file_id not in self.files:
                return _error(404, f"no file {file_id}")
            return 200, self.files[file_id], {}
        if method == "POST" and path.endswith("/batches"):
            return _json(self._run_batch(json.loads(body)))
        if method == "GET" and "/batches/" in path:
            batch_id = path.rsplit("/", 1)[1]
            if batch_id not in self.batches:
                return _error(404, f"no batch {batch_id}")
            return _json(self.batches[batch_id])
        return _error(404, f"no route {method} {path}")

    def answer(self, method: str, path: str, body: Any) -> tuple[int, dict[str, Any]]:
        """The recorded answer to a chat completion request, or a 404 naming its key."""
        self.requests_served += 1
        key = canonical_key(canonical_parts(method, path, body))
        if key in self.recordings.by_key:
            return 200, self.recordings.by_key[key]
        if self.answer_reasks and _start_key(body) in self.recordings.by_start:
            return 200, self.recordings.by_start[_start_key(body)]
        return 404, {"error": {"message": f"no recording for key {key}", "type": "loopback"}}

    def _fault(
        self, fault: Fault, method: str, path: str, request: Any, headers: dict[str, str]
    ) -> Reply:
        if fault.kind == "status":
            return _error(fault.status, "injected fault", fault.headers)
        if fault.kind == "reset":
            raise _Reset
        if fault.kind == "auth":
            key = headers.get("authorization", "").removeprefix("Bearer ")
            org = headers.get("openai-organization", "")
            status = fault.status if fault.status != 500 else 401
            return _error(status, f"Incorrect API key provided: {key} (organization {org}).")
        if fault.kind == "error200":
            return _error(200, "Upstream provider overloaded, try again later")
        if fault.kind == "html":
            echo = headers.get("authorization", "").removeprefix("Bearer ")  # a careless page
            page = f"<!DOCTYPE html><html><head><title>Welcome to nginx! {echo}</title></head>"
            return 200, page.encode(), {"content-type": "text/html"}
        if fault.kind == "plain":  # a server that is no API at all: "OK", or nothing
            return 200, b"Hello from the proxy", {"content-type": "text/plain"}
        if fault.kind == "bomb":
            return 200, gzip.compress(b" " * fault.size, 9), {"content-encoding": "gzip"}
        _, answer = self.answer(method, path, request)
        completion = _completion(request, answer)
        if fault.kind == "trickle":
            return 200, json.dumps(completion).encode(), {_TRICKLE: str(fault.seconds)}
        if fault.kind == "echo":
            key = headers.get("authorization", "").removeprefix("Bearer ")
            org = headers.get("openai-organization", "")
            completion["choices"][0]["message"] = {
                "role": "assistant",
                "content": f"You sent the key {key} for {org}.",
                "tool_calls": None,
            }
            completion["choices"][0]["finish_reason"] = "stop"
            completion["system_fingerprint"] = key
            plain = json.dumps(completion)
            hidden = plain.replace(f'"system_fingerprint": "{key[0]}', '"system_fingerprint": '
                                   f'"\\u{ord(key[0]):04x}')  # fmt: skip
            return 200, hidden.encode(), {"content-type": "application/json"}
        if fault.kind == "truncated":
            text = json.dumps(completion).encode()
            return 200, text[: len(text) // 2], {}
        if fault.kind == "empty_choices":
            completion["choices"] = []
        elif fault.kind == "refusal":
            completion["choices"][0]["message"] = {
                "role": "assistant",
                "content": "I'm sorry, but I can't help with that request.",
                "refusal": "I'm sorry, but I can't help with that request.",
                "tool_calls": None,
            }
            completion["choices"][0]["finish_reason"] = "stop"
        elif fault.kind == "text":
            completion["choices"][0]["message"] = {
                "role": "assistant",
                "content": "The ministers met in Ankara on Tuesday.",
                "tool_calls": None,
            }
            completion["choices"][0]["finish_reason"] = "stop"
        elif fault.kind == "length":
            call = completion["choices"][0]["message"]["tool_calls"][0]["function"]
            call["arguments"] = call["arguments"][: len(call["arguments"]) // 2]
            completion["choices"][0]["finish_reason"] = "length"
        elif fault.kind == "schema":
            call = completion["choices"][0]["message"]["tool_calls"][0]["function"]
            call["arguments"] = json.dumps({"events": ["dance | when 5"]})
        return _json(completion)

    def _file_object(self, file_id: str) -> dict[str, Any]:
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(self.files[file_id]),
            "created_at": int(time.time()),
            "filename": f"{file_id}.jsonl",
            "purpose": "batch",
            "status": "processed",
        }

    def _run_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        """Answer every request of the input file now; failures go to the error file."""
        lines = self.files[request["input_file_id"]].decode("utf-8").splitlines()
        done: list[str] = []
        failed: list[str] = []
        for line in filter(None, lines):
            row = json.loads(line)
            status, body = self.answer(row["method"], row["url"], row["body"])
            result = {
                "id": f"batch_req_{next(self._ids)}",
                "custom_id": row["custom_id"],
                "response": {"status_code": status, "request_id": "loopback", "body": body},
                "error": None,
            }
            (done if status == 200 else failed).append(json.dumps(result))
        batch_id = f"batch_{next(self._ids)}"
        output_id, error_id = f"file-{next(self._ids)}", f"file-{next(self._ids)}"
        self.files[output_id] = ("\n".join(done) + "\n").encode() if done else b""
        self.files[error_id] = ("\n".join(failed) + "\n").encode() if failed else b""
        now = int(time.time())
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request["endpoint"],
            "input_file_id": request["input_file_id"],
            "completion_window": request["completion_window"],
            "status": "completed",
            "output_file_id": output_id if done else None,
            "error_file_id": error_id if failed else None,
            "created_at": now,
            "completed_at": now,
            "request_counts": {
                "total": len(done) + len(failed),
                "completed": len(done),
                "failed": len(failed),
            },
            "metadata": request.get("metadata"),
        }
        return self.batches[batch_id]

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """HTTP/1.1 with keep-alive: enough for the openai client and httpx."""
        try:
            while True:
                request_line = await reader.readline()
                if not request_line.strip():
                    break
                method, target, _ = request_line.decode("latin-1").split(" ", 2)
                headers = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                try:
                    status, payload, extra = await self.respond(method, target, headers, body)
                except _Reset:
                    writer.transport.abort()
                    return
                kind = "application/jsonl" if target.endswith("/content") else "application/json"
                pause = float(extra.pop(_TRICKLE, 0))
                head = {"content-type": kind, "content-length": str(len(payload)), **extra}
                lines = "".join(f"{name}: {value}\r\n" for name, value in head.items())
                status_line = f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
                if not pause:
                    writer.write((status_line + lines + "\r\n").encode() + payload)
                    await writer.drain()
                    continue
                writer.write((status_line + lines + "\r\n").encode())
                for byte in payload:
                    await writer.drain()
                    await asyncio.sleep(pause)
                    writer.write(bytes([byte]))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass  # shutting down: end quietly, as a closed connection would
        finally:
            writer.close()


@contextmanager
def serve_in_thread(
    recordings: Recordings, delay: float = 0.0, *, answer_reasks: bool = False
) -> Iterator[tuple[str, LoopbackServer]]:
    """Run a server on a free loopback port in a thread; yields (base URL, server)."""
    server = LoopbackServer(recordings, delay, answer_reasks=answer_reasks)
    loop = asyncio.new_event_loop()
    holder: dict[str, Any] = {}

    async def start() -> None:
        holder["server"] = await asyncio.start_server(server.handle, "127.0.0.1", 0)

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    port = holder["server"].sockets[0].getsockname()[1]
    server.base_url = f"http://127.0.0.1:{port}/v1"
    try:
        yield server.base_url, server
    finally:
        asyncio.run_coroutine_threadsafe(_shutdown(holder["server"]), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


async def _shutdown(listener: asyncio.Server) -> None:
    """Stop listening and end open connections, so no handler is left pending."""
    listener.close()
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _serve_forever(server: LoopbackServer, port: int) -> None:
    listener = await asyncio.start_server(server.handle, "127.0.0.1", port, backlog=1024)
    print(f"http://127.0.0.1:{listener.sockets[0].getsockname()[1]}/v1", flush=True)
    async with listener:
        await listener.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recordings", type=Path, required=True, help="A cassette folder.")
    parser.add_argument("--delay", type=float, default=0.0, help="Seconds before each answer.")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed).")
    args = parser.parse_args()
    server = LoopbackServer(load_recordings(args.recordings), args.delay)
    with suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(server, args.port))


if __name__ == "__main__":
    main()
