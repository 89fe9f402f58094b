"""Competitions whose answers no column recipe fits: one row per box, per vote, per week, per class.

Each `build(rng)` returns (answers, perfect submission) in MLE-bench's layout (what its
prepare.py writes and what its grader expects a gold submission to be); the Spec's
targets still say which submission columns hold predictions, and of what kind, so the
shared recipes of cases.py can break them.
"""

from __future__ import annotations

import random

from .schema import Binary, Ids, Real, Rle, Spec, Table, Tokens, one

ID = "id"


def repeated_ids(rng: random.Random, n: int) -> list[int]:
    """hms: an eeg_id repeats over its sub-windows, and test.csv keeps them apart."""
    base = rng.sample(range(10**8, 4 * 10**9), n // 2 + 1)
    ids = [base[i // 2] if i % 3 else base[-1 - i // 3] for i in range(n)]
    rng.shuffle(ids)
    return ids


# ---------------------------------------------------------------- jigsaw unintended bias

IDENTITIES = ("male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
              "psychiatric_or_mental_illness")


def _jigsaw_bias(rng: random.Random):
    n = 24
    toxicity = [round(0.9 - 0.8 * (i % 2) + rng.uniform(-0.05, 0.05), 4) for i in range(n)]
    header = ["id", "comment_text", "toxicity", *IDENTITIES]
    rows = []
    for i in range(n):
        mentions = []
        for k in range(len(IDENTITIES)):
            inside = (i - 2 * k) % n < 4
            mentions.append(round(rng.uniform(0.5, 1), 3) if inside else (None if (i + k) % 7 == 0 else 0.0))
        rows.append([7000000 + i, f"comment, {i}", toxicity[i], *mentions])
    return Table(header, rows), Table(["id", "prediction"], [[7000000 + i, toxicity[i]] for i in range(n)])


JIGSAW_BIAS = Spec("jigsaw-unintended-bias-in-toxicity-classification", Ids("id"),
                   (one("prediction", Real(0, 1)),), build=_jigsaw_bias)


# ---------------------------------------------------------------- kuzushiji


def _characters(rng: random.Random) -> list[tuple[str, int, int, int, int]]:
    return [(rng.choice(["U+3042", "U+3044", "U+304F"]), 20 * k, rng.randrange(0, 50), 10, 12) for k in range(rng.randint(1, 3))]


def _kuzushiji(rng: random.Random):
    ids = [f"umgy{rng.randrange(1000, 9999)}-{i:03d}" for i in range(8)]
    pages = [_characters(rng) if i % 4 != 3 else [] for i in range(8)]
    answers = [[p, " ".join(f"{c} {x} {y} {w} {h}" for c, x, y, w, h in page) or None] for p, page in zip(ids, pages)]
    perfect = [[p, " ".join(f"{c} {x + w // 2} {y + h // 2}" for c, x, y, w, h in page) or None] for p, page in zip(ids, pages)]
    return Table(["image_id", "labels"], answers), Table(["image_id", "labels"], perfect)


KUZUSHIJI = Spec("kuzushiji-recognition", Ids("image_id"),
                 (one("labels", Tokens(lambda rng, i: " ".join(f"U+3042 {rng.randrange(60)} {rng.randrange(60)}" for _ in range(2)),
                                       sample_value=None, bad={"wrong_count": "U+3042 5", "text_coordinates": "U+3042 x 5"})),),
                 build=_kuzushiji)


# ---------------------------------------------------------------- osic


def _osic(rng: random.Random):
    header = ["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus", "Patient_Week", "Confidence"]
    answers, perfect = [], []
    for p in range(3):
        patient = f"ID00{rng.randrange(10**15):015d}"
        for week in range(-3, 5):
            measured = week in (-3, 0, 1, 2, 4) and not (p == 2 and week > 0)
            fvc = rng.randrange(1500, 4000) if measured else None
            answers.append([patient, week, fvc, 70.5 if measured else None, 60 if measured else None,
                            "Male" if measured else None, "Ex-smoker" if measured else None, f"{patient}_{week}", 100])
            perfect.append([f"{patient}_{week}", fvc if measured else 2500, 100])
    return Table(header, answers), Table(["Patient_Week", "FVC", "Confidence"], perfect)


OSIC = Spec("osic-pulmonary-fibrosis-progression", Ids("Patient_Week"),
            (one("FVC", Real(1500, 4000, 0)), one("Confidence", Real(70, 400, 0))), build=_osic,
            skipped=lambda row: row["FVC"] is None)


# ---------------------------------------------------------------- rsna cervical spine

SPINE_TYPES = ("patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7")


def _spine(rng: random.Random):
    answers, perfect = [], []
    for s in range(3):
        study = f"1.2.826.0.1.3680043.{rng.randrange(10**5)}"
        for k, kind in enumerate(SPINE_TYPES):
            fractured = int((s + k) % 3 == 0)
            answers.append([study, kind, fractured, f"{study}_{kind}"])
            perfect.append([f"{study}_{kind}", fractured])
    return (Table(["StudyInstanceUID", "prediction_type", "fractured", "row_id"], answers),
            Table(["row_id", "fractured"], perfect))


SPINE = Spec("rsna-2022-cervical-spine-fracture-detection", Ids("row_id"), (one("fractured", Binary()),), build=_spine)


# ---------------------------------------------------------------- siim covid


def _siim_string(rng: random.Random, i: int) -> str:
    if i % 2 == 0:
        return f"{rng.choice(['negative', 'typical', 'indeterminate', 'atypical'])} 1 0 0 1 1"
    if i % 3 == 0:
        return "none 1 0 0 1 1"
    boxes = []
    for _ in range(rng.randint(1, 2)):
        x, y = rng.randrange(0, 2000), rng.randrange(0, 2000)
        boxes.append(f"opacity {rng.choice([1, 0.8])} {x} {y} {x + rng.randrange(200, 900)} {y + rng.randrange(200, 900)}")
    return " ".join(boxes)


def _siim(rng: random.Random):
    ids = [f"{rng.getrandbits(48):012x}_{'study' if i % 2 == 0 else 'image'}" for i in range(10)]
    rows = [[identifier, _siim_string(rng, i)] for i, identifier in enumerate(ids)]
    return Table(["id", "PredictionString"], rows), Table(["id", "PredictionString"], [list(r) for r in rows])


SIIM_COVID = Spec("siim-covid19-detection", Ids("id"),
                  (one("PredictionString", Tokens(_siim_string, sample_value="negative 1 0 0 1 1",
                                                  bad={"boxes_wrong_count": "opacity 0.5 1 2", "boxes_text": "opacity x 0 0 1 1"})),),
                  build=_siim)


# ---------------------------------------------------------------- smartphone decimeter


def _phone(rng: random.Random):
    rows = []
    for trip in ("2021-04-29-US-MTV-2/Pixel4", "2022-01-04-US-LAX-1/SamsungS20Ultra"):
        for k in range(5):
            rows.append([trip, 1619733000000 + 1000 * k, round(37.4 + rng.uniform(-0.01, 0.01), 7),
                         round(-122.1 + rng.uniform(-0.01, 0.01), 7)])
    header = ["tripId", "UnixTimeMillis", "LatitudeDegrees", "LongitudeDegrees"]
    return Table(header, rows), Table(header, [list(r) for r in rows])


SMARTPHONE = Spec("smartphone-decimeter-2022", Ids("tripId"),
                  (one("LatitudeDegrees", Real(37.39, 37.41, 7)), one("LongitudeDegrees", Real(-122.11, -122.09, 7))),
                  build=_phone)


# ---------------------------------------------------------------- stanford covid vaccine

COVID_TARGETS = ("reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C")


def _covid(rng: random.Random):
    answers, perfect = [], []
    for s in range(2):
        sequence = f"id_{rng.getrandbits(36):09x}"
        for position in range(6):
            keep = position < 4
            values = [round(rng.uniform(0, 3), 4) if keep else 0.0 for _ in COVID_TARGETS]
            answers.append([f"{sequence}_{position}", *values, keep])
            perfect.append([f"{sequence}_{position}", *values])
    return (Table(["id_seqpos", *COVID_TARGETS, "keep"], answers), Table(["id_seqpos", *COVID_TARGETS], perfect))


COVID = Spec("stanford-covid-vaccine", Ids("id_seqpos"), tuple(one(c, Real(0, 3, 4)) for c in COVID_TARGETS),
             build=_covid, skipped=lambda row: not row["keep"])


# ---------------------------------------------------------------- tensorflow2 question answering


def _tf2(rng: random.Random):
    answers, perfect = [], []
    for i in range(5):
        example = str(rng.randrange(-9 * 10**18, 9 * 10**18))  # prepare.py writes the ids as strings
        start = rng.randrange(0, 500)
        has_long = i % 4 != 3
        short = [{"start_token": start + 2, "end_token": start + 5}] if i % 2 == 0 and has_long else []
        yes_no = "YES" if i == 1 else "NONE"
        answers.append({"example_id": example, "question_text": "who wrote it, and when?", "annotations": [{
            "annotation_id": rng.getrandbits(40), "yes_no_answer": yes_no,
            "long_answer": {"start_token": start if has_long else -1, "end_token": start + 40 if has_long else -1,
                            "candidate_index": 0 if has_long else -1},
            "short_answers": short}]})
        perfect.append([f"{example}_long", f"{start}:{start + 40}" if has_long else None])
        perfect.append([f"{example}_short", f"{start + 2}:{start + 5}" if short else ("YES" if i == 1 else None)])
    return answers, Table(["example_id", "PredictionString"], perfect)


TF2QA = Spec("tensorflow2-question-answering", Ids("example_id"),
             (one("PredictionString", Tokens(lambda rng, i: f"{(s := rng.randrange(500))}:{s + rng.randrange(1, 50)}",
                                             sample_value=None, bad={"span_text": "x:y", "span_three_parts": "1:2:3",
                                                                     "yes_lowercase": "yes"})),),
             build=_tf2)


# ---------------------------------------------------------------- uw-madison gi tract

ORGANS = ("large_bowel", "small_bowel", "stomach")


def _uw(rng: random.Random):
    masks = Rle(8, 8)
    answers, perfect = [], []
    for day in (20, 22):
        for slice_number in (65, 66):
            for organ in ORGANS:
                identifier = f"case123_day{day}_slice_{slice_number:04d}"
                rle = masks.truth(rng, 4, 1)[rng.randrange(4)][0]
                answers.append([identifier, organ, rle, 8, 8])
                perfect.append([identifier, organ, rle])
    return (Table(["id", "class", "predicted", "image_height", "image_width"], answers),
            Table(["id", "class", "predicted"], perfect))


UW_MADISON = Spec("uw-madison-gi-tract-image-segmentation", Ids("id"), (one("predicted", Rle(8, 8)),), build=_uw)


# ---------------------------------------------------------------- vesuvius


def _vesuvius(rng: random.Random):
    masks = Rle(5, 6)
    rows = [[fragment, masks.truth(rng, 1, 1)[0][0], 6, 5] for fragment in ("a", "b")]
    return Table(["Id", "Predicted", "width", "height"], rows), Table(["Id", "Predicted"], [r[:2] for r in rows])


VESUVIUS = Spec("vesuvius-challenge-ink-detection", Ids("Id"), (one("Predicted", Rle(5, 6)),), build=_vesuvius)


# ---------------------------------------------------------------- vinbigdata


def _vin_boxes(rng: random.Random, i: int) -> str:
    if i % 3 == 2:
        return "14 1.0 0 0 1 1"
    x, y = rng.randrange(0, 1500), rng.randrange(0, 1500)
    return f"{rng.choice([0, 3, 8])} {rng.choice([1.0, 0.6])} {x} {y} {x + rng.randrange(50, 400)} {y + rng.randrange(50, 400)}"


def _vinbigdata(rng: random.Random):
    answers, perfect = [], []
    names = {0: "Aortic enlargement", 3: "Cardiomegaly", 8: "Nodule/Mass", 14: "No finding"}
    for i in range(6):
        image = f"{rng.getrandbits(128):032x}"
        boxes = [_vin_boxes(rng, i) for _ in range(1 if i % 3 == 2 else rng.randint(1, 2))]
        strings = []
        for box in boxes:
            cls, _, x0, y0, x1, y1 = box.split()
            answers.append([image, names[int(cls)], int(cls), "R9", float(x0), float(y0), float(x1), float(y1)])
            strings.append(f"{cls} 1.0 {x0} {y0} {x1} {y1}")
        perfect.append([image, " ".join(strings)])
    header = ["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"]
    return Table(header, answers), Table(["image_id", "PredictionString"], perfect)


VINBIGDATA = Spec("vinbigdata-chest-xray-abnormalities-detection", Ids("image_id"),
                  (one("PredictionString", Tokens(_vin_boxes, sample_value="14 1 0 0 1 1",
                                                  bad={"boxes_wrong_count": "0 0.5 1 2", "boxes_text": "0 x 1 2 3 4"})),),
                  build=_vinbigdata)
