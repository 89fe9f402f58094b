"""The built-in agents: `dummy` copies the sample submission, `baseline` learns from the public data.

Agents run as the harness runs them: `python -m pytest_mlebench.agents.builtin.<name>`
in a subprocess that sees only the MLEBENCH_* variables and the public folder.
Synthetic datasets written here in the starter layout keep the fast tests fast;
the slow test prepares every starter competition and grades the baseline.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from sklearn.metrics import log_loss, roc_auc_score

from pytest_mlebench.agents.builtin import baseline
from pytest_mlebench.agents.builtin.contract import AgentEnv
from pytest_mlebench.agents.builtin.detect import detect_task, metric_hint, read_json_records
from pytest_mlebench.agents.builtin.tabular import RARE, PoolRareLevels
from pytest_mlebench.competitions import load_competition
from pytest_mlebench.grading.grade import score_submission
from tests.support.paths import REPO

COMPETITIONS = REPO / "competitions"


# --- helpers ---------------------------------------------------------------------------------


def write_public(folder: Path, train: pd.DataFrame, test: pd.DataFrame, sample: pd.DataFrame, description: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    train.to_csv(folder / "train.csv", index=False)
    test.to_csv(folder / "test.csv", index=False)
    sample.to_csv(folder / "sample_submission.csv", index=False)
    (folder / "description.md").write_text(description)
    return folder


def agent_env(public: Path, tmp_path: Path, time_limit: float = 120) -> dict[str, str]:
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    pythonpath = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "PYTHONPATH": pythonpath,
        "MLEBENCH_COMPETITION_ID": "synthetic",
        "MLEBENCH_DATA_DIR": str(public),
        "MLEBENCH_SUBMISSION_PATH": str(tmp_path / "submission" / "submission.csv"),
        "MLEBENCH_WORK_DIR": str(work),
        "MLEBENCH_TIME_LIMIT": str(time_limit),
        "MLEBENCH_INSTRUCTIONS": str(tmp_path / "instructions.txt"),
    }


def run_agent(name: str, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", f"pytest_mlebench.agents.builtin.{name}"],
        cwd=env["MLEBENCH_WORK_DIR"], env=env, capture_output=True, text=True, timeout=timeout,
    )


def read_submission(env: dict[str, str]) -> pd.DataFrame:
    return pd.read_csv(env["MLEBENCH_SUBMISSION_PATH"], dtype={"id": str})


def ids(prefix: str, n: int, start: int = 0) -> list[str]:
    return [f"{prefix}{i:04d}" for i in range(start, start + n)]


def churn_like(n: int, seed: int) -> pd.DataFrame:
    """A binary target driven by two numbers and a category, with noise."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "colour": rng.choice(["red", "green", "blue"], n)})
    logit = 3 * frame["x1"] - 2 * frame["x2"] + 2 * (frame["colour"] == "red") - 1
    frame["left"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return frame


# --- dummy -----------------------------------------------------------------------------------


def test_dummy_copies_the_sample_submission(tmp_path):
    sample = pd.DataFrame({"id": ["007", "010"], "target": [0.5, 0.5]})
    public = write_public(tmp_path / "public", sample, sample[["id"]], sample)
    env = agent_env(public, tmp_path)
    result = run_agent("dummy", env)
    assert result.returncode == 0, result.stderr
    assert Path(env["MLEBENCH_SUBMISSION_PATH"]).read_bytes() == (public / "sample_submission.csv").read_bytes()


def test_dummy_fails_clearly_without_a_sample_submission(tmp_path):
    public = tmp_path / "public"
    public.mkdir()
    env = agent_env(public, tmp_path)
    result = run_agent("dummy", env)
    assert result.returncode != 0
    assert "sample_submission.csv" in result.stderr
    assert not Path(env["MLEBENCH_SUBMISSION_PATH"]).exists()


def test_dummy_fails_clearly_outside_the_harness(tmp_path):
    env = {k: v for k, v in agent_env(tmp_path, tmp_path).items() if k != "MLEBENCH_DATA_DIR"}
    result = run_agent("dummy", env)
    assert result.returncode != 0
    assert "MLEBENCH_DATA_DIR" in result.stderr


# --- baseline, end to end on synthetic data --------------------------------------------------


def test_baseline_beats_a_constant_on_tabular_classification(tmp_path):
    data = churn_like(1000, seed=1)
    data.insert(0, "id", ids("c", len(data)))
    train, test = data.iloc[:800], data.iloc[800:]
    sample = pd.DataFrame({"id": test["id"], "left": 0.5})
    public = write_public(tmp_path / "public", train, test.drop(columns="left"), sample, "## Metric\n\nArea under the ROC curve.\n")
    env = agent_env(public, tmp_path)

    result = run_agent("baseline", env)

    assert result.returncode == 0, result.stderr
    assert "family: tabular" in result.stdout and "holdout auc" in result.stdout
    submission = read_submission(env)
    assert list(submission.columns) == ["id", "left"]
    assert submission["id"].tolist() == test["id"].tolist()
    assert submission["left"].between(0, 1).all()
    assert roc_auc_score(test["left"], submission["left"]) > 0.8  # a constant scores 0.5
    assert (Path(env["MLEBENCH_WORK_DIR"]) / "baseline_report.json").exists()


def test_baseline_beats_a_constant_on_skewed_regression(tmp_path):
    rng = np.random.default_rng(2)
    n = 600
    data = pd.DataFrame({"id": ids("h", n), "area": rng.uniform(50, 300, n), "zone": rng.choice(["a", "b", "c"], n)})
    data["price"] = np.exp(10 + data["area"] / 100 + 0.4 * (data["zone"] == "a") + rng.normal(0, 0.1, n)).round()
    train, test = data.iloc[:480], data.iloc[480:]
    median = train["price"].median()
    sample = pd.DataFrame({"id": test["id"], "price": median})
    public = write_public(tmp_path / "public", train, test.drop(columns="price"), sample, "Scored by RMSE between the logarithms.")
    env = agent_env(public, tmp_path)

    result = run_agent("baseline", env)

    assert result.returncode == 0, result.stderr
    assert "fit on log scale" in result.stdout
    submission = read_submission(env)
    assert submission["id"].tolist() == test["id"].tolist() and (submission["price"] > 0).all()

    def rmse_log(predicted):
        return float(np.sqrt(np.mean((np.log(predicted) - np.log(test["price"].to_numpy())) ** 2)))

    assert rmse_log(submission["price"].to_numpy()) < 0.5 * rmse_log(np.full(len(test), median))


def test_baseline_class_probabilities_sum_to_one_and_beat_uniform(tmp_path):
    rng = np.random.default_rng(3)
    n = 500
    x = rng.normal(size=(n, 2))
    label = np.array(["north", "east", "south"])[np.argmax(np.c_[x[:, 0], x[:, 1], -x[:, 0] - x[:, 1]] + rng.normal(0, 0.5, (n, 3)), axis=1)]
    data = pd.DataFrame({"id": ids("r", n), "a": x[:, 0], "b": x[:, 1], "side": label})
    train, test = data.iloc[:400], data.iloc[400:]
    sample = pd.DataFrame({"id": test["id"], "east": 1 / 3, "north": 1 / 3, "south": 1 / 3})
    public = write_public(tmp_path / "public", train, test.drop(columns="side"), sample, "Multi-class log loss.")
    env = AgentEnv.from_environ(agent_env(public, tmp_path, time_limit=60))

    baseline.run(env)

    submission = pd.read_csv(env.submission_path, dtype={"id": str})
    probabilities = submission[["east", "north", "south"]].to_numpy()
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-4)
    assert log_loss(test["side"], probabilities, labels=["east", "north", "south"]) < 0.8 * np.log(3)


