"""The session's own pre-flight: doctor's cheap checks on the selected runs, before the first item.

`pytest-mlebench doctor` checks everything, network included. A pytest session runs the part
that costs nothing (files and environment only) on the runs it selected, once collection is
done: when every run would be skipped or fail (no data for any competition, fewer GPUs than
each run asks), it stops before the first item with the doctor's ✗ lines and their fixes, so
no one finds out after hours; when only some would, it says which at the start and goes on.
Under xdist the controller does it from the node ids the first worker collected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from pytest_mlebench.competitions import Competition
from pytest_mlebench.data import kaggle
from pytest_mlebench.runs import doctor
from pytest_mlebench.runs.plan import finished_run

_PARAMS = re.compile(r"::test_competition\[(?P<param>.+)\]$")
_SEED = re.compile(r"-seed(?P<seed>\d+)$")


@dataclass(frozen=True)
class Verdict:
    failing: list[doctor.Check]  # the ✗ checks
    fatal: bool  # every selected run would be skipped or fail: stop before the first

    def message(self) -> str:
        lines = [f"  {c.mark} {c.area:<8} {c.subject:<40} {c.detail}" + (f"\n      fix: {c.fix}" if c.fix else "")
                 for c in self.failing]
        head = ("pre-flight: every selected run would be skipped or fail, so none is started "
                "(`pytest-mlebench doctor` checks more, the network included):" if self.fatal else
                "pre-flight: these runs will be skipped or fail (`pytest-mlebench doctor` checks more):")
        return "\n".join([head, *lines])


def selected_runs(nodeids: list[str], competitions: dict[str, Competition]) -> list[tuple[Competition, int]]:
    """(competition, seed) of each competition item among the node ids (seed 0 when ids carry none)."""
    runs = []
    for nodeid in nodeids:
        match = _PARAMS.search(nodeid)
        if not match:
            continue
        param, seed = match["param"], 0
        if param not in competitions and (tail := _SEED.search(param)):
            param, seed = param[:tail.start()], int(tail["seed"])
        if param in competitions:
            runs.append((competitions[param], seed))
    return runs


def check(mle, runs: list[tuple[Competition, int]]) -> Verdict | None:
    """The verdict on the selected runs, or None when there is nothing to say."""
    settings = mle.settings
    if settings.resume and mle.run_root is not None:  # graded runs are reused: they need no data
        runs = [(c, s) for c, s in runs if finished_run(mle.run_root, c, s, mle.agent.name) is None]
    if not runs:
        return None
    competitions = list({c.id: c for c, _ in runs}.values())
    try:
        credentials = kaggle.find_credentials()
    except Exception:  # noqa: BLE001 - an unreadable kaggle.json is the doctor's to explain; here: no credentials
        credentials = None
    data_checks, _ = doctor.check_data(competitions, settings.cache_dir, settings.raw_dir, settings.data_dir,
                                       credentials)
    failing = [c for c in data_checks if not c.ok]
    fatal = bool(failing) and len(failing) == len(competitions)
    if settings.sandbox == "docker" and settings.gpus and settings.executor == "local":
        # under another executor the runs happen on other machines, whose GPUs this one cannot see
        seen = doctor.visible_gpus()
        if seen < settings.gpus:
            failing.append(doctor.Check("sandbox", "GPUs", False, f"{seen} visible (nvidia-smi), {settings.gpus} "
                                        "asked per run", "install the NVIDIA driver and container toolkit, or "
                                        "lower --mle-gpus"))
            fatal = True
    return Verdict(failing, fatal) if failing else None


def report(config: pytest.Config, verdict: Verdict | None) -> None:
    """Stop the session on a fatal verdict; otherwise show the ✗ lines at the start and go on."""
    if verdict is None:
        return
    if verdict.fatal:
        pytest.exit(verdict.message(), returncode=pytest.ExitCode.USAGE_ERROR)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(verdict.message(), yellow=True)
