"""CSV tables too big to hold in memory, read in chunks yet written as a whole-file read writes them.

MLE-bench reads a raw CSV file whole with `pd.read_csv`, filters its rows and writes them back
with `to_csv`. The text of a value then depends on its column's type over the WHOLE file: an
integer column with one gap anywhere becomes float, and every one of its numbers is written as
"7.0". A chunk read alone would write "7". So a `CsvChunks` learns each column's type as a whole
read gives it (pandas' rule for joining its own internal chunks: integers and floats make floats,
anything else with text makes a mixed column, whose numbers keep their text) while it reads, and
hands out chunks with their integer columns widened where the whole read widens them.
`write_chunked` writes in one reading when no column widens (Kaggle's files), and reads and writes
again, typed, when one does. Memory is one chunk, whatever the file's size.

Left out: a mixed column (text and numbers) whose float values are written differently from
their text ("1.50"), which pandas' whole read would print as floats only when they sit in a part
of the file without text; no MLE-bench raw file we prepare this way has such a column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
from pandas.api import types

CHUNK_ROWS = 1 << 18


def _joined(kinds: set[str]) -> str:
    """The kind of a column whose chunks have `kinds`: "int", "float" or "other"."""
    if kinds <= {"int"}:
        return "int"
    if kinds <= {"int", "float"}:
        return "float"
    return "other"


def _kind(column: pd.Series) -> str:
    if types.is_bool_dtype(column.dtype):
        return "other"
    if types.is_integer_dtype(column.dtype):
        return "int"
    return "float" if types.is_float_dtype(column.dtype) else "other"


class CsvChunks:
    """The chunks of one CSV file, typed as `pd.read_csv(path, **read)` of the whole file types them.

    `read` are read_csv's options (MLE-bench's: none, or float_precision "round_trip"). The column
    types are learned by the first whole reading of the file and kept.
    """

    def __init__(self, path: Path, rows: int = CHUNK_ROWS, **read) -> None:
        self.path, self.rows, self.read = Path(path), rows, read
        self._widened: list[str] | None = None  # known once the file was read to its end

    def _chunks(self, widened: list[str]) -> Iterator[pd.DataFrame]:
        """The file's chunks with the `widened` columns made float; learns the whole file's types
        when read to the end."""
        kinds: dict[str, set[str]] = {}
        with pd.read_csv(self.path, chunksize=self.rows, **self.read) as reader:
            for chunk in reader:
                for name, column in chunk.items():
                    kinds.setdefault(name, set()).add(_kind(column))
                for name in widened:
                    if types.is_integer_dtype(chunk[name].dtype):
                        chunk[name] = chunk[name].astype("float64")
                yield chunk
        self._widened = [name for name, seen in kinds.items() if "int" in seen and _joined(seen) == "float"]

    def widened(self) -> list[str]:
        """The columns that some chunk reads as integers and the whole file as floats."""
        if self._widened is None:
            for _ in self._chunks([]):
                pass
        return self._widened

    def chunks(self) -> Iterator[pd.DataFrame]:
        """The chunks, typed as the whole file (the first call may read the file twice)."""
        return self._chunks(self.widened())

    def unique(self, column: str) -> list:
        """The distinct values of `column` in order of first appearance, as `Series.unique()` of a whole
        read lists them (only that column is converted)."""
        seen: dict = {}
        with pd.read_csv(self.path, chunksize=self.rows, **{**self.read, "usecols": [column]}) as reader:
            for chunk in reader:
                seen.update(dict.fromkeys(chunk[column].unique()))
        return list(seen)


def write_chunked(source: CsvChunks, outputs: dict[Path, Callable[[pd.DataFrame], pd.DataFrame]]) -> None:
    """Write, for each {path: part}, the frames that `part(chunk)` makes of the chunks of `source` (rows
    selected, columns chosen or added) one after the other to path, as one `to_csv` of the whole would:
    pandas' defaults, no index, one header. Their folders are created.

    One reading of the file serves all outputs: when the types are not known yet, the chunks are
    written as they come and written again, typed, only if the file turns out to widen a column."""
    known = source._widened is not None
    _write_pass(source, source._chunks(source._widened or []), outputs)
    if not known and source.widened():
        _write_pass(source, source.chunks(), outputs)


def _write_pass(source: CsvChunks, chunks: Iterator[pd.DataFrame], outputs: dict) -> None:
    handles = {}
    try:
        for path in outputs:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            handles[path] = open(path, "w", newline="", encoding="utf-8")
        first = True
        for chunk in chunks:
            for path, part in outputs.items():
                part(chunk).to_csv(handles[path], index=False, header=first)
            first = False
        if first:  # read_csv gave no chunk at all: the header alone
            header = pd.read_csv(source.path, nrows=0, **source.read)
            for path, part in outputs.items():
                part(header).to_csv(handles[path], index=False)
    finally:
        for handle in handles.values():
            handle.close()
