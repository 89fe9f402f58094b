"""Comparing two prepared folders the way issue 14 defines "byte-identical": the same file names,
every file equal byte for byte, and archives (zip, 7z, tar) equal in their members' names and bytes.

Parquet files are the one exception (issue 15): their bytes name the library that wrote them and
its version (MLE-bench's fastparquet, our pyarrow), so two are equal when their content is: the
schema (column names, types, nullability; not the key-value metadata, which names the writer), the
values row by row, and the frame that pandas reads (types and index). Row-group boundaries are
not compared: no reader's result depends on them."""

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
        if name.endswith(".parquet"):
            if (unequal := parquet_difference(a[name], b[name])) is None:
                continue
            found.append(f"{name} differs: {unequal}")
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


def parquet_difference(theirs: Path, ours: Path) -> str | None:
    """How two Parquet files differ in content, in words (None: equal in schema and values)."""
    import pandas as pd
    import pyarrow.parquet as pq

    left, right = pq.read_table(theirs), pq.read_table(ours)
    if not left.schema.remove_metadata().equals(right.schema.remove_metadata()):
        return f"schema MLE-bench {left.schema.remove_metadata()}, ours {right.schema.remove_metadata()}"
    if left.num_rows != right.num_rows:
        return f"{left.num_rows} rows in MLE-bench's, {right.num_rows} in ours"
    if not left.replace_schema_metadata(None).equals(right.replace_schema_metadata(None)):
        return "the values differ"
    try:
        pd.testing.assert_frame_equal(pd.read_parquet(theirs), pd.read_parquet(ours), check_exact=True)
    except AssertionError as error:
        return f"pandas reads them differently: {str(error)[:300]}"
    return None
