"""Dogs vs. Cats Redux: hold out 10% of Kaggle's 25,000 labelled photos as the test set, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits the training
photos: their file names (`cat.<n>.jpg`, `dog.<n>.jpg`) sorted as strings, then
scikit-learn's `train_test_split` (test_size 0.1, random_state 0). Training
photos are renamed `cat.<k>.jpg` / `dog.<k>.jpg` with k counting up in split
order; test photos become `1.jpg`, `2.jpg`, ... in split order, so their names
reveal nothing. `answers.csv` says which test photos show a dog (label 1).

Like MLE-bench, public/ holds the photos twice: as the folders `train/` and
`test/` and as `train.zip` and `test.zip` (the same files at the top level of
the archive). The archives are written deterministically (sorted names, fixed
timestamps), which MLE-bench does not do, so only their members match its.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

TEST_SIZE, RANDOM_STATE = 0.1, 0
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(Path(raw_dir) / "train.zip") as source:
        members = {Path(name).name: name for name in source.namelist() if _is_top_level_jpg(name)}
        train_names, test_names = train_test_split(sorted(members), test_size=TEST_SIZE, random_state=RANDOM_STATE)

        renamed_train, counters = {}, {"cat": 0, "dog": 0}
        for name in train_names:
            animal = "cat" if "cat" in name else "dog"
            renamed_train[f"{animal}.{counters[animal]}.jpg"] = name
            counters[animal] += 1
        renamed_test = {f"{i}.jpg": name for i, name in enumerate(test_names, start=1)}

        for folder, renamed in (("train", renamed_train), ("test", renamed_test)):
            (public / folder).mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(public / f"{folder}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                for new_name in sorted(renamed):
                    data = source.read(members[renamed[new_name]])
                    (public / folder / new_name).write_bytes(data)
                    member = zipfile.ZipInfo(new_name, date_time=ZIP_DATE)
                    member.compress_type = zipfile.ZIP_DEFLATED
                    member.external_attr = 0o644 << 16
                    archive.writestr(member, data)

    ids = range(1, len(test_names) + 1)
    private.mkdir(parents=True, exist_ok=True)
    answers = pd.DataFrame({"id": ids, "label": [int("dog" in name) for name in test_names]})
    answers.to_csv(private / "answers.csv", index=False)
    pd.DataFrame({"id": ids, "label": 0.5}).to_csv(public / "sample_submission.csv", index=False)


def _is_top_level_jpg(member: str) -> bool:
    """`train/<name>.jpg` directly inside the archive's train folder (what MLE-bench's glob picks)."""
    parts = Path(member).parts
    return len(parts) == 2 and parts[0] == "train" and member.endswith(".jpg")
