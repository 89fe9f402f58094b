"""Starter competitions: MNIST digits, Japanese vowels, photo denoising, CMUdict G2P.

Each competition is prepared once per module (and once more to check that
preparing is deterministic); the tests then check what an agent would see in
public/, that grading accepts good submissions and refuses bad ones, and that
the reference solutions run.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from pytest_mlebench import metrics
from pytest_mlebench.competitions import load_competition
from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.grade import score_submission
from tests.competitions.reference_fields import committed_field, field_sample
from tests.support.paths import REPO

ROOT = REPO / "competitions"
MNIST, VOWELS, DENOISE, G2P = (
    "starter-mnist-digits",
    "starter-japanese-vowels",
    "starter-photo-denoising",
    "starter-cmudict-g2p",
)
COMPETITIONS = (MNIST, VOWELS, DENOISE, G2P)

# Cheap reference solutions to run in the fast suite: (competition, name).
QUICK_SOLUTIONS = {
    MNIST: ("kNN (k=1) on raw pixels", "random digit (seeded)"),
    VOWELS: ("RBF SVM on standardised per-channel statistics", "most frequent training speaker for every utterance"),
    DENOISE: ("median filter 3x3", "ridge regression on 3x3 neighbourhoods", "noisy image unchanged"),
    G2P: ("aligned letters, back-off up to 3+3, trained on 1,000 words", "hand-written phonics table, letter by letter"),
}


def prepare_into(competition_id: str, base: Path) -> Path:
    competition = load_competition(ROOT / competition_id)
    competition.code("prepare").prepare(None, base / "public", base / "private")
    return base


def file_hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def load_reference(competition_id: str):
    path = ROOT / competition_id / "reference.py"
    spec = importlib.util.spec_from_file_location(f"_reference_{competition_id.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Prepared:
    """A competition prepared into a temporary folder, with its files read once."""

    def __init__(self, competition_id: str, base: Path):
        self.competition = load_competition(ROOT / competition_id)
        self.base = base
        self.public, self.private = base / "public", base / "private"
        read = lambda p: pd.read_csv(p, dtype=str, keep_default_na=False)  # noqa: E731
        self.train = read(self.public / "train.csv")
        self.test = read(self.public / "test.csv")
        self.sample = read(self.public / "sample_submission.csv")
        self.answers = read(self.private / self.competition.grading.answers)

    @property
    def targets(self) -> list[str]:
        return list(self.competition.grading.target_columns)

    def score(self, frame: pd.DataFrame, tmp_path: Path) -> float:
        path = tmp_path / "submission.csv"
        frame.to_csv(path, index=False)
        return score_submission(self.competition, path, self.private)


@pytest.fixture(scope="module")
def prepared_dirs(tmp_path_factory) -> dict[str, Path]:
    """Each competition prepared once."""
    return {cid: prepare_into(cid, tmp_path_factory.mktemp(cid)) for cid in COMPETITIONS}


@pytest.fixture(scope="module", params=COMPETITIONS)
def prepared(request, prepared_dirs) -> Prepared:
    return Prepared(request.param, prepared_dirs[request.param])


# --- definitions and preparation -------------------------------------------------------------------


@pytest.mark.parametrize("competition_id", COMPETITIONS)
def test_definition_is_complete(competition_id):
    competition = load_competition(ROOT / competition_id)
    assert competition.sets == ("starter",)
    assert competition.time_limit == 900
    assert competition.grading.metric in metrics.METRICS
    assert competition.leaderboard.kind == "reference"
    for name in ("prepare.py", "reference.py", "description.md"):
        assert (ROOT / competition_id / name).is_file()
    text = competition.description_path.read_text(encoding="utf-8")
    assert "submission.csv" in text and all(column in text for column in competition.grading.target_columns)


def test_prepare_is_deterministic(prepared, prepared_dirs, tmp_path):
    competition_id = prepared.competition.id
    again = prepare_into(competition_id, tmp_path)
    for part in ("public", "private"):
        first, second = file_hashes(prepared.base / part), file_hashes(again / part)
        assert first, f"{part}/ is empty"
        assert first == second, f"{part}/ differs between two runs of prepare()"


def test_prepare_reads_no_description_or_answers_into_public(prepared):
    names = {p.name for p in prepared.public.iterdir()}
    assert {"train.csv", "test.csv", "sample_submission.csv"} <= names
    assert "description.md" not in names and "answers.csv" not in names
    answers_hash = hashlib.sha256((prepared.private / "answers.csv").read_bytes()).hexdigest()
    assert answers_hash not in file_hashes(prepared.public).values()


def test_public_files_follow_the_conventions(prepared):
    targets = prepared.targets
    assert prepared.train.columns[0] == "id" and prepared.test.columns[0] == "id"
    assert set(targets) <= set(prepared.train.columns)
    assert not set(targets) & set(prepared.test.columns), "test.csv must not hold the target"
    assert list(prepared.sample.columns) == ["id", *targets]
    assert list(prepared.answers.columns) == ["id", *targets]
    # one row per test id everywhere, the same ids, none shared with training
    assert prepared.test["id"].is_unique and prepared.train["id"].is_unique
    assert prepared.test["id"].tolist() == prepared.sample["id"].tolist() == prepared.answers["id"].tolist()
    assert not set(prepared.train["id"]) & set(prepared.test["id"])


def test_ids_say_nothing_about_labels(prepared):
    """Sorted by id, training labels must look shuffled, not grouped by class."""
    if prepared.competition.grading.kind != "label":
        pytest.skip("only label competitions have classes to leak")
    labels = prepared.train[prepared.targets[0]].to_numpy()
    changes = np.mean(labels[1:] != labels[:-1])
    assert changes > 0.6  # about 0.9 for 9-10 shuffled balanced classes; near 0 if grouped


# --- competition-specific layout -----------------------------------------------------------------


def test_mnist_images(prepared_dirs):
    p = Prepared(MNIST, prepared_dirs[MNIST])
    assert len(p.train) == 4000 and len(p.test) == 1000
    assert p.answers["label"].value_counts().eq(100).all()
    for folder, frame in (("train", p.train), ("test", p.test)):
        files = sorted(f.stem for f in (p.public / folder).glob("*.png"))
        assert files == sorted(frame["id"])
    image = np.asarray(Image.open(p.public / "test" / f"{p.test['id'].iloc[0]}.png"))
    assert image.shape == (28, 28) and image.dtype == np.uint8 and image.max() > 100


def test_vowels_series(prepared_dirs):
    p = Prepared(VOWELS, prepared_dirs[VOWELS])
    assert len(p.train) == 270 and len(p.test) == 370
    assert p.train["speaker"].value_counts().eq(30).all()
    for name, frame in (("train", p.train), ("test", p.test)):
        series = pd.read_csv(p.public / f"{name}_series.csv", dtype={"id": str})
        assert list(series.columns) == ["id", "t"] + [f"c{k:02d}" for k in range(1, 13)]
        assert sorted(series["id"].unique()) == sorted(frame["id"])
        lengths = series.groupby("id")["t"].agg(["min", "max", "count"])
        assert (lengths["min"] == 0).all() and (lengths["max"] + 1 == lengths["count"]).all()
        assert lengths["count"].between(7, 29).all()


def test_denoising_images_and_pixels(prepared_dirs):
    p = Prepared(DENOISE, prepared_dirs[DENOISE])
    train_images = sorted(f.stem for f in (p.public / "train").glob("*.png"))
    assert train_images == sorted(f.stem for f in (p.public / "train_cleaned").glob("*.png"))
    test_images = sorted(f.stem for f in (p.public / "test").glob("*.png"))
    assert not set(train_images) & set(test_images)
    # every pixel of every test image has exactly one id, 1-based
    expected = [f"{name}_{r}_{c}" for name in test_images for r in range(1, 65) for c in range(1, 65)]
    assert sorted(p.answers["id"]) == sorted(expected)
    # train.csv holds exactly the PNG contents
    first = train_images[0]
    rows = p.train[p.train["id"].str.startswith(first + "_")]
    clean = np.asarray(Image.open(p.public / "train_cleaned" / f"{first}.png"), dtype=float) / 255
    assert np.allclose(np.sort(rows["value"].astype(float)), np.sort(clean.ravel()), atol=6e-5)
    # answers are between 0 and 1, with real damage in the public test images
    values = p.answers["value"].astype(float)
    assert values.between(0, 1).all()
    noisy = p.test.set_index("id").loc[p.answers["id"], "noisy"].astype(float).to_numpy()
    assert metrics.rmse(values.to_numpy(), noisy) > 0.05


def test_g2p_words(prepared_dirs):
    p = Prepared(G2P, prepared_dirs[G2P])
    assert len(p.train) == 18_000 and len(p.test) == 2_000
    assert not set(p.train["word"]) & set(p.test["word"])
    assert p.test["word"].str.fullmatch(r"[a-z]{3,15}").all()
    phonemes = set(" ".join(pd.concat([p.train["phonemes"], p.answers["phonemes"]])).split())
    assert len(phonemes) == 39 and all(ph.isalpha() and ph.isupper() for ph in phonemes)


def test_g2p_keeps_the_first_pronunciation_without_stress():
    pronunciations = load_competition(ROOT / G2P).code("prepare").load_pronunciations()
    assert pronunciations["read"] == "R EH D"  # listed before R IY D
    assert pronunciations["tomato"] == "T AH M EY T OW"
    assert "mr" not in pronunciations and "o'clock" not in pronunciations


# --- grading -------------------------------------------------------------------------------------


def best_score(prepared: Prepared) -> float:
    return 0.0 if prepared.competition.grading.lower_is_better else 1.0


def test_sample_submission_is_valid_but_not_perfect(prepared, tmp_path):
    score = prepared.score(prepared.sample, tmp_path)
    assert np.isfinite(score) and score != best_score(prepared)


def test_perfect_submission_gets_the_best_score(prepared, tmp_path):
    shuffled = prepared.answers.sample(frac=1.0, random_state=0)  # order must not matter
    assert prepared.score(shuffled, tmp_path) == best_score(prepared)


def bad_submissions(p: Prepared) -> dict[str, pd.DataFrame]:
    """Submissions the grader must refuse, each broken in one way."""
    target = p.targets[0]
    good = p.answers.copy()
    cases = {
        "missing ids": good.iloc[: len(good) // 2],
        "duplicate id": pd.concat([good, good.iloc[:1]], ignore_index=True),
        "unknown id": pd.concat([good, pd.DataFrame({"id": ["nope"], target: [good[target].iloc[0]]})], ignore_index=True),
        "no target column": good[["id"]].assign(prediction=good[target]),
        "no id column": good[[target]],
    }
    kind = p.competition.grading.kind
    if kind == "label":
        cases["unknown label"] = good.assign(**{target: ["cat"] + good[target].tolist()[1:]})
    if kind == "number":
        cases["NaN value"] = good.assign(**{target: ["nan"] + good[target].tolist()[1:]})
        cases["text value"] = good.assign(**{target: ["bright"] + good[target].tolist()[1:]})
        cases["empty value"] = good.assign(**{target: [""] + good[target].tolist()[1:]})
    return cases


def test_bad_submissions_are_refused(prepared, tmp_path):
    for reason, frame in bad_submissions(prepared).items():
        with pytest.raises(InvalidSubmission):
            prepared.score(frame, tmp_path)
            pytest.fail(f"a submission with {reason} was accepted")


def test_g2p_scores_partial_credit_by_phoneme(prepared_dirs, tmp_path):
    """One wrong phoneme in one word costs 1 / (all reference phonemes)."""
    p = Prepared(G2P, prepared_dirs[G2P])
    submission = p.answers.copy()
    tokens = submission.loc[0, "phonemes"].split()
    submission.loc[0, "phonemes"] = " ".join(["ZH" if tokens[0] != "ZH" else "DH"] + tokens[1:])
    total = p.answers["phonemes"].str.split().str.len().sum()
    assert p.score(submission, tmp_path) == round(1 / total, 5)


# --- reference solutions ------------------------------------------------------------------------


@pytest.mark.parametrize("competition_id", COMPETITIONS)
def test_reference_field_is_large_and_varied(competition_id):
    solutions = load_reference(competition_id).SOLUTIONS
    assert len(solutions) >= 100  # a field of 100-249 teams, where Kaggle's gold is the top 10
    assert all(callable(f) for f in solutions.values())


def test_quick_reference_solutions_are_valid_and_deterministic(prepared, tmp_path):
    solutions = load_reference(prepared.competition.id).SOLUTIONS
    scores = []
    for name in QUICK_SOLUTIONS[prepared.competition.id]:
        first = solutions[name](prepared.public)
        pd.testing.assert_frame_equal(first, solutions[name](prepared.public))
        scores.append(prepared.score(first, tmp_path))
    assert len(set(scores)) == len(scores), f"quick solutions should score differently: {scores}"
    assert all(np.isfinite(scores))


@pytest.mark.parametrize("competition_id", COMPETITIONS)
def test_the_committed_field_is_every_solution_and_spreads_out(competition_id):
    """leaderboard.csv ranks exactly the solutions of reference.py: a solution invalid at build time
    would be missing."""
    board = committed_field(REPO / "competitions" / competition_id)
    assert sorted(board["solution"]) == sorted(load_reference(competition_id).SOLUTIONS)
    assert len(np.unique(board["score"])) >= min(30, len(board) // 2), "the field should spread out"


@pytest.mark.slow
def test_reference_solutions_are_valid(prepared, tmp_path):
    """A fixed sample of the field (all of it with MLEBENCH_WHOLE_FIELDS=1) still runs and scores."""
    solutions = load_reference(prepared.competition.id).SOLUTIONS
    scores = {}
    for name in field_sample(solutions):
        frame = solutions[name](prepared.public)
        scores[name] = prepared.score(frame, tmp_path)
    values = np.array(list(scores.values()))
    # Accuracy on a few hundred test items ties often (as on Kaggle's own accuracy leaderboards):
    # ask for 30 distinct scores rather than one per solution.
    assert len(np.unique(values)) >= min(30, len(values) // 2), "the field should spread out"
    best = values.min() if prepared.competition.grading.lower_is_better else values.max()
    assert best != best_score(prepared), "no reference solution should be perfect"
