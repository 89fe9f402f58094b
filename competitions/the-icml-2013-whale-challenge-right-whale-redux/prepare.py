"""Right Whale Redux: Kaggle's four recording days of labelled clips, split by date, as MLE-bench does.

Clip names in Kaggle's `train2.zip` read `YYYYMMDD_HHMMSS_<seconds>_TRAIN<n>_<label>.aif`.
The first two dates (sorted) stay training clips, renumbered `TRAIN<i>` in name order;
the last two become test clips, renamed `<YYYYMMDD_HHMMSS_<seconds>_>Test<i>.aif`
(label dropped) in name order. Both sets are handed out as zips holding a folder
(`train2/`, `test2/`), as MLE-bench does; the archives are written deterministically
(name order, fixed timestamps), so their members, not their bytes, match MLE-bench's.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(Path(raw_dir) / "train2.zip") as source:
        clips = {Path(m).name: m for m in source.namelist() if re.fullmatch(r"train2/[^/]+", m)}
        dates = sorted({name.split("_")[0] for name in clips})
        if len(dates) != 4:
            raise ValueError(f"expected clips of 4 recording dates in train2.zip, found {len(dates)}")
        train = sorted(name for name in clips if name.split("_")[0] in dates[:2])
        test = sorted(name for name in clips if name.split("_")[0] in dates[2:])

        renamed_train = [re.sub(r"TRAIN\d+", f"TRAIN{i}", name) for i, name in enumerate(train)]
        renamed_test = [name.split("TRAIN")[0] + f"Test{i}.aif" for i, name in enumerate(test)]
        for folder, old_names, new_names in (("train2", train, renamed_train), ("test2", test, renamed_test)):
            with zipfile.ZipFile(public / f"{folder}.zip", "w", zipfile.ZIP_DEFLATED) as target:
                for old, new in sorted(zip(old_names, new_names), key=lambda pair: pair[1]):
                    member = zipfile.ZipInfo(f"{folder}/{new}", date_time=ZIP_DATE)
                    member.compress_type = zipfile.ZIP_DEFLATED
                    member.external_attr = 0o644 << 16
                    target.writestr(member, source.read(clips[old]))

    answers = pd.DataFrame(
        {"clip": renamed_test, "probability": [1 if Path(name).stem.endswith("_1") else 0 for name in test]}
    )
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(probability=0).to_csv(public / "sampleSubmission.csv", index=False)
