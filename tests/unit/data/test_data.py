"""The prepared-data cache: prepared once, atomically, safe across processes."""

import json
import multiprocessing
import shutil
import sys
from pathlib import Path

import pytest

from pytest_mlebench.agents.resolve import AgentSpec
from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data import checksums
from pytest_mlebench.errors import DefinitionError
from pytest_mlebench.data import prepared as data
from pytest_mlebench.runs.plan import RunOptions
from pytest_mlebench.runs.run import run_competition
from pytest_mlebench.sandbox.base import SandboxOptions
from pytest_mlebench.sandbox import bwrap as bwrap_module
from tests.support.paths import FIXTURES_ROOT

TINY = FIXTURES_ROOT / "competitions" / "tiny-regression"
KAGGLE_LIKE = FIXTURES_ROOT / "kaggle" / "tiny-kaggle"  # has MLE-bench-style [checksums]


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


def test_the_toml_declares_the_folders_code(competition_copy):
    toml = competition_copy / "competition.toml"
    assert load_competition(competition_copy).preparer == "prepare.py"
    assert load_competition(competition_copy).grading.grader == "generic"
    (competition_copy / "grade.py").write_text("def grade(submission, answers):\n    return 0.0\n")
    with pytest.raises(DefinitionError, match=r"grade.py exists but .*competition.toml does not declare it: "
                       r'add \[grading\] grader = "grade.py"'):
        load_competition(competition_copy)
    toml.write_text(toml.read_text().replace("[grading]\n", '[grading]\ngrader = "grade.py"\n'))
    assert load_competition(competition_copy).grading.grader == "grade.py"
    (competition_copy / "grade.py").unlink()
    with pytest.raises(DefinitionError, match=r'declares \[grading\] grader = "grade.py" but .*grade.py does not exist'):
        load_competition(competition_copy)


def test_a_prepare_py_declared_but_missing_or_present_but_undeclared_is_an_error(competition_copy):
    toml = competition_copy / "competition.toml"
    prepare_py = competition_copy / "prepare.py"
    code = prepare_py.read_text()
    prepare_py.unlink()
    with pytest.raises(DefinitionError, match=r'declares preparer = "prepare.py" but .*prepare.py does not exist'):
        load_competition(competition_copy)
    toml.write_text(toml.read_text().replace('preparer = "prepare.py"\n', ""))
    assert load_competition(competition_copy).preparer is None
    prepare_py.write_text(code)
    with pytest.raises(DefinitionError, match=r'prepare.py exists but .* add preparer = "prepare.py"'):
        load_competition(competition_copy)
    toml.write_text(toml.read_text().replace("[grading]", 'preparer = "prepare.sh"\n\n[grading]'))
    with pytest.raises(DefinitionError, match=r"preparer must be 'prepare.py' \(or absent\), not 'prepare.sh'"):
        load_competition(competition_copy)


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
    with pytest.raises(data.DataUnavailable, match=r"needs Kaggle's raw files \(input.csv\) and none are here.*"
                       r"\(3\) --mle-raw-dir DIR with Kaggle's raw files \(input.csv\) in DIR/tiny-regression/"):
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


# -- --mle-data-dir: MLE-bench's prepared data, used in place -------------------------------------


