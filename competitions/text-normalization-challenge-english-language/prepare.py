"""Text Normalization (English): hold out 10% of Kaggle's training sentences, as MLE-bench does.

Kaggle's test answers are private, so MLE-bench splits `en_train.csv` by sentence:
scikit-learn's `train_test_split` of the unique sentence ids (test_size 0.1,
random_state 0), so no sentence is split between the two parts. Each part's
sentence ids are then renumbered 0, 1, 2... in order of appearance. Every CSV is
written with every text cell quoted (`csv.QUOTE_NONNUMERIC`), byte-identical to
MLE-bench's (the md5s are in competition.toml). The public CSVs are shipped zipped,
one CSV per archive, like Kaggle's; the sample submission is also kept in private/,
where MLE-bench's config points (a known upstream slip: it is not an answer file).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

PREFIX = "en"
TEST_SIZE = 0.1
RANDOM_STATE = 0
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member timestamps: same archive bytes on every preparation


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    prepare_language(raw_dir, public, private, PREFIX)


def prepare_language(raw_dir: Path, public: Path, private: Path, prefix: str) -> None:
    """MLE-bench's preparation of either language: the files differ only by their prefix ("en", "ru").
    The Russian competition's prepare.py calls this with its own prefix."""
    with zipfile.ZipFile(Path(raw_dir) / f"{prefix}_train.csv.zip") as archive:
        with archive.open(f"{prefix}_train.csv") as source:
            tokens = pd.read_csv(source, float_precision="round_trip")
    train_sentences, test_sentences = train_test_split(
        tokens["sentence_id"].unique(), test_size=TEST_SIZE, random_state=RANDOM_STATE
    )
    train = _renumbered(tokens[tokens["sentence_id"].isin(train_sentences)])
    test = _renumbered(tokens[tokens["sentence_id"].isin(test_sentences)])

    token_ids = test["sentence_id"].astype(str) + "_" + test["token_id"].astype(str)
    answers = pd.DataFrame({"id": token_ids, "after": test["after"]})
    sample = pd.DataFrame({"id": token_ids, "after": test["before"]})  # "leave every token as it is"

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    _write(answers, private / "answers.csv")
    _write(sample, private / "sample_submission.csv")
    _write_zipped(train, public, f"{prefix}_train.csv")
    _write_zipped(test.drop(columns=["class", "after"]), public, f"{prefix}_test_2.csv")
    _write_zipped(sample, public, f"{prefix}_sample_submission_2.csv")


def _renumbered(part: pd.DataFrame) -> pd.DataFrame:
    """The rows with sentence ids replaced by 0, 1, 2... in order of first appearance."""
    part = part.copy()
    new_ids = {old: new for new, old in enumerate(part["sentence_id"].unique())}
    part["sentence_id"] = part["sentence_id"].map(new_ids)
    return part


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, quotechar='"', quoting=csv.QUOTE_NONNUMERIC)


def _write_zipped(frame: pd.DataFrame, public: Path, name: str) -> None:
    """`public/<name>.zip` holding the single member `<name>`."""
    member = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    with zipfile.ZipFile(public / f"{name}.zip", "w") as archive:
        with archive.open(member, "w") as target:
            with io.TextIOWrapper(target, encoding="utf-8", newline="") as text:
                frame.to_csv(text, index=False, quotechar='"', quoting=csv.QUOTE_NONNUMERIC)
