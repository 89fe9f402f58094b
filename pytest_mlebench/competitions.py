"""Competition definitions: one folder per competition, read from its TOML file.

A competition folder holds `competition.toml` (the facts), `description.md`
(the task, in our words), `prepare.py` (raw data -> public/ and private/) and,
when the generic grader does not fit, `grade.py`. The TOML declares which of
the two code files the folder brings (`preparer = "prepare.py"`,
`[grading] grader = "grade.py"`), and a file present but not declared, or
declared but missing, is a definition error. Everything about a competition
that the harness needs is in the `Competition` record below.
"""

from __future__ import annotations

import importlib.util
import os
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

from pytest_mlebench.errors import DefinitionError

SETS = ("starter", "lite", "low", "medium", "high", "dev", "mlebench")
DOMAINS = ("vision", "nlp", "tabular", "audio", "signal", "seq2seq")
PREDICTION_KINDS = ("label", "number", "probability", "probabilities", "text")

COMPETITIONS_DIR_ENV = "MLEBENCH_COMPETITIONS_DIR"

GENERIC_GRADER = "generic"
GRADE_FILE = "grade.py"
PREPARE_FILE = "prepare.py"


@dataclass(frozen=True)
class Thresholds:
    """Medal thresholds of a leaderboard, as MLE-bench computes them."""

    gold: float
    silver: float
    bronze: float
    median: float


@dataclass(frozen=True)
class Leaderboard:
    """Where a competition's medals come from.

    kind "kaggle": the historical Kaggle private leaderboard; kind "reference":
    a field of reference solutions we ran ourselves (the starter suite).
    `thresholds` is None when medals are unavailable (no leaderboard yet).
    """

    kind: str
    num_teams: int
    thresholds: Thresholds | None
    # 41 quantiles (0%, 2.5%, ..., 100%) of the leaderboard's scores, for plots: the
    # leaderboard itself is not shipped.
    score_quantiles: tuple[float, ...] = ()


@dataclass(frozen=True)
class GradingSpec:
    """How the generic grader reads a submission (see grading.py)."""

    metric: str
    lower_is_better: bool
    id_column: str
    target_columns: tuple[str, ...]
    kind: str
    answers: str = "answers.csv"
    labels: tuple[str, ...] = ()
    read: str = "text"  # "text": every cell a string; "inferred": pandas' default types, as MLE-bench reads
    accepts_no_rows: bool = False  # a header without rows goes to the grader (where MLE-bench scores it), not refused
    grader: str = GENERIC_GRADER  # "generic" (the grader of this table) or "grade.py" (the folder's own grade())


@dataclass(frozen=True)
class DataSpec:
    """Where a competition's raw data comes from and what its preparation must produce.

    `raw_files`: the files Kaggle ships that prepare.py reads (empty: the data comes from
    installed packages, as in the starter suite). `checksums`: md5 of every prepared
    file, by path relative to the prepared folder ("public/train.csv"), as MLE-bench's.
    """

    raw_files: tuple[str, ...] = ()
    zip_md5: str | None = None
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def needs_raw(self) -> bool:
        return bool(self.raw_files)


@dataclass(frozen=True)
class Resources:
    """What a run of the competition needs, as its `[resources]` table declares (for the shard planner's
    cost estimate, `runs/shards.py`): a GPU, and the size in bytes of its prepared data. Undeclared: no GPU,
    size unknown."""

    gpu: bool = False
    data_bytes: int | None = None


@dataclass(frozen=True)
class Competition:
    id: str
    name: str
    folder: Path
    sets: tuple[str, ...]
    domains: tuple[str, ...]
    time_limit: int
    grading: GradingSpec
    leaderboard: Leaderboard
    source: str = ""
    known_issues: tuple[str, ...] = field(default=())
    data: DataSpec = field(default_factory=DataSpec)
    preparer: str | None = None  # "prepare.py" when the folder prepares its own data, else None
    resources: Resources = field(default_factory=Resources)

    @property
    def description_path(self) -> Path:
        return self.folder / "description.md"

    @property
    def markers(self) -> tuple[str, ...]:
        """The pytest markers this competition's item carries."""
        extra = ("known_issue",) if self.known_issues else ()
        return tuple(dict.fromkeys(self.sets + self.domains + extra))

    def code(self, name: str) -> ModuleType | None:
        """Load `prepare.py` or `grade.py` from the folder, or None if absent."""
        return _load_module(self.folder / f"{name}.py", f"_mlebench_{name}_{self.id}")


