"""iWildCam 2020: a labelled test set of whole camera locations held out of Kaggle's ~218,000
training photos, as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits the locations of
`iwildcam2020_train_annotations.json` with `train_test_split(test_size=0.22, random_state=0)`
and then moves whole locations until the test share, measured as test / (all + test) (sic),
is no longer below 0.22: first the last train location to the end of the test list while the
share is below, then the last test location back while it is above (which can undo the
last move). Photos and annotations follow their location, in file order.

What decides the bytes: the lists pass through pandas DataFrames (`through_dataframe` in
pytest_mlebench/data/authoring/coco.py: every record gets every column, integer columns with a
gap become floats, NaN where a key was missing), and the JSON files are `json.dump` with its
defaults; the test file's categories and info are Kaggle's test file's. The answers are
"Id,Category" per test annotation; the sample submission draws its categories with
`numpy.random.seed(0)` and `randint(0, 676)`. The MegaDetector results are passed on unchanged;
photos `train/<id>.jpg` are hard-linked into public/train/ and public/test/.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.authoring import (link_or_copy_files, read_metadata, through_dataframe, train_test_split, write_csvs, write_json)

TEST_SHARE = 0.22  # Kaggle's 62,894 test photos against its 217,959 training photos
CATEGORY_DRAW = 676  # the sample submission's categories are drawn from range(676)
MEGADETECTOR = "iwildcam2020_megadetector_results.json"


def split_locations(images: list[dict]) -> tuple[list, list]:
    """(train locations, test locations) as MLE-bench ends up with them."""
    counts: dict = {}
    for image in images:
        counts[image["location"]] = counts.get(image["location"], 0) + 1
    if len(counts) < 2:
        raise ValueError(f"the photos come from {len(counts)} location(s); the split needs at least 2")
    train, test = (list(part) for part in train_test_split(list(counts), test_size=TEST_SHARE, random_state=0))

    def share() -> float:
        held = sum(counts[location] for location in test)
        return held / (len(images) + held)

    while share() < TEST_SHARE:
        test.append(train.pop())
    while share() > TEST_SHARE:
        train.append(test.pop())
    return train, test


def _images_with_locations(images: list[dict]) -> list[dict]:
    lacking = [image.get("id") for image in images if image.get("location") is None or image["location"] != image["location"]]
    if lacking:
        raise ValueError(f"{len(lacking)} photos have no location (e.g. {lacking[0]!r}); the split is by location")
    ids = [image["id"] for image in images]
    if len(set(ids)) != len(ids):
        raise ValueError("two photos share an id in the train annotations file; every photo needs an id of its own")
    return images


def _same_keys(built: dict, source: dict, name: str) -> None:
    if set(built) != set(source):
        raise ValueError(f"{name} holds {sorted(source)}; MLE-bench's preparation expects exactly {sorted(built)}")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    source = read_metadata(raw_dir / "iwildcam2020_train_annotations.json")
    test_source = read_metadata(raw_dir / "iwildcam2020_test_information.json")
    annotations = through_dataframe(source["annotations"])
    images = _images_with_locations(through_dataframe(source["images"]))
    train_locations, test_locations = (set(part) for part in split_locations(images))
    train_images = [image for image in images if image["location"] in train_locations]
    test_images = [image for image in images if image["location"] in test_locations]
    train_ids = {image["id"] for image in train_images}
    test_ids = {image["id"] for image in test_images}
    test_annotations = [a for a in annotations if a["image_id"] in test_ids]

    train = {"annotations": [a for a in annotations if a["image_id"] in train_ids], "images": train_images,
             "categories": through_dataframe(source["categories"]), "info": source["info"]}
    test = {"images": test_images, "categories": through_dataframe(test_source["categories"]), "info": test_source["info"]}
    _same_keys(train, source, "iwildcam2020_train_annotations.json")
    _same_keys(test, test_source, "iwildcam2020_test_information.json")

    answers = pd.DataFrame({"Id": [a["image_id"] for a in test_annotations],
                            "Category": [a["category_id"] for a in test_annotations]})
    draws = np.random.RandomState(0).randint(0, CATEGORY_DRAW, size=len(answers))
    write_csvs({private / "answers.csv": answers, public / "sample_submission.csv": answers.assign(Category=draws)})
    write_json(public / "iwildcam2020_train_annotations.json", train)
    write_json(public / "iwildcam2020_test_information.json", test)
    link_or_copy_files([MEGADETECTOR], raw_dir, public)
    link_or_copy_files([f"{image['id']}.jpg" for image in train_images], raw_dir / "train", public / "train")
    link_or_copy_files([f"{image['id']}.jpg" for image in test_images], raw_dir / "train", public / "test")
