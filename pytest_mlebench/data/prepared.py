"""Prepared competition data: made once, cached, shared safely between workers.

Three sources, tried in this order for a competition that is not prepared yet:

1. `--mle-data-dir DIR`: MLE-bench's own prepared data, `DIR/<id>/prepared/
   {public,private}`, used in place once its md5s match (the verification is
   remembered by file sizes and mtimes, so it is not repeated every run);
2. `--mle-raw-dir DIR`: Kaggle's raw files in `DIR/<id>/`, prepared by the
   competition's prepare.py;
3. Kaggle itself, when credentials exist: the zip is downloaded, its md5
   checked, and unpacked into `<cache>/<id>/raw/`, then prepared as in 2.

Layout of the cache: `<cache>/<id>/prepared/{public,private}` plus a
`stamp.json` saying which definition produced it. Preparation runs in a
temporary folder under a file lock and is renamed into place only when it
finished, so a crash (or Ctrl-C) never leaves a half-prepared dataset that a
later run would use; concurrent pytest-xdist workers wait for each other.
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
import tempfile
import time
import warnings
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from filelock import FileLock

from pytest_mlebench.competitions import Competition, Leaderboard
from pytest_mlebench.data import kaggle
from pytest_mlebench.data.checksums import md5, verify_checksums
from pytest_mlebench.errors import ChecksumMismatch, DataUnavailable, PreparationFailed

STAMP = "stamp.json"
VERIFIED = "data-dir-verified.json"  # what was checked of a --mle-data-dir folder, and when
VIEW = "data-dir-view"  # <cache>/<id>/data-dir-view/public: links to the data dir + our description.md
LEADERBOARD = "leaderboard.csv"  # <cache>/<id>/leaderboard.csv, downloaded when the definition has no thresholds


@dataclass(frozen=True)
class PreparedData:
    competition_id: str
    public: Path
    private: Path
    prepared_now: bool  # False when it came from the cache or a --mle-data-dir
    seconds: float
    # Folders outside the cache that `public` links into (a --mle-data-dir's public folder):
    # a sandbox must make them readable at the same paths.
    sources: tuple[Path, ...] = ()
    # Folders holding answers that a sandbox must hide even when a visible path contains them.
    hidden: tuple[Path, ...] = ()

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


def ways_to_get_data(competition: Competition) -> str:
    """The three sources, named with what each needs, for skip reasons and errors."""
    files = ", ".join(competition.data.raw_files)
    return (
        f"Three ways to get its data: (1) Kaggle credentials (KAGGLE_USERNAME and KAGGLE_KEY, or "
        f"~/.kaggle/kaggle.json) after accepting the rules at {kaggle.rules_url(competition.id)}: the data "
        f"is then downloaded; (2) --mle-data-dir DIR with MLE-bench's prepared data in "
        f"DIR/{competition.id}/prepared/{{public,private}}; (3) --mle-raw-dir DIR with Kaggle's raw files "
        f"({files}) in DIR/{competition.id}/"
    )


def raw_folder(
    competition: Competition,
    raw_root: Path | None,
    cache_dir: Path | None = None,
    *,
    download: bool = True,
    progress: kaggle.Progress | None = None,
) -> Path | None:
    """The folder of Kaggle's raw files for a competition that needs them.

    `<raw_root>/<id>` when it has every file; else `<cache>/<id>/raw`, downloaded
    from Kaggle first when it is not there and credentials exist."""
    if not competition.data.needs_raw:
        return None
    missing_note = ""
    if raw_root is not None:
        folder = Path(raw_root) / competition.id
        missing = [name for name in competition.data.raw_files if not (folder / name).exists()]
        if not missing:
            return folder
        missing_note = f"; missing in {folder}: {', '.join(missing)}"
    if cache_dir is not None:
        cached = Path(cache_dir) / competition.id / "raw"
        if all((cached / name).exists() for name in competition.data.raw_files):
            return cached
    try:
        credentials = kaggle.find_credentials() if download and cache_dir is not None else None
    except kaggle.DownloadError as exc:
        raise DataUnavailable(f"{competition.id}: {exc}") from None
    if credentials is None:
        raise DataUnavailable(
            f"{competition.id} needs Kaggle's raw files ({', '.join(competition.data.raw_files)}) and none are "
            f"here{missing_note}. {ways_to_get_data(competition)}"
        )
    return _download_raw(competition, Path(cache_dir), credentials, progress)


def _download_raw(competition: Competition, cache_dir: Path, credentials: kaggle.Credentials,
                  progress: kaggle.Progress | None) -> Path:
    """Download the competition's zip, check its md5, unpack it into `<cache>/<id>/raw/`."""
    expected = competition.data.zip_md5
    if not expected:
        raise DataUnavailable(f"{competition.id} has no [data].zip_md5, so a download from Kaggle could not be "
                              f"checked. {ways_to_get_data(competition)}")
    folder = cache_dir / competition.id
    zip_path = folder / "download" / f"{competition.id}.zip"
    try:
        kaggle.download_competition_zip(competition.id, zip_path, credentials, progress=progress)
    except kaggle.DownloadError as exc:
        raise DataUnavailable(str(exc)) from None
    actual = md5(zip_path)
    if actual != expected:
        aside = zip_path.with_name(f"{competition.id}.md5-{actual}.zip")
        zip_path.replace(aside)
        raise ChecksumMismatch(
            f"{competition.id}: the zip downloaded from Kaggle has md5 {actual}, expected {expected} "
            f"([data].zip_md5, the zip MLE-bench used), so it is not used; it was kept aside as {aside}. "
            "Kaggle may have changed the competition's files since; --mle-data-dir or --mle-raw-dir with "
            "the original files avoids the download"
        )
    staging = Path(tempfile.mkdtemp(prefix=".staging-raw-", dir=folder))
    try:
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(staging)
        raw = folder / "raw"
        if raw.exists():  # an incomplete earlier unpacking (a file was missing)
            shutil.rmtree(raw)
        staging.rename(raw)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    zip_path.unlink()  # checked and unpacked: the raw folder is what prepare.py reads
    return raw


