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


def verify_checksums(competition: Competition, prepared: Path, where: str | None = None) -> None:
    """Compare every prepared file with MLE-bench's md5; name each one that differs.
    `where` names a folder of MLE-bench's own preparation (--mle-data-dir)."""
    problems = []
    for relative, expected in sorted(competition.data.checksums.items()):
        path = prepared / relative
        if not path.exists():
            problems.append(f"{relative}: missing")
        elif (actual := md5(path)) != expected:
            problems.append(f"{relative}: md5 {actual}, expected {expected}")
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
