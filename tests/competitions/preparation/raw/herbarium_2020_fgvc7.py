"""herbarium-2020-fgvc7 raw data in small: Kaggle's `nybg2020/` folder, whose
`train/metadata.json` (UTF-8, names with non-ASCII characters, which MLE-bench reads as
latin-1) lists annotations, categories, images, info, licenses and regions, and the sheets
`train/images/<category // 100>/<category % 100>/<id>.jpg`; categories of 1 to 13 and more
sheets interleaved; on one of the two seeds more than 1,000 test sheets (so the test image
folders `000/` and `001/` both appear). Kaggle's test folder and sample submission, which
MLE-bench ignores, are there too."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.competitions.preparation.coco_metadata import (category_ids, category_labels, herbarium_metadata, jpeg_pool,
                                                          write_bytes, write_herbarium)


def make(raw: Path, rng: random.Random, extra: int | None = None) -> None:
    labels = category_labels(rng, category_ids(rng, 24), extra=rng.choice([60, 5300]) if extra is None else extra)
    metadata = herbarium_metadata(rng, labels, group_key="region_id", group_list="regions",
                                  category_fields={"family": ["Orchidaceae", "Asteraceae"], "genus": ["Aa", "Cirsium"]})
    write_herbarium(raw / "nybg2020" / "train", rng, metadata)
    test = raw / "nybg2020" / "test"
    write_bytes(test / "images" / "000" / "0.jpg", jpeg_pool(rng, 1)[0])
    (test / "metadata.json").write_text(json.dumps({"images": [{"file_name": "images/000/0.jpg", "id": 0}],
                                                    "info": metadata["info"], "licenses": metadata["licenses"]}))
    (raw / "sample_submission.csv").write_text("Id,Predicted\n0,0\n")
