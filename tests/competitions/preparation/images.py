"""Tiny real image files for the raw-data generators of image competitions: a few pixels of
seeded noise, written by PIL in the real file format, so a copy that alters bytes shows."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image


def write_image(path: Path, rng: random.Random, size: tuple[int, int] = (3, 2), mode: str = "RGB") -> Path:
    """A `size` image of random pixels at `path` (folders created), its format from the suffix."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    bands = len(mode)
    pixels = bytes(rng.randrange(256) for _ in range(size[0] * size[1] * bands))
    Image.frombytes(mode, size, pixels).save(path)
    return path


def hex_id(rng: random.Random, width: int) -> str:
    """A Kaggle-style hex id; about one in ten is all digits (numeric-looking, with a leading zero)."""
    if rng.random() < 0.1:
        return "0" + "".join(rng.choice("0123456789") for _ in range(width - 1))
    return "".join(rng.choice("0123456789abcdef") for _ in range(width))


def run_lengths(rng: random.Random, runs: tuple[int, int], start: tuple[int, int], length: tuple[int, int],
                gap: tuple[int, int]) -> str:
    """A Kaggle run-length mask, "start length start length ...": a count of runs, the first start,
    each run's length and the gap to the next drawn from the given (low, high) ranges."""
    first, pairs = rng.randint(*start), []
    for _ in range(rng.randint(*runs)):
        size = rng.randint(*length)
        pairs += [first, size]
        first += size + rng.randint(*gap)
    return " ".join(map(str, pairs))


def _crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def _masked_crc(data: bytes) -> bytes:
    crc = _crc32c(data)
    return ((((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF).to_bytes(4, "little")


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def example(features: dict) -> bytes:
    """A serialized tf.train.Example: bytes values as a BytesList, ints as an Int64List (packed)."""
    entries = b""
    for name, value in features.items():
        if isinstance(value, bytes):
            feature = _field(1, _field(1, value))
        else:
            feature = _field(3, _field(1, _varint(value)))
        entries += _field(1, _field(1, name.encode()) + _field(2, feature))
    return _field(1, entries)


def write_tfrecord(path: Path, examples: list[bytes]) -> Path:
    """A TFRecord file of serialized records, with the masked CRC-32C checksums TensorFlow verifies."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        for record in examples:
            length = len(record).to_bytes(8, "little")
            handle.write(length + _masked_crc(length) + record + _masked_crc(record))
    return path


def dicom_bytes(rng: random.Random) -> bytes:
    """A few bytes shaped like the start of a DICOM file: the 128-byte preamble, the "DICM" magic
    and a little noise (all a byte-for-byte copy needs; the medical sets have up to 700,000)."""
    return bytes(128) + b"DICM" + bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
