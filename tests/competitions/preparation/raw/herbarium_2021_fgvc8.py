"""herbarium-2021-fgvc8 raw data in small: Kaggle's `train/metadata.json` (UTF-8, names with
non-ASCII characters) listing annotations (with institution_id), categories (family, order),
images, info, licenses and institutions, and the sheets
`train/images/<category // 100>/<category % 100>/<id>.jpg`; categories of 1 to 13 and more
sheets interleaved; on one of the two seeds more than 1,000 test sheets. Kaggle's test folder
and sample submission, which MLE-bench ignores, are there too."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.competitions.preparation.coco_metadata import (category_ids, category_labels, herbarium_metadata, jpeg_pool,
                                                          write_bytes, write_herbarium)


def make(raw: Path, rng: random.Random, extra: int | None = None) -> None:
    labels = category_labels(rng, category_ids(rng, 24, top=64499), extra=rng.choice([5300, 60]) if extra is None else extra)
    metadata = herbarium_metadata(rng, labels, group_key="institution_id", group_list="institutions",
                                  category_fields={"family": ["Orchidaceae", "Rosaceae"], "order": ["Asparagales", "Rosales"]})
    write_herbarium(raw / "train", rng, metadata)
    write_bytes(raw / "test" / "images" / "000" / "0.jpg", jpeg_pool(rng, 1)[0])
    (raw / "test" / "metadata.json").write_text(json.dumps({"images": [{"file_name": "images/000/0.jpg", "id": 0}],
                                                           "info": metadata["info"], "licenses": metadata["licenses"]}))
    (raw / "sample_submission.csv").write_text("Id,Predicted\n0,0\n")
