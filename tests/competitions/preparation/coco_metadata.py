"""COCO-style metadata for the raw-data generators of the herbarium, iNaturalist and iWildCam
competitions: categories of every size that MLE-bench's per-category split treats differently
(1, 2-4, 5 and more), samples of all categories interleaved (so a category's first appearance
decides its place), and tiny real JPEG files shared out from a small pool of distinct ones."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from PIL import Image

# Category sizes that hit every branch of the split: one sample (stays in train), two to four
# (the last goes to test), five and more (train_test_split).
EDGE_SIZES = (1, 2, 3, 4, 5, 6, 9, 13)

# Names with characters beyond ASCII (written escaped; herbarium 2020's reader turns them into mojibake).
NAMES = ("Aa calceata (Rchb.f.) Schltr.", "Hieracium ×dutillyanum Lepage", "Cirsium acaule Scop.",
         "Senecio ‘Sunshine’", "Ophrys apifera Huds.", "Crataegus × media Bechst.", "Achillea millefolium L.",
         "Erica cinerea L.", "Bidens pilosa L. “var.” minor", "Quercus robur L.")


def jpeg_pool(rng: random.Random, count: int = 12) -> list[bytes]:
    """`count` distinct tiny JPEG files (3 x 2 pixels of seeded noise), as bytes."""
    pool = []
    for _ in range(count):
        out = io.BytesIO()
        Image.frombytes("RGB", (3, 2), bytes(rng.randrange(256) for _ in range(18))).save(out, format="JPEG")
        pool.append(out.getvalue())
    return pool


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def category_labels(rng: random.Random, ids: list[int], extra: int, sizes: tuple = EDGE_SIZES) -> list[int]:
    """One label per sample: the categories `ids` with `sizes` (cycled) plus `extra` samples
    spread over the categories past the first few, shuffled so the categories interleave."""
    labels = [category for n, category in enumerate(ids) for _ in range(sizes[n % len(sizes)])]
    labels += [rng.choice(ids[len(sizes) // 2:]) for _ in range(extra)]
    rng.shuffle(labels)
    return labels


def category_ids(rng: random.Random, count: int, top: int = 32093) -> list[int]:
    """`count` distinct category ids, small ones (3 -> "000/03") among them, in no order."""
    ids = {0, 3, rng.randint(100, 199)}
    while len(ids) < count:
        ids.add(rng.randint(0, top))
    ids = list(ids)
    rng.shuffle(ids)
    return ids


def herbarium_metadata(rng: random.Random, labels: list[int], *, group_key: str, group_list: str,
                       category_fields: dict) -> dict:
    """Herbarium 2020/2021-style metadata for one sheet per label (ids distinct, in no order)."""
    ids = rng.sample(range(1, 2_500_000), len(labels))
    images = [{"file_name": f"images/{label // 100:03d}/{label % 100:02d}/{ident}.jpg", "height": 1000,
               "id": ident, "license": 0, "width": rng.choice([661, 662, 678])} for ident, label in zip(ids, labels)]
    annotations = [{"category_id": label, "id": ident, "image_id": ident, group_key: rng.randint(0, 4)}
                   for ident, label in zip(ids, labels)]
    categories = [{"id": c, "name": rng.choice(NAMES), **{k: rng.choice(v) for k, v in category_fields.items()}}
                  for c in sorted(set(labels))]
    return {"annotations": annotations, "categories": categories, "images": images,
            "info": {"contributor": "New York Botanical Garden", "date_created": "2020-02-10 21:41:00.793279",
                     "description": "Herbarium 2020 – FGVC7", "url": "https://www.kaggle.com", "version": "1.0",
                     "year": 2020},
            "licenses": [{"id": 0, "name": "Public Domain Dedication", "url": "http://creativecommons.org/"}],
            group_list: [{"id": n, "name": name} for n, name in enumerate(["Africa", "Asia", "Europe", "São Paulo", "Oceania"])]}


def write_herbarium(train: Path, rng: random.Random, metadata: dict) -> None:
    pool = jpeg_pool(rng)
    for image in metadata["images"]:
        write_bytes(train / image["file_name"], rng.choice(pool))
    (train / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
