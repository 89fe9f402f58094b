"""TGS Salt: a labelled test set held out of Kaggle's 4,000 training images, as MLE-bench does.

Kaggle's test masks were never published, so MLE-bench splits the rows of
`competition_data/train.csv` (inside the raw `competition_data.zip`, read member by member
here, never extracted into the raw folder) with scikit-learn's `train_test_split`
(test_size 0.25, random_state 0). What decides the bytes: the CSV is read as MLE-bench reads
it (float_precision "round_trip", types inferred), an empty mask (NaN) becomes "", every CSV
is sorted by `id` and written with pandas' `to_csv` defaults; the sample submission is the
test ids with rle_mask "1 1"; public/depths.csv keeps the rows of the raw `depths.csv`
whose id is a new training id. Images `train/images/<id>.png` (and, for training ids,
`train/masks/<id>.png`) are copied byte for byte. MLE-bench's own final check (every cell a
string, written with `DataFrame.applymap`, which pandas 3 removed) is made here without it:
a table it would reject is refused with a reason.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split, write_csvs

ROOT = "competition_data/"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    with zipfile.ZipFile(raw_dir / "competition_data.zip") as archive:
        with archive.open(ROOT + "train.csv") as handle:
            rows = pd.read_csv(handle, float_precision="round_trip").fillna("")
        not_text = [column for column in rows.columns if not all(isinstance(v, str) for v in rows[column])]
        if not_text:
            raise ValueError(f"competition_data/train.csv: column(s) {not_text} are not all text (MLE-bench's check refuses it)")
        train, test = train_test_split(rows, test_size=0.25, random_state=0)
        images = {Path(n).stem: n for n in archive.namelist()
                  if n.startswith(ROOT + "train/images/") and n.endswith(".png") and "/" not in n[len(ROOT + "train/images/"):]}
        train_ids, test_ids = set(train["id"]), set(test["id"])
        if len(images) != len(rows) or set(images) != train_ids | test_ids or train_ids & test_ids:
            raise ValueError("competition_data.zip: the training images do not match train.csv's ids one to one")
        for folder in ("train/images", "train/masks", "test/images"):
            (public / folder).mkdir(parents=True, exist_ok=True)
        for image_id, name in images.items():
            if image_id in train_ids:
                _copy(archive, name, public / "train" / "images" / Path(name).name)
                _copy(archive, ROOT + "train/masks/" + Path(name).name, public / "train" / "masks" / Path(name).name)
            else:
                _copy(archive, name, public / "test" / "images" / Path(name).name)
    depths = pd.read_csv(raw_dir / "depths.csv", float_precision="round_trip")
    write_csvs({public / "train.csv": train.sort_values(by="id"), private / "test.csv": test.sort_values(by="id"),
                public / "sample_submission.csv": test.drop(columns=["rle_mask"]).assign(rle_mask="1 1").sort_values(by="id"),
                public / "depths.csv": depths[depths["id"].isin(train_ids)].sort_values(by="id")})


def _copy(archive: zipfile.ZipFile, member: str, target: Path) -> None:
    with archive.open(member) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
