"""RSNA 2022 Cervical Spine Fracture: a tenth of Kaggle's 2,019 training studies kept for training, the rest
held out as the test set, as MLE-bench does.

Kaggle's test set was hidden. MLE-bench keeps round(10%) of the studies (Python's round, half to
even) and makes that tenth keep the shares of studies with bounding boxes
(`train_bounding_boxes.csv`) and with segmentations (`segmentations/<StudyInstanceUID>.nii`) and
of those with both. What decides the bytes is the order of the draws from one `random.Random(0)`:
first the overlap (sorted ids with boxes that also have a segmentation), then segmented-only
ids (sorted), then boxed-only ids (sorted), then any other study in train.csv's row order, each
a `rng.sample` of round(10%) of its group minus what earlier draws already gave it. The CSVs are
read with float_precision "round_trip" and written with pandas' `to_csv` defaults in file order;
the held-out studies are melted column after column ("patient_overall", then C1 to C7) into
rows "<StudyInstanceUID>_<column>" for the answers, test.csv and a sample submission of 0.5.
Study folders `train_images/<StudyInstanceUID>/` (~300 slices each, ~340 GB in all) go whole to
`public/train_images/` or `public/test_images/` and the kept segmentations to
`public/segmentations/`, all hard-linked where possible.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy_files, link_or_copy_trees, write_csvs

TRAIN_RATIO = 0.1
ID = "StudyInstanceUID"
TRAIN_COLUMNS = [ID, "patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]
BOX_COLUMNS = [ID, "x", "y", "width", "height", "slice_number"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    studies = _read(raw_dir / "train.csv", TRAIN_COLUMNS)
    if studies[ID].duplicated().any():
        raise ValueError(f"train.csv lists a {ID} more than once; each study needs one row")
    boxes = _read(raw_dir / "train_bounding_boxes.csv", BOX_COLUMNS)
    train_ids, boxed_ids, segmented_ids = _draw_train_studies(studies, boxes, raw_dir / "segmentations")

    kept = studies[ID].isin(train_ids)
    train = studies[kept]
    answers = studies[~kept].melt(id_vars=ID, var_name="prediction_type", value_name="fractured")
    answers["row_id"] = answers[ID] + "_" + answers["prediction_type"]
    write_csvs({public / "train.csv": train, public / "train_bounding_boxes.csv": boxes[boxes[ID].isin(boxed_ids)],
                private / "answers.csv": answers,
                public / "sample_submission.csv": answers[["row_id", "fractured"]].assign(fractured=0.5),
                public / "test.csv": answers.drop(columns=["fractured"])})

    link_or_copy_files([f"{uid}.nii" for uid in segmented_ids], raw_dir / "segmentations", public / "segmentations")
    link_or_copy_trees(train[ID], raw_dir / "train_images", public / "train_images")
    link_or_copy_trees(answers[ID].unique(), raw_dir / "train_images", public / "test_images")


def _read(path: Path, columns: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, float_precision="round_trip")
    if frame.columns.tolist() != columns:
        raise ValueError(f"{path.name} has the columns {frame.columns.tolist()}, Kaggle's has {columns}")
    return frame


def _draw_train_studies(studies: pd.DataFrame, boxes: pd.DataFrame, segmentations: Path):
    """(training ids, those with boxes, those with segmentations), drawn in MLE-bench's order."""
    rng = random.Random(0)
    boxed = sorted(boxes[ID].unique())
    segmented = sorted(f.stem for f in segmentations.glob("*.nii"))
    in_segmented = set(segmented)
    both = [uid for uid in boxed if uid in in_segmented]
    overlap = set(both)

    def share(group: list) -> int:
        return round(len(group) * TRAIN_RATIO)

    chosen_both = _sample(rng, both, share(both), "studies with both boxes and a segmentation")
    more_segmented = _sample(rng, [u for u in segmented if u not in overlap], share(segmented) - share(both),
                             "studies with a segmentation only")
    more_boxed = _sample(rng, [u for u in boxed if u not in overlap], share(boxed) - share(both),
                         "studies with boxes only")
    train_ids = chosen_both + more_segmented + more_boxed
    taken = set(train_ids)
    train_ids += _sample(rng, [u for u in studies[ID].tolist() if u not in taken], share(studies) - len(train_ids),
                         "other studies of train.csv")
    return train_ids, chosen_both + more_boxed, chosen_both + more_segmented


def _sample(rng: random.Random, population: list, count: int, what: str) -> list:
    if not 0 <= count <= len(population):
        raise ValueError(f"the kept {TRAIN_RATIO:.0%} of studies needs {count} {what}, but there are "
                         f"{len(population)}: the raw data's groups are not in Kaggle's proportions")
    return rng.sample(population, count)
