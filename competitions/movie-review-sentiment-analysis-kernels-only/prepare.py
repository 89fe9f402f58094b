"""Movie review sentiment: hold out 30% of Kaggle's labelled phrases as the test set, as MLE-bench does.

Kaggle's test labels are private, so MLE-bench splits `train.tsv` (inside
`train.tsv.zip`; scikit-learn's `train_test_split`, test_size 0.3, random_state
0; read with pandas' defaults, tab-separated). The agent gets `train.tsv.zip`
and `test.tsv.zip`, each holding one tab-separated file of the same name; the
answers keep all four columns. The CSV files are byte-identical to MLE-bench's;
the archives are written with fixed timestamps, so only their contents match.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

ID = "PhraseId"
TARGET = "Sentiment"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed member timestamps: same archive bytes on every preparation


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(Path(raw_dir) / "train.tsv.zip") as archive:
        data = pd.read_csv(io.BytesIO(archive.read("train.tsv")), sep="\t")
    train, answers = train_test_split(data, test_size=0.3, random_state=0)

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    answers.to_csv(private / "answers.csv", index=False)
    sample = answers[[ID, TARGET]].copy()
    sample[TARGET] = 2  # "neutral" for every phrase
    sample.to_csv(public / "sampleSubmission.csv", index=False)
    _write_zipped_tsv(train, public / "train.tsv.zip")
    _write_zipped_tsv(answers.drop(columns=[TARGET]), public / "test.tsv.zip")


def _write_zipped_tsv(frame: pd.DataFrame, archive_path: Path) -> None:
    """`<name>.tsv.zip` holding the single member `<name>.tsv`, as MLE-bench packs them."""
    member = zipfile.ZipInfo(archive_path.stem, date_time=ZIP_DATE)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(member, frame.to_csv(index=False, sep="\t"))
