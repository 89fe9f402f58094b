"""Dog Breed Identification: hold out 10% of Kaggle's labelled photos as the test set, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `labels.csv`
(scikit-learn's `train_test_split`, test_size 0.1, random_state 0). The answers
are one-hot (`id` then one 0/1 column per breed, the layout of a submission) and
the sample submission gives every breed 1/120. The photos stay JPEG files:
`train/<id>.jpg` and `test/<id>.jpg`, copied from Kaggle's `train/` folder.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split


ID, TARGET = "id", "breed"
TEST_SIZE, RANDOM_STATE = 0.1, 0


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    breeds = _breeds()
    labels = pd.read_csv(Path(raw_dir) / "labels.csv", float_precision="round_trip")
    train, test = train_test_split(labels, test_size=TEST_SIZE, random_state=RANDOM_STATE)
    unknown = sorted(set(test[TARGET]) - set(breeds))
    if unknown:
        raise ValueError(f"labels.csv holds breeds outside the 120 known ones: {unknown[:3]}")

    one_hot = (test[TARGET].to_numpy()[:, None] == np.array(breeds)[None, :]).astype("int64")
    answers = pd.concat([test[[ID]].reset_index(drop=True), pd.DataFrame(one_hot, columns=breeds)], axis=1)
    sample = answers.astype({breed: "float64" for breed in breeds})
    sample[breeds] = 1 / len(breeds)

    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    train.to_csv(public / "labels.csv", index=False)
    answers.to_csv(private / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
    for folder, ids in (("train", train[ID]), ("test", test[ID])):
        (public / folder).mkdir(exist_ok=True)
        for image_id in ids:
            shutil.copyfile(Path(raw_dir) / "train" / f"{image_id}.jpg", public / folder / f"{image_id}.jpg")


def _breeds() -> list[str]:
    """The 120 breed columns, kept in one place: grade.py beside this file."""
    spec = importlib.util.spec_from_file_location("_dog_breed_grade", Path(__file__).with_name("grade.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.BREEDS)
