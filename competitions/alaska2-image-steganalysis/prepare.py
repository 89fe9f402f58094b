"""ALASKA2 image steganalysis: 5,000 of Kaggle's cover images held out as a labelled test set,
each shown either clean or with a message hidden, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits the photos of `Cover/` (every
`*.jpg`, sorted by name) with scikit-learn's `train_test_split(test_size=5000,
random_state=42)`. What decides the bytes: the kept photos, in the split's order, are renumbered
`00001.jpg`, `00002.jpg`, ... in `public/Cover/` and in each stego folder (`JMiPOD/`,
`JUNIWARD/`, `UERD/`: the same raw name in that folder); the held-out ones are shuffled with
Python's `random` seeded 0 and become `public/Test/0001.jpg`, ...; for each, in that order, one
draw `choice([True, False])` keeps the clean cover (Label 0), else a second draw
`choice(["JMiPOD", "JUNIWARD", "UERD"])` picks the stego version (Label 1). private/test.csv holds
`Id,Label` in test order, public/sample_submission.csv the same ids with Label 0 (pandas'
`to_csv` defaults). Kaggle's own `Test/` folder and sample submission are not used (no labels).
Images are hard-linked where possible: same bytes, no second copy of ~30 GB.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

TEST_IMAGES = 5000  # MLE-bench's fixed size of the held-out test set
METHODS = ("JMiPOD", "JUNIWARD", "UERD")  # Kaggle's stego folders, in MLE-bench's order of choice


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    covers = sorted((raw_dir / "Cover").glob("*.jpg"))
    if len(covers) <= TEST_IMAGES:
        raise ValueError(f"{raw_dir / 'Cover'} holds {len(covers)} .jpg images; MLE-bench's split holds out "
                         f"TEST_IMAGES = {TEST_IMAGES} of them and trains on the rest, so it needs more than "
                         f"{TEST_IMAGES} (Kaggle's has 75,000): check that --mle-raw-dir points at the full raw data")
    train, test = train_test_split(covers, test_size=TEST_IMAGES, random_state=42)

    for folder in ("Cover", "Test", *METHODS):
        (public / folder).mkdir(parents=True, exist_ok=True)
    for number, cover in enumerate(train, 1):
        for folder in ("Cover", *METHODS):
            link_or_copy(raw_dir / folder / cover.name, public / folder / f"{number:05d}.jpg")

    draws = random.Random(0)
    draws.shuffle(test)
    answers = []
    for number, cover in enumerate(test, 1):
        name = f"{number:04d}.jpg"
        if draws.choice([True, False]):
            link_or_copy(cover, public / "Test" / name)
            answers.append((name, 0))
        else:
            link_or_copy(raw_dir / draws.choice(METHODS) / cover.name, public / "Test" / name)
            answers.append((name, 1))

    answers = pd.DataFrame(answers, columns=["Id", "Label"])
    write_csvs({private / "test.csv": answers, public / "sample_submission.csv": answers.assign(Label=0)})
