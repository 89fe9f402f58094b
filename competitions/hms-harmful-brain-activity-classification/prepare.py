"""HMS harmful brain activity: a labelled test set of whole spectrograms held out of Kaggle's
training labels, as MLE-bench does.

What decides the bytes:
- train.csv (read with float_precision "round_trip") is split on its `spectrogram_id` values in
  order of first appearance: 10% held out by scikit-learn's `train_test_split` (random_state 0);
  the rows keep train.csv's order and are written with pandas' `to_csv` defaults
  (public/train.csv, private/test.csv; public/test.csv keeps spectrogram_id, eeg_id, patient_id);
- private/gold_submission.csv is eeg_id and each held-out row's votes divided by the row's total
  (floats as Python's repr), public/sample_submission.csv the same rows with 1/6 for every class;
- each kept or held-out EEG `train_eegs/<eeg_id>.parquet` and spectrogram
  `train_spectrograms/<spectrogram_id>.parquet` goes to public/{train,test}_{eegs,spectrograms}/,
  and example_figures/ to public/, hard-linked where possible.
Nothing is sorted, so no order of ties matters (unlike MLE-bench's grader).

An EEG recorded under spectrograms on both sides would leak; MLE-bench then stops, so do we.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import link_or_copy, link_or_copy_files, train_test_split, write_csvs

VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]
COLUMNS = 15  # Kaggle's train.csv: ids, offsets, expert_consensus and the six vote counts


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    labels = pd.read_csv(raw_dir / "train.csv", float_precision="round_trip")
    if labels.shape[1] != COLUMNS:
        raise ValueError(f"{raw_dir / 'train.csv'} has {labels.shape[1]} columns, Kaggle's has {COLUMNS}")
    kept, held_out = train_test_split(labels["spectrogram_id"].unique(), test_size=0.1, random_state=0)
    train = labels[labels["spectrogram_id"].isin(kept)]
    test = labels[labels["spectrogram_id"].isin(held_out)]
    shared = set(train["eeg_id"]) & set(test["eeg_id"])
    if shared:
        raise ValueError(f"EEGs {sorted(shared)[:5]} belong to spectrograms on both sides of the split; Kaggle's "
                         f"train.csv gives each EEG one spectrogram (MLE-bench's preparation stops here too)")

    gold = test[["eeg_id", *VOTES]].copy()
    gold[VOTES] = gold[VOTES].div(gold[VOTES].sum(axis=1), axis=0)
    write_csvs({public / "train.csv": train, private / "test.csv": test,
                public / "test.csv": test[["spectrogram_id", "eeg_id", "patient_id"]],
                private / "gold_submission.csv": gold, public / "sample_submission.csv": gold.assign(**{
                    vote: 1 / len(VOTES) for vote in VOTES})})

    shutil.copytree(raw_dir / "example_figures", public / "example_figures", copy_function=link_or_copy,
                    dirs_exist_ok=True)
    for rows, side in ((train, "train"), (test, "test")):
        link_or_copy_files([f"{eeg}.parquet" for eeg in rows["eeg_id"].unique()], raw_dir / "train_eegs",
                           public / f"{side}_eegs")
        link_or_copy_files([f"{spectrogram}.parquet" for spectrogram in rows["spectrogram_id"].unique()],
                           raw_dir / "train_spectrograms", public / f"{side}_spectrograms")
