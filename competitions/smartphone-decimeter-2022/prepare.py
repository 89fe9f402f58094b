"""Google Smartphone Decimeter Challenge 2022: a labelled test set of whole drive days held out
of Kaggle's training drives, as MLE-bench does.

Kaggle's test tracks are not public, so MLE-bench holds out 10% of the drive dates: each folder
`train/<drive>` is named `YYYY-MM-DD-<place>` (month and day may lack their leading zero), the
sorted distinct dates are split by scikit-learn's `train_test_split` (random_state 0), and every
drive of a held-out date goes to public/test/, the others to public/train/, whole (phones,
supplemental logs), hard-linked where possible. What decides the bytes:
- private/test.csv joins the test drives' `<drive>/<phone>/ground_truth.csv` files, in the order
  of their paths sorted as pathlib sorts them (part by part), each read with pandas' default
  `read_csv` and cut to tripId (`<drive>-<phone>`), UnixTimeMillis, LatitudeDegrees and
  LongitudeDegrees, written with pandas' `to_csv` defaults;
- public/sample_submission.csv is the same rows with one fixed latitude and longitude;
- no ground_truth.csv is passed on into public/test/ (MLE-bench copies and then deletes them);
  metadata/ passes on whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split

GROUND_TRUTH = "ground_truth.csv"
SAMPLE_POSITION = {"LatitudeDegrees": 37.904611315634504, "LongitudeDegrees": -86.48107806249548}


def drive_date(drive: str) -> str:
    """`YYYY-MM-DD` of a drive folder named `Y-M-D-<anything>` (month and day zero-padded)."""
    parts = drive.split("-")
    if len(parts) < 3 or not all(part.isdigit() for part in parts[:3]):
        raise ValueError(f"smartphone-decimeter-2022: the drive folder {drive!r} is not named YYYY-MM-DD-<place>, "
                         f"as Kaggle's train/ folders are")
    year, month, day = parts[:3]
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


def _pass_on(source: Path, target: Path, *, ground_truth: bool = True) -> None:
    ignore = None if ground_truth else shutil.ignore_patterns(GROUND_TRUTH)
    shutil.copytree(source, target, copy_function=link_or_copy, ignore=ignore)


def _answers(raw_train: Path, test_drives: list[str]) -> pd.DataFrame:
    """The test drives' ground truths joined; per drive in name order, then by path, which is
    the order of all their paths sorted together (pathlib compares the drive part first)."""
    frames = []
    for drive in test_drives:
        for path in sorted((raw_train / drive).rglob(GROUND_TRUTH)):
            if path.parent.parent.name != drive:
                raise ValueError(f"smartphone-decimeter-2022: {path} is not at train/<drive>/<phone>/{GROUND_TRUTH}, "
                                 "where Kaggle's ground truths are")
            truth = pd.read_csv(path).assign(tripId=f"{drive}-{path.parent.name}")
            frames.append(truth[["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]])
    answers = pd.concat(frames, ignore_index=True) if frames else None
    # MLE-bench's check: the trip ids, cut at their last '-', name as many drives as were held out
    journeys = set() if answers is None else {trip.rsplit("-", 1)[0] for trip in answers["tripId"]}
    if answers is None or len(journeys) != len(test_drives):
        raise ValueError(f"smartphone-decimeter-2022: the {len(test_drives)} test drives have ground truths for "
                         f"{len(journeys)} drives (a drive without <phone>/{GROUND_TRUTH}, or a phone folder "
                         "named with '-'): the raw files are not Kaggle's")
    return answers


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    drives = sorted(folder.name for folder in (raw_dir / "train").iterdir() if folder.is_dir())
    train_dates, test_dates = train_test_split(sorted({drive_date(d) for d in drives}), test_size=0.1, random_state=0)
    if not train_dates or not test_dates:
        raise ValueError(f"smartphone-decimeter-2022: {len(set(train_dates) | set(test_dates))} drive date(s) in "
                         "train/ cannot be split into train and test dates")
    test_drives = [d for d in drives if drive_date(d) in set(test_dates)]
    kept = [d for d in drives if d not in test_drives]
    truths = sum(1 for drive in kept for _ in (raw_dir / "train" / drive).rglob(GROUND_TRUTH))
    if truths < len(kept):  # MLE-bench's check: at least one ground truth per training drive
        raise ValueError(f"smartphone-decimeter-2022: the {len(kept)} training drives hold only {truths} "
                         f"{GROUND_TRUTH} files: the raw files are not Kaggle's")
    for drive in drives:
        held_out = drive in test_drives
        target = public / ("test" if held_out else "train") / drive
        _pass_on(raw_dir / "train" / drive, target, ground_truth=not held_out)
    answers = _answers(raw_dir / "train", test_drives)
    answers.to_csv(private / "test.csv", index=False)
    _pass_on(raw_dir / "metadata", public / "metadata")
    answers.assign(**SAMPLE_POSITION).to_csv(public / "sample_submission.csv", index=False)
