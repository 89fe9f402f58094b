"""COCO-style JSON metadata split per category, as MLE-bench splits the herbarium, iNaturalist and
iWildCam competitions.

Their Kaggle metadata is one JSON object whose "annotations" and "images" lists run in parallel
(the n-th annotation labels the n-th image) beside dataset-wide lists ("categories", "licenses",
...). MLE-bench holds out a test set per category and writes new metadata files. What decides
the bytes, and is therefore fixed here:
- categories are taken in the order of their first annotation, each category's samples in file
  order; a category is split by scikit-learn's `train_test_split(random_state=0)`, except (in
  the 2020-2021 herbarium and iNaturalist rule) a category of one sample, which stays in train,
  and one of two to four samples, whose last `max(1, int(n * test_size))` go to test;
- the train lists are the categories' train samples one category after the other; the test
  samples, flattened in category order, are shuffled by `random.Random(0)`;
- every file is written by `json.dump` into a text file: ASCII only (non-ASCII escaped as
  \\uXXXX), floats as Python's repr, NaN as `NaN`; the herbarium and iNaturalist files with
  `indent=4, sort_keys=True` (`INDENTED`), iWildCam's with the defaults;
- iWildCam 2020 passes its lists through pandas DataFrames, which changes values: every record
  gets every column, and a column's type is inferred from all its values (`through_dataframe`
  reproduces pandas 2.2's inference without pandas, so any pandas gives the pinned output).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring.files import link_or_copy, link_or_copy_files
from pytest_mlebench.data.authoring.splits import train_test_split
from pytest_mlebench.data.authoring.tables import write_csvs

# The options of MLE-bench's `json.dump` for herbarium and iNaturalist metadata.
INDENTED = {"indent": 4, "sort_keys": True}

# A category with fewer samples than this uses the small-category rule (where that rule applies).
SMALL_CATEGORY = 5


@dataclass(frozen=True)
class Sample:
    """One image and its annotation, as they stand at the same position of the two lists."""
    annotation: dict
    image: dict


@dataclass
class CategorySplit:
    """Train and test samples per category, categories in the order of their first annotation."""
    train: dict = field(default_factory=dict)
    test: dict = field(default_factory=dict)

    def train_samples(self) -> list[Sample]:
        return [sample for samples in self.train.values() for sample in samples]

    def shuffled_test(self, seed: int = 0) -> list[Sample]:
        """The test samples flattened in category order, then shuffled so that no category runs
        in a row (MLE-bench: `random.Random(0).shuffle`)."""
        samples = [sample for group in self.test.values() for sample in group]
        random.Random(seed).shuffle(samples)
        return samples


def read_metadata(path: Path, encoding: str = "utf-8") -> dict:
    """A metadata file as `json.load` gives it; herbarium 2020's is read as latin-1 by MLE-bench
    (its UTF-8 bytes become two characters each, which the writer then escapes)."""
    with open(path, encoding=encoding) as handle:
        return json.load(handle)


def write_json(path: Path, data, **options) -> None:
    """`json.dump(data, file, **options)`, folders created: MLE-bench's writer, byte for byte."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, **options)


def paired_samples(metadata: dict, image_id: str = "id") -> list[Sample]:
    """The annotations and images of `metadata` paired by position; each annotation's
    "image_id" must name its image (`image[image_id]`), which is what MLE-bench relies on."""
    annotations, images = metadata.get("annotations"), metadata.get("images")
    if not isinstance(annotations, list) or not isinstance(images, list):
        raise ValueError("the metadata has no 'annotations' and 'images' lists: is this Kaggle's metadata file?")
    if len(annotations) != len(images):
        raise ValueError(f"the metadata has {len(annotations)} annotations but {len(images)} images; "
                         "they must run in parallel (one annotation per image, same order)")
    for position, (annotation, image) in enumerate(zip(annotations, images)):
        if annotation.get("image_id") != image.get(image_id):
            raise ValueError(f"annotation {position} labels image {annotation.get('image_id')!r} but image {position} "
                             f"is {image.get(image_id)!r}: the two lists must be in the same order")
    return [Sample(annotation, image) for annotation, image in zip(annotations, images)]


def split_per_category(samples: Iterable[Sample], test_size: float, *, small_rule: bool) -> CategorySplit:
    """Hold out `test_size` of every category (see the module's docstring). With `small_rule`
    false (herbarium 2022), every category goes through `train_test_split`, so a category of
    one sample cannot be split and is refused."""
    by_category: dict = {}
    for sample in samples:
        by_category.setdefault(sample.annotation["category_id"], []).append(sample)
    split = CategorySplit()
    for category, group in by_category.items():
        if small_rule and len(group) == 1:
            train, test = group, []
        elif small_rule and len(group) < SMALL_CATEGORY:
            held = max(1, int(len(group) * test_size))
            train, test = group[:-held], group[-held:]
        elif len(group) == 1:
            raise ValueError(f"category {category!r} has a single image, which MLE-bench's split cannot divide "
                             "(it needs at least 2 per category)")
        else:
            train, test = train_test_split(group, test_size=test_size, random_state=0)
        split.train[category], split.test[category] = train, test
    return split


