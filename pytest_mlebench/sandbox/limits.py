"""Limits of the local sandbox that the kernel does not apply by itself: the disk watch and the pids cgroup, and the kill of a whole run."""

from __future__ import annotations

import functools
import itertools
import os
import subprocess
import threading
import time
from pathlib import Path

from pytest_mlebench.sandbox.inside import supervisor as _supervisor


class _DiskWatch:
    """Stops a run whose folders hold more than `limit` bytes (allocated blocks, so a sparse
    file costs what it really uses). Checked once a second from a harness thread."""

    INTERVAL = 1.0

    def __init__(self, folders, limit: int, proc: subprocess.Popen, cgroup, helpers: int) -> None:
        self.folders, self.limit, self.proc, self.cgroup, self.helpers = folders, limit, proc, cgroup, helpers
        self.exceeded = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="disk-watch", daemon=True)

    @classmethod
    def start(cls, folders, limit: int | None, proc, cgroup, helpers: int) -> "_DiskWatch | None":
        if not limit:
            return None
        watch = cls(folders, limit, proc, cgroup, helpers)
        watch._thread.start()
        return watch

    def stop(self) -> bool:
        self._stop.set()
        self._thread.join()
        return self.exceeded

    def _run(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            if used_bytes(self.folders) > self.limit:
                self.exceeded = True
                _kill_run(self.proc, self.cgroup, helpers=self.helpers)
                return


def used_bytes(folders) -> int:
    """Disk space really used by everything under `folders` (symlinks not followed)."""
    total = 0
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            for name in files + dirs:
                try:
                    total += os.lstat(os.path.join(root, name)).st_blocks * 512
                except OSError:
                    pass
    return total


def _kill_run(proc: subprocess.Popen, cgroup: "_PidsCgroup | None", helpers: int = 1) -> int:
    """Kill whatever of a run is still alive (normally nothing); returns how many of the
    agent's processes that was: not our own `helpers` at the head of the tree (the process we
    started, then under bubblewrap its init and the supervisor), nor processes that were
    already exiting on their own."""
    ours = {proc.pid}

    def alive() -> set[int]:
        table = _supervisor.process_table()
        level = {proc.pid}
        for _ in range(helpers - 1):  # each helper has exactly one child: the next one
            level = {pid for pid, info in table.items() if info.ppid in level}
            ours.update(level)
        pids = _supervisor.live_descendants(proc.pid, table)
        if proc.poll() is None:
            pids.add(proc.pid)
        if cgroup is not None:  # catches processes that escaped the supervisor
            pids |= {pid for pid in cgroup.pids() if pid in table and table[pid].alive}
        return pids

    killed = _supervisor.kill_everything(alive, proc.poll)
    return len(killed - ours)


# -- process cap ---------------------------------------------------------------

_cgroup_counter = itertools.count()


class _PidsCgroup:
    """A pids cgroup for one command: caps its processes (a fork bomb stops there)
    and lists every one of them, even those that escaped the supervisor."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def create(cls, max_pids: int) -> "_PidsCgroup | None":
        parent = _pids_cgroup_parent()
        if parent is None:
            return None
        _remove_stale_cgroups(parent)
        path = parent / f"mlebench-{os.getpid()}-{next(_cgroup_counter)}"
        try:
            path.mkdir()
            (path / "pids.max").write_text(str(max_pids))
        except OSError:
            _rmdir_quietly(path)
            return None
        return cls(path)

    def entry_command(self) -> list[str]:
        """A prefix that moves the command into this cgroup before it starts.

        A shell joins, then execs the real command; unlike a preexec_fn this is
        safe when exec() runs in a thread. If joining fails, the command still
        runs, uncapped.
        """
        procs = str(self.path / "cgroup.procs")
        return ["/bin/sh", "-c", 'echo $$ 2>/dev/null > "$0"; exec "$@"', procs]

    def pids(self) -> list[int]:
        try:
            return [int(line) for line in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def remove(self) -> None:
        for _ in range(100):  # killed processes take a moment to leave
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)


def _remove_stale_cgroups(parent: Path) -> None:
    """Empty cgroups left by a harness that was killed (named after its pid)."""
    for path in parent.glob("mlebench-*-*"):
        owner = path.name.split("-")[1]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            _rmdir_quietly(path)  # fails, harmlessly, while processes remain


def _rmdir_quietly(path: Path) -> None:
    try:
        path.rmdir()
    except OSError:
        pass


@functools.cache
def _pids_cgroup_parent() -> Path | None:
    """Our own cgroup in a hierarchy with the pids controller, if we may create children there.

    cgroup v1 (a "pids" hierarchy) or v2 (when "pids" is delegated to our children).
    """
    try:
        membership = Path("/proc/self/cgroup").read_text().splitlines()
        mounts = [m.partition(" - ") for m in Path("/proc/self/mountinfo").read_text().splitlines()]
    except OSError:
        return None
    for line in membership:
        _, controllers, cgroup_path = line.split(":", 2)
        version = 2 if controllers == "" else 1 if "pids" in controllers.split(",") else 0
        for fields, _, super_fields in mounts:
            fstype, _source, options = (super_fields.split() + ["", "", ""])[:3]
            if not (
                (version == 1 and fstype == "cgroup" and "pids" in options.split(","))
                or (version == 2 and fstype == "cgroup2")
            ):
                continue
            root, mountpoint = fields.split()[3:5]
            root = root.rstrip("/")
            if not (cgroup_path + "/").startswith(root + "/"):
                continue  # our cgroup is not under this mount
            folder = Path(mountpoint) / cgroup_path[len(root) :].lstrip("/")
            if version == 2 and "pids" not in _read_words(folder / "cgroup.subtree_control"):
                continue
            if folder.is_dir() and os.access(folder, os.W_OK):
                return folder
    return None


def _read_words(path: Path) -> list[str]:
    try:
        return path.read_text().split()
    except OSError:
        return []
