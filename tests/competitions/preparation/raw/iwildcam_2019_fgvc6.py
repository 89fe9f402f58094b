"""iwildcam-2019-fgvc6 raw data in small: Kaggle's `train.csv` (category_id, date_captured,
file_name, frame_num, id, location, rights_holder, seq_id, width, height, seq_num_frames) with
photos from 30 camera locations of very different sizes, rights holders missing on some rows,
one row without a location (MLE-bench keeps it in train whatever the split), and the photos
`<id>.jpg` at the top of `train_images.zip`; plus Kaggle's test files, which MLE-bench ignores.
MLE-bench unpacks the archive into this raw folder; ours does not."""

from __future__ import annotations

import csv
import random
import uuid
import zipfile
from pathlib import Path

from tests.competitions.preparation.coco_metadata import jpeg_pool

COLUMNS = ["category_id", "date_captured", "file_name", "frame_num", "id", "location", "rights_holder", "seq_id",
           "width", "height", "seq_num_frames"]


def make(raw: Path, rng: random.Random, photos: int = 160) -> None:
    locations = rng.sample(range(0, 140), 30)
    weights = [rng.choice([1, 2, 5, 12]) for _ in locations]
    rows = []
    for _ in range(photos):
        ident = str(uuid.UUID(int=rng.getrandbits(128)))
        rows.append([rng.choice([0, 0, 1, 3, 8, 11, 13, 16, 17, 18, 19, 22]),
                     f"2012-0{rng.randint(1, 9)}-{rng.randint(10, 28)} {rng.randint(10, 23)}:3{rng.randint(0, 9)}:18",
                     f"{ident}.jpg", rng.randint(0, 2), ident, rng.choices(locations, weights)[0],
                     rng.choice(["Justin Brown", "", "Erin Boydston", "Guilherme Bérgamo"]),
                     str(uuid.UUID(int=rng.getrandbits(128))), 1024, 747, rng.choice([1, 3])])
    rows[rng.randrange(len(rows))][5] = ""
    with open(raw / "train.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(COLUMNS)
        out.writerows(rows)
    pool = jpeg_pool(rng)
    with zipfile.ZipFile(raw / "train_images.zip", "w") as archive:
        for row in rows:
            archive.writestr(row[2], rng.choice(pool))
    with zipfile.ZipFile(raw / "test_images.zip", "w") as archive:
        archive.writestr("t0.jpg", pool[0])
    (raw / "test.csv").write_text("date_captured,file_name,frame_num,id,location,rights_holder,seq_id,width,height,"
                                  "seq_num_frames\n2012-01-01 00:00:00,t0.jpg,0,t0,1,,s0,1024,747,1\n")
    (raw / "sample_submission.csv").write_text("Id,Predicted\nt0,0\n")
