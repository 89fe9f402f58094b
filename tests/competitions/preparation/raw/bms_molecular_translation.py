"""bms-molecular-translation raw data in small: Kaggle's train_labels.csv (12-hex-digit image_ids,
some all digits with a leading zero; InChI strings with commas, parentheses and layers), one tiny
PNG per row at Kaggle's nested path `train/<a>/<b>/<c>/<image_id>.png`, extra_approved_InChIs.csv
(one InChI column), plus the test images and sample submission MLE-bench ignores."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.competitions.preparation.images import hex_id, write_image

INCHIS = [
    "InChI=1S/C13H20OS/c1-9(2)8-15-13-6-4-5-12(7-13)10(3)14/h4-7,9-10,14H,8H2,1-3H3",
    "InChI=1S/C21H30O4/c1-12(22)25-14-6-8-20(2)13(10-14)11-17(23)19-15-4-5-18(24)21(15,3)9-7-16(19)20/h13-16,19H,4-11H2,1-3H3/t13-,14+,15+,16-,19-,20+,21+/m1/s1",
    "InChI=1S/C24H23N5O4/c1-14-13-15(7-8-17(14)28-12-10-20(30)26-24(28)32)27-11-9-19(29)25-23(27)31/h7-8,13H,9-12H2,1-6H3,(H,25,29,31)",
    "InChI=1S/C17H24N2O4S/c1-12(20)18-13(14-6-4-3-5-7-14)11-15(21)19-16(17(22)23)8-9-24-10-2/h3-7,13,16H,8-11H2,1-2H3,(H,18,20)(H,19,21)(H,22,23)",
    "InChI=1S/CH4/h1H4",
    "InChI=1S/C10H19N3O2/c1-3-5-8(11)6-13-10(15)12-7-9(14)4-2/h8H,3-7,11H2,1-2H3,(H2,12,13,15)",
]


def make(raw: Path, rng: random.Random, rows: int = 40) -> None:
    ids = list(dict.fromkeys(hex_id(rng, 12) for _ in range(rows)))
    with open(raw / "train_labels.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["image_id", "InChI"])
        for image_id in ids:
            out.writerow([image_id, rng.choice(INCHIS)])
            write_image(raw / "train" / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png", rng,
                        size=(rng.randint(2, 5), rng.randint(2, 5)), mode="L")
    with open(raw / "extra_approved_InChIs.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["InChI"])
        out.writerows([inchi] for inchi in INCHIS + rng.sample(INCHIS, 3))
    test = [hex_id(rng, 12) for _ in range(3)]
    with open(raw / "sample_submission.csv", "w", newline="") as handle:
        csv.writer(handle).writerows([["image_id", "InChI"]] + [[i, "InChI=1S/H2O/h1H2"] for i in test])
    for image_id in test:
        write_image(raw / "test" / image_id[0] / image_id[1] / image_id[2] / f"{image_id}.png", rng, mode="L")
