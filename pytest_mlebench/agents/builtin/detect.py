"""Work out what kind of task a public data folder holds, from its layout alone.

The baseline agent never looks at the competition id: the files present
(`train/` images or a `train.zip` of them, `train_cleaned/`,
`train_series.csv`, tables as CSV or JSON), the sample submission's columns
and the training targets decide the task family and how each submission
column is predicted. The description only hints at the
metric, which picks the validation score used to choose among models.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.agents.builtin.contract import find_sample_submission

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".gif")
TABLE_SUFFIXES = (".csv", ".json")  # the order tables are looked for: train.csv before train.json
DETECTION_ROWS = 20_000  # enough rows to see a column's nature, few enough to stay quick on big files

FAMILIES = ("tabular", "text", "image", "signal", "denoise", "seq2seq")
KINDS = ("probability", "probabilities", "label", "number", "text")


@dataclass(frozen=True)
class Target:
    """One thing to predict and the submission column(s) it fills.

    kind "probabilities" fills one column per class (rows sum to 1); the
    training labels come from a single label column or from the same
    one-hot columns in train.csv (`source`). kind "probability" is a binary
    target whose `positive` class gets the probability.
    """

    kind: str
    columns: tuple[str, ...]
    source: tuple[str, ...]
    classes: tuple[str, ...] = ()
    positive: str = "1"
    log: bool = False  # number: fit log(y) because y is positive and skewed (or the metric takes logs)

    def describe(self) -> str:
        text = f"{self.kind} -> {', '.join(self.columns)}"
        if self.kind == "probabilities":
            text += f" ({len(self.classes)} classes, from train column(s) {', '.join(self.source)})"
        if self.kind == "probability":
            text += f" (P[{self.source[0]} == {self.positive}])"
        if self.log:
            text += " (fit on log scale)"
        return text


@dataclass(frozen=True)
class Task:
    family: str
    id_column: str
    targets: tuple[Target, ...]
    metric: str | None = None  # hint from description.md: auc, log_loss, accuracy, f1, rmse, rmse_log, mae, error_rate
    text_columns: tuple[str, ...] = ()
    input_column: str | None = None  # seq2seq: the column read to produce the output sequence
    notes: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        lines = [f"family: {self.family}", f"id column: {self.id_column}", f"metric hint: {self.metric or 'none'}"]
        lines += [f"target: {t.describe()}" for t in self.targets]
        if self.text_columns:
            lines.append(f"text columns: {', '.join(self.text_columns)}")
        if self.input_column:
            lines.append(f"input column: {self.input_column}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def read_csv(path: Path, id_column: str | None = None, nrows: int | None = None, text_columns=()) -> pd.DataFrame:
    """Read a public CSV keeping ids (and `text_columns`, e.g. labels) as the exact strings written.

    Those columns are read a second time without pandas' missing-value words,
    so that a word like "nan", "null" or "NA" stays a word.
    """
    frame = pd.read_csv(path, nrows=nrows, low_memory=False, dtype={id_column: str} if id_column else None)
    exact = [c for c in dict.fromkeys((id_column, *text_columns)) if c in frame.columns]
    if exact:
        frame[exact] = pd.read_csv(path, nrows=nrows, usecols=exact, dtype=str, keep_default_na=False)[exact]
    return frame


def table_path(data_dir: Path, name: str) -> Path | None:
    """The table `name` (e.g. "train") of the data folder: `name.csv`, else `name.json`; None if neither."""
    for suffix in TABLE_SUFFIXES:
        path = Path(data_dir) / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def read_table(data_dir: Path, name: str, id_column: str | None = None, nrows: int | None = None, text_columns=()) -> pd.DataFrame:
    """The table `name` of the data folder, whichever of CSV or JSON it is written in."""
    path = table_path(data_dir, name)
    if path is None:
        raise FileNotFoundError(f"no {name}.csv or {name}.json in {data_dir}")
    if path.suffix == ".json":
        return read_json_records(path, id_column, nrows)
    return read_csv(path, id_column, nrows, text_columns)


def _flat(value):
    """A JSON value as one table cell: lists become space-separated words (e.g. tags), objects JSON text."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return value


