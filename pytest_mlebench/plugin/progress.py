"""The live line shown while an agent runs (or while Slurm jobs do): a run can last hours, so say what is going on."""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path
from typing import Sequence

import pytest

from pytest_mlebench.runs.executors.base import clock

QUIET_INTERVAL = 60.0  # seconds between lines when the output is not a terminal


class LiveProgress:
    """Competition, elapsed time against the limit, and the log's path.

    On a terminal one line is rewritten every second; elsewhere (CI logs) a
    line is printed at the start and then once a minute. Silent with -q and
    on pytest-xdist workers, whose output the controller does not show.
    """

    def __init__(self, config: pytest.Config):
        self.config = config
        self._last = None
        self._last_board = None

    def __call__(self, competition_id: str, elapsed: float, limit: float, log_path: Path) -> None:
        writer = self._writer()
        if writer is None:
            return
        finished = elapsed < 0
        if not finished and not writer.hasmarkup and self._last is not None and elapsed - self._last < QUIET_INTERVAL:
            return
        self._last = None if finished else elapsed
        text = "" if finished else f"  [mlebench] {competition_id}: agent running {clock(elapsed)} / {clock(limit)}  log: {log_path}"
        self._write(text, finished)

    def board(self, line: str | None, events: Sequence[str] = ()) -> None:
        """The Slurm executor's state: every event (a job submitted, running, done, lost) as a line of its
        own, and the summary line (runs queued / running / done) rewritten on a terminal, else printed
        once a minute. `line` None clears it."""
        writer = self._writer()
        if writer is None:
            return
        for event in events:
            self._write(f"  [mlebench] {event}", finished=True, whole_line=True)
        if line is None:
            self._write("", finished=True)
            return
        now = time.monotonic()
        if writer.hasmarkup or self._last_board is None or now - self._last_board >= QUIET_INTERVAL:
            self._last_board = now
            self._write(f"  [mlebench] {line}", finished=False)

    def _writer(self):
        if hasattr(self.config, "workerinput") or self.config.get_verbosity() < 0:
            return None
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        return reporter._tw if reporter is not None else None

    def _write(self, text: str, finished: bool, whole_line: bool = False) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        writer = reporter._tw
        capture = self.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else nullcontext():
            if writer.hasmarkup:
                width = writer.fullwidth - 1
                if whole_line:  # an event stays on the screen: clear the live line, print it, go on below
                    writer.write("\r" + " " * width + "\r")
                    reporter.write_line(text)
                else:
                    writer.write("\r" + text[:width].ljust(width) + ("\r" if finished else ""))
            elif text:
                reporter.write_line(text)
