"""RSNA 2022 Cervical Spine Fracture: weighted multi-label log loss, as MLE-bench grades it.

A submission has one row per (study, label): `row_id` is `<StudyInstanceUID>_<label>`
with label one of patient_overall, C1, ..., C7, and `fractured` is the
probability of a fracture. MLE-bench's rules: columns `row_id` and `fractured`
(others are ignored); every `fractured` in [0, 1] and none missing; the row_ids
exactly those of the answers (same count, same values once sorted). The rows
are then put back into one row of 8 labels per study, and each study's loss is
the weighted mean of the 8 binary log losses (clipped at 1e-15) with the
competition's weights: patient_overall 7 if negative, 14 if positive; each
vertebra 1 if negative, 2 if positive. The score is the mean over studies.
"""

from __future__ import annotations

import pandas as pd

from pytest_mlebench.grading.recipes import numbers_by_id
from pytest_mlebench.metrics import weighted_multilabel_log_loss

ID, TARGET = "row_id", "fractured"
LABELS = ["patient_overall", "C1", "C2", "C3", "C4", "C5", "C6", "C7"]
NEGATIVE_WEIGHTS = [7, 1, 1, 1, 1, 1, 1, 1]
POSITIVE_WEIGHTS = [14, 2, 2, 2, 2, 2, 2, 2]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predicted = numbers_by_id(submission, answers, ID, [TARGET], unit="label of a test study, 8 per study",
                              probabilities=True)[:, 0]

    # Back to one row per study (sorted by study) and one column per label, as MLE-bench does.
    study, label = answers[ID].str.split("_", n=1, expand=True).T.to_numpy()
    long = pd.DataFrame({"study": study, "label": label, "truth": answers[TARGET].to_numpy(), "predicted": predicted})
    wide = long.pivot(index="study", columns="label", values=["truth", "predicted"]).sort_index()
    return weighted_multilabel_log_loss(
        wide["truth"][LABELS].to_numpy(), wide["predicted"][LABELS].to_numpy(), POSITIVE_WEIGHTS, NEGATIVE_WEIGHTS
    )
