"""inaturalist-2019-fgvc6 raw data in small: Kaggle's `train_val2019.tar.gz` (gzip, with folder
members, photos `train_val2019/<supercategory>/<category>/<md5>.jpg` of both the train and the
validation set), `train2019.json` (COCO-style: annotations, categories with their taxonomy and
non-ASCII names, images, info, licenses) whose categories have 1 to 13 and more photos
interleaved, `val2019.json` (passed on as it is), and Kaggle's test files, which MLE-bench
ignores. MLE-bench unpacks the archive into this raw folder; ours does not, and reads the
archive whatever the folder holds."""

from __future__ import annotations

import hashlib
import json
import random
import tarfile
import tempfile
from pathlib import Path

from tests.competitions.preparation.coco_metadata import NAMES, category_labels, jpeg_pool, write_bytes

SUPER = ("Plants", "Insects", "Birds", "Fungi", "Reptiles", "Amphibians")


def _photos(rng: random.Random, labels: list[int], first_id: int, supers: dict) -> tuple[list, list]:
    images, annotations = [], []
    for n, label in enumerate(labels):
        ident = first_id + n
        digest = hashlib.md5(f"{rng.random()}".encode()).hexdigest()
        images.append({"license": rng.randint(0, 3), "file_name": f"train_val2019/{supers[label]}/{label}/{digest}.jpg",
                       "width": 800, "height": rng.choice([533, 600, 800]), "id": ident})
        annotations.append({"image_id": ident, "id": ident, "category_id": label})
    return images, annotations


def make(raw: Path, rng: random.Random, extra: int | None = None) -> None:
    ids = rng.sample(range(1010), 22)
    supers = {c: rng.choice(SUPER) for c in ids}
    labels = category_labels(rng, ids, extra=rng.choice([40, 120]) if extra is None else extra)
    images, annotations = _photos(rng, labels, 0, supers)
    val_images, val_annotations = _photos(rng, [rng.choice(ids) for _ in range(8)], len(labels), supers)
    info = {"year": 2019, "version": "1.0", "description": "iNaturalist 2019 – FGVC6", "contributor": "iNaturalist",
            "url": "https://github.com/visipedia/inat_comp", "date_created": "2019-02-24 20:06:03.227003"}
    licenses = [{"id": n, "name": f"Attribution-NonCommercial License {n}", "url": "http://creativecommons.org/"}
                for n in range(4)]
    categories = [{"id": c, "name": rng.choice(NAMES), "kingdom": supers[c], "phylum": "Tracheophyta",
                   "class": "Magnoliopsida", "order": "Asterales", "family": "Asteraceae", "genus": "Aa"} for c in ids]
    train = {"info": info, "images": images, "licenses": licenses, "annotations": annotations, "categories": categories}
    (raw / "train2019.json").write_text(json.dumps(train, ensure_ascii=False), encoding="utf-8")
    (raw / "val2019.json").write_text(json.dumps({"info": info, "images": val_images, "licenses": licenses,
                                                  "annotations": val_annotations, "categories": categories}))
    pool = jpeg_pool(rng)
    with tempfile.TemporaryDirectory() as staging:
        for image in images + val_images:
            write_bytes(Path(staging) / image["file_name"], rng.choice(pool))
        with tarfile.open(raw / "train_val2019.tar.gz", "w:gz") as archive:
            archive.add(Path(staging) / "train_val2019", arcname="train_val2019")
    (raw / "test2019.json").write_text(json.dumps({"info": info, "images": [], "licenses": licenses}))
    with tarfile.open(raw / "test2019.tar.gz", "w:gz"):
        pass
    (raw / "kaggle_sample_submission.csv").write_text("id,predicted\n268243,0\n")
