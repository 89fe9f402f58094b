"""authoring.chunked: CSV files streamed in chunks must come out as a whole read writes them."""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.data.authoring import CsvChunks, write_chunked

# An integer column with one gap in the last chunk (a whole read makes it float: "7.0"), a column of
# numbers and "G" (mixed: numbers keep their text), a float column with a long literal, booleans.
ROWS = ["key,count,other,value,flag"] + [f"k{n},{n},{n if n % 4 else 'G'},0.12345678901234567{n},True" for n in range(9)]
ROWS += ["k9,,38590,1.5,", "k10,11,G,2,False"]


def test_chunks_are_typed_as_the_whole_file(tmp_path):
    source = tmp_path / "table.csv"
    source.write_text("\n".join(ROWS) + "\n")
    whole = pd.read_csv(source)
    chunks = CsvChunks(source, rows=3)
    assert chunks.widened() == ["count"]
    assert [len(chunk) for chunk in chunks.chunks()] == [3, 3, 3, 2]
    # a chunk read by itself would write 7, not 7.0: the whole read's text is what MLE-bench writes
    assert pd.read_csv(source, nrows=3)["count"].dtype.kind == "i"
    assert pd.concat(chunks.chunks())["count"].dtype == whole["count"].dtype

    everything, odd = tmp_path / "everything.csv", tmp_path / "odd.csv"
    write_chunked(chunks, {everything: lambda chunk: chunk,
                           odd: lambda chunk: chunk[(chunk["key"].str[1:].astype(int) % 2 == 1).to_numpy()][["key", "count"]]
                           .assign(zero=0)})
    assert everything.read_text() == whole.to_csv(index=False)
    keep = whole["key"].str[1:].astype(int) % 2 == 1
    assert odd.read_text() == whole[keep][["key", "count"]].assign(zero=0).to_csv(index=False)
    assert "7.0" in odd.read_text()


def test_unique_lists_values_in_order_of_first_appearance(tmp_path):
    source = tmp_path / "plays.csv"
    source.write_text("play,x\nb,1\na,2\nb,3\nc,4\na,5\n")
    assert CsvChunks(source, rows=2).unique("play") == list(pd.read_csv(source)["play"].unique()) == ["b", "a", "c"]


def test_a_file_without_rows_gives_its_header(tmp_path):
    source, target = tmp_path / "empty.csv", tmp_path / "out.csv"
    source.write_text("a,b\n")
    write_chunked(CsvChunks(source), {target: lambda chunk: chunk[["b"]]})
    assert target.read_text() == "b\n"


def test_write_chunked_reads_once_unless_a_column_widens(tmp_path, monkeypatch):
    widening, plain = tmp_path / "widening.csv", tmp_path / "plain.csv"
    widening.write_text("\n".join(ROWS) + "\n")
    plain.write_text("key,count\n" + "".join(f"k{n},{n}\n" for n in range(10)))
    readings = []
    real = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda path, **options: readings.append(path) or real(path, **options))
    for source, times in ((plain, 1), (widening, 2)):
        readings.clear()
        target = tmp_path / f"out-{source.name}"
        write_chunked(CsvChunks(source, rows=3), {target: lambda chunk: chunk})
        assert readings == [source] * times
        assert target.read_text() == real(source).to_csv(index=False)
