"""Kaggle's container formats read without their libraries: TFRecord (tf.train.Example) and BSON,
streamed record by record; and zip members repacked into new archives without unpacking."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if byte < 0x80:
            return value, at


def _protobuf_fields(data: bytes):
    """(field number, value) of each field of a serialized protobuf message, in order: bytes for
    length-delimited fields, an int for varints; fixed-width fields are passed over."""
    at = 0
    while at < len(data):
        key, at = _varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = _varint(data, at)
        elif wire == 2:
            size, at = _varint(data, at)
            value, at = data[at:at + size], at + size
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
            continue
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, value


def _example_bytes(example: bytes, feature: bytes) -> list[bytes]:
    """The BytesList values of `feature` in a serialized tf.train.Example (empty if absent)."""
    for number, features in _protobuf_fields(example):
        if number != 1:  # Example.features
            continue
        for key, entry in _protobuf_fields(features):
            fields = dict(_protobuf_fields(entry)) if key == 1 else {}  # map entry: key 1, value 2
            if fields.get(1) == feature:
                kinds = dict(_protobuf_fields(fields.get(2, b"")))  # Feature: bytes_list is field 1
                return [value for n, value in _protobuf_fields(kinds.get(1, b"")) if n == 1]
    return []


def tfrecord_strings(path: Path, feature: str) -> list[str]:
    """The first bytes value of `feature` (UTF-8 text) in each tf.train.Example of a TFRecord
    file, in file order, as `tf.train.Example.FromString(...).features.feature[feature]
    .bytes_list.value[0]` reads it, without TensorFlow (checksums are not verified).

    A TFRecord is a run of records: an 8-byte little-endian length, a 4-byte checksum, the
    serialized Example, a 4-byte checksum. Read record by record (Kaggle's files hold hundreds
    of megabytes of images). A record without the feature raises ValueError.
    """
    found = []
    with open(path, "rb") as handle:
        while header := handle.read(12):
            size = int.from_bytes(header[:8], "little")
            values = _example_bytes(handle.read(size), feature.encode())
            if not values:
                raise ValueError(f"{path}: record {len(found)} has no bytes feature {feature!r}")
            found.append(values[0].decode("utf-8"))
            handle.seek(4, 1)
    return found


_BSON_FIXED = {0x01: 8, 0x06: 0, 0x07: 12, 0x08: 1, 0x09: 8, 0x0A: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16,
               0x7F: 0, 0xFF: 0}


def bson_documents(path: Path):
    """Each document of a BSON file (a run of documents, as mongodump and Kaggle write them), as its
    raw bytes, in file order, read one at a time so that a file of many gigabytes needs the memory
    of one document. A truncated file raises ValueError."""
    with open(path, "rb") as handle:
        while header := handle.read(4):
            size = int.from_bytes(header, "little", signed=True)
            body = handle.read(size - 4) if size >= 5 else b""
            if len(header) < 4 or size < 5 or len(body) != size - 4 or body[-1:] != b"\x00":
                raise ValueError(f"{path}: not a whole BSON document at byte {handle.tell() - len(header) - len(body)}")
            yield header + body


def bson_elements(document: bytes) -> list[tuple[str, object, bytes]]:
    """The top-level elements of one BSON document, in order: (name, value, the element's bytes).

    The value is decoded for int32, int64 and double (else None, its bytes kept as they are), so
    that a document can be filtered and rebuilt byte for byte: `bson_document(elements)`.
    """
    found, at, end = [], 4, len(document) - 1
    while at < end:
        kind, name_end = document[at], document.index(b"\x00", at + 1)
        start = name_end + 1
        if kind in _BSON_FIXED:
            stop = start + _BSON_FIXED[kind]
        elif kind in (0x02, 0x0D, 0x0E):  # string, code, symbol: int32 size then the bytes
            stop = start + 4 + int.from_bytes(document[start:start + 4], "little")
        elif kind in (0x03, 0x04, 0x0F):  # document, array, code with scope: int32 total size
            stop = start + int.from_bytes(document[start:start + 4], "little")
        elif kind == 0x05:  # binary: int32 size, subtype, bytes
            stop = start + 5 + int.from_bytes(document[start:start + 4], "little")
        elif kind == 0x0B:  # regex: two C strings
            stop = document.index(b"\x00", document.index(b"\x00", start) + 1) + 1
        elif kind == 0x0C:  # DBPointer: string then 12 bytes
            stop = start + 16 + int.from_bytes(document[start:start + 4], "little")
        else:
            raise ValueError(f"unsupported BSON element type {kind:#x}")
        raw = document[start:stop]
        value = (int.from_bytes(raw, "little", signed=True) if kind in (0x10, 0x12)
                 else float(np.frombuffer(raw, "<f8")[0]) if kind == 0x01 else None)
        found.append((document[at + 1:name_end].decode("utf-8"), value, document[at:stop]))
        at = stop
    return found


def bson_document(elements) -> bytes:
    """One BSON document made of elements as `bson_elements` gives them (their bytes, in order)."""
    body = b"".join(raw for _, _, raw in elements) + b"\x00"
    return (len(body) + 4).to_bytes(4, "little") + body


ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def repack_zip(source: zipfile.ZipFile, names: dict, target: Path, compression: int = zipfile.ZIP_STORED) -> None:
    """A new zip `target` holding, for each {new name: member of `source`}, that member's bytes,
    streamed one at a time (nothing unpacked to disk, one member in memory at most). Sorted
    names, a fixed date and mode 0644 make the archive's bytes depend on its members alone.
    Stored, not deflated, by default: photos do not shrink and deflating them costs minutes."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression) as archive:
        for name in sorted(names):
            try:
                member = source.getinfo(names[name])
            except KeyError:
                raise FileNotFoundError(f"{source.filename} has no member {names[name]!r}, which the preparation "
                                        "needs: is the archive Kaggle's, complete?") from None
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type, info.external_attr, info.file_size = compression, 0o644 << 16, member.file_size
            with source.open(member) as data, archive.open(info, "w") as out:
                shutil.copyfileobj(data, out, 1 << 20)
