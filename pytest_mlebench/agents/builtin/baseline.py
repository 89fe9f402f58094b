"""The baseline agent: a small, honest scikit-learn solution for any task in the usual layout.

It reads only the public data folder. `detect.detect_task` works out the
task family from the files (tables, text, images, signals, denoising,
seq2seq) and the sample submission; a family-specific feature step and a
few candidate models follow, chosen on a holdout split. Everything it
decides and every validation score goes to stdout, the agent log.

It never leaves the run without a submission: the sample submission is
written first, and replaced only by a prediction that passes the same
checks a grader makes. Any failure is logged loudly and the sample stays.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from pytest_mlebench.agents.builtin import denoise, images, seq2seq, signals, tabular
from pytest_mlebench.agents.builtin.contract import (
    AgentEnv,
    ContractError,
    copy_sample_submission,
    fail,
)
from pytest_mlebench.agents.builtin.detect import (
    Task,
    detect_task,
    find_images,
    read_sample,
    read_table,
    table_path,
)
from pytest_mlebench.agents.builtin.modeling import (
    Clock,
    encode_target,
    fit_predict,
    log,
    to_submission_values,
)

BUDGET_SHARE = 0.5  # of the harness time limit: the rest is slack for slow disks and refits


def _row_cap(time_limit: float, per_second: int, low: int, high: int) -> int:
    """How many training rows a model may use, growing with the time allowed."""
    return int(min(high, max(low, time_limit * per_second)))


def _fit_targets(task: Task, train: pd.DataFrame, x_train, x_test, make_candidates, clock: Clock, seed: int, max_rows: int, report: dict) -> dict[str, np.ndarray]:
    """Fit and predict every target of the task on one feature table."""
    values: dict[str, np.ndarray] = {}
    for target in task.targets:
        encoded = encode_target(target, train)
        log(f"target {target.describe()}: {len(encoded.rows):,} training rows")
        if len(encoded.rows) == 0:
            raise ValueError(f"no training row has a value for {', '.join(target.source)}")
        x = x_train.iloc[encoded.rows] if isinstance(x_train, pd.DataFrame) else x_train[encoded.rows]
        candidates = make_candidates(encoded.is_classification)
        scores, fitted = fit_predict(encoded, x, x_test, candidates, clock, task.metric, seed, max_rows)
        report[", ".join(target.columns)] = fitted
        values.update(to_submission_values(encoded, scores))
    return values


def _test_ids(test: pd.DataFrame, sample: pd.DataFrame, id_column: str) -> pd.Series:
    """The ids of the test rows; when test.csv has no id column, the sample's ids in row order."""
    if id_column in test.columns:
        return test[id_column]
    if len(test) == len(sample):
        log(f"test.csv has no {id_column!r} column: assuming its rows are in the sample submission's order")
        return sample[id_column]
    raise ValueError(f"test.csv has no {id_column!r} column and not as many rows as the sample submission")


def _label_sources(task: Task) -> list[str]:
    return [c for t in task.targets if t.kind != "number" for c in t.source]


def solve_table(task: Task, data_dir: Path, env: AgentEnv, clock: Clock, sample: pd.DataFrame, report: dict):
    train = read_table(data_dir, "train", task.id_column, text_columns=_label_sources(task))
    test = read_table(data_dir, "test", task.id_column)
    sources = {c for t in task.targets for c in t.source}
    # Only columns the test table has: training-only fields (outcomes, later counts) would leak.
    # The id is a feature only when detection found it is prose (rows named by their text).
    features = [
        c for c in train.columns
        if (c != task.id_column or c in task.text_columns) and c not in sources and c in test.columns
    ]
    groups = tabular.split_columns(train, features, task.text_columns)
    for name, columns in groups.items():
        if columns:
            log(f"{name} columns ({len(columns)}): {', '.join(columns[:12])}{' ...' if len(columns) > 12 else ''}")
    x_train, x_test = tabular.prepare_frame(train, groups), tabular.prepare_frame(test, groups)
    family_candidates = tabular.text_candidates if task.family == "text" else tabular.tabular_candidates

    def make_candidates(classify: bool):
        return family_candidates(groups, classify, env.seed)

    max_rows = _row_cap(env.time_limit, 100, 20_000, 500_000)
    test_ids = _test_ids(test, sample, task.id_column)
    return test_ids, _fit_targets(task, train, x_train, x_test, make_candidates, clock, env.seed, max_rows, report)


