"""MLE-bench's validation endpoint inside the sandbox: POST /validate on localhost:5000.

Runs inside the agent's sandbox with `python -I -S`, so: standard library
only. It holds no answers: it hands each file to the harness through the
run's validation folder (see pytest_mlebench/validation.py) and returns the
harness's JSON answer. `GET /health` answers {"status": "running"}.

    python -I -S validation_server.py VALIDATION_DIR [PORT]
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 256 << 20  # larger files: use validate_submission.sh, which has no such cap
WAIT_SECONDS = 600
_counter = itertools.count(1)


def file_from_body(body: bytes, content_type: str) -> bytes:
    """The uploaded file: the `file` part of a multipart form, else the raw body."""
    if not content_type.startswith("multipart/form-data"):
        return body
    boundary = content_type.partition("boundary=")[2].strip().strip('"').encode()
    if not boundary:
        raise ValueError("multipart body without a boundary")
    for part in body.split(b"--" + boundary):
        head, sep, content = part.partition(b"\r\n\r\n")
        if sep and b'name="file"' in head:
            return content[:-2] if content.endswith(b"\r\n") else content
    raise ValueError('no form field named "file" (send it as curl -F "file=@submission.csv")')


class Handler(BaseHTTPRequestHandler):
    folder = "."

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.rstrip("/") == "/health":
            self.reply(200, {"status": "running"})
        else:
            self.reply(404, {"error": "unknown path; POST the file to /validate"})

    def do_POST(self) -> None:  # noqa: N802
        if self.path.rstrip("/") != "/validate":
            self.reply(404, {"error": "unknown path; POST the file to /validate"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            self.reply(413, {"error": f"send a file of 1 to {MAX_BODY} bytes (bigger: validate_submission.sh)"})
            return
        try:
            data = file_from_body(self.rfile.read(length), self.headers.get("Content-Type", ""))
        except ValueError as exc:
            self.reply(400, {"error": str(exc)})
            return
        answer = ask_harness(self.folder, data)
        if answer is None:
            self.reply(504, {"error": "no answer from the validation service"})
        else:
            self.reply(200, answer)

    def reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep the agent log clean
        pass


def ask_harness(folder: str, data: bytes) -> dict | None:
    """Drop the file into the requests folder; wait for the harness's response file."""
    name = f"http-{os.getpid()}-{next(_counter)}"
    part = os.path.join(folder, "requests", name + ".part")
    with open(part, "wb") as out:
        out.write(data)
    os.replace(part, os.path.join(folder, "requests", name + ".csv"))
    response = os.path.join(folder, "responses", name + ".json")
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            with open(response, encoding="utf-8") as f:
                answer = json.load(f)
        except (OSError, ValueError):
            time.sleep(0.05)
            continue
        os.unlink(response)
        return answer
    return None


def main() -> None:
    folder = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    Handler.folder = folder
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:  # with network on, another run may hold the port
        sys.stderr.write(f"[mlebench-sandbox] validation endpoint not started on port {port}: {exc.strerror}; "
                         "validate_submission.sh still works\n")
        return
    server.serve_forever()


if __name__ == "__main__":
    main()
