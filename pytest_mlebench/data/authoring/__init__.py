"""Shared helpers for competitions' `prepare.py` (each tested once in tests/unit/data):
`tables` (CSV files as MLE-bench writes them, its usual splits), `files` (copy or hard-link
files by name), `containers` (TFRecord and BSON read without their libraries), `splits` (scikit-learn's
train_test_split without its import). A new kind of
helper gets a module of its own here; the names are re-exported so a `prepare.py` imports
from `pytest_mlebench.data.authoring`."""

from pytest_mlebench.data.authoring.containers import bson_document, bson_documents, bson_elements, tfrecord_strings
from pytest_mlebench.data.authoring.files import copy_files, link_or_copy, link_or_copy_files
from pytest_mlebench.data.authoring.splits import train_test_split
from pytest_mlebench.data.authoring.tables import (hold_out_train_csv, shuffled_ids, split_train_csv, write_csv,
                                                   write_csvs)

__all__ = ["bson_document", "bson_documents", "bson_elements", "copy_files", "hold_out_train_csv", "link_or_copy",
           "link_or_copy_files", "shuffled_ids", "split_train_csv", "tfrecord_strings", "train_test_split", "write_csv",
           "write_csvs"]