def _image_paths(folder: Path, ids: pd.Series) -> list[Path]:
    found = find_images(folder)
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValueError(f"{len(missing)} id(s) have no image in {folder.name}/, e.g. {missing[0]!r}")
    return [found[i] for i in ids]


def solve_images(task: Task, data_dir: Path, env: AgentEnv, clock: Clock, sample: pd.DataFrame, report: dict):
    train = read_table(data_dir, "train", task.id_column, text_columns=_label_sources(task))
    if table_path(data_dir, "test"):
        test = read_table(data_dir, "test", task.id_column)
    else:
        log(f"no test table: the test images are the sample submission's {task.id_column!r} values")
        test = sample[[task.id_column]]
    max_images = _row_cap(env.time_limit, 20, 2_000, 30_000)
    if len(train) > max_images:
        log(f"using a random {max_images:,} of {len(train):,} training images")
        train = train.sample(max_images, random_state=env.seed).sort_index()
    train_paths = _image_paths(images.image_folder(data_dir, "train", env.work_dir), train[task.id_column])
    test_paths = _image_paths(images.image_folder(data_dir, "test", env.work_dir), test[task.id_column])
    shape, colour = images.choose_shape(train_paths)
    log(f"images: {len(train_paths):,} train, {len(test_paths):,} test, read as {shape[0]}x{shape[1]} {'RGB' if colour else 'grey'}")
    x_train, x_test = images.pixels(train_paths, shape, colour), images.pixels(test_paths, shape, colour)

    def make_candidates(classify: bool):
        return images.image_candidates(x_train.shape[1], len(x_train), classify, env.seed)

    return test[task.id_column], _fit_targets(task, train.reset_index(drop=True), x_train, x_test, make_candidates, clock, env.seed, max_images, report)


def solve_signals(task: Task, data_dir: Path, env: AgentEnv, clock: Clock, sample: pd.DataFrame, report: dict):
    train = read_table(data_dir, "train", task.id_column, text_columns=_label_sources(task))
    test = read_table(data_dir, "test", task.id_column)
    x_train, channels = signals.series_features(data_dir / "train_series.csv", task.id_column, train[task.id_column])
    x_test, _ = signals.series_features(data_dir / "test_series.csv", task.id_column, test[task.id_column])
    log(f"series: {len(channels)} channel(s) ({', '.join(channels[:8])}{' ...' if len(channels) > 8 else ''}), {x_train.shape[1]} features per series")

    def make_candidates(classify: bool):
        return signals.signal_candidates(classify, env.seed)

    max_rows = _row_cap(env.time_limit, 100, 20_000, 200_000)
    return test[task.id_column], _fit_targets(task, train, x_train, x_test, make_candidates, clock, env.seed, max_rows, report)


def solve_seq2seq(task: Task, data_dir: Path, env: AgentEnv, clock: Clock, sample: pd.DataFrame, report: dict):
    columns = [task.input_column] + [c for t in task.targets for c in t.source]
    train = read_table(data_dir, "train", task.id_column, text_columns=columns)
    test = read_table(data_dir, "test", task.id_column, text_columns=[task.input_column])
    values = {}
    for target in task.targets:
        log(f"target {target.describe()} from {task.input_column}")
        if target.kind == "text":
            values[target.columns[0]] = seq2seq.solve(train, test, task.input_column, target.source[0], clock, env.seed)
        else:
            raise ValueError(f"seq2seq task with a {target.kind} column {target.columns[0]!r} is not supported")
    return test[task.id_column], values


def solve_denoise(task: Task, data_dir: Path, env: AgentEnv, clock: Clock, sample: pd.DataFrame, report: dict):
    column = task.targets[0].columns[0]
    return sample[task.id_column], denoise.solve(data_dir, sample, task.id_column, column, clock, env.seed)


# Each solver returns the test ids and, per submission column, the predictions in that id order.
SOLVERS = {
    "tabular": solve_table,
    "text": solve_table,
    "image": solve_images,
    "signal": solve_signals,
    "seq2seq": solve_seq2seq,
    "denoise": solve_denoise,
}


def _format(values: np.ndarray) -> pd.Series:
    values = np.asarray(values)
    if values.dtype.kind in "fc":
        return pd.Series([f"{v:.8g}" for v in values.astype(float)])
    return pd.Series(values.astype(str))


