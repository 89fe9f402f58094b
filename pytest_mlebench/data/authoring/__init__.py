"""Shared helpers for competitions' `prepare.py` (each tested once in tests/unit/data):
`tables` (CSV files as MLE-bench writes them, its usual splits), `files` (copy or hard-link
files by name), `containers` (TFRecord and BSON read without their libraries, zip members repacked), `coco` (COCO-style JSON metadata split per
category, written as MLE-bench's `json.dump` writes it). A new kind of
helper gets a module of its own here; the names are re-exported so a `prepare.py` imports
from `pytest_mlebench.data.authoring`."""

from pytest_mlebench.data.authoring.coco import (INDENTED, CategorySplit, Sample, hold_out_numbered_test,
                                                 paired_samples, read_metadata, renamed, split_per_category,
                                                 through_dataframe, unique_file_names, with_samples, write_json)
from pytest_mlebench.data.authoring.containers import (bson_document, bson_documents, bson_elements, repack_zip,
                                                       tfrecord_strings)
from pytest_mlebench.data.authoring.files import copy_files, link_or_copy, link_or_copy_files
from pytest_mlebench.data.authoring.tables import (hold_out_train_csv, shuffled_ids, split_train_csv, write_csv,
                                                   write_csvs)

__all__ = ["INDENTED", "CategorySplit", "Sample", "hold_out_numbered_test", "paired_samples", "read_metadata",
           "renamed", "split_per_category", "through_dataframe", "unique_file_names", "with_samples", "write_json",
           "bson_document", "bson_documents", "bson_elements", "copy_files", "hold_out_train_csv", "link_or_copy",
           "link_or_copy_files", "repack_zip", "shuffled_ids", "split_train_csv", "tfrecord_strings", "write_csv", "write_csvs"]