def read_json_records(path: Path, id_column: str | None = None, nrows: int | None = None) -> pd.DataFrame:
    """A JSON file holding a list of records (one object per row) as a table.

    Nested values are flattened so every cell is a number or a string, and
    true/false columns become 1/0, which is how the rest of the agent sees a
    binary column read from CSV.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, dict):  # {"column": [values]} rather than [{"column": value}]
        data = pd.DataFrame(data).to_dict("records")
    frame = pd.DataFrame([{key: _flat(value) for key, value in record.items()} for record in data[:nrows]])
    for column in frame.columns:
        if pd.api.types.is_bool_dtype(frame[column]):
            frame[column] = frame[column].astype(int)
    if id_column in frame.columns:
        frame[id_column] = frame[id_column].astype(str)
    return frame


def read_sample(data_dir: Path) -> pd.DataFrame:
    """The sample submission as text, so it can be rewritten without changing a single id."""
    return pd.read_csv(find_sample_submission(data_dir), dtype=str, keep_default_na=False)


# Patterns on the metric part of the description, most specific first.
METRIC_PATTERNS = (
    ("rmse_log", r"rmsle|root mean squared? log|log(arithm)?s? of (the )?(price|value|target)|between (the )?(natural )?log|log[- ]scale|logarithm"),
    ("log_loss", r"log[- ]?loss|cross[- ]entropy|logarithmic loss"),
    ("auc", r"\bauc\b|roc|area under"),
    ("error_rate", r"error rate|edit distance|levenshtein"),
    ("mae", r"mean absolute error|\bmae\b"),
    ("rmse", r"\brmse\b|root[- ]mean[- ]squared?|mean squared error"),
    ("f1", r"\bf1\b|f-score|f-measure"),
    ("accuracy", r"accuracy|fraction (of .* )?correct|share (of .* )?correct"),
)


def metric_hint(description: str) -> str | None:
    """The metric named in the description's metric/evaluation section (or anywhere, failing that)."""
    sections = re.split(r"^#+\s*", description, flags=re.MULTILINE)
    focused = [s for s in sections if re.match(r"(metric|evaluation|scoring)", s, flags=re.IGNORECASE)]
    for text in (" ".join(focused), description):
        lowered = text.lower()
        for name, pattern in METRIC_PATTERNS:
            if re.search(pattern, lowered):
                return name
    return None


def _numeric(values: pd.Series) -> pd.Series | None:
    """The values as numbers, or None when any non-blank value is not a number."""
    present = values.dropna()
    present = present[present.astype(str).str.strip() != ""]
    numbers = pd.to_numeric(present, errors="coerce")
    if len(present) == 0 or numbers.isna().any():
        return None
    return numbers.astype(float)


def _is_free_text(values: pd.Series) -> bool:
    """Prose rather than a category: mostly distinct values of several words."""
    values = values.dropna().astype(str)
    if len(values) == 0 or _numeric(values) is not None:
        return False
    words = values.str.split().str.len().mean()
    return words >= 4 and values.nunique() >= 0.5 * len(values)


def _is_token_sequence(values: pd.Series) -> bool:
    """Outputs of a seq2seq task: mostly distinct strings, many of several tokens."""
    values = values.dropna().astype(str)
    if len(values) == 0 or _numeric(values) is not None:
        return False
    return values.nunique() >= 0.3 * len(values) and (values.str.split().str.len() > 1).mean() >= 0.3


def _sums_to_one(sample: pd.DataFrame, columns: list[str]) -> bool:
    numbers = sample[columns].apply(pd.to_numeric, errors="coerce")
    if numbers.isna().any().any():
        return False
    return bool(np.allclose(numbers.sum(axis=1), 1.0, atol=1e-3) and (numbers >= 0).all().all())