def build_submission(sample: pd.DataFrame, id_column: str, test_ids: pd.Series, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """The sample submission with predicted columns filled in, matched by id."""
    submission = sample.copy()
    ids = submission[id_column].astype(str)
    for column, column_values in values.items():
        predicted = pd.Series(_format(column_values).to_numpy(), index=pd.Index(test_ids.astype(str)))
        predicted = predicted[~predicted.index.duplicated()]
        filled = ids.map(predicted)
        if filled.isna().any():
            log(f"WARNING: {int(filled.isna().sum())} id(s) have no prediction for {column!r}; keeping the sample's values there")
        submission[column] = filled.fillna(submission[column]).to_numpy()
    return submission


def check_submission(submission: pd.DataFrame, sample: pd.DataFrame, task: Task) -> None:
    """Refuse to replace the sample with anything a grader would reject."""
    if list(submission.columns) != list(sample.columns) or len(submission) != len(sample):
        raise ValueError("submission shape differs from the sample submission")
    if not submission[task.id_column].equals(sample[task.id_column]):
        raise ValueError("submission ids differ from the sample submission's")
    for target in task.targets:
        if target.kind in ("label", "text"):
            continue
        numbers = submission[list(target.columns)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(numbers).all():
            raise ValueError(f"non-finite predictions in {list(target.columns)}")
        if target.kind in ("probability", "probabilities") and ((numbers < 0) | (numbers > 1)).any():
            raise ValueError(f"probabilities outside [0, 1] in {list(target.columns)}")
        if target.kind == "probabilities" and not np.allclose(numbers.sum(axis=1), 1, atol=1e-4):
            raise ValueError("class probabilities do not sum to 1")


def write_atomically(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    frame.to_csv(temporary, index=False, lineterminator="\n")
    os.replace(temporary, path)


def run(env: AgentEnv) -> dict:
    """Detect, fit, predict and write the submission; returns a report of the run."""
    # One OpenMP/BLAS thread: on a busy machine (other agents, parallel tests) multi-threaded
    # gradient boosting was seen to run 50x slower, its threads waiting on each other.
    try:
        with threadpool_limits(limits=1):
            return _run(env)
    finally:
        # Unpacked image archives are a copy of public data: not worth keeping in the run's folder.
        shutil.rmtree(env.work_dir / images.UNPACKED, ignore_errors=True)


def _run(env: AgentEnv) -> dict:
    clock = Clock(BUDGET_SHARE * env.time_limit)
    data_dir = env.data_dir
    task = detect_task(data_dir)
    log("detected task:\n  " + task.describe().replace("\n", "\n  "))
    sample = read_sample(data_dir)
    report: dict = {"task": task.describe(), "models": {}}
    test_ids, values = SOLVERS[task.family](task, data_dir, env, clock, sample, report["models"])
    submission = build_submission(sample, task.id_column, test_ids, values)
    check_submission(submission, sample, task)
    write_atomically(submission, env.submission_path)
    report["seconds"] = round(clock.elapsed(), 1)
    log(f"wrote {len(submission):,} predictions to {env.submission_path} after {clock.elapsed():.1f}s")
    return report


def main() -> int:
    try:
        env = AgentEnv.from_environ()
    except ContractError as exc:
        return fail(f"baseline agent: {exc}")
    log(f"baseline agent on {env.competition_id}: data {env.data_dir}, time limit {env.time_limit:.0f}s, seed {env.seed}")
    has_sample = env.sample_submission.is_file()
    if has_sample:
        copy_sample_submission(env)  # a valid submission exists from the first second, whatever happens next
    try:
        report = run(env)
    except Exception as exc:
        traceback.print_exc(file=sys.stdout)
        if not has_sample:
            return fail(f"baseline agent failed ({type(exc).__name__}: {exc}) and there is no sample submission to fall back on")
        copy_sample_submission(env)
        banner = "!" * 72
        log(f"{banner}\nFALLBACK: the baseline failed (traceback above); submitting the sample submission unchanged\n{banner}")
        print(f"baseline agent: FALLBACK to the sample submission after {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        report = {"fallback": True, "error": f"{type(exc).__name__}: {exc}"}
    try:
        (env.work_dir / "baseline_report.json").write_text(json.dumps(report, indent=2, default=str))
    except OSError:
        pass  # the report is a convenience; the submission is what counts
    return 0


if __name__ == "__main__":
    sys.exit(main())
