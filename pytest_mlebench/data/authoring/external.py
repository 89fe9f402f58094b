"""Files that a preparation needs from outside Kaggle (freesound's test labels live on Zenodo):
found or downloaded, and checked, before the preparation writes anything.

Where the file is taken from, in this order: the path in the file's environment variable (set:
it must exist); the raw folder beside Kaggle's files; else a download into the raw folder (kept
there for the next preparation). What it is checked against: its pinned md5 when one is known,
else the md5 that the publisher's JSON listing gives (Zenodo's record API: `files[].key` and
`files[].checksum` "md5:<hex>"). When neither can be had (no md5 pinned, listing unreachable)
`obtain` says so in `Obtained.checked_against` (None) and the caller must prove the file some
other way or stop; it never passes an unchecked file off as checked.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from pytest_mlebench.data.checksums import md5
from pytest_mlebench.errors import ChecksumMismatch, DataUnavailable

TIMEOUT = 30  # seconds to wait for the server: a host without network fails within this


@dataclass(frozen=True)
class ExternalFile:
    """One file from outside Kaggle: what it is called, where it is published, how to check it."""
    name: str  # its name in the raw folder, beside Kaggle's files
    url: str  # where it is downloaded from (where MLE-bench downloads it)
    listing: str  # JSON listing of the publisher that gives its md5
    env: str  # environment variable that may hold a path to it
    md5: str | None = None  # its md5 when pinned here; None: the listing's is used


@dataclass(frozen=True)
class Obtained:
    path: Path
    checked_against: str | None  # where the md5 it matched came from; None: no md5 could be had


def how_to_get(spec: ExternalFile, raw_dir: Path) -> str:
    return (f"download {spec.url} and put it in {raw_dir} as {spec.name} (beside Kaggle's files), or set "
            f"{spec.env}=<path of the file>")


def obtain(spec: ExternalFile, raw_dir: Path, *, opener=urllib.request.urlopen) -> Obtained:
    """The file, found or downloaded, and checked against its md5 (see the module docstring).

    Raises DataUnavailable when it is neither there nor downloadable (saying where to get it),
    and ChecksumMismatch when its md5 is not the expected one. `opener` is urllib's `urlopen`
    or a stand-in with its signature (the tests serve files locally)."""
    raw_dir = Path(raw_dir)
    given = os.environ.get(spec.env)
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise DataUnavailable(f"{spec.env} names {path}, which is not a file: point it at {spec.name}, or "
                                  f"unset it and {how_to_get(spec, raw_dir)}")
    else:
        path = raw_dir / spec.name
        if not path.is_file():
            _download(spec, path, opener)
    expected, source = _expected_md5(spec, opener)
    if expected is None:
        return Obtained(path, None)
    actual = md5(path)
    if actual != expected:
        raise ChecksumMismatch(f"{path} has md5 {actual}, but {spec.name} has md5 {expected} ({source}), so it is "
                               f"not the file MLE-bench uses: delete it and {how_to_get(spec, raw_dir)}")
    return Obtained(path, source)


def _download(spec: ExternalFile, target: Path, opener) -> None:
    partial = target.with_name(target.name + ".part")
    try:
        with opener(spec.url, timeout=TIMEOUT) as response, open(partial, "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
    except OSError as exc:  # URLError, HTTPError and a raw folder we may not write are all OSErrors
        partial.unlink(missing_ok=True)
        raise DataUnavailable(f"{spec.name} is not in {target.parent} and could not be downloaded from {spec.url} "
                              f"({exc}): {how_to_get(spec, target.parent)}") from None
    partial.replace(target)


def _expected_md5(spec: ExternalFile, opener) -> tuple[str | None, str | None]:
    if spec.md5 is not None:
        return spec.md5, "pinned in the competition's prepare.py"
    try:
        with opener(spec.listing, timeout=TIMEOUT) as response:
            files = json.load(response)["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None, None
    for entry in files:
        if isinstance(entry, dict) and entry.get("key") == spec.name:
            algorithm, _, digest = str(entry.get("checksum", "")).partition(":")
            if algorithm == "md5" and digest:
                return digest, f"published at {spec.listing}"
    return None, None
