"""IceCube neutrinos in deep ice: a labelled test set of whole batches held out of Kaggle's 660
training batches, as MLE-bench does.

What decides the content:
- the batches are train_meta.parquet's `batch_id` values in order of first appearance; 10% are
  held out by scikit-learn's `train_test_split` (random_state 0);
- public/train_meta.parquet is the rows of kept batches and public/test_meta.parquet those of
  held-out batches without azimuth and zenith, both in the file's order, columns and types as
  Kaggle's, without an index;
- private/test.csv is event_id, azimuth, zenith of the held-out rows (pandas' `to_csv`, floats as
  Python's repr) and public/sample_submission.csv the same events with azimuth 1 and zenith 1;
- sensor_geometry.csv and each batch's pulses `train/batch_<n>.parquet` are hard-linked (where
  possible) to public/ and public/{train,test}/.
MLE-bench writes its Parquet files with fastparquet, whose name and version (and pandas') are in
the bytes, so their md5s cannot match any other writer's: ours are pyarrow's, equal in schema and
values (proven by the differential test), in row groups of ROW_GROUP_ROWS rows where fastparquet
makes row groups of 50 million (no reader's result depends on it; it reads in smaller steps).
The competition's toml marks them `writer_dependent`. Kaggle's 132 million rows are streamed
in batches, never held in memory whole.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pytest_mlebench.data.authoring import link_or_copy, train_test_split

ROW_GROUP_ROWS = 1 << 20  # rows read at once, and rows per written row group
LABELS = ["azimuth", "zenith"]


class _RowGroups:
    """A Parquet file written from a stream of record batches, in row groups of ROW_GROUP_ROWS
    rows (the last one shorter), without the source's metadata (which may describe its index)."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.schema = schema.remove_metadata()
        self.writer = pq.ParquetWriter(path, self.schema)
        self.pending: list[pa.RecordBatch] = []
        self.rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        self.pending.append(batch.select(self.schema.names))
        self.rows += batch.num_rows
        while self.rows >= ROW_GROUP_ROWS:
            table = pa.Table.from_batches(self.pending, self.schema)
            self.writer.write_table(table.slice(0, ROW_GROUP_ROWS), row_group_size=ROW_GROUP_ROWS)
            rest = table.slice(ROW_GROUP_ROWS)
            self.pending, self.rows = rest.to_batches(), rest.num_rows

    def close(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_batches(self.pending, self.schema), row_group_size=ROW_GROUP_ROWS)
        self.writer.close()


def _batch_ids(meta: pq.ParquetFile) -> list:
    seen: dict = {}
    for batch in meta.iter_batches(batch_size=ROW_GROUP_ROWS, columns=["batch_id"]):
        seen.update(dict.fromkeys(pc.unique(batch.column(0)).to_pylist()))
    return list(seen)


def _check_no_gaps(batch: pa.RecordBatch, path: Path) -> None:
    """pandas (MLE-bench's reader) turns an integer column with a gap into floats; Kaggle's have none."""
    for name, column in zip(batch.schema.names, batch.columns):
        if column.null_count and pa.types.is_integer(column.type):
            raise ValueError(f"{path}: integer column {name} has missing values, which Kaggle's train_meta.parquet "
                             f"does not have; download it again")


def _columns(meta: pq.ParquetFile) -> pa.Schema:
    """The columns a pandas reader (MLE-bench's) gets: without those that pandas' metadata names as
    the stored index, which MLE-bench's `reset_index(drop=True)` throws away."""
    index = (meta.schema_arrow.pandas_metadata or {}).get("index_columns", [])
    return pa.schema([field for field in meta.schema_arrow if field.name not in index])


def _split_meta(raw_dir: Path, public: Path, private: Path, kept: set, held_out: set) -> None:
    source = raw_dir / "train_meta.parquet"
    meta = pq.ParquetFile(source)
    schema = _columns(meta)
    unlabelled = pa.schema([field for field in schema if field.name not in LABELS])
    train, test = _RowGroups(public / "train_meta.parquet", schema), _RowGroups(public / "test_meta.parquet", unlabelled)
    kept_ids, held_out_ids = (pa.array(sorted(side), schema.field("batch_id").type) for side in (kept, held_out))
    first = True
    with (open(private / "test.csv", "w", newline="") as answers,
          open(public / "sample_submission.csv", "w", newline="") as sample):
        for batch in meta.iter_batches(batch_size=ROW_GROUP_ROWS, columns=schema.names):
            _check_no_gaps(batch, source)
            train.add(batch.filter(pc.is_in(batch.column("batch_id"), value_set=kept_ids)))
            held = batch.filter(pc.is_in(batch.column("batch_id"), value_set=held_out_ids))
            test.add(held)
            labels = held.select(["event_id", *LABELS]).to_pandas()
            labels.to_csv(answers, index=False, header=first)
            labels.assign(**{label: 1 for label in LABELS}).to_csv(sample, index=False, header=first)
            first = False
        if first:  # no rows at all
            empty = pd.DataFrame(columns=["event_id", *LABELS])
            empty.to_csv(answers, index=False)
            empty.to_csv(sample, index=False)
    train.close()
    test.close()


def _link_batches(raw_dir: Path, public: Path, kept: set, held_out: set) -> None:
    found = {}
    for path in sorted((raw_dir / "train").glob("*.parquet")):
        number = path.stem.rsplit("_", 1)[-1]
        if not number.isdigit():
            raise ValueError(f"{path}: Kaggle's batch files are named batch_<number>.parquet")
        found[int(number)] = path
    missing = sorted((kept | held_out) - set(found))
    if missing:
        raise FileNotFoundError(f"{raw_dir / 'train'} lacks the pulses of batches {missing[:5]} named in "
                                f"train_meta.parquet; download the whole competition again")
    for number, path in found.items():
        side = "train" if number in kept else "test" if number in held_out else None
        if side:
            link_or_copy(path, public / side / path.name)
    for side in ("train", "test"):
        (public / side).mkdir(parents=True, exist_ok=True)


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    kept, held_out = train_test_split(_batch_ids(pq.ParquetFile(raw_dir / "train_meta.parquet")), test_size=0.1,
                                      random_state=0)
    _split_meta(raw_dir, public, private, set(kept), set(held_out))
    link_or_copy(raw_dir / "sensor_geometry.csv", public / "sensor_geometry.csv")
    _link_batches(raw_dir, public, set(kept), set(held_out))
