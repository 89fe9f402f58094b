"""The prepared-data cache: prepared once, atomically, safe across processes."""

import multiprocessing
import shutil
from pathlib import Path

import pytest

from pytest_mlebench import data
from pytest_mlebench.competitions import load_competition

TINY = Path(__file__).parent / "fixtures" / "competitions" / "tiny-regression"


@pytest.fixture
def competition_copy(tmp_path):
    """A private copy of the tiny competition whose prepare.py a test may change."""
    folder = tmp_path / "defs" / "tiny-regression"
    shutil.copytree(TINY, folder)
    return folder


def test_prepared_once_then_served_from_cache(competition_copy, tmp_path):
    competition = load_competition(competition_copy)
    first = data.prepare(competition, tmp_path / "cache")
    assert first.prepared_now and (first.public / "train.csv").exists() and (first.private / "answers.csv").exists()
    assert (first.public / "description.md").read_text() == competition.description_path.read_text()
    second = data.prepare(competition, tmp_path / "cache")
    assert not second.prepared_now and second.public == first.public


def test_changed_prepare_code_invalidates_the_cache(competition_copy, tmp_path):
    data.prepare(load_competition(competition_copy), tmp_path / "cache")
    prepare_py = competition_copy / "prepare.py"
    prepare_py.write_text(prepare_py.read_text().replace("default_rng(0)", "default_rng(1)"))
    changed = load_competition(competition_copy)
    assert not data.is_prepared(changed, tmp_path / "cache")
    assert data.prepare(changed, tmp_path / "cache").prepared_now


def test_a_crash_mid_preparation_leaves_nothing_usable(competition_copy, tmp_path):
    prepare_py = competition_copy / "prepare.py"
    prepare_py.write_text(prepare_py.read_text() + "\n    raise RuntimeError('disk full')\n")
    competition = load_competition(competition_copy)
    with pytest.raises(RuntimeError, match="disk full"):
        data.prepare(competition, tmp_path / "cache")
    assert not data.is_prepared(competition, tmp_path / "cache")
    assert not data.prepared_dir(competition, tmp_path / "cache").exists()
    assert not list((tmp_path / "cache" / "tiny-regression").glob(".staging-*"))


def test_debris_of_a_killed_preparation_is_removed(competition_copy, tmp_path):
    competition = load_competition(competition_copy)
    debris = tmp_path / "cache" / "tiny-regression" / ".staging-killed"
    (debris / "public").mkdir(parents=True)
    data.prepare(competition, tmp_path / "cache")
    assert not debris.exists()


def _prepare_in_process(folder: str, cache: str) -> bool:
    return data.prepare(load_competition(Path(folder)), Path(cache)).prepared_now


def test_concurrent_processes_prepare_once(competition_copy, tmp_path):
    prepare_py = competition_copy / "prepare.py"
    prepare_py.write_text(prepare_py.read_text().replace(
        "    rng = np.random.default_rng(0)",
        "    import time\n    time.sleep(1)\n    rng = np.random.default_rng(0)"))
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        prepared_now = pool.starmap(_prepare_in_process, [(str(competition_copy), str(tmp_path / "cache"))] * 3)
    assert sorted(prepared_now) == [False, False, True]


def _needs_raw(folder: Path, checksums: dict[str, str] | None = None) -> None:
    """Turn the copied tiny competition into one that reads a raw file and checks md5s."""
    toml = folder / "competition.toml"
    extra = '\n[data]\nraw_files = ["input.csv"]\n'
    if checksums:
        extra += "\n[checksums]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in checksums.items())
    text = toml.read_text()
    toml.write_text(text.replace("[grading]", extra + "\n[grading]"))
    (folder / "prepare.py").write_text(
        "import shutil\n\n\ndef prepare(raw_dir, public, private):\n"
        "    shutil.copy(raw_dir / 'input.csv', public / 'train.csv')\n"
        "    shutil.copy(raw_dir / 'input.csv', private / 'answers.csv')\n"
    )


def test_raw_data_is_required_with_a_message_that_says_how(competition_copy, tmp_path):
    _needs_raw(competition_copy)
    competition = load_competition(competition_copy)
    with pytest.raises(data.DataUnavailable, match=r"needs Kaggle's raw files \(input.csv\): pass --mle-raw-dir DIR"):
        data.prepare(competition, tmp_path / "cache")
    (tmp_path / "raw" / "tiny-regression").mkdir(parents=True)
    with pytest.raises(data.DataUnavailable, match="missing in .*: input.csv"):
        data.prepare(competition, tmp_path / "cache", tmp_path / "raw")
    (tmp_path / "raw" / "tiny-regression" / "input.csv").write_text("id,y\na,1\n")
    prepared = data.prepare(competition, tmp_path / "cache", tmp_path / "raw")
    assert (prepared.public / "train.csv").read_text() == "id,y\na,1\n"


def test_checksums_are_verified_and_a_mismatch_is_not_used(competition_copy, tmp_path):
    raw = tmp_path / "raw" / "tiny-regression"
    raw.mkdir(parents=True)
    (raw / "input.csv").write_text("id,y\na,1\n")
    good = data.md5(raw / "input.csv")
    _needs_raw(competition_copy, {"public/train.csv": good, "private/answers.csv": good})
    assert data.prepare(load_competition(competition_copy), tmp_path / "cache", tmp_path / "raw").prepared_now

    (raw / "input.csv").write_text("id,y\na,2\n")  # not the original file any more
    prepare_py = competition_copy / "prepare.py"
    prepare_py.write_text(prepare_py.read_text() + "# changed, so the cache is stale\n")
    competition = load_competition(competition_copy)
    with pytest.raises(data.ChecksumMismatch) as error:
        data.prepare(competition, tmp_path / "cache", tmp_path / "raw")
    assert "private/answers.csv: md5" in str(error.value) and "public/train.csv: md5" in str(error.value)
    assert not data.is_prepared(competition, tmp_path / "cache")
