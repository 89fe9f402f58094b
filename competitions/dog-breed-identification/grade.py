"""Dog Breed Identification: 120-class log loss of one-hot answers, graded as MLE-bench grades it.

MLE-bench's rules: a column for each of the 120 breeds and an `id` column (other
columns are ignored); exactly one row per test image; each row's breed
probabilities summing to 1 (numpy's `isclose` with atol 1e-6, so within about
1.1e-5); every probability in [0, 1]; the ids exactly those of the answers.
The score is scikit-learn's `log_loss`: probabilities clipped to [eps, 1 - eps]
(eps of float64), rows not renormalised.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmission
from pytest_mlebench.grading.checks import align_by_id, as_numbers
from pytest_mlebench.grading.recipes import check_rows_and_columns
from pytest_mlebench.metrics import one_hot_log_loss

ID = "id"
# The 120 breeds in Kaggle's column order (alphabetical), the columns of a submission.
BREEDS = """
affenpinscher afghan_hound african_hunting_dog airedale american_staffordshire_terrier appenzeller
australian_terrier basenji basset beagle bedlington_terrier bernese_mountain_dog black-and-tan_coonhound
blenheim_spaniel bloodhound bluetick border_collie border_terrier borzoi boston_bull bouvier_des_flandres
boxer brabancon_griffon briard brittany_spaniel bull_mastiff cairn cardigan chesapeake_bay_retriever
chihuahua chow clumber cocker_spaniel collie curly-coated_retriever dandie_dinmont dhole dingo doberman
english_foxhound english_setter english_springer entlebucher eskimo_dog flat-coated_retriever
french_bulldog german_shepherd german_short-haired_pointer giant_schnauzer golden_retriever gordon_setter
great_dane great_pyrenees greater_swiss_mountain_dog groenendael ibizan_hound irish_setter irish_terrier
irish_water_spaniel irish_wolfhound italian_greyhound japanese_spaniel keeshond kelpie kerry_blue_terrier
komondor kuvasz labrador_retriever lakeland_terrier leonberg lhasa malamute malinois maltese_dog
mexican_hairless miniature_pinscher miniature_poodle miniature_schnauzer newfoundland norfolk_terrier
norwegian_elkhound norwich_terrier old_english_sheepdog otterhound papillon pekinese pembroke pomeranian
pug redbone rhodesian_ridgeback rottweiler saint_bernard saluki samoyed schipperke scotch_terrier
scottish_deerhound sealyham_terrier shetland_sheepdog shih-tzu siberian_husky silky_terrier
soft-coated_wheaten_terrier staffordshire_bullterrier standard_poodle standard_schnauzer sussex_spaniel
tibetan_mastiff tibetan_terrier toy_poodle toy_terrier vizsla walker_hound weimaraner
welsh_springer_spaniel west_highland_white_terrier whippet wire-haired_fox_terrier yorkshire_terrier
""".split()
assert len(BREEDS) == 120 and BREEDS == sorted(BREEDS)


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    check_rows_and_columns(submission, answers, BREEDS + [ID], unit="test image")
    probabilities = as_numbers(submission, BREEDS)
    sums = probabilities.sum(axis=1)
    off = np.flatnonzero(~np.isclose(sums, 1, atol=1e-6))
    if len(off):
        raise InvalidSubmission(
            f"each row's 120 breed probabilities must sum to 1 (within about 1e-5); "
            f"{len(off)} row(s) do not (row {off[0] + 1} sums to {sums[off[0]]:.8g})"
        )
    if ((probabilities < 0) | (probabilities > 1)).any():
        raise InvalidSubmission("every breed probability must lie between 0 and 1")
    aligned = align_by_id(submission, answers, ID)
    return one_hot_log_loss(answers[BREEDS].to_numpy(), as_numbers(aligned, BREEDS))
