"""Checksums of prepared files: MLE-bench's md5s, checked so that a split is byte-identical or refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pytest_mlebench.competitions import Competition
from pytest_mlebench.errors import ChecksumMismatch


def md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


PARQUET_MAGIC = b"PAR1"


def is_parquet(path: Path) -> bool:
    """Whether `path` has a Parquet file's frame: "PAR1" at its start and at its end."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        handle.seek(0, 2)
        if handle.tell() < 12:
            return False
        handle.seek(-4, 2)
        return head == PARQUET_MAGIC and handle.read(4) == PARQUET_MAGIC


def verify_checksums(competition: Competition, prepared: Path, where: str | None = None) -> None:
    """Compare every prepared file with MLE-bench's md5; name each one that differs.
    `where` names a folder of MLE-bench's own preparation (--mle-data-dir).

    A file of `data.writer_dependent` (Parquet) that differs from MLE-bench's md5 is no
    mismatch: its bytes name the library that wrote it (ours, or another version of MLE-bench's),
    so it is checked for being a Parquet file instead; what it holds is the differential test's
    to prove, and its rows are those of the CSV files checked here by md5."""
    problems = []
    for relative, expected in sorted(competition.data.checksums.items()):
        path = prepared / relative
        if not path.exists():
            problems.append(f"{relative}: missing")
        elif (actual := md5(path)) != expected:
            if relative not in competition.data.writer_dependent:
                problems.append(f"{relative}: md5 {actual}, expected {expected}")
            elif not is_parquet(path):
                problems.append(f"{relative}: not a Parquet file (no PAR1 at its start and end)")
    if not problems:
        return
    if where is None:
        what, hint = "the prepared data", "Check that the raw files are Kaggle's originals (compare the zip's md5 with the catalog)."
    else:
        what, hint = where, "Prepare it again with MLE-bench, or leave out --mle-data-dir."
    raise ChecksumMismatch(
        f"{competition.id}: {what} differs from MLE-bench's checksums, so it is not used:\n  "
        + "\n  ".join(problems) + "\n" + hint
    )