def test_baseline_falls_back_to_the_sample_submission_loudly(tmp_path):
    sample = pd.DataFrame({"id": ids("x", 3), "target": 0.5})
    public = write_public(tmp_path / "public", sample, sample[["id"]], sample)
    (public / "train.csv").write_text('id,target\n"x0000,0.1\n')  # unreadable: an unterminated quote
    env = agent_env(public, tmp_path)

    result = run_agent("baseline", env)

    assert result.returncode == 0, result.stderr
    assert "FALLBACK" in result.stdout
    assert Path(env["MLEBENCH_SUBMISSION_PATH"]).read_bytes() == (public / "sample_submission.csv").read_bytes()


# --- task detection on tiny folders of each layout -------------------------------------------


def tiny_public(tmp_path: Path, train: pd.DataFrame, test: pd.DataFrame, sample: pd.DataFrame, description: str = "") -> Path:
    return write_public(tmp_path / "public", train, test, sample, description)


def test_detects_binary_probability_label_and_classes(tmp_path):
    data = churn_like(60, seed=4)
    data.insert(0, "id", ids("c", 60))
    test = data[["id", "x1", "x2", "colour"]].iloc[:5]

    probability = detect_task(tiny_public(tmp_path / "p", data, test, test[["id"]].assign(left=0.5)))
    assert (probability.family, probability.targets[0].kind, probability.targets[0].positive) == ("tabular", "probability", "1")

    label = detect_task(tiny_public(tmp_path / "l", data, test, test[["id"]].assign(left=0), "Scored by accuracy."))
    assert label.targets[0].kind == "label" and label.metric == "accuracy"

    data["size"] = np.where(data["x1"] > 0.5, "big", np.where(data["x1"] < -0.5, "small", "mid"))
    sample = test[["id"]].assign(big=1 / 3, mid=1 / 3, small=1 / 3)
    classes = detect_task(tiny_public(tmp_path / "c", data, test, sample)).targets[0]
    assert (classes.kind, classes.source, classes.classes) == ("probabilities", ("size",), ("big", "mid", "small"))

    onehot = data.drop(columns="size").join(pd.get_dummies(data["size"]).astype(int))
    from_columns = detect_task(tiny_public(tmp_path / "o", onehot, test, sample)).targets[0]
    assert (from_columns.kind, from_columns.source) == ("probabilities", ("big", "mid", "small"))


