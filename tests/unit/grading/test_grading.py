"""Submission checks: every kind of bad submission gets its own clear reason."""


import pandas as pd
import pytest

from pytest_mlebench.competitions import GradingSpec, load_competition
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import read_submission
from pytest_mlebench.grading.grade import generic_grade, grade_submission
from tests.support.paths import FIXTURES_ROOT

TINY = FIXTURES_ROOT / "competitions" / "tiny-regression"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    competition = load_competition(TINY)
    root = tmp_path_factory.mktemp("tiny")
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.code("prepare").prepare(None, root / "public", root / "private")
    return competition, root


def frame(**columns):
    return pd.DataFrame({k: [str(v) for v in vs] for k, vs in columns.items()})


NUMBER = GradingSpec(metric="rmse", lower_is_better=True, id_column="id", target_columns=("y",), kind="number")
ANSWERS = frame(id=["a", "b", "c"], y=[1, 2, 3])


def test_perfect_submission_scores_zero():
    assert generic_grade(frame(id=["c", "a", "b"], y=[3, 1, 2]), ANSWERS, NUMBER) == 0.0


@pytest.mark.parametrize(
    "submission, reason",
    [
        (frame(id=["a", "b", "c"], z=[1, 2, 3]), "missing column"),
        (frame(id=["a", "b"], y=[1, 2]), "1 id(s) missing"),
        (frame(id=["a", "b", "c", "d"], y=[1, 2, 3, 4]), "unknown id"),
        (frame(id=["a", "a", "b", "c"], y=[1, 1, 2, 3]), "duplicate id"),
        (frame(id=["a", "b", "c"], y=[1, "nan", 3]), "finite numbers"),
        (frame(id=["a", "b", "c"], y=[1, "inf", 3]), "finite numbers"),
        (frame(id=["a", "b", "c"], y=[1, "", 3]), "finite numbers"),
        (frame(id=["a", "b", "c"], y=[1, "two", 3]), "row 2 has 'two'"),
    ],
)
def test_bad_number_submissions(submission, reason):
    with pytest.raises(InvalidSubmission, match=reason.replace("(", r"\(").replace(")", r"\)")):
        generic_grade(submission, ANSWERS, NUMBER)


PROBS = GradingSpec(metric="multiclass_log_loss", lower_is_better=True, id_column="id",
                    target_columns=("cat", "dog"), kind="probabilities")
ONE_HOT = frame(id=["a", "b"], cat=[1, 0], dog=[0, 1])


def test_probabilities_must_sum_to_one():
    with pytest.raises(InvalidSubmission, match="sum to 1"):
        generic_grade(frame(id=["a", "b"], cat=[0.5, 0.5], dog=[0.6, 0.5]), ONE_HOT, PROBS)
    with pytest.raises(InvalidSubmission, match="between 0 and 1"):
        generic_grade(frame(id=["a", "b"], cat=[1.5, 0.5], dog=[-0.5, 0.5]), ONE_HOT, PROBS)
    assert generic_grade(frame(id=["a", "b"], cat=[0.5, 0.5], dog=[0.5, 0.5]), ONE_HOT, PROBS) == pytest.approx(0.693147, abs=1e-6)


def test_unknown_labels_are_refused():
    spec = GradingSpec(metric="accuracy", lower_is_better=False, id_column="id", target_columns=("label",),
                       kind="label", labels=("0", "1"))
    answers = frame(id=["a", "b"], label=[0, 1])
    assert generic_grade(frame(id=["a", "b"], label=[0, 0]), answers, spec) == 0.5
    with pytest.raises(InvalidSubmission, match="unknown label"):
        generic_grade(frame(id=["a", "b"], label=[0, 7]), answers, spec)


def test_positive_values_required_for_log_metrics():
    spec = GradingSpec(metric="rmse_log", lower_is_better=True, id_column="id", target_columns=("y",), kind="number")
    with pytest.raises(InvalidSubmission, match="positive"):
        generic_grade(frame(id=["a", "b", "c"], y=[1, -2, 3]), ANSWERS, spec)


