"""A stand-in for the llama.cpp server that dies on cue: fault injection, never a model.

python fake_llama_server.py PORT ANSWERS SIGNAL    answer ANSWERS chat requests (with
                                                   {"ok": true}), then kill itself with
                                                   SIGNAL on the next one
python fake_llama_server.py PORT exit CODE         exit with CODE while starting
"""

from __future__ import annotations

import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, answers, code = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("fake llama.cpp server: loading model", flush=True)
if answers == "exit":
    print("error: this file is not a GGUF model", flush=True)
    sys.exit(code)
if answers == "slow":
    time.sleep(code)
    answers = "0"


class Handler(BaseHTTPRequestHandler):
    served = 0

    def do_GET(self) -> None:
        self._reply()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if Handler.served >= int(answers):
            print(
                f"crashing on request {Handler.served + 1} [ggml_backend_amx_mul_mat]", flush=True
            )
            os.kill(os.getpid(), code)
            time.sleep(60)  # the signal may land on another thread: never answer
        Handler.served += 1
        self._reply()

    def _reply(self) -> None:
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
