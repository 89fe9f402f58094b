"""Our prepare.py against MLE-bench's, on the same synthetic raw data (issue 14).

For every competition with a raw-data generator in raw/ (a module named after the id, dashes as
underscores, with `make(raw: Path, rng: random.Random)` writing Kaggle's layout in small), the
test writes the raw data, runs MLE-bench's prepare() in its pinned environment (a separate
process) and ours here, and requires the two prepared folders to be byte-identical
(archives by their members). A generator should be small and rich in the quirks of the real
data: string ids that look numeric, NaN, duplicated keys, unicode and quoting, rare classes,
rows a step filters out.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import subprocess
from pathlib import Path

import pytest

from pytest_mlebench.competitions import load_competition
from tests.competitions.differential import oracle
from tests.competitions.preparation import raw as generators
from tests.competitions.preparation.trees import differences
from tests.support.mlebench_support import COMPETITIONS_DIR

HERE = Path(__file__).resolve().parent
SEEDS = (0, 1)  # two raw datasets per competition: a quirk that one seed misses, the other may hit

pytestmark = [pytest.mark.differential, pytest.mark.slow]


def _generated() -> list[str]:
    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(generators.__path__))


@pytest.fixture(scope="session")
def prepare_python():
    """competition id -> the interpreter of MLE-bench's preparation environment for it (skips
    when the environment cannot be built offline)."""
    def python_for(competition_id: str) -> Path:
        try:
            return oracle.oracle_python(oracle.PREPARE_PINS + oracle.PREPARE_EXTRA_PINS.get(competition_id, ()))
        except oracle.OracleUnavailable as exc:
            pytest.skip(str(exc))
    return python_for


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("competition_id", _generated())
def test_our_preparation_is_mlebench_s(competition_id: str, seed: int, prepare_python, tmp_path: Path,
                                       monkeypatch):
    module = importlib.import_module(f"{generators.__name__}.{competition_id.replace('-', '_')}")
    raw = tmp_path / "raw"
    raw.mkdir()
    module.make(raw, random.Random(seed))
    theirs, ours = tmp_path / "mlebench", tmp_path / "ours"
    run = subprocess.run([str(prepare_python(competition_id)), str(HERE / "oracle_prepare.py"), str(oracle.SOURCE), competition_id,
                          str(raw), str(theirs / "public"), str(theirs / "private")],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"MLE-bench's prepare failed on the generated raw data:\n{run.stderr[-3000:]}"
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    prepare = competition.code("prepare")
    assert prepare is not None, f"{competition_id} has no prepare.py of ours"
    if hasattr(module, "seam"):  # a generator's test-only adaptation of ours (freesound: its Zenodo file)
        module.seam(monkeypatch, raw, prepare)
    (ours / "public").mkdir(parents=True)
    (ours / "private").mkdir(parents=True)
    prepare.prepare(raw, ours / "public", ours / "private")
    found = differences(theirs, ours)
    assert not found, f"{competition_id} (seed {seed}): ours differs from MLE-bench's:\n" + "\n".join(found)
