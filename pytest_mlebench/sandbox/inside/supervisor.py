"""The process that runs one agent command and owns everything it starts.

sandbox.py starts it as `python -I -S _supervisor.py`, inside bubblewrap
(alone only for `--mle-sandbox none`). As root it starts the agent's processes as
the spec's unprivileged uid/gid. It reads a JSON spec on stdin, runs the command in a new
session with exactly the given environment, and writes a JSON result on
stdout. The command's stdout and stderr go to our stderr: the agent log.

It makes itself a child subreaper (prctl), so a process that double-forks or
calls setsid() to escape is re-parented to us rather than to init. At the time
limit, or when the command exits and leaves daemons behind, every leftover
process is still one of our descendants: we find them in /proc and kill them.

Standard library only: it runs with -I -S, inside the sandbox, and must not
import the project. sandbox.py imports it for `live_descendants` and
`kill_everything`, which the harness uses as a last resort.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterable
from typing import NamedTuple

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
LOG_PREFIX = "[mlebench-sandbox]"


def _prctl(option: int, value: int) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(option, value, 0, 0, 0) == 0


PF_EXITING = 0x4  # /proc/<pid>/stat flags: the process is already on its way out


class Proc(NamedTuple):
    ppid: int
    state: str  # the state letter: R, S, D, T, Z, X ...
    flags: int

    @property
    def alive(self) -> bool:
        """Still running, and not already exiting on its own (zombies are already dead)."""
        return self.state not in ("Z", "X") and not self.flags & PF_EXITING


def process_table() -> dict[int, Proc]:
    """pid -> (parent pid, state letter, flags) for every process visible in /proc."""
    table: dict[int, Proc] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                data = f.read()
        except OSError:  # it exited while we were looking
            continue
        # "pid (comm) state ppid pgrp session tty tpgid flags ...": comm may contain spaces and parentheses.
        fields = data[data.rfind(b")") + 2 :].split()
        table[int(name)] = Proc(int(fields[1]), fields[0].decode(), int(fields[6]))
    return table


def live_descendants(root: int, table: dict[int, Proc] | None = None) -> set[int]:
    """Processes below `root` that are still alive (see Proc.alive); the walk goes through
    exiting parents to their children."""
    table = process_table() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, info in table.items():
        children.setdefault(info.ppid, []).append(pid)
    found: set[int] = set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return {pid for pid in found if table[pid].alive}


def send(pids: Iterable[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def kill_everything(
    list_alive: Callable[[], set[int]], reap: Callable[[], None], timeout: float = 10.0
) -> set[int]:
    """SIGKILL every process `list_alive` reports, including ones forked while we do it.

    Each round first SIGSTOPs until a scan finds nothing new (a stopped process
    cannot fork), then SIGKILLs them all. Returns the pids it killed.
    """
    killed: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not list_alive():
            break
        stopped: set[int] = set()
        while new := list_alive() - stopped:
            send(new, signal.SIGSTOP)
            stopped |= new
        send(stopped, signal.SIGKILL)
        killed |= stopped
        reap()
        time.sleep(0.01)
    return killed


class Supervisor:
    """Runs the command of one spec; see the module docstring."""

    def __init__(self, spec: dict) -> None:
        self.command: list[str] = spec["command"]
        self.env: dict[str, str] = spec["env"]
        self.cwd: str = spec["cwd"]
        self.time_limit: float = spec["time_limit"]
        self.grace: float = spec["grace"]
        self.memory_limit: int | None = spec.get("memory_limit")
        self.parent_pid: int | None = spec.get("parent_pid")
        self.services: list[list[str]] = spec.get("services", [])
        self.file_size_limit: int | None = spec.get("file_size_limit")
        # As root: the unprivileged uid/gid the agent's processes run as (we keep ours to stop them).
        self.uid: int | None = spec.get("uid")
        self.gid: int | None = spec.get("gid")
        self.service_pids: set[int] = set()
        self.main_pid = 0
        self.main_status: int | None = None
        self.stop_requested = False

    def log(self, message: str) -> None:
        os.write(2, f"{LOG_PREFIX} {message}\n".encode())

    def reap(self) -> None:
        """Collect every exited child, orphans re-parented to us included."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.main_pid:
                self.main_status = status

    def harness_gone(self) -> bool:
        # Only meaningful without bubblewrap, where our parent is the harness itself.
        return self.parent_pid is not None and os.getppid() != self.parent_pid

    def spawn(self, command: list[str]) -> int:
        pid = os.fork()
        if pid != 0:
            return pid
        try:  # the child: becomes the agent command
            os.setsid()
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            for sig in (signal.SIGTERM, signal.SIGPIPE, signal.SIGXFSZ):
                signal.signal(sig, signal.SIG_DFL)  # Python changed SIGPIPE/XFSZ
            if self.memory_limit:
                resource.setrlimit(resource.RLIMIT_AS, (self.memory_limit, self.memory_limit))
            if self.file_size_limit:  # no single file may outgrow the run's disk limit
                resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_size_limit, self.file_size_limit))
            if self.uid is not None:  # groups first: after setuid we could not change them
                os.setgroups([])
                os.setgid(self.gid)
                os.setuid(self.uid)  # clears every capability of the agent
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(2, 1)
            os.chdir(self.cwd)
            os.execvpe(command[0], command, self.env)
        except BaseException as error:  # noqa: BLE001 - anything here means "could not start"
            self.log(f"cannot run {command[0]!r}: {error}")
        finally:
            os._exit(127)

    def run(self) -> dict:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)
        signal.signal(signal.SIGTERM, self._on_stop)
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])  # for sigtimedwait
        if self.harness_gone():
            return {"exit_code": None, "timed_out": False, "killed": 0}

        self.service_pids = {self.spawn(service) for service in self.services}
        self.main_pid = self.spawn(self.command)
        deadline = time.monotonic() + self.time_limit
        timed_out = False
        while True:
            self.reap()
            if self.main_status is not None or self.stop_requested or self.harness_gone():
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            signal.sigtimedwait([signal.SIGCHLD], min(remaining, 0.1))

        finished = self.main_status is not None and not timed_out
        self.stop_services()
        victims = live_descendants(os.getpid())
        if timed_out:
            self.log(f"time limit of {self.time_limit:g}s reached: stopping {len(victims)} process(es)")
        elif victims and finished:
            self.log(f"command exited but left {len(victims)} process(es) running: stopping them")
        if victims and not self.stop_requested:
            self.terminate(victims)
        victims |= kill_everything(lambda: live_descendants(os.getpid()), self.reap)
        self.reap()
        exit_code = os.waitstatus_to_exitcode(self.main_status) if finished else None
        return {"exit_code": exit_code, "timed_out": timed_out, "killed": len(victims)}

    def stop_services(self) -> None:
        """Our own helpers are not the agent's leftovers: stop them first, uncounted."""
        send(self.service_pids & live_descendants(os.getpid()), signal.SIGKILL)
        end = time.monotonic() + 1.0
        while self.service_pids & live_descendants(os.getpid()) and time.monotonic() < end:
            self.reap()
            time.sleep(0.01)

    def terminate(self, pids: set[int]) -> None:
        """SIGTERM, then give them `grace` seconds to exit on their own."""
        send(pids, signal.SIGTERM)
        end = time.monotonic() + self.grace
        while time.monotonic() < end:
            self.reap()
            if not live_descendants(os.getpid()):
                return
            time.sleep(0.02)

    def _on_stop(self, signum: int, frame: object) -> None:
        self.stop_requested = True


def main() -> None:
    spec = json.loads(sys.stdin.buffer.read())
    result = Supervisor(spec).run()
    sys.stdout.write(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