def _label_column_for(classes: list[str], train: pd.DataFrame, exclude: set[str]) -> str | None:
    """A train column whose values are (a subset of) the sample submission's class columns."""
    wanted = set(classes)
    for column in train.columns:
        if column in exclude:
            continue
        values = set(train[column].dropna().astype(str).unique())
        if values and values <= wanted and len(values) >= 2:
            return column
    return None


def _binary_positive(values: pd.Series) -> str | None:
    """The positive class of a two-valued target, or None if it has not two values."""
    distinct = sorted(values.dropna().astype(str).str.strip().unique())
    if len(distinct) != 2:
        return None
    numbers = _numeric(pd.Series(distinct))
    if numbers is not None:
        return distinct[int(np.argmax(numbers.to_numpy()))]
    for word in ("yes", "true", "y", "t", "positive", "pos"):
        for value in distinct:
            if value.lower() == word:
                return value
    return distinct[-1]


def _column_target(column: str, source: str, train: pd.DataFrame, sample: pd.DataFrame, metric: str | None) -> Target:
    """How to predict submission column `column` from train.csv's column `source`."""
    values = train[source]
    numbers = _numeric(values)
    sample_numbers = _numeric(sample[column])
    if numbers is None:
        if _is_token_sequence(values):
            return Target("text", (column,), (source,))
        positive = _binary_positive(values)
        if positive is not None and sample_numbers is not None and sample_numbers.between(0, 1).all():
            return Target("probability", (column,), (source,), positive=positive)  # e.g. "yes"/"no" -> P(yes)
        return Target("label", (column,), (source,))

    distinct = np.unique(numbers.to_numpy())
    if len(distinct) == 2 and set(distinct) <= {0.0, 1.0}:
        fractional_sample = sample_numbers is not None and (sample_numbers != sample_numbers.round()).any()
        if fractional_sample or metric in ("auc", "log_loss"):
            return Target("probability", (column,), (source,), positive=_binary_positive(values.astype(str)) or "1")
        return Target("label", (column,), (source,))
    is_integer = bool(np.all(distinct == np.round(distinct)))
    if is_integer and len(distinct) <= 30 and metric not in ("rmse", "rmse_log", "mae"):
        return Target("label", (column,), (source,))  # a few whole numbers and no regression metric: classes
    positive_skewed = bool((numbers > 0).all() and numbers.skew() > 0.75)
    return Target("number", (column,), (source,), log=bool((numbers > 0).all() and (metric == "rmse_log" or positive_skewed)))


def _train_column(column: str, train: pd.DataFrame, test_columns: set[str]) -> str | None:
    """The train.csv column holding submission column `column`: same name, else same name ignoring case."""
    if column in train.columns:
        return column
    matches = [c for c in train.columns if c.lower() == column.lower() and c not in test_columns]
    return matches[0] if len(matches) == 1 else None


def _id_column(sample: pd.DataFrame, test_columns: set[str]) -> str:
    """The sample submission column that names a test row: usually its first column.

    Some submissions have no id and instead repeat the test rows' own fields
    (e.g. `Insult,Date,Comment`, rows matched by the comment). When the test
    table lacks the first column but shares others with the sample, the
    shared column with the most distinct values names the rows.
    """
    first = sample.columns[0]
    shared = [c for c in sample.columns if c in test_columns]
    if first in test_columns or not shared:
        return first
    return max(shared, key=lambda c: sample[c].nunique())


def _targets(train: pd.DataFrame, test_columns: set[str], sample: pd.DataFrame, id_column: str, metric: str | None) -> tuple[list[Target], list[str]]:
    notes: list[str] = []
    copied = [c for c in sample.columns if c != id_column and c in test_columns]
    if copied:
        notes.append(f"{', '.join(copied)} also in the test table: copied from the sample submission, not predicted")
    columns = [c for c in sample.columns if c != id_column and c not in test_columns]
    if len(columns) > 1:
        label_column = _label_column_for(columns, train, exclude={id_column} | test_columns)
        if label_column is not None:
            return [Target("probabilities", tuple(columns), (label_column,), classes=tuple(columns))], notes
        if all(c in train.columns for c in columns) and _sums_to_one(sample, columns):
            return [Target("probabilities", tuple(columns), tuple(columns), classes=tuple(columns))], notes
    targets = []
    for column in columns:
        source = _train_column(column, train, test_columns)
        if source is None:
            notes.append(f"{column!r} is not in train.csv: keeping the sample submission's values")
            continue
        targets.append(_column_target(column, source, train, sample, metric))
    return targets, notes