@pytest.mark.parametrize(
    "content, reason",
    [(None, "no submission file"), (b"", "is empty"), (b"id,y\n", "no rows"),
     (b'id,y\n"a,1\n', "not a readable CSV"), (b"\xff\xfe\x00bad", "not a readable CSV")],
)
def test_unreadable_files(tmp_path, content, reason):
    path = tmp_path / "submission.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InvalidSubmission, match=reason):
        read_submission(path)


def test_symlinks_and_oversized_files_are_refused(tmp_path):
    target = tmp_path / "answers.csv"
    target.write_text("id,y\na,1\n")
    link = tmp_path / "submission.csv"
    link.symlink_to(target)
    with pytest.raises(InvalidSubmission, match="symbolic link"):
        read_submission(link)
    with pytest.raises(InvalidSubmission, match="over the"):
        read_submission(target, max_bytes=4)
    with pytest.raises(InvalidSubmission, match="not a regular file"):
        read_submission(tmp_path)


def test_grade_submission_reports_instead_of_raising(tiny, tmp_path):
    competition, root = tiny
    answers = pd.read_csv(root / "private" / "answers.csv")
    good = tmp_path / "good.csv"
    answers.to_csv(good, index=False)
    result = grade_submission(competition, good, root / "private")
    assert result.valid and result.score == 0.0 and result.submission_exists

    sample = grade_submission(competition, root / "public" / "sample_submission.csv", root / "private")
    assert sample.valid and sample.score > 10

    missing = grade_submission(competition, tmp_path / "nothing.csv", root / "private")
    assert not missing.valid and not missing.submission_exists
    assert missing.error.startswith("invalid submission: no submission file")


def test_scores_are_rounded_to_5_decimals(tiny, tmp_path):
    competition, root = tiny
    answers = pd.read_csv(root / "private" / "answers.csv")
    answers["y"] += 0.123456789
    path = tmp_path / "off.csv"
    answers.to_csv(path, index=False)
    assert grade_submission(competition, path, root / "private").score == 0.12346


@pytest.mark.parametrize("sub_ids, answer_ids, problem", [
    ([2, 1, 3], [1, 2, 3], None),                      # whole numbers on both sides, any order
    (["2", "1", "x"], ["1", "2", "x"], None),          # text on both sides
    ([1, 2, 3], ["1", "2", "3"], None),                # same text, different types: still the same ids
    ([1.0, 2.0, 3.0], [1, 2, 3], None),                # numbers on both sides compare as numbers (MLE-bench)
    ([1.5, 2.0, 3.0], [1, 2, 3], "missing"),           # 1.5 is no id
    (["1.0", "2", "3"], [1, 2, 3], "missing"),         # "1.0" as text is not "1"
    (["01", "2", "3"], ["1", "2", "3"], "missing"),    # text compares as text
    ([1, 2, 2], [1, 2, 3], "duplicate"),
    ([1, 2, 3, 4], [1, 2, 3], "unknown"),
])
def test_align_by_id_compares_numbers_as_numbers_and_text_as_text(sub_ids, answer_ids, problem):
    from pytest_mlebench.grading.checks import align_by_id

    submission = pd.DataFrame({"id": sub_ids, "v": range(len(sub_ids))})
    answers = pd.DataFrame({"id": answer_ids})
    if problem is None:
        aligned = align_by_id(submission, answers, "id")
        assert aligned["id"].tolist() == answer_ids or [str(i) for i in aligned["id"]] == [str(i) for i in answer_ids]
    else:
        with pytest.raises(InvalidSubmission, match=problem):
            align_by_id(submission, answers, "id")


# -- the parsed answers are kept between gradings ---------------------------------------------------


@pytest.fixture
def counted_reads(monkeypatch):
    from pytest_mlebench.grading import checks

    checks.clear_answers_cache()
    calls = []
    original = checks._read_csv

    def counting(path, read):
        calls.append(path)
        return original(path, read)

    monkeypatch.setattr(checks, "_read_csv", counting)
    yield calls
    checks.clear_answers_cache()