def test_detects_regression_and_when_to_fit_logs(tmp_path):
    rng = np.random.default_rng(5)
    data = pd.DataFrame({"id": ids("h", 80), "x": rng.normal(size=80)})
    data["price"] = np.exp(rng.normal(11, 0.8, 80)).round()
    data["delta"] = rng.normal(0, 3, 80)
    test = data[["id", "x"]].iloc[:5]
    price = detect_task(tiny_public(tmp_path / "a", data.drop(columns="delta"), test, test[["id"]].assign(price=60000)))
    delta = detect_task(tiny_public(tmp_path / "b", data.drop(columns="price"), test, test[["id"]].assign(delta=0.0)))
    assert (price.targets[0].kind, price.targets[0].log) == ("number", True)
    assert (delta.targets[0].kind, delta.targets[0].log) == ("number", False)


def test_detects_a_text_task(tmp_path):
    words = ["great", "awful", "service", "food", "slow", "friendly", "cold", "tasty", "again", "never"]
    rng = np.random.default_rng(6)
    text = [" ".join(rng.choice(words, 8)) for _ in range(50)]
    data = pd.DataFrame({"id": ids("t", 50), "text": text, "stars": rng.integers(1, 3, 50).astype(str)})
    data["stars"] = np.where(data["stars"] == "1", "low", "high")
    task = detect_task(tiny_public(tmp_path, data, data[["id", "text"]], data[["id"]].assign(stars="low")))
    assert task.family == "text" and task.text_columns == ("text",) and task.targets[0].kind == "label"


def test_detects_images_by_their_folder(tmp_path):
    data = pd.DataFrame({"id": ids("d", 6), "label": [0, 1, 2, 0, 1, 2]})
    public = tiny_public(tmp_path, data, data[["id"]], data[["id"]].assign(label=0), "Accuracy.")
    for split in ("train", "test"):
        (public / split).mkdir()
        for image_id in data["id"]:
            Image.fromarray(np.zeros((8, 8), dtype=np.uint8)).save(public / split / f"{image_id}.png")
    task = detect_task(public)
    assert (task.family, task.targets[0].kind) == ("image", "label")


def test_detects_long_format_signals(tmp_path):
    data = pd.DataFrame({"id": ids("u", 4), "speaker": ["1", "2", "1", "2"]})
    public = tiny_public(tmp_path, data, data[["id"]], data[["id"]].assign(speaker="1"), "Accuracy.")
    series = pd.DataFrame({"id": np.repeat(data["id"], 3), "t": [0, 1, 2] * 4, "c01": np.arange(12.0)})
    series.to_csv(public / "train_series.csv", index=False)
    series.to_csv(public / "test_series.csv", index=False)
    assert detect_task(public).family == "signal"


def test_detects_image_denoising(tmp_path):
    sample = pd.DataFrame({"id": [f"p1_{r}_{c}" for r in (1, 2) for c in (1, 2)], "value": 0.5})
    public = tiny_public(tmp_path, sample, sample[["id"]], sample)
    for folder in ("train", "train_cleaned", "test"):
        (public / folder).mkdir()
        Image.fromarray(np.zeros((2, 2), dtype=np.uint8)).save(public / folder / ("p1.png" if folder == "test" else "p0.png"))
    task = detect_task(public)
    assert task.family == "denoise" and task.targets[0].columns == ("value",)


