"""iwildcam-2020-fgvc7 raw data in small: Kaggle's `iwildcam2020_train_annotations.json`
(annotations, images with their camera location, categories with counts, info), the test
information file (its own categories and info, which MLE-bench passes on), the MegaDetector
results (passed on unchanged) and the photos `train/<uuid>.jpg`. Quirks of the real data that
change bytes through MLE-bench's DataFrames: an image without `seq_num_frames` and a category
without `count` (integer columns that turn into floats, NaN where missing), photos with two
annotations, an annotation of a photo that is not listed (dropped), non-ASCII text; locations
of very different sizes so that the moves after the split happen."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

from tests.competitions.preparation.coco_metadata import jpeg_pool, write_bytes


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128)))


def make(raw: Path, rng: random.Random, photos: int = 150) -> None:
    locations = rng.sample(range(1, 600), 24)
    weights = [rng.choice([1, 2, 3, 8, 20]) for _ in locations]
    images, annotations = [], []
    for _ in range(photos):
        ident, sequence = _uuid(rng), _uuid(rng)
        image = {"seq_num_frames": rng.choice([1, 3, 10]), "location": rng.choices(locations, weights)[0],
                 "datetime": f"2013-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 0{rng.randint(0, 9)}:34:58.000",
                 "id": ident, "frame_num": rng.randint(1, 3), "seq_id": sequence, "width": 2048, "height": 1536,
                 "file_name": f"{ident}.jpg"}
        images.append(image)
        for _ in range(2 if rng.random() < 0.1 else 1):
            annotations.append({"count": rng.randint(1, 4), "image_id": ident, "id": _uuid(rng),
                                "category_id": rng.choice([0, 0, 0, 1, 3, 72, 571])})
    del images[rng.randrange(len(images))]["seq_num_frames"]
    annotations.insert(rng.randrange(len(annotations)), {"count": 1, "image_id": _uuid(rng), "id": _uuid(rng),
                                                         "category_id": 3})
    categories = [{"count": 78981, "id": 0, "name": "empty"}, {"count": 5, "id": 1, "name": "tayassu pecari"},
                  {"id": 3, "name": "dasyprocta punctata"}, {"count": 1, "id": 72, "name": "pécari à collier"},
                  {"count": 2, "id": 571, "name": "unknown bird"}]
    info = {"version": "3.0", "description": "Camera trap data from the WCS – iWildCam 2020", "year": 2020,
            "contributor": "Wildlife Conservation Society", "date_created": "2020-02-28 16:55:15.418018"}
    (raw / "iwildcam2020_train_annotations.json").write_text(json.dumps(
        {"annotations": annotations, "images": images, "categories": categories, "info": info}, ensure_ascii=False))
    test_categories = [{"id": c["id"], "name": c["name"]} for c in categories]
    (raw / "iwildcam2020_test_information.json").write_text(json.dumps(
        {"images": [dict(images[0], id="t0", file_name="t0.jpg")], "categories": test_categories, "info": info}))
    detections = [{"detections": [{"category": "1", "bbox": [0.1 + 0.2, 0.5, 0.25, 1e-05], "conf": 0.999}],
                   "id": image["id"], "max_detection_conf": 0.999} for image in images[:5]]
    (raw / "iwildcam2020_megadetector_results.json").write_text(json.dumps(
        {"info": {"detector": "megadetector_v3"}, "detection_categories": {"1": "animal", "2": "person"},
         "images": detections}, indent=1))
    pool = jpeg_pool(rng)
    for image in images:
        write_bytes(raw / "train" / image["file_name"], rng.choice(pool))
    write_bytes(raw / "test" / "t0.jpg", pool[0])
    (raw / "sample_submission.csv").write_text("Id,Category\nt0,0\n")