def with_samples(metadata: dict, samples: list[Sample], drop: Iterable[str] = ()) -> dict:
    """`metadata` with its annotations and images replaced by those of `samples` and the
    top-level keys `drop` left out (the lists themselves are not copied)."""
    kept = {key: value for key, value in metadata.items() if key not in set(drop)}
    kept["annotations"] = [sample.annotation for sample in samples]
    kept["images"] = [sample.image for sample in samples]
    return kept


def renamed(samples: list[Sample], image_id: str, new_id: Callable[[int], str],
            new_file_name: Callable[[int], str] | None = None) -> list[Sample]:
    """The samples with image ids (in both the image and the annotation) and, when given, file
    names made from their position; copies, so the original records stay as they were."""
    out = []
    for position, sample in enumerate(samples):
        ident = new_id(position)
        image = dict(sample.image, **{image_id: ident})
        if new_file_name is not None:
            image["file_name"] = new_file_name(position)
        out.append(Sample(dict(sample.annotation, image_id=ident), image))
    return out


def unique_file_names(samples: list[Sample]) -> list[str]:
    """The samples' image file names, refused when two images share one (one file would
    overwrite the other and MLE-bench's count of copied images fails)."""
    names = [sample.image["file_name"] for sample in samples]
    if len(set(names)) != len(names):
        twice = next(name for name, count in Counter(names).items() if count > 1)
        raise ValueError(f"two images share the file name {twice!r}; every image needs a file of its own")
    return names


def through_dataframe(records: list[dict]) -> list[dict]:
    """`pd.DataFrame(records).to_dict(orient="records")` as pandas 2.2 computes it, without pandas.

    Every record gets every column (in the order keys first appear), a missing one as NaN; per
    column, over all its values: only integers stay integers; integers, floats, None and
    missing values together become floats (None and missing as NaN); only booleans stay
    booleans; anything else (strings, lists, booleans with gaps, all None) is kept as it is,
    with missing values NaN.
    """
    columns: dict = {}
    for record in records:
        for key in record:
            columns.setdefault(key, None)
    missing = object()
    converters = {}
    for key in columns:
        values = [record.get(key, missing) for record in records]
        converters[key] = _column_converter(values, missing)
    return [{key: converters[key](record.get(key, missing)) for key in columns} for record in records]


def _column_converter(values: list, missing) -> Callable:
    def as_float(value):
        return math.nan if value is None or value is missing else float(value)

    def as_is(value):
        return math.nan if value is missing else value

    numbers = nulls = 0
    for value in values:
        if value is None or value is missing:
            nulls += 1
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            return as_is  # booleans, strings, lists...: pandas keeps an object (or bool) column as it is
        else:
            numbers += 1
    if numbers == 0:
        # None alone stays None (object); a missing value is NaN, a float, which turns None into NaN too
        return as_float if any(value is missing for value in values) else as_is
    if nulls or any(isinstance(value, float) for value in values):
        return as_float
    return as_is


def hold_out_numbered_test(raw_dir: Path, public: Path, private: Path, *, folder: str, encoding: str,
                           test_drops: Iterable[str]) -> None:
    """Herbarium 2020 and 2021's preparation, whole. `raw_dir/<folder>/train/metadata.json` and
    the images it names are split 80/20 per category (the small-category rule applies) into
    `public/<folder>/train/` (records unchanged, images at their own file names) and
    `public/<folder>/test/`, where the shuffled test images are renumbered "0", "1", ... and
    stored as `images/<n // 1000, 3 digits>/<n>.jpg`. The public test metadata is the source's
    without annotations, categories and `test_drops`, which must leave exactly images, info and
    licenses. private/answers.csv is "Id,Predicted" (the category), public/sample_submission.csv
    predicts 0 for every test image. Images are hard-linked where the filesystem allows.
    """
    source, target = Path(raw_dir) / folder / "train", Path(public) / folder
    metadata = read_metadata(source / "metadata.json", encoding)
    split = split_per_category(paired_samples(metadata), 0.2, small_rule=True)
    train, shuffled = split.train_samples(), split.shuffled_test()
    test = renamed(shuffled, "id", str, lambda n: f"images/{n // 1000:03d}/{n}.jpg")
    public_test = {key: value for key, value in with_samples(metadata, test, drop=("categories", *test_drops)).items()
                   if key != "annotations"}
    if set(public_test) != {"images", "info", "licenses"}:
        raise ValueError(f"the public test metadata would hold {sorted(public_test)}; MLE-bench's holds exactly "
                         "images, info and licenses (is this Kaggle's metadata.json of this competition?)")

    link_or_copy_files(unique_file_names(train), source, target / "train")
    for original, sample in zip(shuffled, test):
        link_or_copy(source / original.image["file_name"], target / "test" / sample.image["file_name"])
    write_json(target / "train" / "metadata.json", with_samples(metadata, train), **INDENTED)
    write_json(target / "test" / "metadata.json", public_test, **INDENTED)
    ids = [sample.image["id"] for sample in test]
    write_csvs({Path(private) / "answers.csv": pd.DataFrame(
                    {"Id": ids, "Predicted": [sample.annotation["category_id"] for sample in test]}),
                Path(public) / "sample_submission.csv": pd.DataFrame({"Id": ids, "Predicted": 0})})
