"""MLE-bench competitions on real Kaggle data: random-acts-of-pizza,
nomad2018-predict-transparent-conductors, leaf-classification.

Each is prepared once per module from the verified raw files in
`../shared/kaggle-raw/<id>` and checked against MLE-bench: every prepared file
has MLE-bench's md5 (so the split is byte-identical), the other files MLE-bench
writes (zips, geometry files, images) are there, the TOML's checksums and
thresholds are those of `../shared/mlebench`, and grading gives MLE-bench's
scores: the best value for the answers, the constant predictor's value for the
sample submission (worked out here independently), and invalid for what
MLE-bench's grader refuses.
"""

from __future__ import annotations

import json
import math
import zipfile

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.competitions import load_competition
from pytest_mlebench.data import prepared as data
from pytest_mlebench.errors import InvalidSubmission
from tests.support.mlebench_support import COMPETITIONS_DIR, md5, prepared_fixtures, read_checksums_yaml

PIZZA = "random-acts-of-pizza"
NOMAD = "nomad2018-predict-transparent-conductors"
LEAF = "leaf-classification"
IDS = [PIZZA, NOMAD, LEAF]
NOMAD_TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]

pytestmark = pytest.mark.slow


prepared_all, prepared = prepared_fixtures(IDS)


# ---- the facts in competition.toml ------------------------------------------------------------


@pytest.mark.parametrize("competition_id", IDS)
def test_checksums_table_is_mlebench_s(shared_dir, competition_id):
    competition = load_competition(COMPETITIONS_DIR / competition_id)
    table, zip_md5 = read_checksums_yaml(shared_dir / "mlebench" / "checksums" / f"{competition_id}.yaml")
    assert len(table) == 4
    assert competition.data.checksums == table
    assert competition.data.zip_md5 == zip_md5


# ---- preparation: byte-identical to MLE-bench ------------------------------------------------


def test_every_prepared_file_has_mlebench_smd5(prepared):
    for relative, expected in prepared.competition.data.checksums.items():
        assert md5(prepared.root / relative) == expected, relative
    data.verify_checksums(prepared.competition, prepared.root)  # the harness's own check agrees


def test_pizza_ships_zipped_copies_and_hides_the_outcome(prepared_all):
    pizza = prepared_all[PIZZA]
    for name in ("train", "test"):
        with zipfile.ZipFile(pizza.public / f"{name}.zip") as archive:
            assert archive.namelist() == [f"{name}.json"]
            assert archive.read(f"{name}.json") == (pizza.public / f"{name}.json").read_bytes()
    test = json.loads((pizza.public / "test.json").read_text())
    kaggle_test_fields = set(json.loads((pizza.raw / "test.json").read_text())[0])
    assert all(set(request) == kaggle_test_fields for request in test)
    assert "requester_received_pizza" not in kaggle_test_fields
    assert [r["request_id"] for r in test] == pizza.answers()["request_id"].tolist()