def test_detects_seq2seq_from_token_outputs(tmp_path):
    words = ["cat", "dog", "bird", "fish", "horse", "mouse", "lion", "bear"]
    phonemes = ["K AE T", "D AO G", "B ER D", "F IH SH", "HH AO R S", "M AW S", "L AY AH N", "B EH R"]
    data = pd.DataFrame({"id": ids("w", 8), "word": words, "phonemes": phonemes})
    task = detect_task(tiny_public(tmp_path, data, data[["id", "word"]], data[["id"]].assign(phonemes="AH")))
    assert (task.family, task.input_column, task.targets[0].kind) == ("seq2seq", "word", "text")


def test_matches_target_columns_ignoring_case(tmp_path):
    data = pd.DataFrame({"id": ids("k", 40), "x": np.arange(40.0), "Label": [str(i % 3) for i in range(40)]})
    task = detect_task(tiny_public(tmp_path, data, data[["id", "x"]], data[["id"]].assign(label="0"), "Accuracy"))
    assert (task.targets[0].columns, task.targets[0].source, task.targets[0].kind) == (("label",), ("Label",), "label")


def zipped_images(archive: Path, images: dict[str, np.ndarray]) -> None:
    """Images at the top of a zip archive, named as the ids are (`<id>.png`), as Kaggle ships them."""
    with zipfile.ZipFile(archive, "w") as opened:
        for name, pixels in images.items():
            path = archive.parent / name
            Image.fromarray(pixels).save(path)
            opened.write(path, arcname=name)
            path.unlink()


def test_images_in_zip_archives_without_a_test_table(tmp_path):
    """train.zip/test.zip of images; the test images are named only by the sample submission."""
    rng = np.random.default_rng(7)
    n = 120
    label = rng.integers(0, 2, n)
    names = [f"{i:04d}.png" for i in range(n)]
    pictures = {}
    for name, y in zip(names, label):
        picture = rng.integers(0, 90, (8, 8, 3)).astype(np.uint8)
        picture[:, :, 1 if y else 0] += 150  # green when positive, red when not
        pictures[name] = picture
    public = tmp_path / "public"
    public.mkdir()
    train = pd.DataFrame({"id": names[:90], "has_it": label[:90]})
    train.to_csv(public / "train.csv", index=False)
    pd.DataFrame({"id": names[90:], "has_it": 0.5}).to_csv(public / "sample_submission.csv", index=False)
    (public / "description.md").write_text("## Evaluation\nArea under the ROC curve.\n")
    zipped_images(public / "train.zip", {n_: pictures[n_] for n_ in names[:90]})
    zipped_images(public / "test.zip", {n_: pictures[n_] for n_ in names[90:]})

    task = detect_task(public)
    assert (task.family, task.id_column, task.targets[0].kind) == ("image", "id", "probability")

    env = AgentEnv.from_environ(agent_env(public, tmp_path, time_limit=60))
    baseline.run(env)
    submission = pd.read_csv(env.submission_path, dtype={"id": str})
    assert submission["id"].tolist() == names[90:]
    assert roc_auc_score(label[90:], submission["has_it"]) > 0.9
    assert sorted(p.name for p in public.iterdir()) == ["description.md", "sample_submission.csv", "test.zip", "train.csv", "train.zip"]
    assert not (env.work_dir / "unpacked").exists()  # unpacked in the work dir, and removed after the run


def test_json_records_and_a_differently_spelled_sample_submission(tmp_path):
    """train.json/test.json lists of records; fields only in train.json (outcomes) must not be used."""
    rng = np.random.default_rng(8)
    n = 300
    records = []
    for i in range(n):
        score = float(rng.normal())
        got = bool(rng.random() < 1 / (1 + np.exp(-3 * score)))
        records.append({
            "request_id": f"r{i:04d}", "score": score, "tags": list(rng.choice(["a", "b", "c"], 2)),
            "title": " ".join(rng.choice(["please", "help", "pizza", "hungry", "broke"], 5)),
            "votes_at_retrieval": int(got) * 10, "received": got,
        })
    train, test = records[:240], records[240:]
    public = tmp_path / "public"
    public.mkdir()
    (public / "train.json").write_text(json.dumps(train))
    test_fields = ("request_id", "score", "tags", "title")
    (public / "test.json").write_text(json.dumps([{k: r[k] for k in test_fields} for r in test]))
    pd.DataFrame({"request_id": [r["request_id"] for r in test], "received": 0}).to_csv(public / "sampleSubmission.csv", index=False)
    (public / "description.md").write_text("Scored on the area under the ROC curve.")

    table = read_json_records(public / "train.json")
    assert table["received"].isin([0, 1]).all() and table["tags"].iloc[0].count(" ") == 1  # booleans as 0/1, lists as words
    task = detect_task(public)
    assert (task.id_column, task.targets[0].kind, task.targets[0].positive) == ("request_id", "probability", "1")

    env = AgentEnv.from_environ(agent_env(public, tmp_path, time_limit=60))
    report = baseline.run(env)
    submission = pd.read_csv(env.submission_path, dtype={"request_id": str})
    assert "fallback" not in report
    assert submission["request_id"].tolist() == [r["request_id"] for r in test]
    assert roc_auc_score([r["received"] for r in test], submission["received"]) > 0.75