def find_images(folder: Path) -> dict[str, Path]:
    """Image files under `folder` by name without suffix (and by full name)."""
    found: dict[str, Path] = {}
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
                found.setdefault(path.stem, path)
                found.setdefault(path.name, path)
    return found


def _has_images(folder: Path) -> bool:
    return folder.is_dir() and any(p.suffix.lower() in IMAGE_SUFFIXES for p in folder.iterdir())


def image_archive(data_dir: Path, split: str) -> Path | None:
    """`<split>.zip` when it holds images (Kaggle often ships an image folder zipped), else None."""
    archive = Path(data_dir) / f"{split}.zip"
    if not zipfile.is_zipfile(archive):
        return None
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()[:100]
    return archive if any(Path(name).suffix.lower() in IMAGE_SUFFIXES for name in names) else None


def has_images(data_dir: Path, split: str) -> bool:
    """Whether the split's images are in the data folder, as `<split>/` or `<split>.zip`."""
    return _has_images(Path(data_dir) / split) or image_archive(data_dir, split) is not None


def detect_task(data_dir: Path) -> Task:
    """The task in `data_dir`, from the sample submission, the files beside it and the description."""
    data_dir = Path(data_dir)
    description_path = data_dir / "description.md"
    description = description_path.read_text(encoding="utf-8", errors="replace") if description_path.exists() else ""
    metric = metric_hint(description)
    sample = read_sample(data_dir)

    if _has_images(data_dir / "train") and _has_images(data_dir / "train_cleaned"):
        id_column = sample.columns[0]
        value_columns = tuple(c for c in sample.columns if c != id_column)
        return Task("denoise", id_column, (Target("number", value_columns, value_columns),), metric)

    # No test table is fine (e.g. test images named by the sample submission's ids).
    test_columns = set(read_table(data_dir, "test", nrows=5).columns) if table_path(data_dir, "test") else set()
    id_column = _id_column(sample, test_columns)
    train = read_table(data_dir, "train", id_column, nrows=DETECTION_ROWS)
    targets, notes = _targets(train, test_columns, sample, id_column, metric)
    if not targets:
        raise ValueError("no submission column can be learned from the training table")
    target_sources = {c for t in targets for c in t.source}
    # The row key is a feature too when it is prose (rows named by their own text).
    id_is_text = id_column in train.columns and _is_free_text(train[id_column])
    features = [
        c for c in train.columns
        if (c != id_column or id_is_text) and c not in target_sources and (not test_columns or c in test_columns)
    ]

    if has_images(data_dir, "train"):
        return Task("image", id_column, tuple(targets), metric, notes=tuple(notes))
    if (data_dir / "train_series.csv").exists():
        return Task("signal", id_column, tuple(targets), metric, notes=tuple(notes))
    if any(t.kind == "text" for t in targets):
        text_inputs = [c for c in features if _numeric(train[c]) is None]
        if not text_inputs:
            raise ValueError("the submission asks for text but train.csv has no text input column")
        return Task("seq2seq", id_column, tuple(targets), metric, input_column=text_inputs[0], notes=tuple(notes))
    text_columns = tuple(c for c in features if c.lower() == "text" or _is_free_text(train[c]))
    if text_columns:
        return Task("text", id_column, tuple(targets), metric, text_columns=text_columns, notes=tuple(notes))
    return Task("tabular", id_column, tuple(targets), metric, notes=tuple(notes))
