"""Submission checks agents may ask for during their run: the grader's checks, never the score.

The answers stay on the harness side. The agent and the harness share one
folder of the run, `validate/`: the agent drops a file into
`validate/requests/<name>.csv`, the harness's `ValidationService` (a thread)
checks it with the competition's grader and writes
`validate/responses/<name>.json`, `{"result": "...", "valid": true|false}`.
Both sides write a file under another name (`.part`) and rename it into place,
and only `.csv` names are requests: neither ever reads a half-written file.
Two clients speak that protocol from inside any sandbox:
`validate_submission.sh FILE` (POSIX sh: cp, mv, sleep, cat) and an HTTP
server on localhost:5000 (`POST /validate` with the file, as MLE-bench's
endpoint; sandbox_tools/validation_server.py).

An agent can only hurt itself through that folder: requests are read without
following symlinks, must be regular files under a size cap, are copied to a
harness-private place before grading, and are counted and capped per run.
Every call is logged in `logs/validation.jsonl`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pytest_mlebench.competitions import Competition
from pytest_mlebench.errors import InvalidSubmission, UndefinedScore
from pytest_mlebench.grading.checks import MAX_SUBMISSION_BYTES
from pytest_mlebench.grading.grade import score_submission

TOOLS_DIR = Path(__file__).resolve().parents[1] / "sandbox" / "inside"
SERVER_SCRIPT = TOOLS_DIR / "validation_server.py"
PORT = 5000  # MLE-bench's endpoint: http://localhost:5000/validate
MAX_CALLS = 500  # per run: each call grades a file on the harness's CPU
POLL_SECONDS = 0.1

VALID_MESSAGE = "Submission is valid: it would be graded."
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,80}\.csv$")


@dataclass(frozen=True)
class ValidationCall:
    """One request an agent made, as logged."""

    name: str
    valid: bool
    message: str
    seconds_into_run: float


class ValidationService:
    """Answers the validation requests of one run until stopped."""

    def __init__(self, competition: Competition, private_dir: Path, folder: Path, log_path: Path):
        self.competition = competition
        self.private_dir = Path(private_dir)
        self.requests = Path(folder) / "requests"
        self.responses = Path(folder) / "responses"
        self.log_path = Path(log_path)
        self.calls = 0
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._scratch = Path(tempfile.mkdtemp(prefix="mlebench-validate-"))  # outside the sandbox

    def start(self) -> None:
        self.requests.mkdir(parents=True, exist_ok=True)
        self.responses.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._serve, name=f"validate-{self.competition.id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        shutil.rmtree(self._scratch, ignore_errors=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                names = sorted(os.listdir(self.requests))
            except OSError:  # the agent removed or replaced the folder: nothing to answer
                names = []
            for name in names:
                if self._stop.is_set():
                    return
                if _NAME.match(name):
                    self.answer(name)
            self._stop.wait(POLL_SECONDS)

    def answer(self, name: str) -> ValidationCall:
        """Check one request file and write its response; the request is removed."""
        request = self.requests / name
        if self.calls >= MAX_CALLS:
            valid, message = False, f"validation limit reached: at most {MAX_CALLS} checks per run"
        else:
            self.calls += 1
            valid, message = self.check(request)
        _remove(request)
        call = ValidationCall(name, valid, message, round(time.monotonic() - self._started, 3))
        self._respond(name, {"result": message, "valid": valid})
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps(call.__dict__) + "\n")
        return call

    def check(self, request: Path) -> tuple[bool, str]:
        """(valid, message) for one request file, graded from a private copy of it."""
        copy = self._scratch / "submission.csv"
        try:
            _copy_regular_file(request, copy, MAX_SUBMISSION_BYTES)
            score_submission(self.competition, copy, self.private_dir)
        except InvalidSubmission as exc:
            return False, f"Submission is invalid: {exc}"
        except UndefinedScore:
            return True, VALID_MESSAGE  # graded as valid, without a score, as MLE-bench does
        except Exception as exc:  # noqa: BLE001 - the agent gets a message, the harness goes on
            return False, f"Submission could not be checked: {type(exc).__name__}"
        finally:
            _remove(copy)
        return True, VALID_MESSAGE

    def _respond(self, name: str, body: dict) -> None:
        target = self.responses / (name[: -len(".csv")] + ".json")
        part = target.with_name(target.name + ".part")
        try:
            _remove(part)
            with open(part, "x", encoding="utf-8") as out:
                json.dump(body, out)
            os.replace(part, target)
        except OSError:
            pass  # the agent broke its own folder; the call is still logged


def _copy_regular_file(source: Path, dest: Path, max_bytes: int) -> None:
    """Copy without following a symlink, refusing devices, FIFOs and oversized files."""
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise InvalidSubmission(f"cannot open the file to check ({exc.strerror}); send a regular file") from None
    with os.fdopen(fd, "rb") as src:
        info = os.fstat(src.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InvalidSubmission("the file to check is not a regular file")
        if info.st_size > max_bytes:
            raise InvalidSubmission(f"the file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
        with open(dest, "wb") as out:
            copied = 0
            while block := src.read(1 << 20):
                copied += len(block)
                if copied > max_bytes:
                    raise InvalidSubmission(f"the file grew past the {max_bytes:,}-byte limit while being read")
                out.write(block)


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        pass


def client_script(validation_dir: str, timeout_seconds: int = 600) -> str:
    """The `validate_submission.sh` an agent runs; `validation_dir` as the agent sees it."""
    return _SCRIPT.replace("@DIR@", validation_dir).replace("@TIMEOUT@", str(timeout_seconds * 10))


_SCRIPT = """#!/bin/sh
# Usage: validate_submission.sh FILE
# Asks the harness whether FILE would be graded (the grader's checks, never the score).
# Prints a JSON answer {"result": "...", "valid": true|false}; exit status 0 when valid.
dir="${MLEBENCH_VALIDATION_DIR:-@DIR@}"
if [ -z "$1" ]; then echo "usage: $0 FILE" >&2; exit 2; fi
if [ ! -f "$1" ]; then echo "$1 is not a file" >&2; exit 2; fi
name="req-$$-$(date +%s)"
cp "$1" "$dir/requests/$name.part" || exit 2
mv "$dir/requests/$name.part" "$dir/requests/$name.csv" || exit 2
ticks=0
while [ ! -f "$dir/responses/$name.json" ]; do
  ticks=$((ticks + 1))
  if [ "$ticks" -gt @TIMEOUT@ ]; then echo "no answer from the validation service" >&2; exit 2; fi
  sleep 0.1
done
answer="$(cat "$dir/responses/$name.json")"
rm -f "$dir/responses/$name.json"
echo "$answer"
case "$answer" in *'"valid": true'*) exit 0 ;; *) exit 1 ;; esac
"""