@cache
def _load_module(path: Path, module_name: str) -> ModuleType | None:
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(module_name.replace("-", "_"), path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_competitions_dir() -> Path:
    """The competitions shipped with the package (the repo's `competitions/`)."""
    override = os.environ.get(COMPETITIONS_DIR_ENV)
    if override:
        return Path(override)
    import pytest_mlebench_competitions

    return Path(pytest_mlebench_competitions.__file__).parent


def _require(table: dict, key: str, where: Path):
    if key not in table:
        raise DefinitionError(f"{where}: missing required key {key!r}")
    return table[key]


def load_competition(folder: Path) -> Competition:
    """Read one competition folder, checking every field a run depends on."""
    path = folder / "competition.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"{path}: not valid TOML: {exc}") from exc

    grading = _require(data, "grading", path)
    board = _require(data, "leaderboard", path)
    spec = GradingSpec(
        metric=_require(grading, "metric", path),
        lower_is_better=bool(_require(grading, "lower_is_better", path)),
        id_column=grading.get("id_column", "id"),
        target_columns=tuple(_require(grading, "target_columns", path)),
        kind=grading.get("kind", "number"),
        answers=grading.get("answers", "answers.csv"),
        labels=tuple(str(x) for x in grading.get("labels", ())),
        read=grading.get("read", "text"),
        accepts_no_rows=bool(grading.get("accepts_no_rows", False)),
        grader=grading.get("grader", GENERIC_GRADER),
    )
    if spec.read not in ("text", "inferred"):
        raise DefinitionError(f"{path}: grading.read must be 'text' or 'inferred', not {spec.read!r}")
    if spec.kind not in PREDICTION_KINDS:
        raise DefinitionError(f"{path}: grading.kind must be one of {PREDICTION_KINDS}, not {spec.kind!r}")
    if spec.grader not in (GENERIC_GRADER, GRADE_FILE):
        raise DefinitionError(f"{path}: grading.grader must be {GENERIC_GRADER!r} or {GRADE_FILE!r}, not {spec.grader!r}")
    preparer = data.get("preparer")
    if preparer not in (None, PREPARE_FILE):
        raise DefinitionError(f"{path}: preparer must be {PREPARE_FILE!r} (or absent), not {preparer!r}")

    if all(k in board for k in ("gold", "silver", "bronze", "median")):
        thresholds = Thresholds(*(float(board[k]) for k in ("gold", "silver", "bronze", "median")))
    else:
        thresholds = None
    comp = Competition(
        id=_require(data, "id", path),
        name=_require(data, "name", path),
        folder=folder,
        sets=tuple(_require(data, "sets", path)),
        domains=tuple(_require(data, "domains", path)),
        time_limit=int(data.get("time_limit", 3600)),
        grading=spec,
        leaderboard=Leaderboard(
            kind=board.get("kind", "kaggle"),
            num_teams=int(board.get("num_teams", 0)),
            thresholds=thresholds,
            score_quantiles=tuple(float(q) for q in board.get("score_quantiles", ())),
        ),
        source=data.get("source", ""),
        known_issues=tuple(data.get("known_issues", ())),
        data=DataSpec(
            raw_files=tuple(data.get("data", {}).get("raw_files", ())),
            zip_md5=data.get("data", {}).get("zip_md5"),
            checksums=dict(data.get("checksums", {})),
        ),
        preparer=preparer,
        resources=_resources(data.get("resources", {}), path),
    )
    if comp.id != folder.name:
        raise DefinitionError(f"{path}: id {comp.id!r} must equal the folder name {folder.name!r}")
    for name, allowed in (("sets", SETS), ("domains", DOMAINS)):
        unknown = set(getattr(comp, name)) - set(allowed)
        if unknown:
            raise DefinitionError(f"{path}: unknown {name} {sorted(unknown)}; allowed: {allowed}")
    if not comp.description_path.exists():
        raise DefinitionError(f"{folder}: missing description.md (the task text the agent reads)")
    _check_declared_code(folder, path, GRADE_FILE, spec.grader == GRADE_FILE, '[grading] grader = "grade.py"')
    _check_declared_code(folder, path, PREPARE_FILE, preparer == PREPARE_FILE, 'preparer = "prepare.py"')
    return comp


def _resources(table: dict, path: Path) -> Resources:
    unknown = set(table) - {"gpu", "data_bytes"}
    if unknown:
        raise DefinitionError(f"{path}: unknown [resources] keys {sorted(unknown)}; allowed: gpu, data_bytes")
    gpu, size = table.get("gpu", False), table.get("data_bytes")
    if not isinstance(gpu, bool):
        raise DefinitionError(f"{path}: [resources] gpu must be true or false, not {gpu!r}")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise DefinitionError(f"{path}: [resources] data_bytes must be a whole number of bytes, not {size!r}")
    return Resources(gpu=gpu, data_bytes=size)


def _check_declared_code(folder: Path, path: Path, name: str, declared: bool, key: str) -> None:
    """A code file of the folder and its declaration in the TOML go together."""
    present = (folder / name).exists()
    if declared and not present:
        raise DefinitionError(f"{path}: declares {key} but {folder / name} does not exist")
    if present and not declared:
        raise DefinitionError(f"{folder / name} exists but {path} does not declare it: add {key} "
                              f"(or remove the file)")


def load_competitions(root: Path | None = None) -> dict[str, Competition]:
    """All competitions under `root` (default: the shipped ones, or $MLEBENCH_COMPETITIONS_DIR), by id."""
    return _load_all(Path(root or default_competitions_dir()).resolve())


@cache
def _load_all(root: Path) -> dict[str, Competition]:
    folders = sorted(p.parent for p in root.glob("*/competition.toml"))
    return {c.id: c for c in map(load_competition, folders)}


def get_competition(competition_id: str, root: Path | None = None) -> Competition:
    competitions = load_competitions(root)
    try:
        return competitions[competition_id]
    except KeyError:
        raise KeyError(
            f"unknown competition {competition_id!r}; `pytest-mlebench list` shows the {len(competitions)} known ones"
        ) from None
