"""Nothing a harness created in the Docker engine outlives it.

Everything made for a run carries labels naming the harness (pid, its start time, host). A
watchdog process per harness removes them when the harness dies (a killed xdist worker), and
every sandbox start removes those of harnesses that are gone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from pytest_mlebench.errors import SandboxError
from pytest_mlebench.sandbox.docker.options import docker_client

LABEL_RUN = "pytest-mlebench.run"
LABEL_PID = "pytest-mlebench.pid"
LABEL_PID_START = "pytest-mlebench.pid-start"  # the harness's start time: a reused pid is not the harness
LABEL_HOST = "pytest-mlebench.host"


def _process_start(pid: int) -> str | None:
    """The start time of a process (field 22 of /proc/PID/stat), None when it is gone."""
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    return data[data.rfind(b")") + 2 :].split()[19].decode()


def harness_labels(run_id: str) -> dict[str, str]:
    pid = os.getpid()
    return {
        LABEL_RUN: run_id,
        LABEL_PID: str(pid),
        LABEL_PID_START: _process_start(pid) or "",
        LABEL_HOST: socket.gethostname(),
    }


def _harness_gone(labels: dict[str, str]) -> bool:
    if labels.get(LABEL_HOST) != socket.gethostname():
        return False  # another machine's harness: not ours to judge
    try:
        pid = int(labels.get(LABEL_PID, ""))
    except ValueError:
        return True
    start = _process_start(pid)
    return start is None or start != labels.get(LABEL_PID_START, start)


def remove_leftovers(client=None, pid: int | None = None) -> int:
    """Remove containers, networks and volumes of harnesses that are gone (or of `pid`).

    Returns how many containers were removed."""
    client = client or docker_client()
    removed = 0
    # The low-level listing carries the labels: no inspect per container, which would fail for a
    # container that another worker's run removes between the listing and the inspect.
    for container in client.api.containers(all=True, filters={"label": LABEL_PID}):
        labels = container.get("Labels") or {}
        if (pid is not None and labels.get(LABEL_PID) == str(pid)) or (pid is None and _harness_gone(labels)):
            try:
                client.api.remove_container(container["Id"], force=True)
                removed += 1
            except Exception:  # noqa: BLE001 - already gone, or being removed by someone else
                pass
    for collection in (client.networks, client.volumes):
        for item in collection.list(filters={"label": LABEL_PID}):
            labels = item.attrs.get("Labels") or {}
            if (pid is not None and labels.get(LABEL_PID) == str(pid)) or (pid is None and _harness_gone(labels)):
                try:
                    item.remove()
                except Exception:  # noqa: BLE001
                    pass
    return removed


_watchdog_lock = threading.Lock()
_watchdog_for: int | None = None


def start_watchdog() -> None:
    """Once per harness process: a detached process that removes our containers when we die."""
    global _watchdog_for
    with _watchdog_lock:
        if _watchdog_for == os.getpid():
            return
        start = _process_start(os.getpid()) or ""
        subprocess.Popen(
            [sys.executable, "-m", "pytest_mlebench.sandbox.docker.cleanup", "watch", str(os.getpid()), start],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C of the harness must not reach it
        )
        _watchdog_for = os.getpid()


def _watch(pid: int, start: str) -> None:
    while _process_start(pid) == start:
        time.sleep(1.0)
    try:
        remove_leftovers(pid=pid)
    except SandboxError:
        pass


def main(argv: list[str]) -> None:
    """`python -m pytest_mlebench.sandbox.docker.cleanup watch PID START`: the watchdog."""
    if len(argv) == 3 and argv[0] == "watch":
        _watch(int(argv[1]), argv[2])


if __name__ == "__main__":
    main(sys.argv[1:])
