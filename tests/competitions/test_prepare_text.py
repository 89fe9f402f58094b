"""prepare.py of the two Text Normalization competitions, on a tiny synthetic raw folder.

We have no Kaggle raw data for them here, so the raw zip is built in the test
with Kaggle's layout (`<lang>_train.csv` inside `<lang>_train.csv.zip`). The
checks: the files MLE-bench writes and where, whole sentences on one side of
the split only, sentence ids renumbered from 0, every text cell quoted, no
answers in public/, and the sample submission graded valid (and scoring the
share of tokens that stay unchanged).
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competitions
from pytest_mlebench.grading.grade import score_submission

IDS = {"text-normalization-challenge-english-language": "en", "text-normalization-challenge-russian-language": "ru"}


def _raw_tokens() -> pd.DataFrame:
    """40 sentences of 3 tokens; the third token of every even sentence changes when normalized."""
    rows = []
    for sentence in range(40):
        changed = sentence % 2 == 0
        rows += [
            (sentence, 0, "PLAIN", "word", "word"),
            (sentence, 1, "PUNCT", ",", ","),
            (sentence, 2, "CARDINAL" if changed else "PLAIN", "12" if changed else "it", "twelve" if changed else "it"),
        ]
    return pd.DataFrame(rows, columns=["sentence_id", "token_id", "class", "before", "after"])


@pytest.fixture(params=IDS, scope="module")
def prepared(request, tmp_path_factory):
    competition = load_competitions()[request.param]
    lang = IDS[request.param]
    root = tmp_path_factory.mktemp(lang)
    raw = root / "raw"
    raw.mkdir()
    with zipfile.ZipFile(raw / f"{lang}_train.csv.zip", "w") as archive:
        archive.writestr(f"{lang}_train.csv", _raw_tokens().to_csv(index=False))
    competition.code("prepare").prepare(raw, root / "public", root / "private")
    return competition, lang, root


def _zipped_csv(path):
    with zipfile.ZipFile(path) as archive:
        (name,) = archive.namelist()
        assert name == path.name[: -len(".zip")]
        text = archive.read(name).decode()
    return text, pd.read_csv(io.StringIO(text))


def test_files_are_where_mlebench_puts_them(prepared):
    competition, lang, root = prepared
    public = {p.name for p in (root / "public").iterdir()}
    assert public == {f"{lang}_train.csv.zip", f"{lang}_test_2.csv.zip", f"{lang}_sample_submission_2.csv.zip"}
    assert {p.name for p in (root / "private").iterdir()} == {"answers.csv", "sample_submission.csv"}
    assert set(competition.data.checksums) == {"private/answers.csv", "private/sample_submission.csv"}
    assert competition.data.raw_files == (f"{lang}_train.csv.zip",)


def test_split_keeps_sentences_whole_and_renumbers_them(prepared):
    _, lang, root = prepared
    _, train = _zipped_csv(root / "public" / f"{lang}_train.csv.zip")
    _, test = _zipped_csv(root / "public" / f"{lang}_test_2.csv.zip")
    assert list(train.columns) == ["sentence_id", "token_id", "class", "before", "after"]
    assert list(test.columns) == ["sentence_id", "token_id", "before"]  # no class, no answer
    assert len(train) + len(test) == 120 and len(test) == 4 * 3  # 10% of 40 sentences, 3 tokens each
    for part in (train, test):
        assert part["sentence_id"].unique().tolist() == list(range(part["sentence_id"].nunique()))
        assert (part.groupby("sentence_id").size() == 3).all()  # no sentence cut in two


def test_answers_and_sample_match_the_test_tokens(prepared):
    competition, lang, root = prepared
    _, test = _zipped_csv(root / "public" / f"{lang}_test_2.csv.zip")
    answers = pd.read_csv(root / "private" / "answers.csv")
    token_ids = (test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)).tolist()
    assert list(answers.columns) == ["id", "after"] and answers["id"].tolist() == token_ids
    sample_text, sample = _zipped_csv(root / "public" / f"{lang}_sample_submission_2.csv.zip")
    assert sample["after"].tolist() == test["before"].tolist()
    assert (root / "private" / "sample_submission.csv").read_text() == sample_text


def test_every_text_cell_is_quoted(prepared):
    _, lang, root = prepared
    assert (root / "private" / "answers.csv").read_text().splitlines()[:2][0] == '"id","after"'
    train_text, _ = _zipped_csv(root / "public" / f"{lang}_train.csv.zip")
    header, first = train_text.splitlines()[:2]
    assert header == '"sentence_id","token_id","class","before","after"'
    assert first.startswith("0,0,")  # numbers are not quoted, text is
    assert first.endswith('"word","word"')


def test_sample_submission_is_valid_and_scores_the_unchanged_share(prepared):
    competition, _, root = prepared
    answers = pd.read_csv(root / "private" / "answers.csv")
    sample = pd.read_csv(root / "private" / "sample_submission.csv")
    unchanged = (answers["after"] == sample["after"]).mean()
    assert 0 < unchanged < 1
    score = score_submission(competition, root / "private" / "sample_submission.csv", root / "private")
    assert score == pytest.approx(round(unchanged, 5))