@pytest.fixture
def no_kaggle(monkeypatch, tmp_path):
    """No Kaggle credentials from the developer's machine: nothing may be downloaded here."""
    for name in ("KAGGLE_USERNAME", "KAGGLE_KEY", "KAGGLE_CONFIG_DIR", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def mlebench_data_dir(root: Path) -> Path:
    """What MLE-bench's `mlebench prepare -c tiny-kaggle` would leave in its data dir (with its own
    description.md in public/, which ours must replace for the agent), plus a raw/ folder."""
    competition = load_competition(KAGGLE_LIKE)
    raw = root / "tiny-kaggle" / "raw"
    raw.mkdir(parents=True)
    (raw / "train.csv").write_text("id,x,y\n" + "".join(f"k{i:02d},{i},{2 * i + 1}\n" for i in range(10)))
    prepared = root / "tiny-kaggle" / "prepared"
    (prepared / "public").mkdir(parents=True)
    (prepared / "private").mkdir()
    competition.code("prepare").prepare(raw, prepared / "public", prepared / "private")
    (prepared / "public" / "description.md").write_text("MLE-bench's own description\n")
    return root


def snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def test_data_dir_is_used_in_place_with_our_description(tmp_path, no_kaggle):
    competition = load_competition(KAGGLE_LIKE)
    data_dir = mlebench_data_dir(tmp_path / "mle-data")
    before = snapshot(data_dir)
    prepared = data.prepare(competition, tmp_path / "cache", data_dir=data_dir)
    source = (data_dir / "tiny-kaggle" / "prepared").resolve()
    assert prepared.private == source / "private" and prepared.sources == (source / "public",)
    assert prepared.hidden == (data_dir.resolve(),)  # other competitions' answers and raw/ too
    assert prepared.public.is_relative_to(tmp_path / "cache")
    assert (prepared.public / "train.csv").is_symlink() and (prepared.public / "train.csv").resolve() == source / "public" / "train.csv"
    assert (prepared.public / "description.md").read_text() == competition.description_path.read_text()
    assert sorted(p.name for p in prepared.public.iterdir()) == ["description.md", "sample_submission.csv", "test.csv", "train.csv"]
    assert snapshot(data_dir) == before  # nothing written into the user's data dir
    assert not data.prepared_dir(competition, tmp_path / "cache").exists()  # nothing copied either


def test_data_dir_verification_is_remembered_until_a_file_changes(tmp_path, no_kaggle, monkeypatch):
    competition = load_competition(KAGGLE_LIKE)
    data_dir = mlebench_data_dir(tmp_path / "mle-data")
    assert data.prepare(competition, tmp_path / "cache", data_dir=data_dir).prepared_now  # hashed now
    assert "MLE-bench data dir" in data.cache_state(competition, tmp_path / "cache")
    assert data.cache_state(competition, tmp_path / "cache").endswith(": verified")

    real_md5 = checksums.md5
    monkeypatch.setattr(checksums, "md5", lambda path: pytest.fail(f"hashed {path} again"))
    assert not data.prepare(competition, tmp_path / "cache", data_dir=data_dir).prepared_now

    monkeypatch.setattr(checksums, "md5", real_md5)
    answers = data_dir / "tiny-kaggle" / "prepared" / "private" / "answers.csv"
    answers.write_text(answers.read_text().replace("k09,19", "k09,18"))
    assert "changed since it was verified" in data.cache_state(competition, tmp_path / "cache")
    with pytest.raises(data.ChecksumMismatch, match=r"MLE-bench's prepared data in .* differs from MLE-bench's "
                       r"checksums, so it is not used:\n  private/answers.csv: md5"):
        data.prepare(competition, tmp_path / "cache", data_dir=data_dir)


def test_without_prepare_py_the_data_dir_is_the_way(tmp_path, no_kaggle):
    folder = tmp_path / "defs" / "tiny-kaggle"
    shutil.copytree(KAGGLE_LIKE, folder)
    (folder / "prepare.py").unlink()
    toml = folder / "competition.toml"
    toml.write_text(toml.read_text().replace('preparer = "prepare.py"\n', ""))
    competition = load_competition(folder)
    with pytest.raises(data.DataUnavailable, match=r"has no prepare.py here, so it runs only from MLE-bench's "
                       r"prepared data: pass --mle-data-dir DIR with DIR/tiny-kaggle/prepared/public"):
        data.prepare(competition, tmp_path / "cache", tmp_path / "raw")
    data_dir = mlebench_data_dir(tmp_path / "mle-data")
    prepared = data.prepare(competition, tmp_path / "cache", data_dir=data_dir)
    assert (prepared.public / "test.csv").exists()


AGENT = """
import json, os, shutil
data = os.environ["MLEBENCH_DATA_DIR"]
seen = {
    "listing": sorted(os.listdir(data)),
    "description": open(os.path.join(data, "description.md")).read(),
    "train": open(os.path.join(data, "train.csv")).read()[:6],
    "answers_visible": os.path.exists(os.environ["ANSWERS"]),
    "raw_visible": os.path.exists(os.environ["RAW"]),
}
json.dump(seen, open(os.path.join(os.environ["MLEBENCH_WORK_DIR"], "seen.json"), "w"))
shutil.copy(os.path.join(data, "sample_submission.csv"), os.environ["MLEBENCH_SUBMISSION_PATH"])
"""


@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_the_agent_reads_a_data_dir_with_our_description_and_no_answers(tmp_path, no_kaggle, monkeypatch, mode):
    if mode == "bwrap" and not bwrap_module.bwrap_available():
        pytest.skip("bubblewrap cannot run here")
    competition = load_competition(KAGGLE_LIKE)
    # The data dir lies inside the agent's own (readable) folder: its answers must still be hidden.
    agent_dir = tmp_path / "agent"
    data_dir = mlebench_data_dir(agent_dir / "mle-data")
    answers = data_dir / "tiny-kaggle" / "prepared" / "private" / "answers.csv"
    agent = AgentSpec(name="reader", command=(sys.executable, "-c", AGENT), agent_dir=agent_dir,
                      env={"ANSWERS": str(answers), "RAW": str(data_dir / "tiny-kaggle" / "raw")})
    prepared = data.prepare(competition, tmp_path / "cache", data_dir=data_dir)
    agent_dir.chmod(0o755)  # its folder is the agent's to read: as root the agent runs as another uid
    tmp_path.chmod(0o755)
    options = RunOptions(sandbox=SandboxOptions(kind="local" if mode == "bwrap" else "none"))
    result = run_competition(competition, agent, prepared, options, run_root=tmp_path / "runs")
    assert result.valid_submission, result.error
    seen = json.loads((Path(result.run_dir) / "work" / "seen.json").read_text())
    assert seen["listing"] == ["description.md", "sample_submission.csv", "test.csv", "train.csv"]
    assert seen["description"] == competition.description_path.read_text() and seen["train"] == "id,x,y"
    if mode == "bwrap":
        assert not seen["answers_visible"] and not seen["raw_visible"]


# -- p15c: Parquet files, whose md5 depends on the library that wrote them --


def _writer_dependent(folder: Path, checksums: dict[str, str], listed: list[str]) -> None:
    toml = folder / "competition.toml"
    table = "\n[checksums]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in checksums.items())
    listing = "[" + ", ".join(f'"{name}"' for name in listed) + "]"
    toml.write_text(toml.read_text().replace("[grading]", f"\n[data]\nwriter_dependent = {listing}\n{table}\n[grading]"))


def test_a_writer_dependent_parquet_file_is_checked_by_its_format_not_its_md5(competition_copy, tmp_path):
    checks = {"public/meta.parquet": "0" * 32, "public/other.parquet": "1" * 32, "private/answers.csv": "2" * 32}
    _writer_dependent(competition_copy, checks, ["public/meta.parquet"])
    competition = load_competition(competition_copy)
    prepared = tmp_path / "prepared"
    (prepared / "public").mkdir(parents=True)
    (prepared / "private").mkdir()
    parquet = b"PAR1" + b"\x15\x00 columns and footer" + b"PAR1"
    (prepared / "public" / "meta.parquet").write_bytes(parquet)
    (prepared / "public" / "other.parquet").write_bytes(parquet)
    with pytest.raises(data.ChecksumMismatch) as error:
        checksums.verify_checksums(competition, prepared)
    message = str(error.value)
    assert "meta.parquet" not in message  # another writer's bytes: no mismatch
    assert "public/other.parquet: md5" in message and "private/answers.csv: missing" in message

    (prepared / "public" / "meta.parquet").write_bytes(b"id,y\na,1\n")  # not a Parquet file at all
    with pytest.raises(data.ChecksumMismatch, match=r"public/meta.parquet: not a Parquet file"):
        checksums.verify_checksums(competition, prepared)


def test_writer_dependent_names_a_checksummed_parquet_file(competition_copy):
    _writer_dependent(competition_copy, {"public/train.csv": "0" * 32}, ["public/train.csv"])
    with pytest.raises(DefinitionError, match=r"writer_dependent names 'public/train.csv', which must be a file of"):
        load_competition(competition_copy)


def _failing_prepare(folder: Path, statement: str) -> None:
    prepare_py = folder / "prepare.py"
    prepare_py.write_text(prepare_py.read_text() + f"\n    {statement}\n")


def test_raw_data_a_prepare_py_refuses_is_one_clear_error_and_nothing_is_kept(competition_copy, tmp_path):
    _failing_prepare(competition_copy, "raise ValueError('train.csv has 14 rows, but the split takes exactly 15')")
    competition = load_competition(competition_copy)
    with pytest.raises(data.PreparationFailed, match=r"tiny-regression: the raw data in .* cannot be prepared: "
                                                     r"ValueError: train.csv has 14 rows"):
        data.prepare(competition, tmp_path / "cache")
    assert not data.prepared_dir(competition, tmp_path / "cache").exists()
    assert not list((tmp_path / "cache" / "tiny-regression").glob(".staging-*"))


def test_a_full_disk_during_preparation_says_where_and_what_to_do(competition_copy, tmp_path):
    _failing_prepare(competition_copy, "import errno, os; raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))")
    competition = load_competition(competition_copy)
    with pytest.raises(data.PreparationFailed, match="the disk filled up .* free space there, or point --mle-cache-dir"):
        data.prepare(competition, tmp_path / "cache")
    assert not list((tmp_path / "cache" / "tiny-regression").glob(".staging-*"))


def test_space_needed_counts_rewritten_files_and_copied_folders(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    (raw / "images").mkdir(parents=True)
    (raw / "train.csv").write_bytes(b"x" * 1000)
    (raw / "images" / "1.png").write_bytes(b"y" * 5000)
    assert data.space_needed(raw, tmp_path / "cache") == int(1000 * data.SPACE_MARGIN)  # same filesystem: linked
    monkeypatch.setattr(data, "_device", lambda path: 1 if "raw" in str(path) else 2)
    assert data.space_needed(raw, tmp_path / "cache") == int(6000 * data.SPACE_MARGIN)  # elsewhere: copied
    assert data.space_needed(None, tmp_path / "cache") == 0


def test_a_preparation_that_cannot_fit_stops_before_it_starts(competition_copy, tmp_path, monkeypatch):
    _needs_raw(competition_copy)
    competition = load_competition(competition_copy)
    raw = tmp_path / "raw" / "tiny-regression"
    raw.mkdir(parents=True)
    (raw / "input.csv").write_text("id,y\na,1\n" * 500)
    monkeypatch.setattr(data.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**12, 10**12 - 100, 100))
    with pytest.raises(data.PreparationFailed, match=r"needs about 0.0 GiB .* but only 0.0 GiB are free: free space "
                                                     r"there, or point --mle-cache-dir"):
        data.prepare(competition, tmp_path / "cache", tmp_path / "raw")
    assert not data.prepared_dir(competition, tmp_path / "cache").exists()
