"""Plant Pathology 2020: hold out 10% of Kaggle's labelled leaf images, as MLE-bench does.

`train_test_split` of train.csv (test_size 0.1, random_state 0). The images are
renamed so that the name says which part an image is in: `Train_<i>` and `Test_<i>`,
numbered in the split's shuffled order, and all of them go to `public/images/`.
The answers keep train.csv's layout (image_id and four 0/1 columns); the sample
submission gives each class 0.25.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pytest_mlebench.data.authoring import split_train_csv

CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir = Path(raw_dir)
    train, answers = split_train_csv(raw_dir, public, private, test_size=0.1)
    new_name = {
        **{old: f"Train_{i}" for i, old in enumerate(train["image_id"].unique())},
        **{old: f"Test_{i}" for i, old in enumerate(answers["image_id"].unique())},
    }
    # Series.replace maps every value at once (no chained renaming), exactly as MLE-bench renames.
    train = train.assign(image_id=train["image_id"].replace(new_name))
    answers = answers.assign(image_id=answers["image_id"].replace(new_name))

    (public / "images").mkdir(exist_ok=True)
    for old, new in new_name.items():  # every image of train.csv, train's and test's
        shutil.copyfile(raw_dir / "images" / f"{old}.jpg", public / "images" / f"{new}.jpg")

    sample = answers[["image_id"]].copy()
    sample[CLASSES] = 0.25
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    answers[["image_id"]].to_csv(public / "test.csv", index=False)
    train.to_csv(public / "train.csv", index=False)