def prepare(
    competition: Competition,
    cache_dir: Path,
    raw_root: Path | None = None,
    *,
    data_dir: Path | None = None,
    download: bool = True,
    progress: kaggle.Progress | None = None,
) -> PreparedData:
    """Return the prepared data: from `data_dir` in place, from the cache, or prepared now
    (from `raw_root`, else downloaded from Kaggle when `download` and credentials allow).

    Raises DataUnavailable (saying how to get the data) when there is no source, and
    ChecksumMismatch when the data does not reproduce MLE-bench's files."""
    started = time.monotonic()
    cache_dir = Path(cache_dir)
    if data_dir is not None and competition.data.checksums:
        source = Path(data_dir) / competition.id / "prepared"
        if source.is_dir():
            prepared = _from_data_dir(competition, cache_dir, source.resolve(), started)
            if download and competition.leaderboard.thresholds is None:
                _fetch_leaderboard(competition, cache_dir)
            return prepared
    target = prepared_dir(competition, cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target.parent / ".prepare.lock")):
        prepared_now = not is_prepared(competition, cache_dir)
        if prepared_now:
            if competition.code("prepare") is None:
                raise DataUnavailable(
                    f"{competition.id} has no prepare.py here, so it runs only from MLE-bench's prepared data: "
                    f"pass --mle-data-dir DIR with DIR/{competition.id}/prepared/public and .../private "
                    f"(as MLE-bench's `mlebench prepare -c {competition.id}` makes them)"
                )
            raw = raw_folder(competition, raw_root, cache_dir, download=download, progress=progress)
            _prepare_into(competition, target, raw)
    if download and competition.leaderboard.thresholds is None:
        _fetch_leaderboard(competition, cache_dir)
    return PreparedData(
        competition_id=competition.id,
        public=target / "public",
        private=target / "private",
        prepared_now=prepared_now,
        seconds=time.monotonic() - started,
    )


