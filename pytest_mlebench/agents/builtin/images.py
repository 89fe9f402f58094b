"""Image classification and regression: pixels -> PCA -> SVM or nearest neighbours.

Images are read as grey levels in [0, 1] (or RGB when the training images
are in colour), brought to one small size, and flattened. On digit- and
icon-sized pictures this simple pipeline is strong; on photos it is a floor.
Images shipped as a zip archive are unpacked into the work directory first.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.compose import TransformedTargetRegressor
from sklearn.decomposition import PCA
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.linear_model import RidgeCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVR

from pytest_mlebench.agents.builtin.detect import IMAGE_SUFFIXES, image_archive
from pytest_mlebench.agents.builtin.modeling import Candidate, svm_with_probabilities
from pytest_mlebench.agents.builtin.tabular import N_JOBS

MAX_SIDE = 32  # larger images are shrunk to this, keeping the features few enough for an SVM
UNPACKED = "unpacked"  # folder of the work dir where image archives are unpacked (removed after the run)


def image_folder(data_dir: Path, split: str, work_dir: Path) -> Path:
    """The folder of the split's images: `<split>/` itself, or `<split>.zip` unpacked into the work dir.

    The data folder is read-only, so an archive is unpacked under
    `work_dir/unpacked/<split>`; a marker file lets a second call reuse it.
    The baseline removes the folder when it is done: the work dir is kept.
    """
    folder = Path(data_dir) / split
    archive = None if folder.is_dir() else image_archive(data_dir, split)
    if archive is None:
        return folder
    target = Path(work_dir) / UNPACKED / split
    done = target / ".unpacked"
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        with zipfile.ZipFile(archive) as opened:
            members = [m for m in opened.infolist() if not m.is_dir() and Path(m.filename).suffix.lower() in IMAGE_SUFFIXES]
            for member in members:
                opened.extract(member, target)  # zipfile keeps every member inside `target`
        done.touch()
    return target


def load_gray(path: Path) -> np.ndarray:
    """One image as a float array of grey levels in [0, 1], whatever its bit depth."""
    with Image.open(path) as image:
        if image.mode in ("I;16", "I;16B", "I;16L", "I"):
            array = np.asarray(image, dtype=np.float64)
            return array / (65535.0 if array.max() > 255 else 255.0)
        if image.mode == "F":
            return np.clip(np.asarray(image, dtype=np.float64), 0, 1)
        return np.asarray(image.convert("L"), dtype=np.float64) / 255.0


def _is_colour(paths: list[Path]) -> bool:
    for path in paths[:20]:
        with Image.open(path) as image:
            if image.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr"):
                rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
                if np.abs(rgb - rgb.mean(axis=2, keepdims=True)).mean() > 2:
                    return True
    return False


def choose_shape(paths: list[Path]) -> tuple[tuple[int, int], bool]:
    """The (height, width) every image is brought to, and whether to keep colour."""
    sizes = set()
    for path in paths[:200]:
        with Image.open(path) as image:
            sizes.add(image.size[::-1])
    height, width = max(sizes)
    if len(sizes) > 1 or max(height, width) > MAX_SIDE:
        scale = MAX_SIDE / max(height, width)
        height, width = max(1, round(height * scale)), max(1, round(width * scale))
    return (height, width), _is_colour(paths)


def pixels(paths: list[Path], shape: tuple[int, int], colour: bool) -> np.ndarray:
    """One row of pixel values in [0, 1] per image."""
    rows = []
    for path in paths:
        with Image.open(path) as image:
            if colour:
                image = image.convert("RGB")
                if image.size[::-1] != shape:
                    image = image.resize(shape[::-1], Image.Resampling.BILINEAR)
                rows.append(np.asarray(image, dtype=np.float32).ravel() / 255.0)
                continue
        array = load_gray(path)
        if array.shape != shape:
            resized = Image.fromarray((array * 255).astype(np.uint8)).resize(shape[::-1], Image.Resampling.BILINEAR)
            array = np.asarray(resized, dtype=np.float64) / 255.0
        rows.append(array.astype(np.float32).ravel())
    return np.stack(rows)


def image_candidates(n_features: int, n_rows: int, classify: bool, seed: int) -> list[Candidate]:
    components = max(1, min(40, n_features, n_rows // 2))

    def pca():
        return PCA(components, whiten=False, random_state=seed)

    if not classify:
        return [
            Candidate(
                f"PCA({components}) + RBF support vector regression",
                lambda: TransformedTargetRegressor(make_pipeline(pca(), SVR(C=3.0)), transformer=StandardScaler()),
            ),
            Candidate("ridge on pixels", lambda: RidgeCV(alphas=np.logspace(-2, 4, 13))),
        ]
    return [
        Candidate(f"PCA({components}) + RBF SVM", lambda: make_pipeline(pca(), svm_with_probabilities(5.0, seed))),
        Candidate(f"PCA({components}) + 5 nearest neighbours", lambda: make_pipeline(pca(), KNeighborsClassifier(5, weights="distance"))),
        Candidate("extra trees on pixels", lambda: ExtraTreesClassifier(300, n_jobs=N_JOBS, random_state=seed)),
    ]