def test_nomad_geometry_follows_each_material_to_its_new_id(prepared_all):
    nomad = prepared_all[NOMAD]
    train = pd.read_csv(nomad.public / "train.csv")
    test = nomad.answers()  # the test materials with their targets, ids as in public/test.csv
    assert test["id"].tolist() == pd.read_csv(nomad.public / "test.csv")["id"].tolist()
    assert sorted(int(p.name) for p in (nomad.public / "train").iterdir()) == list(range(1, len(train) + 1))
    assert sorted(int(p.name) for p in (nomad.public / "test").iterdir()) == list(range(1, len(test) + 1))
    # Find each material's Kaggle id(s) by its full row, independently of prepare.py's bookkeeping
    # (a few Kaggle materials share every column, so a row may have more than one candidate).
    with zipfile.ZipFile(nomad.raw / "train.csv.zip") as archive, archive.open("train.csv") as handle:
        kaggle = pd.read_csv(handle, float_precision="round_trip")
    columns = [c for c in kaggle.columns if c != "id"]
    kaggle_ids_of: dict[tuple, list[int]] = {}
    for _, row in kaggle.iterrows():
        kaggle_ids_of.setdefault(tuple(row[columns]), []).append(int(row["id"]))
    with zipfile.ZipFile(nomad.raw / "train.zip") as archive:
        for part, frame in (("train", train), ("test", test)):
            for _, row in frame.iloc[:: max(1, len(frame) // 25)].iterrows():
                copied = (nomad.public / part / str(int(row["id"])) / "geometry.xyz").read_bytes()
                candidates = [archive.read(f"train/{i}/geometry.xyz") for i in kaggle_ids_of[tuple(row[columns])]]
                assert copied in candidates, (part, row["id"])


def test_leaf_images_cover_train_and_test_and_private_images_is_empty(prepared_all):
    leaf = prepared_all[LEAF]
    ids = [*pd.read_csv(leaf.public / "train.csv")["id"], *pd.read_csv(leaf.public / "test.csv")["id"]]
    assert sorted(p.name for p in (leaf.public / "images").iterdir()) == sorted(f"{i}.jpg" for i in ids)
    with zipfile.ZipFile(leaf.raw / "images.zip") as archive:
        assert (leaf.public / "images" / f"{ids[-1]}.jpg").read_bytes() == archive.read(f"images/{ids[-1]}.jpg")
    assert (leaf.private / "images").is_dir() and not any((leaf.private / "images").iterdir())


@pytest.mark.parametrize("competition_id, sample", [(PIZZA, "sampleSubmission.csv"), (NOMAD, "sample_submission.csv")])
def test_description_shows_the_real_first_submission_lines(prepared_all, competition_id, sample):
    prepared = prepared_all[competition_id]
    first_lines = (prepared.public / sample).read_text().splitlines()[:3]
    assert "\n".join(first_lines) in prepared.competition.description_path.read_text()


# ---- grading: the answers, the sample submission, and what is invalid ------------------------


def test_pizza_answers_score_one_and_constant_sample_scores_half(prepared_all, tmp_path):
    pizza = prepared_all[PIZZA]
    answers = pizza.answers()
    assert pizza.score(answers.sample(frac=1, random_state=1), tmp_path / "a.csv") == 1.0
    sample = pd.read_csv(pizza.public / "sampleSubmission.csv")
    assert sample["requester_received_pizza"].nunique() == 1  # a constant ranks nothing: AUC exactly 0.5
    assert pizza.score(sample, tmp_path / "s.csv") == 0.5
    flipped = answers.assign(requester_received_pizza=1 - answers["requester_received_pizza"])
    assert pizza.score(flipped, tmp_path / "f.csv") == 0.0


@pytest.mark.parametrize(
    "spoil, reason",
    [
        (lambda s: s.drop(columns=["request_id"]), "request_id"),
        (lambda s: s.drop(columns=["requester_received_pizza"]), "requester_received_pizza"),
        (lambda s: s.iloc[1:], "missing"),
        (lambda s: pd.concat([s, s.iloc[:1]]), "duplicate"),
        (lambda s: s.assign(request_id=s["request_id"].where(s.index != 0, "t3_nosuch")), "missing"),
        (lambda s: s.assign(requester_received_pizza=1.5), "between 0 and 1"),
        (lambda s: s.assign(requester_received_pizza=-0.1), "between 0 and 1"),
        (lambda s: s.assign(requester_received_pizza="yes"), "finite numbers"),
        (lambda s: s.assign(requester_received_pizza=np.where(s.index == 3, np.nan, 0.5)), "finite numbers"),
    ],
)
def test_pizza_invalid_submissions(prepared_all, tmp_path, spoil, reason):
    pizza = prepared_all[PIZZA]
    sample = pd.read_csv(pizza.public / "sampleSubmission.csv")
    with pytest.raises(InvalidSubmission, match=reason):
        pizza.score(spoil(sample), tmp_path / "bad.csv")


def _rmsle(truth: np.ndarray, predicted: np.ndarray) -> float:
    return math.sqrt(float(np.mean((np.log(1 + predicted) - np.log(1 + truth)) ** 2)))


def test_nomad_answers_score_zero_and_sample_scores_the_constants_rmsle(prepared_all, tmp_path):
    nomad = prepared_all[NOMAD]
    answers = nomad.answers()
    assert nomad.score(answers[["id", *NOMAD_TARGETS]], tmp_path / "a.csv") == 0.0
    sample = pd.read_csv(nomad.public / "sample_submission.csv")
    expected = np.mean([
        _rmsle(answers["formation_energy_ev_natom"].to_numpy(), np.full(len(answers), 0.1779)),
        _rmsle(answers["bandgap_energy_ev"].to_numpy(), np.full(len(answers), 1.8892)),
    ])
    assert nomad.score(sample, tmp_path / "s.csv") == round(expected, 5)
    assert 0.1 < expected < 1.0


def test_nomad_matches_rows_by_position_not_by_id(prepared_all, tmp_path):
    """MLE-bench ignores the id column: relabelled ids change nothing, reordered rows change the score."""
    nomad = prepared_all[NOMAD]
    answers = nomad.answers()[["id", *NOMAD_TARGETS]]
    relabelled = answers.assign(id=answers["id"][::-1].to_numpy())
    assert nomad.score(relabelled, tmp_path / "r.csv") == 0.0
    reordered = answers.iloc[::-1]
    assert nomad.score(reordered, tmp_path / "o.csv") > 0.1


@pytest.mark.parametrize(
    "spoil, reason",
    [
        (lambda s: s.drop(columns=["bandgap_energy_ev"]), "missing column"),
        (lambda s: s.iloc[1:], "expected 240 rows"),
        (lambda s: pd.concat([s, s.iloc[:1]]), "expected 240 rows"),
        (lambda s: s.assign(formation_energy_ev_natom=-0.01), "must not be negative"),
        (lambda s: s.assign(bandgap_energy_ev=np.where(s.index == 5, np.nan, 1.0)), "finite numbers"),
        (lambda s: s.assign(bandgap_energy_ev="high"), "finite numbers"),
    ],
)
def test_nomad_invalid_submissions(prepared_all, tmp_path, spoil, reason):
    nomad = prepared_all[NOMAD]
    sample = pd.read_csv(nomad.public / "sample_submission.csv")
    with pytest.raises(InvalidSubmission, match=reason):
        nomad.score(spoil(sample), tmp_path / "bad.csv")


def test_leaf_answers_score_zero_and_uniform_sample_scores_log_99(prepared_all, tmp_path):
    leaf = prepared_all[LEAF]
    answers = leaf.answers()
    assert answers.shape == (99, 100)
    assert leaf.score(answers.sample(frac=1, random_state=2), tmp_path / "a.csv") == 0.0
    sample = pd.read_csv(leaf.public / "sample_submission.csv")
    assert leaf.score(sample, tmp_path / "s.csv") == round(math.log(99), 5)


def test_leaf_log_loss_clips_without_renormalising(prepared_all, tmp_path):
    """A row off by 1e-6 is accepted and scored as given; a zero on the true species costs -log(eps)."""
    leaf = prepared_all[LEAF]
    answers = leaf.answers()
    species = [c for c in answers.columns if c != "id"]
    almost = answers.astype({c: float for c in species})
    truth = answers[species].to_numpy().argmax(axis=1)
    first_true = species[truth[0]]
    almost.loc[0, first_true] = 0.5
    other = species[(truth[0] + 1) % len(species)]
    almost.loc[0, other] = 0.5  # row 0 now splits its mass: costs log(2) / 99
    almost.loc[1, species] = 1 / 99 + 1e-8  # sums to 1 + ~1e-6: accepted, not renormalised
    expected = (math.log(2) - math.log(1 / 99 + 1e-8) - 97 * math.log1p(-np.finfo(float).eps)) / len(answers)
    # Unrounded, straight from grade.py: renormalising row 1 would move the loss by ~1e-8.
    unrounded = leaf.competition.code("grade").grade(almost, answers)
    assert unrounded == pytest.approx(expected, rel=1e-12, abs=0)
    assert leaf.score(almost, tmp_path / "a.csv") == round(expected, 5)
    wrong = answers.copy()
    wrong[species] = np.roll(answers[species].to_numpy(), 1, axis=1)  # every leaf confidently wrong
    assert leaf.score(wrong, tmp_path / "w.csv") == round(-math.log(np.finfo(float).eps), 5)


@pytest.mark.parametrize(
    "spoil, reason",
    [
        (lambda s: pd.concat([s, pd.Series(0, index=s.index, name="extra")], axis=1), "unexpected"),
        (lambda s: s.drop(columns=["Acer_Mono"]), "missing"),
        (lambda s: s.drop(columns=["id"]), "missing"),
        (lambda s: s.iloc[1:], "expected 99 rows"),
        (lambda s: s.assign(Acer_Mono=s["Acer_Mono"] + 0.01), "sum to 1"),
        (lambda s: s.assign(Acer_Mono=s["Acer_Mono"] - 0.02, Acer_Opalus=s["Acer_Opalus"] + 0.02), "between 0 and 1"),
        (lambda s: s.assign(Acer_Mono=np.where(s.index == 0, np.nan, s["Acer_Mono"])), "finite numbers"),
        (lambda s: s.assign(id=s["id"].where(s.index != 0, s["id"].iloc[1])), "ids must be exactly"),
        (lambda s: s.assign(id=s["id"] + 100000), "ids must be exactly"),
    ],
)
def test_leaf_invalid_submissions(prepared_all, tmp_path, spoil, reason):
    leaf = prepared_all[LEAF]
    sample = pd.read_csv(leaf.public / "sample_submission.csv")
    with pytest.raises(InvalidSubmission, match=reason):
        leaf.score(spoil(sample), tmp_path / "bad.csv")