def _from_data_dir(competition: Competition, cache_dir: Path, source: Path, started: float) -> PreparedData:
    """MLE-bench's prepared folder, used in place: checked, then shown to the agent through a
    folder of links in our cache that adds our description.md (the data dir may be read-only)."""
    public, private = source / "public", source / "private"
    missing = [str(p) for p in (public, private) if not p.is_dir()]
    if missing:
        raise DataUnavailable(f"{competition.id}: --mle-data-dir needs MLE-bench's layout; missing {', '.join(missing)}")
    folder = cache_dir / competition.id
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / ".prepare.lock")):
        verified_now = _verify_in_place(competition, source, folder / VERIFIED)
        view = _description_view(competition, public, folder / VIEW)
    return PreparedData(
        competition_id=competition.id,
        public=view,
        private=private,
        prepared_now=verified_now,
        seconds=time.monotonic() - started,
        sources=(public,),
        hidden=(source.parent.parent,),  # the whole data dir: other competitions' answers and raw files too
    )


def _file_states(competition: Competition, source: Path) -> dict[str, list[int]]:
    states = {}
    for relative in sorted(competition.data.checksums):
        try:
            info = (source / relative).stat()
        except OSError:
            continue
        states[relative] = [info.st_size, info.st_mtime_ns]
    return states


def _verify_in_place(competition: Competition, source: Path, record: Path) -> bool:
    """Check the md5s of a data dir's files, unless the same files (same sizes and mtimes)
    passed before. Returns whether the files were hashed now."""
    expected = {"source": str(source), "checksums": competition.data.checksums,
                "files": _file_states(competition, source)}
    try:
        if json.loads(record.read_text()) == expected:
            return False
    except (OSError, ValueError):
        pass
    verify_checksums(competition, source, where=f"MLE-bench's prepared data in {source}")
    tmp = record.with_name(record.name + ".tmp")
    tmp.write_text(json.dumps(expected))
    tmp.replace(record)
    return True