def test_answers_are_parsed_once_and_each_grading_gets_its_own_copy(tmp_path, counted_reads):
    from pytest_mlebench.grading.checks import read_answers

    path = tmp_path / "answers.csv"
    path.write_text("id,y\n1,0.5\n2,1.5\n")
    first = read_answers(path, "inferred")
    first["y"] = -1.0  # a grader changing its frame in place
    first.drop(index=0, inplace=True)
    first["extra"] = 1
    second = read_answers(path, "inferred")
    assert len(counted_reads) == 1
    assert second is not first
    pd.testing.assert_frame_equal(second, pd.DataFrame({"id": [1, 2], "y": [0.5, 1.5]}))
    second.loc[0, "y"] = 99.0
    pd.testing.assert_frame_equal(read_answers(path, "inferred"), pd.DataFrame({"id": [1, 2], "y": [0.5, 1.5]}))
    read_answers(path, "text")  # another read mode is another parse
    assert len(counted_reads) == 2


def test_answers_rewritten_in_place_are_parsed_again(tmp_path, counted_reads):
    import os

    from pytest_mlebench.grading.checks import read_answers

    path = tmp_path / "answers.csv"
    path.write_text("id,y\n1,0.5\n")
    assert read_answers(path, "inferred")["y"].tolist() == [0.5]
    path.write_text("id,y\n1,0.7\n")  # same size
    os.utime(path, ns=(1, 1))  # a different mtime, whatever the file system's clock granularity
    assert read_answers(path, "inferred")["y"].tolist() == [0.7]
    assert len(counted_reads) == 2


def test_answers_cache_is_bounded_and_skips_big_files(tmp_path, counted_reads, monkeypatch):
    from pytest_mlebench.grading import checks

    paths = []
    for i in range(checks.ANSWERS_CACHE_ENTRIES + 1):
        paths.append(tmp_path / f"answers{i}.csv")
        paths[-1].write_text(f"id,y\n1,{i}\n")
        checks.read_answers(paths[-1], "inferred")
    assert len(checks._answers_cache) == checks.ANSWERS_CACHE_ENTRIES
    checks.read_answers(paths[0], "inferred")  # the oldest was dropped: parsed again
    assert len(counted_reads) == checks.ANSWERS_CACHE_ENTRIES + 2
    monkeypatch.setattr(checks, "ANSWERS_CACHE_MAX_BYTES", 5)
    checks.clear_answers_cache()
    checks.read_answers(paths[1], "inferred")
    checks.read_answers(paths[1], "inferred")
    assert len(counted_reads) == checks.ANSWERS_CACHE_ENTRIES + 4
    assert not checks._answers_cache


def test_jsonl_answers_are_copied_too(tmp_path, counted_reads):
    from pytest_mlebench.grading.checks import read_answers

    path = tmp_path / "answers.jsonl"
    path.write_text('{"id": 1, "labels": ["a"]}\n')
    read_answers(path)[0]["labels"].append("b")
    assert read_answers(path) == [{"id": 1, "labels": ["a"]}]


@pytest.mark.parametrize("ids", [
    ["0019_01", "0013_01", "0018_02", "0018_01", "ÿ", "Ā", "a", "B", ""],  # unique text: numpy's fixed-width sort
    ["b", "a", "b", "a", "c"],  # repeated ids: pandas' own sort decides the order of equals
    [3, 1, 2, 10],  # numbers
    ["b", None, "a"],  # missing
    ["a\x00", "a", "b"],  # a NUL, which fixed-width text would drop
])
def test_sort_order_is_the_order_of_pandas_sort_values(ids):
    from pytest_mlebench.grading.recipes import sort_order

    column = pd.Series(ids, index=[f"r{i}" for i in range(len(ids))], dtype=object)
    expected = [column.index.get_loc(label) for label in column.sort_values().index]
    assert sort_order(column).tolist() == expected
