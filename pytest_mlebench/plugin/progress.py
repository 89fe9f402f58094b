"""The live line shown while an agent runs: a run can last hours, so say what is going on."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest

QUIET_INTERVAL = 60.0  # seconds between lines when the output is not a terminal


def clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class LiveProgress:
    """Competition, elapsed time against the limit, and the log's path.

    On a terminal one line is rewritten every second; elsewhere (CI logs) a
    line is printed at the start and then once a minute. Silent with -q and
    on pytest-xdist workers, whose output the controller does not show.
    """

    def __init__(self, config: pytest.Config):
        self.config = config
        self._last = None

    def __call__(self, competition_id: str, elapsed: float, limit: float, log_path: Path) -> None:
        if hasattr(self.config, "workerinput") or self.config.get_verbosity() < 0:
            return
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None:
            return
        writer = reporter._tw
        finished = elapsed < 0
        if not finished and not writer.hasmarkup and self._last is not None and elapsed - self._last < QUIET_INTERVAL:
            return
        self._last = None if finished else elapsed
        text = "" if finished else f"  [mlebench] {competition_id}: agent running {clock(elapsed)} / {clock(limit)}  log: {log_path}"
        capture = self.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else nullcontext():
            if writer.hasmarkup:
                width = writer.fullwidth - 1
                writer.write("\r" + text[:width].ljust(width) + ("\r" if finished else ""))
            elif text:
                reporter.write_line(text)
