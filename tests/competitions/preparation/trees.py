"""Comparing two prepared folders the way issue 14 defines "byte-identical": the same file names,
every file equal byte for byte, and archives (zip, 7z, tar) equal in their members' names and bytes."""

from __future__ import annotations

import hashlib
import tarfile
import tempfile
import zipfile
from pathlib import Path

ARCHIVES = (".zip", ".7z", ".tar", ".tar.gz", ".tgz")


def files_of(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted(root.rglob("*")) if p.is_file()}


def _members(path: Path) -> dict[str, str]:
    """name -> sha256 of each member (directories left out)."""
    name = path.name
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive:
            return {i.filename: hashlib.sha256(archive.read(i)).hexdigest() for i in archive.infolist() if not i.is_dir()}
    if name.endswith(".7z"):
        import py7zr

        # extractall, not readall: py7zr 1.x dropped read/readall
        with tempfile.TemporaryDirectory() as unpacked, py7zr.SevenZipFile(path) as archive:
            archive.extractall(unpacked)
            return {str(p.relative_to(unpacked)): hashlib.sha256(p.read_bytes()).hexdigest()
                    for p in sorted(Path(unpacked).rglob("*")) if p.is_file()}
    with tarfile.open(path) as archive:
        return {m.name: hashlib.sha256(archive.extractfile(m).read()).hexdigest() for m in archive.getmembers() if m.isfile()}


def differences(theirs: Path, ours: Path, limit: int = 10) -> list[str]:
    """What differs between MLE-bench's prepared folder and ours, in words (empty: identical)."""
    a, b = files_of(theirs), files_of(ours)
    found = [f"only MLE-bench writes {name}" for name in sorted(set(a) - set(b))]
    found += [f"only we write {name}" for name in sorted(set(b) - set(a))]
    for name in sorted(set(a) & set(b)):
        if a[name].read_bytes() == b[name].read_bytes():
            continue
        if name.endswith(ARCHIVES) and _members(a[name]) == _members(b[name]):
            continue
        found.append(f"{name} differs: {_first_difference(a[name], b[name])}")
    return found[:limit] + ([f"... and {len(found) - limit} more"] if len(found) > limit else [])


def _first_difference(x: Path, y: Path) -> str:
    left, right = x.read_bytes(), y.read_bytes()
    if b"\n" in left[:4096]:
        for number, (l, r) in enumerate(zip(left.splitlines(), right.splitlines()), 1):
            if l != r:
                return f"line {number}: MLE-bench {l[:120]!r}, ours {r[:120]!r}"
        return f"{len(left.splitlines())} lines in MLE-bench's, {len(right.splitlines())} in ours"
    return f"{len(left)} bytes in MLE-bench's, {len(right)} in ours"
