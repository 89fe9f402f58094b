"""A small BSON writer for raw-data generators and tests (Kaggle's Cdiscount files are BSON), so
that neither needs pymongo: ints as int32 when they fit (as pymongo encodes them) or as int64 when
wrapped in `Int64`, floats as doubles, str, bytes as binary subtype 0, lists and dicts."""

from __future__ import annotations

import struct
from pathlib import Path


class Int64(int):
    """An int written as BSON int64 even when it fits in 32 bits."""


def _element(name: str, value) -> bytes:
    key = name.encode() + b"\x00"
    if isinstance(value, bool):
        return b"\x08" + key + bytes([value])
    if isinstance(value, Int64) or (isinstance(value, int) and not -2**31 <= value < 2**31):
        return b"\x12" + key + struct.pack("<q", value)
    if isinstance(value, int):
        return b"\x10" + key + struct.pack("<i", value)
    if isinstance(value, float):
        return b"\x01" + key + struct.pack("<d", value)
    if isinstance(value, str):
        data = value.encode() + b"\x00"
        return b"\x02" + key + struct.pack("<i", len(data)) + data
    if isinstance(value, bytes):
        return b"\x05" + key + struct.pack("<i", len(value)) + b"\x00" + value
    if isinstance(value, list):
        return b"\x04" + key + encode({str(n): v for n, v in enumerate(value)})
    if isinstance(value, dict):
        return b"\x03" + key + encode(value)
    raise TypeError(f"no BSON encoding here for {type(value).__name__}")


def encode(document: dict) -> bytes:
    """One BSON document, its keys in the dict's order."""
    body = b"".join(_element(k, v) for k, v in document.items()) + b"\x00"
    return struct.pack("<i", len(body) + 4) + body


def write_bson(path: Path, documents) -> Path:
    """A BSON file: the documents one after the other."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(encode(d) for d in documents))
    return path
