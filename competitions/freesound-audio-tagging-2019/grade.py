"""Freesound Audio Tagging 2019: label-weighted label-ranking average precision (lwlrap).

MLE-bench's rules: as many rows as the answers; `fname` as the first column and
then exactly the 80 class columns in the order of the sample submission
(Kaggle's alphabetical order); the same file names as the answers once both
are sorted (every test clip exactly once, any order). Scores must be numbers
(text anywhere fails MLE-bench's grader; so do blanks, NaN and infinity on a
clip with a true label, while on a clip without one they are left out with the
clip, as MLE-bench's lwlrap leaves such clips out); they are not clipped
and need not be probabilities, only their order within a row counts. The score
is scikit-learn's LRAP weighted by each clip's number of true labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import align_by_id, as_numbers
from pytest_mlebench.metrics import lwlrap

ID = "fname"
CLASSES = [
    "Accelerating_and_revving_and_vroom", "Accordion", "Acoustic_guitar", "Applause", "Bark", "Bass_drum",
    "Bass_guitar", "Bathtub_(filling_or_washing)", "Bicycle_bell", "Burping_and_eructation", "Bus", "Buzz",
    "Car_passing_by", "Cheering", "Chewing_and_mastication", "Child_speech_and_kid_speaking",
    "Chink_and_clink", "Chirp_and_tweet", "Church_bell", "Clapping", "Computer_keyboard", "Crackle",
    "Cricket", "Crowd", "Cupboard_open_or_close", "Cutlery_and_silverware", "Dishes_and_pots_and_pans",
    "Drawer_open_or_close", "Drip", "Electric_guitar", "Fart", "Female_singing",
    "Female_speech_and_woman_speaking", "Fill_(with_liquid)", "Finger_snapping", "Frying_(food)", "Gasp",
    "Glockenspiel", "Gong", "Gurgling", "Harmonica", "Hi-hat", "Hiss", "Keys_jangling", "Knock",
    "Male_singing", "Male_speech_and_man_speaking", "Marimba_and_xylophone", "Mechanical_fan", "Meow",
    "Microwave_oven", "Motorcycle", "Printer", "Purr", "Race_car_and_auto_racing", "Raindrop", "Run",
    "Scissors", "Screaming", "Shatter", "Sigh", "Sink_(filling_or_washing)", "Skateboard", "Slam", "Sneeze",
    "Squeak", "Stream", "Strum", "Tap", "Tick-tock", "Toilet_flush", "Traffic_noise_and_roadway_noise",
    "Trickle_and_dribble", "Walk_and_footsteps", "Water_tap_and_faucet", "Waves_and_surf", "Whispering",
    "Writing", "Yell", "Zipper_(clothing)",
]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmission(f"expected {len(answers):,} rows (one per test clip), got {len(submission):,}")
    if list(submission.columns[:1]) != [ID]:
        raise InvalidSubmission(f"the first column must be {ID!r}; the submission starts with {list(submission.columns[:1])}")
    if list(submission.columns[1:]) != CLASSES:
        raise InvalidSubmission(
            f"after {ID!r} the columns must be the {len(CLASSES)} class names in the sample submission's order "
            f"(got {len(submission.columns) - 1} columns, starting {list(submission.columns[1:4])})"
        )
    aligned = align_by_id(submission, answers, ID)
    truth = answers[CLASSES].to_numpy(dtype=float)
    try:
        values = aligned[CLASSES].apply(pd.to_numeric).to_numpy(dtype=float)
    except (ValueError, TypeError):
        as_numbers(aligned, CLASSES)  # raises, naming the first cell that is not a number
        raise InvalidSubmission("every score must be a number") from None
    scored = (truth > 0).any(axis=1)  # clips without a true label are left out of lwlrap, scores and all
    bad = ~np.isfinite(values) & scored[:, None]
    if bad.any():
        row, column = map(int, np.argwhere(bad)[0])
        raise InvalidSubmission(
            f"column {CLASSES[column]!r} must hold finite numbers; the clip {aligned[ID].iloc[row]!r} has "
            f"{values[row, column]} ({int(bad.sum())} bad value(s) on clips that are scored)")
    return lwlrap(truth[scored], values[scored])
