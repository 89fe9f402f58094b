"""Shared helpers for competitions' `prepare.py` (each tested once in tests/unit/data):
`tables` (CSV files as MLE-bench writes them, its usual splits), `chunked` (CSV files too big
for memory, streamed but typed as a whole read), `json_arrays` (big JSON arrays streamed
element by element), `files` (copy or hard-link files and folders by name), `containers`
(TFRecord and BSON read without their libraries, zip members repacked), `coco` (COCO-style
JSON metadata split per category, written as MLE-bench's `json.dump` writes it), `archives` (a zip written as a stream,
deflated in a second thread), `external` (files from outside Kaggle, found or downloaded and
checked first), `splits` (scikit-learn's train_test_split without its import). A new kind of helper gets a module of its own here; the names are re-exported
so a `prepare.py` imports from `pytest_mlebench.data.authoring`."""

from pytest_mlebench.data.authoring.archives import zipped_text
from pytest_mlebench.data.authoring.chunked import CsvChunks, write_chunked
from pytest_mlebench.data.authoring.coco import (INDENTED, CategorySplit, Sample, hold_out_numbered_test,
                                                 paired_samples, read_metadata, renamed, split_per_category,
                                                 through_dataframe, unique_file_names, with_samples, write_json)
from pytest_mlebench.data.authoring.containers import (bson_document, bson_documents, bson_elements, repack_zip,
                                                       tfrecord_strings)
from pytest_mlebench.data.authoring.external import ExternalFile, Obtained, obtain
from pytest_mlebench.data.authoring.files import copy_files, link_or_copy, link_or_copy_files, link_or_copy_trees
from pytest_mlebench.data.authoring.json_arrays import JsonArrayWriter, json_array_items
from pytest_mlebench.data.authoring.splits import train_test_split
from pytest_mlebench.data.authoring.tables import (hold_out_train_csv, shuffled_ids, split_train_csv, write_csv,
                                                   write_csvs)

__all__ = ["bson_document", "bson_documents", "bson_elements", "CategorySplit", "copy_files", "CsvChunks",
           "ExternalFile", "hold_out_numbered_test", "hold_out_train_csv", "INDENTED", "json_array_items",
           "JsonArrayWriter", "link_or_copy", "link_or_copy_files", "link_or_copy_trees", "obtain", "Obtained",
           "paired_samples", "read_metadata", "renamed", "repack_zip", "Sample", "shuffled_ids",
           "split_per_category", "split_train_csv", "tfrecord_strings", "through_dataframe", "train_test_split",
           "unique_file_names", "with_samples", "write_chunked", "write_csv", "write_csvs", "write_json",
           "zipped_text"]
