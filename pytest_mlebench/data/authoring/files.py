"""Files copied or hard-linked into the prepared folders (images are gigabytes: linked when the
filesystem allows)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def copy_files(names, source: Path, target: Path) -> None:
    """Copy each named file of `source` into `target` (created if needed) under the same name."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(Path(source) / name, target / name)


def link_or_copy(source: Path, target: Path) -> Path:
    """Put `source`'s bytes at `target` (its folders created): a hard link when both sit on one
    filesystem, so that gigabytes of images are not written twice, else a copy of the bytes.

    A file already at `target` is replaced, never written through: it may be a link to `source`
    itself from an earlier preparation. Has `shutil.copytree`'s `copy_function` signature.
    """
    source, target = Path(source), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
    return target


def link_or_copy_files(names, source: Path, target: Path) -> None:
    """`link_or_copy` each named file (a path relative to `source`, such as "a/1.npy") to the same
    relative path below `target`; `target` is created even when there are no names."""
    Path(target).mkdir(parents=True, exist_ok=True)
    folders = {os.fspath(target)}
    for name in names:  # plain os calls: the large sets link 15,000 to 700,000 files
        destination = os.path.join(target, name)
        folder = os.path.dirname(destination)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        _link_or_copy_fast(os.path.join(source, name), destination)


def link_or_copy_trees(names, source: Path, target: Path) -> None:
    """`link_or_copy` every file below each named folder of `source` (a DICOM study, a patient)
    to the same place below `target`, folders included, as `shutil.copytree` would lay them out;
    `target` is created even when there are no names. A missing folder stops with its path,
    before a half-linked folder could pass for a whole one."""
    source, target = Path(source), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        root = source / name
        if not root.is_dir():
            raise FileNotFoundError(f"{root} is not a folder: the raw data lacks the files this row names")
        for folder, _, files in os.walk(root):
            here = os.path.join(target, os.path.relpath(folder, source))
            os.makedirs(here, exist_ok=True)
            for file in files:  # plain os calls: a study holds hundreds of slices, the set ~700,000
                _link_or_copy_fast(os.path.join(folder, file), os.path.join(here, file))


def _link_or_copy_fast(source: str, target: str) -> None:
    """`link_or_copy` for a target whose folder exists: one system call in the usual case."""
    try:
        os.link(source, target)
    except FileExistsError:
        link_or_copy(Path(source), Path(target))
    except OSError:
        shutil.copyfile(source, target)
