"""HuBMAP - Hacking the Kidney: 3 of Kaggle's 15 labelled kidney images held out as the test set,
as MLE-bench does.

Kaggle's test masks were never published, so MLE-bench splits the 15 rows of `train.csv` (read
with float_precision "round_trip") with scikit-learn's `train_test_split` (train_size 12,
test_size 3, random_state 0): a fixed size, so raw data with another number of rows is refused
(`LABELLED_IMAGES`). What decides the bytes, all written with pandas' `to_csv` defaults in the
split's shuffled order:
- public/HuBMAP-20-dataset_information.csv keeps the rows of Kaggle's table whose image file,
  less every ".tiff" in its name, is a labelled id (Kaggle's own test images drop out);
- private/test.csv is the test rows with the image's width_pixels and height_pixels joined from
  that table (an inner join in the test rows' order);
- public/sample_submission.csv is the test ids with an empty `predicted`, also copied to
  public/test/sample_submission.csv, and private/gold_submission.csv the same with the masks.
Every image brings three files, `<id>.tiff`, `<id>.json` (its glomeruli outlines: the labels,
passed to the test images too, as MLE-bench does) and `<id>-anatomical-structure.json`, linked
into public/train/ or public/test/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy_files, train_test_split, write_csvs

LABELLED_IMAGES = 15  # MLE-bench's split takes exactly these: 12 stay for training, 3 are the test set
TRAIN_IMAGES, TEST_IMAGES = 12, 3
COLUMNS = ["id", "encoding"]
INFO = "HuBMAP-20-dataset_information.csv"
FILES = ("{}.tiff", "{}.json", "{}-anatomical-structure.json")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    labelled = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    _check(labelled, raw_dir)
    info = pd.read_csv(raw_dir / INFO, float_precision="round_trip")
    train, test = train_test_split(labelled, train_size=TRAIN_IMAGES, test_size=TEST_IMAGES, random_state=0)
    image_ids = info["image_file"].str.replace(".tiff", "", regex=False)
    info = info[image_ids.isin(labelled["id"])]
    test = test.merge(info.assign(id=image_ids)[["id", "width_pixels", "height_pixels"]], on="id")
    sample = test[["id"]].assign(predicted="")
    write_csvs({public / INFO: info, public / "train.csv": train, private / "test.csv": test,
                public / "sample_submission.csv": sample,
                private / "gold_submission.csv": sample.assign(predicted=test["encoding"])})
    for folder, ids in (("train", train["id"]), ("test", test["id"])):
        link_or_copy_files([pattern.format(i) for i in ids for pattern in FILES], raw_dir / "train", public / folder)
    shutil.copyfile(public / "sample_submission.csv", public / "test" / "sample_submission.csv")


def _check(labelled: pd.DataFrame, raw_dir: Path) -> None:
    """Refuse what MLE-bench's split or its checks would stop on, before anything is written."""
    if len(labelled) != LABELLED_IMAGES:
        raise ValueError(f"{raw_dir / 'train.csv'} has {len(labelled)} rows, but MLE-bench's split takes exactly "
                         f"LABELLED_IMAGES = {LABELLED_IMAGES} ({TRAIN_IMAGES} train, {TEST_IMAGES} test): "
                         "use Kaggle's original train.csv of hubmap-kidney-segmentation")
    if list(labelled.columns) != COLUMNS:
        raise ValueError(f"{raw_dir / 'train.csv'} has columns {list(labelled.columns)}, expected {COLUMNS}")
    if labelled["id"].duplicated().any():
        raise ValueError(f"{raw_dir / 'train.csv'} lists an image id twice: {sorted(labelled['id'][labelled['id'].duplicated()])}")
    missing = [name for i in labelled["id"] for pattern in FILES
               if not (raw_dir / "train" / (name := pattern.format(i))).is_file()]
    if missing:
        raise FileNotFoundError(f"{raw_dir / 'train'} lacks {len(missing)} file(s) of train.csv's images, e.g. {missing[:3]}")
