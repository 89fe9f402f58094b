"""A claim on one run in a run folder that many machines share: at most one process anywhere runs it.

Shards of one plan never share a run, but a run folder outlives plans: a shard re-run while the
first attempt still runs (a requeue), two plans that overlap, or two sessions pointed at one
`--mle-run-dir` must not both write `<run>/`. Before a run starts, its process takes an exclusive
POSIX record lock (`fcntl.lockf`) on `<run root>/.claims/<run>.lock` and keeps it until the run is
graded. POSIX locks are what network filesystems carry between machines (NFSv4, or NFSv3 with its
lock manager; Lustre, CephFS, GPFS, BeeGFS with their locking on) and the kernel drops them when
the process dies, so a crashed run never blocks its re-run. The lock file holds who claimed it
(host, pid, shard, time) for the message of whoever finds it taken. Lock files are never deleted:
deleting one while another process opens it would let two processes lock two different files.

`lock_problem` refuses, before anything runs, a folder on an NFS mount whose locks stay on the
client (`nolock`, `local_lock=all|posix`): there a claim would guard nothing across machines.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import platform
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

CLAIMS_DIR = ".claims"
CLAIMED = "claimed elsewhere:"  # how the skip of a run another process holds begins (its shard's record tells it apart)
_LOCAL_LOCK_OPTIONS = ("nolock", "local_lock=all", "local_lock=posix")


@dataclass
class RunClaim:
    """The outcome of trying to claim a run: held (this process may run it) or the holder's identity."""

    path: Path
    held: bool
    holder: dict | None = None  # who holds it, when not us
    _fd: int | None = None

    def release(self) -> None:
        """Give the run up (its result is written). Closing the file drops the lock."""
        if self._fd is not None:
            try:
                os.ftruncate(self._fd, 0)
            finally:
                os.close(self._fd)
                self._fd = None
                self.held = False

    def holder_text(self) -> str:
        h = self.holder or {}
        shard = f", shard {h['shard']}" if h.get("shard") else ""
        return f"host {h.get('host', '?')} pid {h.get('pid', '?')}{shard} since {h.get('since', '?')}"

    def __enter__(self) -> "RunClaim":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def claim_run(run_root: Path, name: str, shard: str | None = None) -> RunClaim:
    """Try to claim run `name` under `run_root`, without waiting: held, or taken by someone else (named)."""
    folder = Path(run_root) / CLAIMS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EAGAIN):
            os.close(fd)
            raise
        holder = _read_holder(fd)
        os.close(fd)  # we hold no lock on it, so closing drops nothing of anyone's
        return RunClaim(path=path, held=False, holder=holder)
    me = {"host": platform.node(), "pid": os.getpid(), "shard": shard,
          "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(me).encode(), 0)
    return RunClaim(path=path, held=True, holder=me, _fd=fd)


def _read_holder(fd: int) -> dict | None:
    try:
        return json.loads(os.pread(fd, 4096, 0) or b"null")
    except (OSError, ValueError):
        return None


def lock_problem(path: Path, mountinfo: str | None = None) -> str | None:
    """Why claims in `path` would not exclude other machines, or None. Reads /proc/self/mountinfo (or the
    text given): an NFS mount with client-local locks is refused; other filesystems are trusted."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text()
        except OSError:
            return None
    target = str(Path(path).resolve())
    best: tuple[str, str, str] | None = None  # mount point, filesystem type, options
    for line in mountinfo.splitlines():
        head, sep, tail = line.partition(" - ")
        fields, rest = head.split(), tail.split()
        if not sep or len(fields) < 6 or len(rest) < 2:
            continue
        point = fields[4].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, rest[0], f"{fields[5]},{rest[2] if len(rest) > 2 else ''}")
    if best is None or not best[1].startswith("nfs"):
        return None
    options = best[2].split(",")
    local = [o for o in _LOCAL_LOCK_OPTIONS if o in options]
    if not local:
        return None
    return (f"{path} is on the NFS mount {best[0]} with {', '.join(local)}: its locks stay on this machine, so two "
            "machines could write the same run. Remount it with locking (NFSv4, or NFSv3 with lockd: no nolock, "
            "local_lock=none), or use a run folder on a filesystem whose locks reach every machine")
