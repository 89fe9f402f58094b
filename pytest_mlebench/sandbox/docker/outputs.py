"""Copying a container's folders out: a tar stream unpacked without ever following a symlink or
writing outside the run's folders, so a hostile agent cannot reach the host through its outputs."""

from __future__ import annotations

import io
import os
import shutil
import stat
import tarfile
from pathlib import Path, PurePosixPath


class _ChunkReader(io.RawIOBase):
    """A file object over the byte chunks of an exec stream, for tarfile's stream mode."""

    def __init__(self, chunks):
        self.chunks = iter(chunks)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            try:
                self.pending = next(self.chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size


def extract_safely(archive: tarfile.TarFile, targets: dict[str, Path]) -> list[str]:
    """Extract the members of a tar stream whose first path part names a target folder.

    Files and folders are written; symlinks are recreated as symlinks (never followed, so
    the grader sees and refuses a linked submission); nothing is written through a link or
    outside a target; hard links, devices and FIFOs are skipped. Returns what was skipped."""
    skipped: list[str] = []
    for member in archive:
        parts = PurePosixPath(member.name).parts
        parts = tuple(p for p in parts if p != ".")
        if not parts or parts[0] not in targets or ".." in parts or member.name.startswith("/"):
            skipped.append(member.name)
            continue
        root = targets[parts[0]]
        dest = root.joinpath(*parts[1:])
        if _link_on_the_way(root, dest) or (dest.exists() and not dest.is_symlink() and dest.is_dir() != member.isdir()):
            skipped.append(member.name)
            continue
        if member.isdir():
            if dest.is_symlink():
                dest.unlink()
            dest.mkdir(parents=True, exist_ok=True)
        elif member.isreg():
            if dest.is_symlink():
                dest.unlink()
            if dest == root / "agent.log" or (root.name == "logs" and dest.exists()):
                skipped.append(member.name)  # the harness's own log of the run is not the agent's to replace
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(dest, flags, 0o644 | (member.mode & 0o111))
            with os.fdopen(fd, "wb") as out, archive.extractfile(member) as data:
                shutil.copyfileobj(data, out, 1 << 20)
        elif member.issym():
            if dest.is_symlink() or dest.exists():
                if dest.is_dir() and not dest.is_symlink():
                    skipped.append(member.name)
                    continue
                dest.unlink()
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(member.linkname, dest)
        else:
            skipped.append(member.name)
    return skipped


def _link_on_the_way(root: Path, dest: Path) -> bool:
    """Is any folder between root (excluded) and dest (excluded) a symlink?"""
    current = dest.parent
    while current != root and root in current.parents:
        if current.is_symlink() or (current.exists() and not stat.S_ISDIR(os.lstat(current).st_mode)):
            return True
        current = current.parent
    return False