def _description_view(competition: Competition, public: Path, view_root: Path) -> Path:
    """`<view_root>/public`: a link to every entry of `public` plus a copy of our description.md."""
    entries = sorted(p.name for p in public.iterdir() if p.name != "description.md")
    stamp = {"source": str(public), "definition": definition_hash(competition), "entries": entries}
    try:
        if json.loads((view_root / STAMP).read_text()) == stamp:
            return view_root / "public"
    except (OSError, ValueError):
        pass
    for leftover in view_root.parent.glob(".staging-view-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-view-", dir=view_root.parent))
    try:
        (staging / "public").mkdir()
        for name in entries:
            (staging / "public" / name).symlink_to(public / name)
        shutil.copyfile(competition.description_path, staging / "public" / "description.md")
        (staging / STAMP).write_text(json.dumps(stamp))
        if view_root.exists():
            stale = view_root.parent / f".staging-view-stale-{time.time_ns()}"
            view_root.rename(stale)
            shutil.rmtree(stale, ignore_errors=True)
        staging.rename(view_root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return view_root / "public"


def _fetch_leaderboard(competition: Competition, cache_dir: Path) -> None:
    """Download the leaderboard of a competition whose definition has no thresholds
    (ventilator-pressure-prediction), once, when Kaggle credentials exist, whatever the
    data's source. A failure is a warning: the runs then say medals are unavailable."""
    path = cache_dir / competition.id / LEADERBOARD
    if path.exists():
        return
    try:
        credentials = kaggle.find_credentials()
        if credentials is not None:
            kaggle.download_leaderboard(competition.id, path, credentials)
    except kaggle.DownloadError as exc:
        warnings.warn(f"{competition.id}: medals unavailable (no leaderboard): {exc}", RuntimeWarning, stacklevel=3)


def with_leaderboard(competition: Competition, cache_root: Path) -> Competition:
    """The competition with thresholds from its downloaded leaderboard when its definition
    has none (e.g. ventilator-pressure-prediction); unchanged otherwise."""
    if competition.leaderboard.thresholds is not None:
        return competition
    path = Path(cache_root) / competition.id / LEADERBOARD
    if not path.exists():
        return competition
    from pytest_mlebench.grading.medals import thresholds_from_scores

    scores = kaggle.leaderboard_scores(path)
    board = Leaderboard(kind="kaggle", num_teams=len(scores),
                        thresholds=thresholds_from_scores(scores, competition.grading.lower_is_better))
    return replace(competition, leaderboard=board)


SPACE_MARGIN = 1.1  # on top of the estimate: filesystems round up, and a preparation writes some scratch


def space_needed(raw_dir: Path | None, target_parent: Path) -> int:
    """Bytes a preparation from `raw_dir` may write next to `target_parent`, estimated before it starts.

    The top-level files of the raw folder (tables, JSON, archives) are rewritten, so they count
    whole. Folders (of images, scans, audio) are hard-linked when raw data and cache share a
    filesystem, so they count nothing there, and whole otherwise."""
    if raw_dir is None or not Path(raw_dir).is_dir():
        return 0
    raw_dir = Path(raw_dir)
    linked = _device(raw_dir) == _device(target_parent)
    total = 0
    for entry in raw_dir.iterdir():
        if entry.is_file():
            total += entry.stat().st_size
        elif entry.is_dir() and not linked:
            total += sum(f.stat().st_size for f in entry.rglob("*") if f.is_file())
    return int(total * SPACE_MARGIN)


def _device(path: Path) -> int:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path.stat().st_dev


def _check_space(competition: Competition, raw_dir: Path | None, target_parent: Path) -> None:
    """Stop before a preparation that cannot fit, rather than fill the disk half-way through it."""
    needed = space_needed(raw_dir, target_parent)
    free = shutil.disk_usage(target_parent).free
    if needed <= free:
        return
    what = "its rewritten tables and archives" if _device(Path(raw_dir)) == _device(target_parent) else \
        "every file, as raw data and cache are on different filesystems"
    raise PreparationFailed(
        f"{competition.id}: preparing from {raw_dir} needs about {needed / 2**30:.1f} GiB in {target_parent} "
        f"({what}), but only {free / 2**30:.1f} GiB are free: free space there, or point --mle-cache-dir at a "
        "larger filesystem (on the raw data's own filesystem, folders of images are hard-linked, not copied)")


def _prepare_into(competition: Competition, target: Path, raw_dir: Path | None) -> None:
    module = competition.code("prepare")  # prepare() made sure there is one
    _check_space(competition, raw_dir, target.parent)
    for leftover in target.parent.glob(".st*-*"):  # debris of a preparation that crashed mid-way
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        public, private = staging / "public", staging / "private"
        public.mkdir()
        private.mkdir()
        _run_preparer(competition, module, raw_dir, public, private)
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


def _run_preparer(competition: Competition, module, raw_dir: Path | None, public: Path, private: Path) -> None:
    """The competition's prepare(), its failure turned into one message that says what to do (the
    staging folder it wrote into is removed by the caller, so nothing half-prepared looks ready)."""
    try:
        module.prepare(raw_dir, public, private)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise PreparationFailed(f"{competition.id}: the disk filled up while preparing into {public.parent.parent} "
                                    "(nothing was kept): free space there, or point --mle-cache-dir at a larger "
                                    "filesystem, and prepare again") from exc
        raise PreparationFailed(f"{competition.id}: preparing from {raw_dir} failed: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - whatever a prepare.py raises, the user gets one clear line
        raise PreparationFailed(f"{competition.id}: the raw data in {raw_dir} cannot be prepared: "
                                f"{type(exc).__name__}: {exc}") from exc


def cache_state(competition: Competition, cache_dir: Path) -> str:
    """What the cache holds for a competition, in words (for `pytest-mlebench prepare --list`)."""
    folder = Path(cache_dir) / competition.id
    notes = []
    if is_prepared(competition, cache_dir):
        notes.append("prepared, md5s verified" if competition.data.checksums else "prepared (no md5s to verify)")
    try:
        record = json.loads((folder / VERIFIED).read_text())
    except (OSError, ValueError):
        record = None
    if record is not None:
        same = record.get("files") == _file_states(competition, Path(record["source"]))
        notes.append(f"MLE-bench data dir {record['source']}: "
                     + ("verified" if same else "changed since it was verified (checked again at the next use)"))
    if not notes:
        part = folder / "download" / f"{competition.id}.zip.part"
        if (folder / "raw").is_dir():
            notes.append("raw files downloaded, not prepared")
        elif part.exists():
            notes.append(f"download interrupted at {part.stat().st_size / 2**20:.1f} MiB (resumed at the next prepare)")
        else:
            notes.append("not prepared")
    if (folder / LEADERBOARD).exists():
        notes.append("leaderboard downloaded")
    return "; ".join(notes)
