"""Shared by the tests of MLE-bench competitions on real Kaggle data (tests/test_mlebench_*.py):
preparing from `../shared/kaggle-raw`, and reading MLE-bench's facts from `../shared/mlebench`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pytest_mlebench.competitions import Competition, load_competition
from pytest_mlebench.grading.grade import score_submission
from tests.support.paths import REPO

COMPETITIONS_DIR = REPO / "competitions"


@dataclass(frozen=True)
class Prepared:
    """One competition prepared into a temporary folder from its real raw files."""

    competition: Competition
    root: Path
    raw: Path

    @property
    def public(self) -> Path:
        return self.root / "public"

    @property
    def private(self) -> Path:
        return self.root / "private"

    def read(self, relative: str) -> pd.DataFrame:
        return pd.read_csv(self.root / relative)

    def answers(self) -> pd.DataFrame:
        return pd.read_csv(self.private / self.competition.grading.answers)

    def score(self, frame: pd.DataFrame, path: Path) -> float:
        frame.to_csv(path, index=False)
        return score_submission(self.competition, path, self.private)


def prepare_all(ids: list[str], shared_dir: Path, tmp_path_factory) -> dict[str, Prepared]:
    """Run each competition's own prepare.py on the shared raw files (checksums are checked by the tests)."""
    result = {}
    for competition_id in ids:
        competition = load_competition(COMPETITIONS_DIR / competition_id)
        root = tmp_path_factory.mktemp(competition_id)
        (root / "public").mkdir()
        (root / "private").mkdir()
        raw = shared_dir / "kaggle-raw" / competition_id
        competition.code("prepare").prepare(raw, root / "public", root / "private")
        result[competition_id] = Prepared(competition, root, raw)
    return result


def write_case(competition: Competition, answers: pd.DataFrame, submission: pd.DataFrame, tmp_path: Path) -> tuple[Path, Path]:
    """Write `answers` where the competition's definition puts them (tmp_path/private) and `submission`
    as tmp_path/submission.csv; returns (submission path, private folder), the arguments of
    `score_submission` / `grade_submission` after the competition, so a test grades as a run does."""
    private = tmp_path / "private"
    private.mkdir(parents=True, exist_ok=True)
    answers.to_csv(private / competition.grading.answers, index=False)
    path = tmp_path / "submission.csv"
    submission.to_csv(path, index=False)
    return path, private


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def read_checksums_yaml(path: Path) -> tuple[dict[str, str], str]:
    """MLE-bench's checksums file as ({"public/train.csv": md5, ...}, zip md5), read by the same
    code that wrote the definitions' `[checksums]` tables (scripts/catalog_facts.py)."""
    return _catalog_facts().read_checksums(path)


def _catalog_facts():
    import importlib.util

    path = REPO / "scripts" / "catalog_facts.py"
    spec = importlib.util.spec_from_file_location("_catalog_facts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepared_fixtures(ids: list[str]):
    """The two fixtures every real-data module uses: all of `ids` prepared once per module
    (`prepared_all`), and one test per competition (`prepared`). Assign them at module level:
    `prepared_all, prepared = prepared_fixtures(IDS)`."""
    import pytest

    @pytest.fixture(scope="module")
    def prepared_all(shared_dir, tmp_path_factory) -> dict[str, Prepared]:
        return prepare_all(ids, shared_dir, tmp_path_factory)

    @pytest.fixture(params=ids)
    def prepared(request, prepared_all) -> Prepared:
        return prepared_all[request.param]

    return prepared_all, prepared
