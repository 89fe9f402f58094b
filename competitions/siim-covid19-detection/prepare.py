"""SIIM-FISABIO-RSNA COVID-19 Detection: 10% of Kaggle's labelled studies held out as the test set,
with their images, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits the rows of
`train_study_level.csv` (read with float_precision "round_trip") with scikit-learn's
`train_test_split` (test_size 0.1, random_state 0), and an image of `train_image_level.csv`
goes where its study (`StudyInstanceUID` + "_study") went. What decides the bytes, all written
with pandas' `to_csv` defaults:
- public/train_study_level.csv and public/train_image_level.csv are the training rows sorted by id;
- private/test.csv lists the test studies (sorted by id) and then the test images (sorted by id):
  a study's answer is "<class> 1 0 0 1 1", the class the first of the four label columns holding
  the row's largest value names (negative, typical, indeterminate, atypical), an image's answer
  its `label` as Kaggle wrote it;
- public/sample_submission.csv has the same ids, "negative 1 0 0 1 1" for a study and
  "none 1 0 0 1 1" for an image.
Each study's folder `train/<study>/<series>/<image>.dcm` is passed on whole to public/train or
public/test, hard-linked where the filesystem allows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, train_test_split, write_csvs

CLASSES = ("negative", "typical", "indeterminate", "atypical")  # the label columns after `id`, in order
NO_BOX = "1 0 0 1 1"  # the box every study answer carries: the metric only looks at the class
SUFFIX = "_study"


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    studies = pd.read_csv(raw_dir / "train_study_level.csv", float_precision="round_trip")
    images = pd.read_csv(raw_dir / "train_image_level.csv", float_precision="round_trip")
    _check(studies, images, raw_dir)
    train_studies, test_studies = (part.sort_values(by="id") for part in
                                   train_test_split(studies, test_size=0.1, random_state=0))
    study_of_image = images["StudyInstanceUID"] + SUFFIX
    train_images = images[study_of_image.isin(train_studies["id"])].sort_values(by="id")
    test_images = images[study_of_image.isin(test_studies["id"])].sort_values(by="id")
    classes = test_studies.iloc[:, 1:].to_numpy().argmax(axis=1)
    ids = [*test_studies["id"], *test_images["id"]]
    answers = [f"{CLASSES[k]} {NO_BOX}" for k in classes] + list(test_images["label"])
    guesses = [f"negative {NO_BOX}"] * len(test_studies) + [f"none {NO_BOX}"] * len(test_images)
    write_csvs({public / "train_study_level.csv": train_studies, public / "train_image_level.csv": train_images,
                private / "test.csv": pd.DataFrame({"id": ids, "PredictionString": answers}),
                public / "sample_submission.csv": pd.DataFrame({"id": ids, "PredictionString": guesses})})
    for folder, part in (("train", train_studies), ("test", test_studies)):
        for study in part["id"].str.replace(SUFFIX, "", regex=False):
            shutil.copytree(raw_dir / "train" / study, public / folder / study, copy_function=link_or_copy)


def _check(studies: pd.DataFrame, images: pd.DataFrame, raw_dir: Path) -> None:
    """Refuse what MLE-bench's preparation would stop on (or order by chance), before anything is written."""
    labels = studies.columns[1:]
    if len(labels) != len(CLASSES) or not all(pd.api.types.is_numeric_dtype(studies[c]) for c in labels) \
            or studies[labels].isna().any().any():
        raise ValueError(f"{raw_dir / 'train_study_level.csv'}: expected id and {len(CLASSES)} numeric label columns "
                         f"without gaps, found {list(studies.columns)}")
    for name, table in (("train_study_level.csv", studies), ("train_image_level.csv", images)):
        twice = table["id"][table["id"].duplicated()]
        if len(twice):
            raise ValueError(f"{raw_dir / name} lists an id twice ({sorted(twice)[:3]}): Kaggle's ids are unique")
    unknown = images["id"][~(images["StudyInstanceUID"] + SUFFIX).isin(studies["id"])]
    if len(unknown):
        raise ValueError(f"{raw_dir / 'train_image_level.csv'}: image(s) {sorted(unknown)[:3]} belong to no study of "
                         "train_study_level.csv (MLE-bench's preparation stops on them)")
    missing = [s for s in studies["id"].str.replace(SUFFIX, "", regex=False) if not (raw_dir / "train" / s).is_dir()]
    if missing:
        raise FileNotFoundError(f"{raw_dir / 'train'} lacks the folder of {len(missing)} studies, e.g. {missing[:3]}")
