"""UW-Madison GI Tract Image Segmentation: whole cases, and the late days of the other cases, held
out of Kaggle's training scans as the test set, as MLE-bench does.

Kaggle's test set was hidden, so MLE-bench splits `train.csv` (ids "case<N>_day<M>_slice_<S>",
one row per slice and organ, read with float_precision "round_trip") by case: scikit-learn's
`train_test_split` (test_size 0.1, random_state 42) of the cases in their order of first
appearance sends whole cases to the test set, and of every other case the days after its first
four (by day number) go there too. What decides the bytes, all in train.csv's row order and
written with pandas' `to_csv` defaults:
- public/train.csv is the training rows (id, class, segmentation), public/test.csv the test rows'
  id and class;
- private/test.csv is the test rows with segmentation renamed `predicted` and the slice's image
  width and height (read from its one scan's name `slice_<S>_<width>_<height>_...png`), floats
  ("266.0") because MLE-bench fills them in one cell at a time;
- public/sample_submission.csv is id, class and `predicted` "1 1 5 2".
The scans `train/<case>/<case>_<day>/scans/*.png` go to public/train or public/test by the same
rule (MLE-bench copies every case folder, then moves the held-out days; the result is the same
tree), hard-linked where the filesystem allows. Nothing is written into the raw folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

KEPT_DAYS = 4  # of a training case, the days after its first four (by number) are held out
SAMPLE = "1 1 5 2"
COLUMNS = ["id", "class", "segmentation"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    rows = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    if list(rows.columns) != COLUMNS:
        raise ValueError(f"{raw_dir / 'train.csv'} has columns {list(rows.columns)}; MLE-bench's checks expect {COLUMNS}")
    parts = rows["id"].str.split("_")
    case, day, scan = parts.str[0], parts.str[1], parts.str[-1]
    cases = list(dict.fromkeys(case))
    _, test_cases = train_test_split(cases, test_size=0.1, random_state=42)
    held_out = case.isin(test_cases)
    held_out_days = set()  # (case, day) of training cases past their first four days
    for name, days in day[~held_out].groupby(case[~held_out]):
        numbered = _numbered_days(name, set(days))
        held_out_days.update((name, d) for d in numbered[KEPT_DAYS:])
    held_out |= pd.Series([(c, d) in held_out_days for c, d in zip(case, day)], index=rows.index)
    _check_folders(raw_dir / "train", case, day)

    train, test = rows[~held_out], rows[held_out].copy()
    sizes = _scan_sizes(raw_dir / "train", case[held_out], day[held_out], scan[held_out])
    test["image_width"] = [float(width) for width, _ in sizes]
    test["image_height"] = [float(height) for _, height in sizes]
    answers = test.rename(columns={"segmentation": "predicted"})
    write_csvs({public / "sample_submission.csv": test[["id", "class"]].assign(predicted=SAMPLE),
                private / "test.csv": answers, public / "train.csv": train,
                public / "test.csv": test[["id", "class"]]})
    _link_scans(raw_dir / "train", public, cases, set(test_cases), held_out_days)


def _numbered_days(case: str, days: set[str]) -> list[str]:
    """A case's day names ("day0", "day13") in the order of their numbers."""
    try:
        numbered = sorted((int(d[len("day"):]), d) for d in days)
    except ValueError:
        raise ValueError(f"train.csv: case {case} has a day not named day<number>: {sorted(days)}") from None
    if len({n for n, _ in numbered}) != len(numbered):
        raise ValueError(f"train.csv: case {case} has two days of the same number ({sorted(days)}), so their order "
                         "would be left to chance in MLE-bench's split")
    return [d for _, d in numbered]


def _check_folders(scans: Path, case: pd.Series, day: pd.Series) -> None:
    """Every listed day has its folder `<case>/<case>_<day>` (MLE-bench's checks stop otherwise)."""
    missing = sorted({f"{c}/{c}_{d}" for c, d in zip(case, day) if not (scans / c / f"{c}_{d}").is_dir()})
    if missing:
        raise FileNotFoundError(f"{scans} lacks {len(missing)} day folder(s) that train.csv lists, e.g. {missing[:3]}")


def _scan_sizes(scans: Path, case: pd.Series, day: pd.Series, scan: pd.Series) -> list[tuple[int, int]]:
    """(width, height) of each row's slice, from the name of its one `slice_<S>_<w>_<h>_*.png`."""
    listings: dict[Path, list[str]] = {}
    sizes = []
    for c, d, s in zip(case, day, scan):
        folder = scans / c / f"{c}_{d}" / "scans"
        if folder not in listings:
            listings[folder] = os.listdir(folder) if folder.is_dir() else []
        prefix = f"slice_{s}_"
        found = [n for n in listings[folder] if n.startswith(prefix) and n.endswith(".png")]
        if len(found) != 1:
            raise ValueError(f"{folder}: expected one {prefix}*.png for slice {s}, found {len(found)}")
        width, height = Path(found[0]).stem.split("_")[2:4]
        sizes.append((int(width), int(height)))
    return sizes


def _link_scans(scans: Path, public: Path, cases: list[str], test_cases: set[str],
                held_out_days: set[tuple[str, str]]) -> None:
    """Every file below `<case>/` of a listed case to public/test/<case>/ when its case or its day
    folder is held out, else to public/train/<case>/ (folders of days train.csv does not list stay
    in training; cases it does not list are left out)."""
    late = {(case, f"{case}_{day}") for case, day in held_out_days}
    for case in cases:
        folder = scans / case
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                inside = path.relative_to(folder)
                held_out = case in test_cases or (case, inside.parts[0]) in late
                link_or_copy(path, public / ("test" if held_out else "train") / case / inside)
