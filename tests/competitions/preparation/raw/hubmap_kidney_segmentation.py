"""hubmap-kidney-segmentation raw data in small: Kaggle's train.csv of exactly 15 images (the size
MLE-bench's split hard-codes; 9-hex-digit ids, one all digits with a leading zero) with long
run-length encodings; HuBMAP-20-dataset_information.csv with those 15 and the 5 unlabelled test
images, shuffled, with round-trip floats, empty cells and a unicode note; train/ with each
image's `.tiff`, `.json` and `-anatomical-structure.json`, test/ with Kaggle's test images, and
the sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, run_lengths, write_image

LABELLED, UNLABELLED = 15, 5
INFO_COLUMNS = ["image_file", "width_pixels", "height_pixels", "anatomical_structures_segmention_file",
                "glomerulus_segmentation_file", "patient_number", "race", "ethnicity", "sex", "age",
                "weight_kilograms", "height_centimeters", "bmi_kg/m^2", "laterality", "percent_cortex",
                "percent_medulla"]


def _numeric(text: str) -> bool:
    """An id pandas would read as a number ("012345678", "1e2425628"): the real ids never are, and
    MLE-bench would then look for the image under another name."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _info_row(rng: random.Random, image_id: str, labelled: bool) -> list:
    weight = rng.choice([round(rng.uniform(50, 130), rng.randint(1, 3)), ""])
    cortex = rng.choice([rng.randint(40, 100), round(rng.uniform(0, 100), 2)])
    return [f"{image_id}.tiff", rng.randint(20000, 50000), rng.randint(14000, 40000),
            f"{image_id}-anatomical-structure.json", f"{image_id}.json" if labelled else "",
            rng.randint(60000, 70000), rng.choice(["White", "Black or African American", "Asian"]),
            rng.choice(["Not Hispanic or Latino", "Hispanic or Latino", "Desconocido – ñ"]),
            rng.choice(["Male", "Female"]), rng.randint(30, 80), weight, rng.choice([170, 165.1, ""]),
            round(rng.uniform(18, 40), 1) if weight else "", rng.choice(["Right", "Left"]), cortex,
            100 - cortex if isinstance(cortex, int) else round(100 - cortex, 2)]


def make(raw: Path, rng: random.Random) -> None:
    ids: list[str] = []
    while len(ids) < LABELLED + UNLABELLED:
        candidate = hex_id(rng, 9) if ids else "0" + hex_id(rng, 8)[1:] + "a"
        if candidate not in ids and not _numeric(candidate):
            ids.append(candidate)
    labelled, unlabelled = ids[:LABELLED], ids[LABELLED:]
    rng.shuffle(labelled)
    with open(raw / "train.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "encoding"])
        out.writerows([image_id, run_lengths(rng, runs=(1, 6), start=(1, 10**6), length=(1, 900), gap=(1, 50000))] for image_id in labelled)
    rows = [_info_row(rng, i, True) for i in labelled] + [_info_row(rng, i, False) for i in unlabelled]
    rng.shuffle(rows)
    with open(raw / "HuBMAP-20-dataset_information.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(INFO_COLUMNS)
        out.writerows(rows)
    for folder, image_ids in (("train", labelled), ("test", unlabelled)):
        for image_id in image_ids:
            write_image(raw / folder / f"{image_id}.tiff", rng)
            structure = {"type": "FeatureCollection", "features": [{"id": rng.randint(1, 9), "name": "Cortex"}]}
            (raw / folder / f"{image_id}-anatomical-structure.json").write_text(json.dumps(structure))
            if folder == "train":
                outline = [{"type": "Feature", "geometry": {"coordinates": [[rng.randint(0, 999)] * 2]}}]
                (raw / folder / f"{image_id}.json").write_text(json.dumps(outline))
    (raw / "sample_submission.csv").write_text("id,predicted\n" + "".join(f"{i},\n" for i in unlabelled))
