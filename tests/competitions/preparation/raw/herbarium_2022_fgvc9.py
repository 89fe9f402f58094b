"""herbarium-2022-fgvc9 raw data in small: Kaggle's `train_metadata.json` (annotations with
genus and institution ids, images keyed by "image_id" such as "00003__002", categories with
non-ASCII author names, genera, institutions, distances as floats of every shape, licenses) and
the sheets `train_images/<category // 100>/<category % 100>/<image_id>.jpg`; every category has
two sheets or more (MLE-bench's split needs it, Kaggle's data has it), categories of 2 to 13 and
more interleaved; on one seed more than 1,000 test sheets. Kaggle's test metadata, test images
and sample submission, which MLE-bench ignores, are there too."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.competitions.preparation.coco_metadata import NAMES, category_ids, category_labels, jpeg_pool, write_bytes

SIZES = (2, 3, 4, 5, 6, 9, 13)


def make(raw: Path, rng: random.Random, extra: int | None = None) -> None:
    ids = category_ids(rng, 21, top=15504)
    labels = category_labels(rng, ids, extra=rng.choice([5300, 60]) if extra is None else extra, sizes=SIZES)
    counts: dict = {}
    images, annotations = [], []
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
        ident = f"{label:05d}__{counts[label]:03d}"
        images.append({"image_id": ident, "file_name": f"{label // 100:03d}/{label % 100:02d}/{ident}.jpg", "license": 0})
        annotations.append({"genus_id": label % 7, "institution_id": rng.randint(0, 59), "category_id": label,
                            "image_id": ident})
    pool = jpeg_pool(rng)
    for image in images:
        write_bytes(raw / "train_images" / image["file_name"], rng.choice(pool))
    metadata = {
        "annotations": annotations, "images": images,
        "categories": [{"category_id": c, "scientificName": rng.choice(NAMES), "family": "Asteraceae", "genus": "Aa",
                        "species": "calceata", "authors": "(Rchb.f.) Schltr. – Müll."} for c in sorted(set(labels))],
        "genera": [{"genus_id": g, "genus": name} for g, name in enumerate(["Aa", "Abies", "Acacia", "Acer", "Achillea",
                                                                           "Ophrys", "Quercus"])],
        "distances": [{"genus_id_x": x, "genus_id_y": y, "distance": d}
                      for x, y, d in [(0, 1, 0.1 + 0.2), (0, 2, 1e-05), (1, 2, 2.0), (3, 4, 0.5773502691896257),
                                      (5, 6, 123456789.123)]],
        "institutions": [{"institution_id": 0, "collectionCode": "NY"}, {"institution_id": 1, "collectionCode": "São"}],
        "license": [{"id": 0, "name": "Public Domain Dedication", "url": "http://creativecommons.org/"}],
    }
    (raw / "train_metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    (raw / "test_metadata.json").write_text(json.dumps([{"image_id": "0", "file_name": "000/test-000000.jpg",
                                                         "license": 0}]))
    write_bytes(raw / "test_images" / "000" / "test-000000.jpg", pool[0])
    (raw / "sample_submission.csv").write_text("Id,Predicted\n0,42\n")