def test_sample_submission_that_repeats_the_test_rows_text(tmp_path):
    """No id column: the sample is `Insult,Date,Comment`, rows named by the comment, which is also the input."""
    rng = np.random.default_rng(9)
    rude, plain = ["idiot", "moron", "loser"], ["thanks", "agree", "point", "good", "read", "article", "today", "vote"]
    rows = []
    for i in range(300):
        insult = int(rng.random() < 0.3)
        words = list(rng.choice(plain, 6)) + ([str(rng.choice(rude))] if insult else [])
        rows.append({"Insult": insult, "Date": "" if i % 3 else f"201206{10 + i % 20}120000Z", "Comment": f'"{" ".join(words)} #{i}"'})
    data = pd.DataFrame(rows)
    train, test = data.iloc[:240], data.iloc[240:]
    public = tmp_path / "public"
    public.mkdir()
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns="Insult").to_csv(public / "test.csv", index=False)
    test.assign(Insult=0).to_csv(public / "sample_submission_null.csv", index=False)
    (public / "description.md").write_text("## Metric\nArea under the ROC curve.")

    task = detect_task(public)
    assert (task.family, task.id_column, task.text_columns) == ("text", "Comment", ("Comment",))
    assert [t.columns for t in task.targets] == [("Insult",)]  # Date is copied back, not predicted

    env = AgentEnv.from_environ(agent_env(public, tmp_path, time_limit=60))
    baseline.run(env)
    submission = pd.read_csv(env.submission_path, dtype=str, keep_default_na=False)
    sample = pd.read_csv(public / "sample_submission_null.csv", dtype=str, keep_default_na=False)
    assert submission[["Date", "Comment"]].equals(sample[["Date", "Comment"]])
    assert roc_auc_score(test["Insult"], submission["Insult"].astype(float)) > 0.9


def test_rare_category_levels_are_pooled_with_unseen_ones():
    train = pd.DataFrame({"giver": ["N/A"] * 20 + ["ann", "bob"]})
    pool = PoolRareLevels(min_count=10).fit(train)
    assert pool.transform(pd.DataFrame({"giver": ["N/A", "ann", "zoe"]}))["giver"].tolist() == ["N/A", RARE, RARE]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("## Metric\n\nRoot mean squared error between the logarithms of the price.", "rmse_log"),
        ("## Evaluation\nSubmissions are scored on the area under the ROC curve.", "auc"),
        ("## Metric\nMulti-class log loss.\n## Submission\nAccuracy matters too.", "log_loss"),
        ("## Metric\nToken error rate: edit distance over tokens.", "error_rate"),
        ("## Metric\nRMSE between your values and the clean pixels.", "rmse"),
        ("Nothing about scoring here.", None),
    ],
)
def test_metric_hint_reads_the_metric_section(text, expected):
    assert metric_hint(text) == expected


# --- every starter competition, prepared for real ---------------------------------------------


def starter_competitions() -> list[str]:
    return sorted(
        p.name for p in COMPETITIONS.glob("starter-*")
        if (p / "competition.toml").exists() and (p / "prepare.py").exists() and (p / "description.md").exists()
    )


@pytest.mark.slow
@pytest.mark.parametrize("competition_id", starter_competitions())
def test_baseline_beats_the_sample_submission_on_starter(competition_id, tmp_path):
    competition = load_competition(COMPETITIONS / competition_id)
    public, private = tmp_path / "public", tmp_path / "private"
    competition.code("prepare").prepare(None, public, private)
    shutil.copy(competition.description_path, public / "description.md")
    env = agent_env(public, tmp_path, time_limit=competition.time_limit)

    started = time.monotonic()
    result = run_agent("baseline", env, timeout=competition.time_limit)
    seconds = time.monotonic() - started

    assert result.returncode == 0, result.stderr
    assert "FALLBACK" not in result.stdout, result.stdout
    agent = score_submission(competition, Path(env["MLEBENCH_SUBMISSION_PATH"]), private)
    constant = score_submission(competition, public / "sample_submission.csv", private)
    print(f"{competition_id}: baseline {agent} vs sample {constant} in {seconds:.0f}s")
    assert (agent < constant) if competition.grading.lower_is_better else (agent > constant)
