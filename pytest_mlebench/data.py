"""Prepared competition data: made once, cached, shared safely between workers.

Layout of the cache: `<cache>/<competition id>/prepared/{public,private}`
plus a `stamp.json` saying which definition produced it. Preparation runs in
a temporary folder under a file lock and is renamed into place only when it
finished, so a crash (or Ctrl-C) never leaves a half-prepared dataset that a
later run would use; concurrent pytest-xdist workers wait for each other.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from .competitions import Competition

STAMP = "stamp.json"


class DataUnavailable(RuntimeError):
    """The competition's data cannot be prepared here; the message says how to get it."""


class ChecksumMismatch(RuntimeError):
    """Prepared files differ from MLE-bench's; the data is not used."""


@dataclass(frozen=True)
class PreparedData:
    competition_id: str
    public: Path
    private: Path
    prepared_now: bool  # False when it came from the cache
    seconds: float

    @property
    def cache_root(self) -> Path:
        """The folder holding every competition's prepared data (`<root>/<id>/prepared/public`)."""
        return self.public.parents[2]


def definition_hash(competition: Competition) -> str:
    """Hash of the files that decide the prepared data; a change invalidates the cache."""
    digest = hashlib.sha256()
    for name in ("prepare.py", "description.md"):
        path = competition.folder / name
        if path.exists():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def prepared_dir(competition: Competition, cache_dir: Path) -> Path:
    return Path(cache_dir) / competition.id / "prepared"


def is_prepared(competition: Competition, cache_dir: Path) -> bool:
    stamp = prepared_dir(competition, cache_dir) / STAMP
    try:
        return json.loads(stamp.read_text())["definition"] == definition_hash(competition)
    except (OSError, ValueError, KeyError):
        return False


def raw_folder(competition: Competition, raw_root: Path | None) -> Path | None:
    """The folder of Kaggle's raw files for a competition that needs them (`<raw_root>/<id>`)."""
    if not competition.data.needs_raw:
        return None
    how = (
        f"{competition.id} needs Kaggle's raw files ({', '.join(competition.data.raw_files)}): "
        f"pass --mle-raw-dir DIR with them in DIR/{competition.id}/"
    )
    if raw_root is None:
        raise DataUnavailable(how)
    folder = Path(raw_root) / competition.id
    missing = [name for name in competition.data.raw_files if not (folder / name).exists()]
    if missing:
        raise DataUnavailable(f"{how}; missing in {folder}: {', '.join(missing)}")
    return folder


def prepare(competition: Competition, cache_dir: Path, raw_root: Path | None = None) -> PreparedData:
    """Return the prepared data, preparing it first if the cache lacks it or is stale.

    Raises DataUnavailable (with what to do) when the raw data is missing, and
    ChecksumMismatch when a preparation does not reproduce MLE-bench's files."""
    started = time.monotonic()
    target = prepared_dir(competition, cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / ".prepare.lock")):
        prepared_now = not is_prepared(competition, cache_dir)
        if prepared_now:
            _prepare_into(competition, target, raw_folder(competition, raw_root))
    return PreparedData(
        competition_id=competition.id,
        public=target / "public",
        private=target / "private",
        prepared_now=prepared_now,
        seconds=time.monotonic() - started,
    )


def _prepare_into(competition: Competition, target: Path, raw_dir: Path | None) -> None:
    module = competition.code("prepare")
    if module is None:
        raise DataUnavailable(f"{competition.id} has no prepare.py; its data cannot be prepared")
    for leftover in target.parent.glob(".st*-*"):  # debris of a preparation that crashed mid-way
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        public, private = staging / "public", staging / "private"
        public.mkdir()
        private.mkdir()
        module.prepare(raw_dir, public, private)
        verify_checksums(competition, staging)
        shutil.copyfile(competition.description_path, public / "description.md")
        (staging / STAMP).write_text(json.dumps({"definition": definition_hash(competition)}))
        if target.exists():
            # Move the stale copy aside first: the rename below must not meet an existing folder.
            stale = target.parent / f".stale-{time.time_ns()}"
            target.rename(stale)
            shutil.rmtree(stale, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def md5(path: Path) -> str:
    digest = hashlib.md5()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_checksums(competition: Competition, prepared: Path) -> None:
    """Compare every prepared file with MLE-bench's md5; name each one that differs."""
    problems = []
    for relative, expected in sorted(competition.data.checksums.items()):
        path = prepared / relative
        if not path.exists():
            problems.append(f"{relative}: missing")
        elif (actual := md5(path)) != expected:
            problems.append(f"{relative}: md5 {actual}, expected {expected}")
    if problems:
        raise ChecksumMismatch(
            f"{competition.id}: the prepared data differs from MLE-bench's, so it is not used:\n  "
            + "\n  ".join(problems)
            + "\nCheck that the raw files are Kaggle's originals (compare the zip's md5 with the catalog)."
        )
