"""multi-modal-gesture-recognition raw data in small: Kaggle's training.csv (Id as four digits
with leading zeros, Sequence the gesture numbers 1 to 20 separated by spaces), the archives
training1-4.tar.gz and validation1-3.tar.gz of `SampleNNNNN.zip` recordings (tiny zips; training4
also holds a non-zip file and a folder, which MLE-bench's glob does not count, and one recording
stored twice, which unpacks to one file), the 7z and zip extras, and Kaggle's own test.csv and
randomPredictions.csv, which MLE-bench replaces."""

from __future__ import annotations

import csv
import gzip
import io
import random
import tarfile
import zipfile
from pathlib import Path

import py7zr

STAMP = (2013, 4, 1, 0, 0, 0)  # fixed member times: one seed, one byte-identical raw folder


def _sample_zip(number: int, rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(f"Sample{number:05d}_data.mat", STAMP), rng.randbytes(16))
    return buffer.getvalue()


def _tar(path: Path, members: dict[str, bytes], folders: tuple[str, ...] = (), twice: int = 0) -> None:
    """A .tar.gz of the members (its first `twice` stored a second time, as an appended archive has them)."""
    with gzip.GzipFile(path, "wb", mtime=0) as packed, tarfile.open(fileobj=packed, mode="w") as archive:
        for folder in folders:
            info = tarfile.TarInfo(folder)
            info.type = tarfile.DIRTYPE
            archive.addfile(info)
        for name, data in [*members.items(), *list(members.items())[:twice]]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def make(raw: Path, rng: random.Random) -> None:
    numbers = rng.sample(range(1, 700), 26)
    labelled, validation, hidden = numbers[:18], numbers[18:24], numbers[24:]
    with open(raw / "training.csv", "w", newline="") as handle:  # rows not in Id order
        out = csv.writer(handle)
        out.writerow(["Id", "Sequence"])
        for number in labelled:
            out.writerow([f"{number:04d}", " ".join(str(rng.randint(1, 20)) for _ in range(rng.randint(8, 12)))])
    for n, group in enumerate((labelled[0:4], labelled[4:8], labelled[8:12], labelled[12:]), 1):
        members = {f"Sample{number:05d}.zip": _sample_zip(number, rng) for number in group}
        if n == 4:  # only top-level zips count: MLE-bench globs the unpacked folder
            members.update({"README.txt": b"recordings\n", "nested/Sample00999.zip": _sample_zip(999, rng)})
        _tar(raw / f"training{n}.tar.gz", members, ("nested",) if n == 4 else (), twice=1 if n == 4 else 0)
    for n in range(1, 4):
        pair = validation[2 * (n - 1): 2 * n]
        _tar(raw / f"validation{n}.tar.gz", {f"Sample{number:05d}.zip": _sample_zip(number, rng) for number in pair})
    for name in ("devel01-40.7z", "valid_all_files_combined.7z"):
        with py7zr.SevenZipFile(raw / name, "w") as archive:
            archive.writestr(rng.randbytes(32), "devel01/K_1.avi")
    with zipfile.ZipFile(raw / "sample_code_mmrgc.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo("sample_code/main.m", STAMP), "% sample code\n")
    ids = [f"{n:04d}" for n in hidden]
    (raw / "test.csv").write_text("Id\n" + "".join(f"{i}\n" for i in ids))
    (raw / "randomPredictions.csv").write_text("Id,Sequence\n" + "".join(f"{i},1 2 3\n" for i in ids))
