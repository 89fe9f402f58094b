"""NFL player contact detection: a labelled test set of whole plays held out of Kaggle's 240
training plays, as MLE-bench does.

What decides the bytes:
- the plays are train_labels.csv's `game_play` values in order of first appearance; 10% are held
  out by scikit-learn's `train_test_split` (random_state 0);
- every raw CSV (train_labels, train_baseline_helmets, train_player_tracking,
  train_video_metadata) is read with pandas' default parser (NOT round-trip floats: MLE-bench
  passes no option here) and its rows of kept and of held-out plays are written, in the file's
  order, with `to_csv` defaults: rows of plays that train_labels.csv does not name go nowhere;
- `private/test.csv` is the held-out labels and `public/sample_submission.csv` their contact_id
  with contact 0;
- the three videos of a play, `train/<game_play>_{All29,Endzone,Sideline}.mp4`, are hard-linked
  (where possible) to `public/train/` or `public/test/`.
The CSV files (millions of rows of labels, tracking and helmet boxes) are streamed in chunks, typed as a whole
read types them (`authoring.CsvChunks`).
"""

from __future__ import annotations

from pathlib import Path


from pytest_mlebench.data.authoring import CsvChunks, link_or_copy_files, train_test_split, write_chunked

VIEWS = ("All29", "Endzone", "Sideline")
TABLES = ("baseline_helmets", "player_tracking", "video_metadata")


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    labels = CsvChunks(raw_dir / "train_labels.csv")
    plays = labels.unique("game_play")
    kept, held_out = (set(side) for side in train_test_split(plays, test_size=0.1, random_state=0))

    def of(side):
        return lambda chunk: chunk[chunk["game_play"].isin(side).to_numpy()]

    write_chunked(labels, {public / "train_labels.csv": of(kept), private / "test.csv": of(held_out),
                           public / "sample_submission.csv": lambda chunk: of(held_out)(chunk)[["contact_id"]].assign(contact=0)})
    for table in TABLES:
        write_chunked(CsvChunks(raw_dir / f"train_{table}.csv"),
                      {public / f"train_{table}.csv": of(kept), public / f"test_{table}.csv": of(held_out)})
    for side, folder in ((kept, "train"), (held_out, "test")):
        videos = [f"{play}_{view}.mp4" for view in VIEWS for play in plays if play in side]
        link_or_copy_files(videos, raw_dir / "train", public / folder)
