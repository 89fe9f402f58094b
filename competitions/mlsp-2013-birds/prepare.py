"""MLSP 2013 Birds: re-split Kaggle's labelled recordings, as MLE-bench does.

Kaggle's CVfolds_2.txt marks each recording as train (fold 0) or test (fold 1);
only fold 0 has labels. MLE-bench keeps the fold-0 recordings, renumbers them
0, 1, 2, ... in file order, and marks 20% of them (pandas `sample`, frac 0.2,
random_state 0) as the new test fold. Every file the agent gets is rewritten with
the new ids; test labels become "?". The answers have one row per (test recording,
species) pair: `Id` = rec_id * 100 + species_id, `Probability` 1 if the species
sings in the recording. Everything is read from Kaggle's zip in place.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

ROOT = "mlsp_contest_dataset"
SPECIES = 19
TEST_FRACTION = 0.2
RANDOM_STATE = 0
# Supplemental text tables keyed by rec_id in their first column; MLE-bench rewrites
# all three under the same header line.
SEGMENT_TABLES = ["histogram_of_segments.txt", "segment_features.txt", "segment_rectangles.txt"]
PER_RECORDING_BMPS = ["filtered_spectrograms", "segmentation_examples", "spectrograms", "supervised_segmentation"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(Path(raw_dir) / f"{ROOT}.zip") as source:
        members = set(source.namelist())

        def read(path: str) -> bytes:
            return source.read(f"{ROOT}/{path}")

        def copy(path: str, target: Path) -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(read(path))

        essential, supplemental = public / "essential_data", public / "supplemental_data"
        essential.mkdir(parents=True, exist_ok=True)
        supplemental.mkdir(parents=True, exist_ok=True)
        private.mkdir(parents=True, exist_ok=True)

        folds = _csv(read("essential_data/CVfolds_2.txt"))
        folds = folds[folds["fold"] == 0].reset_index(drop=True)
        folds.loc[folds.sample(frac=TEST_FRACTION, random_state=RANDOM_STATE).index, "fold"] = 1
        new_id = {old: new for new, old in enumerate(folds["rec_id"].values)}
        folds["rec_id"] = folds.index
        folds.to_csv(essential / "CVfolds_2.txt", index=False)
        test_ids = set(folds.loc[folds["fold"] == 1, "rec_id"])

        filenames = _csv(read("essential_data/rec_id2filename.txt"))
        filenames = filenames[filenames["rec_id"].isin(new_id.keys())]
        filenames["rec_id"] = filenames["rec_id"].map(new_id)
        filenames.to_csv(essential / "rec_id2filename.txt", index=False)

        labels = _recording_labels(read("essential_data/rec_labels_test_hidden.txt"), new_id)
        _write_public_labels(labels, test_ids, essential / "rec_labels_test_hidden.txt")
        answers = pd.DataFrame(
            [
                {"Id": rec_id * 100 + species, "Probability": int(species in _species(text))}
                for rec_id, text in labels
                if rec_id in test_ids
                for species in range(SPECIES)
            ],
            columns=["Id", "Probability"],
        )
        answers.to_csv(private / "answers.csv", index=False)
        ordered_test_ids = folds.loc[folds["fold"] == 1, "rec_id"].values
        sample = pd.DataFrame(
            {"Id": [rec_id * 100 + species for rec_id in ordered_test_ids for species in range(SPECIES)], "Probability": 0}
        )
        sample.to_csv(public / "sample_submission.csv", index=False)

        copy("essential_data/species_list.txt", essential / "species_list.txt")
        for folder in [essential / "src_wavs"] + [supplemental / name for name in PER_RECORDING_BMPS]:
            folder.mkdir(exist_ok=True)
        for name in filenames["filename"]:
            copy(f"essential_data/src_wavs/{name}.wav", essential / "src_wavs" / f"{name}.wav")
            for folder in PER_RECORDING_BMPS:
                path = f"supplemental_data/{folder}/{name}.bmp"
                # Only segmentation_examples lacks some recordings; the other folders have every one.
                if folder != "segmentation_examples" or f"{ROOT}/{path}" in members:
                    copy(path, supplemental / folder / f"{name}.bmp")
        for name in ("segment_clusters.bmp", "segment_mosaic.bmp"):
            copy(f"supplemental_data/{name}", supplemental / name)
        for name in SEGMENT_TABLES:
            _write_segment_table(read(f"supplemental_data/{name}"), new_id, supplemental / name)


def _csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), float_precision="round_trip")


def _lines(data: bytes) -> list[str]:
    """The lines of a text file after its header line."""
    return data.decode("utf-8").splitlines()[1:]


def _recording_labels(data: bytes, new_id: dict[int, int]) -> list[tuple[int, str]]:
    """(new rec_id, the text after its first comma) of the kept recordings, in file order."""
    kept = []
    for line in _lines(data):
        rec_id, _, rest = line.partition(",")
        if int(rec_id) in new_id:
            kept.append((new_id[int(rec_id)], rest))
    return kept


def _species(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s != ""]


def _write_public_labels(labels, test_ids: set[int], target: Path) -> None:
    """Training recordings keep their species list; test recordings show "?"; none: the id alone."""
    lines = ["rec_id,[labels]"]
    for rec_id, text in labels:
        text = "?" if rec_id in test_ids else text
        lines.append(f"{rec_id},{text}" if text else f"{rec_id}")
    target.write_text("\n".join(lines) + "\n")


def _write_segment_table(data: bytes, new_id: dict[int, int], target: Path) -> None:
    lines = ["rec_id,[histogram of segment features]"]
    for line in _lines(data):
        rec_id, _, rest = line.partition(",")
        if int(rec_id) in new_id:
            lines.append(f"{new_id[int(rec_id)]},{rest}")
    target.write_text("\n".join(lines) + "\n")
