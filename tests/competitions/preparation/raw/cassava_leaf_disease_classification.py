"""cassava-leaf-disease-classification raw data in small: Kaggle's train.csv (image_id such as
"1000015157.jpg", label 0-4 with 3 the most common), tiny JPEGs `train_images/<image_id>`, twelve
`train_tfrecords/ld_train<i>-<count>.tfrec` files of real TFRecord format holding each photo once
(features image, image_name, target), a file there that is not a record file, a CSV row in no
record file (it stays in train), label_num_to_disease_map.json, and the test files MLE-bench
ignores."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from tests.competitions.preparation.images import example, write_image, write_tfrecord

DISEASES = {"0": "Cassava Bacterial Blight (CBB)", "1": "Cassava Brown Streak Disease (CBSD)",
            "2": "Cassava Green Mottle (CGM)", "3": "Cassava Mosaic Disease (CMD)", "4": "Healthy"}


def make(raw: Path, rng: random.Random, rows: int = 60, files: int = 12) -> None:
    ids = list(dict.fromkeys(f"{rng.randint(1000015, 999998914) * 10 ** rng.choice([0, 1])}.jpg" for _ in range(rows)))
    labels = {image: rng.choice([0, 1, 2, 3, 3, 3, 3, 4]) for image in ids}
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["image_id", "label"])
        for image in ids:
            out.writerow([image, labels[image]])
            write_image(raw / "train_images" / image, rng)
    in_records = ids[:-1]  # the last row's photo is in no record file
    rng.shuffle(in_records)
    cuts = sorted(rng.sample(range(1, len(in_records)), files - 1))
    for number, (start, stop) in enumerate(zip([0, *cuts], [*cuts, len(in_records)])):
        chunk = in_records[start:stop]
        records = [example({"image": (raw / "train_images" / image).read_bytes(), "image_name": image.encode(),
                            "target": labels[image]}) for image in chunk]
        write_tfrecord(raw / "train_tfrecords" / f"ld_train{number:02d}-{len(chunk)}.tfrec", records)
    (raw / "train_tfrecords" / "notes.txt").write_text("not a record file\n")
    (raw / "label_num_to_disease_map.json").write_text(json.dumps(DISEASES))
    write_image(raw / "test_images" / "2216849948.jpg", rng)
    write_tfrecord(raw / "test_tfrecords" / "ld_test00-1.tfrec",
                   [example({"image": (raw / "test_images" / "2216849948.jpg").read_bytes(), "image_name": b"2216849948.jpg"})])
    (raw / "sample_submission.csv").write_text("image_id,label\n2216849948.jpg,4\n")
