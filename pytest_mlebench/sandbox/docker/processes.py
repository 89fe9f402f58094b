"""Ending every process of an agent's container, however hard it tries to stay.

When this machine shows the container's processes (the engine runs here, and we are root),
the harness signals them itself through /proc, freezing the container's cgroup first so a
fork bomb cannot outrun the kill; elsewhere it asks the container's keeper through the API
(SIGUSR1: SIGTERM everyone else, SIGUSR2: SIGKILL). `ProcessEnding` is the part of
DockerSandbox that does it."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from pytest_mlebench.sandbox.base import (
    KILL_GRACE,
)
from pytest_mlebench.sandbox.inside.supervisor import kill_everything, send

KEEPER_SLEEP = "sleep 86399"
# The container's first process (root): it keeps the container, and so its tmpfs folders, alive; on
# SIGUSR1 it SIGTERMs every other process, on SIGUSR2 it SIGKILLs them.
KEEPER = (
    "trap 'kill -s TERM -1' USR1; trap 'kill -s KILL -1' USR2; trap 'exit 0' TERM; "
    f"while :; do {KEEPER_SLEEP} & wait $!; done"
)
KILL_ROUNDS = 30  # seconds each way of ending the agent's processes may take before the next is tried


# -- helpers -------------------------------------------------------------------------------


def _local_keeper(pid: int) -> tuple[str | None, int]:
    """(pid namespace, session) of the keeper `pid` when this machine's /proc shows it (the engine
    runs here and we may inspect its processes), else (None, 0): the pid is another machine's."""
    try:
        if Path(f"/proc/{pid}/cmdline").read_bytes() != f"/bin/sh\0-c\0{KEEPER}\0".encode():
            return None, 0
        data = Path(f"/proc/{pid}/stat").read_bytes()
        return os.readlink(f"/proc/{pid}/ns/pid"), int(data[data.rfind(b")") + 2 :].split()[3])
    except OSError:
        return None, 0


@dataclass(frozen=True)
class _Freezer:
    """The freezer of a local container's cgroup (v1 `freezer.state`, or v2 `cgroup.freeze`)."""

    folder: Path
    v2: bool

    @classmethod
    def of(cls, pid: int) -> "_Freezer | None":
        try:
            lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
        except OSError:
            return None
        for line in lines:
            _, controllers, path = line.split(":", 2)
            if "freezer" in controllers.split(","):
                folder = Path("/sys/fs/cgroup/freezer") / path.lstrip("/")
                if (folder / "freezer.state").exists():
                    return cls(folder, v2=False)
            if controllers == "" and (Path("/sys/fs/cgroup") / path.lstrip("/") / "cgroup.freeze").exists():
                return cls(Path("/sys/fs/cgroup") / path.lstrip("/"), v2=True)
        return None

    def freeze(self, timeout: float) -> bool:
        """True once every process of the cgroup is frozen (within `timeout` seconds)."""
        if not self._write("1" if self.v2 else "FROZEN"):
            return False
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._frozen():
                return True
            time.sleep(0.05)
        return False

    def thaw(self) -> None:
        self._write("0" if self.v2 else "THAWED")

    def _write(self, value: str) -> bool:
        try:
            (self.folder / ("cgroup.freeze" if self.v2 else "freezer.state")).write_text(value)
            return True
        except OSError:
            return False

    def _frozen(self) -> bool:
        try:
            if self.v2:
                return "frozen 1" in (self.folder / "cgroup.events").read_text()
            return (self.folder / "freezer.state").read_text().strip() == "FROZEN"
        except OSError:
            return False


class ProcessEnding:
    """The process-ending half of DockerSandbox (it provides container, poller, _keeper_* and _lock)."""

    def _processes(self) -> set[int]:
        """Host pids of the container's live processes other than the keeper and its sleep.

        Those two are the keeper's session; every exec (the agent) starts a session of its own."""
        if self._keeper_ns is None:
            return self._processes_from_api()
        # Only the pid namespace link and /proc/PID/stat: reading a busy process's cmdline can
        # block for minutes (it waits for the process's memory lock, held while it forks).
        found = set()
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                if os.readlink(f"/proc/{name}/ns/pid") != self._keeper_ns:
                    continue
                data = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:  # it exited while we were looking
                continue
            state, _, _, session = data[data.rfind(b")") + 2 :].split()[:4]
            if state not in (b"Z", b"X") and int(session) != self._keeper_session:
                found.add(int(name))
        return found

    def _processes_from_api(self) -> set[int]:
        """_processes() through the daemon (`docker top`), for engines on another machine."""
        try:
            top = self.container.top()
        except Exception:  # noqa: BLE001 - the container stopped: nothing runs
            return set()
        titles = top["Titles"]
        pid_at, ppid_at, cmd_at = titles.index("PID"), titles.index("PPID"), titles.index("CMD")
        found = set()
        for row in top.get("Processes") or []:
            pid, ppid, cmd = int(row[pid_at]), int(row[ppid_at]), row[cmd_at]
            if pid != self._keeper_pid and not (ppid == self._keeper_pid and cmd == KEEPER_SLEEP):
                found.add(pid)
        return found

    def _end_processes(self, exclude: set[int] = frozenset()) -> int:
        """SIGTERM every process but the keeper, SIGKILL after the grace; returns how many there were
        (not counting `exclude`). Without the daemon when this machine's /proc shows them."""
        if self._ended:
            return 0
        victims = self._processes()
        if victims:
            if self._keeper_ns is not None:
                send(victims, signal.SIGTERM)
            else:
                self._signal_keeper("SIGUSR1")
            end = time.monotonic() + KILL_GRACE
            while time.monotonic() < end and (left := self._processes()):
                victims |= left
                time.sleep(0.05)
            if self._keeper_ns is not None:
                victims |= self._kill_frozen()  # a fork bomb cannot fork while frozen
                # SIGSTOP until nothing new appears, then SIGKILL: where there is no freezer, and stragglers
                victims |= kill_everything(self._processes, reap=lambda: None, timeout=KILL_ROUNDS)
            end = time.monotonic() + KILL_ROUNDS
            while time.monotonic() < end and (left := self._processes()):  # a remote engine, or pids we may not signal
                victims |= left
                self._signal_keeper("SIGUSR2")
                time.sleep(0.05)
            # Killed processes may sit in the kernel for a while (a fork bomb's contend for its memory
            # locks): exec() returns only when they are gone, as the Sandbox contract says.
            end = time.monotonic() + KILL_ROUNDS
            while time.monotonic() < end and (left := self._processes()):
                send(left, signal.SIGKILL)
                victims |= left
                time.sleep(0.1)
        self._ended = True
        return len(victims - set(exclude))

    def _kill_frozen(self) -> set[int]:
        """Freeze the container's cgroup, SIGKILL all but the keeper, thaw; the pids killed.

        A frozen process cannot fork, so the list is complete; the keeper is frozen too and
        simply goes on after the thaw. Empty when this machine shows no freezer for the container."""
        freezer = _Freezer.of(self._keeper_pid)
        if freezer is None or not freezer.freeze(timeout=KILL_ROUNDS):
            if freezer is not None:
                freezer.thaw()
            return set()
        try:
            victims = self._processes()
            send(victims, signal.SIGKILL)
        finally:
            freezer.thaw()
        return victims

    def _signal_keeper(self, name: str) -> None:
        try:
            self.poller.api.kill(self.container.id, signal=name)
        except Exception:  # noqa: BLE001 - the container is gone, or the daemon busy (the caller retries)
            pass
