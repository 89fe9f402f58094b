"""iNaturalist 2019: a labelled test set held out of Kaggle's 265,213 training photos, per species,
as MLE-bench does.

Kaggle's test labels were never published, so MLE-bench splits `train2019.json` (COCO-style)
12/88 per category with the small-category rule; the shared part is
pytest_mlebench/data/authoring/coco.py, which says what decides the bytes of the JSON files.
This competition's own facts: test photos keep their ids but move to `test2019/<file's base
name>`; public/test2019.json is the source without annotations and categories; `val2019.json`
is passed on unchanged; answers are "id,predicted" and the sample submission predicts, for every
photo, the one number `random.Random(42).randint(0, 1009)` (MLE-bench seeds a new generator per
row, so all rows agree).

The photos: MLE-bench unpacks the 82 GB `train_val2019.tar.gz` into the raw folder, copies the
photos it keeps and packs them into public/train_val2019.tar.gz and public/test2019.tar.gz,
which despite their names are plain (uncompressed) tar files, members named below those folders
("Plants/400/x.jpg", "x.jpg"). We read the raw archive once, member by member, and write both
archives as we go: nothing is written into the raw folder and no photo is stored twice. The
archives hold the same members (names and bytes) as MLE-bench's, validation photos left out;
member order and metadata (times, owners) are not MLE-bench's.
"""

from __future__ import annotations

import random
import tarfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import (INDENTED, link_or_copy, paired_samples, read_metadata, split_per_category,
                                            unique_file_names, with_samples, write_csvs, write_json)

TRAIN_FOLDER = "train_val2019"
TEST_FOLDER = "test2019"
TEST_SIZE = 0.12  # Kaggle's 35,400 test photos against its 268,243 train and validation photos
SAMPLE_GUESS = random.Random(42).randint(0, 1009)


def _repack(archive: Path, destinations: dict, outputs: dict) -> None:
    """Stream every member of `archive` named in `destinations` (member name -> (output key,
    name inside that output)) into the plain tar file `outputs[key]`; every named member must be
    found."""
    missing = set(destinations)
    with tarfile.open(archive, "r:*") as source, \
            tarfile.open(outputs["train"], "w") as train, tarfile.open(outputs["test"], "w") as test:
        targets = {"train": train, "test": test}
        for member in source:
            name = member.name.removeprefix("./")
            if not member.isfile() or name not in missing:
                continue
            missing.discard(name)
            key, inner = destinations[name]
            info = tarfile.TarInfo(inner)
            info.size, info.mtime, info.mode = member.size, member.mtime, 0o644
            targets[key].addfile(info, source.extractfile(member))
    if missing:
        raise FileNotFoundError(f"{len(missing)} photos named in train2019.json are not in {archive.name}, "
                                f"e.g. {sorted(missing)[:3]}: is the archive complete (Kaggle's is 82 GB)?")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    metadata = read_metadata(raw_dir / "train2019.json")
    split = split_per_category(paired_samples(metadata), TEST_SIZE, small_rule=True)
    train, held = split.train_samples(), split.shuffled_test()
    test_images = [dict(s.image, file_name=f"{TEST_FOLDER}/{s.image['file_name'].split('/')[-1]}") for s in held]
    public_test = {key: value for key, value in metadata.items() if key not in ("annotations", "categories")}
    public_test["images"] = test_images
    if set(public_test) != {"images", "info", "licenses"}:
        raise ValueError(f"the public test2019.json would hold {sorted(public_test)}; MLE-bench's holds exactly "
                         "images, info and licenses (is this Kaggle's train2019.json?)")
    sources = unique_file_names(train + held)
    outside = [name for name in sources if not name.startswith(f"{TRAIN_FOLDER}/")]
    if outside:
        raise ValueError(f"photos must lie in {TRAIN_FOLDER}/ as in Kaggle's train2019.json; found {outside[0]!r}")
    test_names = [image["file_name"] for image in test_images]
    if len(set(test_names)) != len(test_names):
        raise ValueError(f"two test photos share a file name once moved to {TEST_FOLDER}/; each needs a name of its own")

    write_json(public / "train2019.json", with_samples(metadata, train), **INDENTED)
    link_or_copy(raw_dir / "val2019.json", public / "val2019.json")
    write_json(public / "test2019.json", public_test, **INDENTED)
    ids = [image["id"] for image in test_images]
    write_csvs({private / "answers.csv": pd.DataFrame({"id": ids, "predicted": [s.annotation["category_id"] for s in held]}),
                public / "kaggle_sample_submission.csv": pd.DataFrame({"id": ids, "predicted": SAMPLE_GUESS})})

    destinations = {s.image["file_name"]: ("train", s.image["file_name"].removeprefix(f"{TRAIN_FOLDER}/")) for s in train}
    destinations.update({s.image["file_name"]: ("test", name.removeprefix(f"{TEST_FOLDER}/"))
                         for s, name in zip(held, test_names)})
    _repack(raw_dir / f"{TRAIN_FOLDER}.tar.gz", destinations,
            {"train": public / f"{TRAIN_FOLDER}.tar.gz", "test": public / f"{TEST_FOLDER}.tar.gz"})
