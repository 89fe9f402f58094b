"""Plant seedlings classification: micro-averaged F1 of the predicted `species`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `file` and `species` present
(others are ignored), exactly one row per test image, and after sorting both
tables on `file` the names must be identical (each test image once). The two
label columns go to scikit-learn's `f1_score(average="micro")` as Python lists;
for one label per image that is plain accuracy. Species names must be spelt
exactly as the training folders are (e.g. `Sugar beet`); a blank cell becomes
the text "nan" in that list and is simply wrong.
"""

import pandas as pd

from pytest_mlebench.metrics import micro_f1
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(
    micro_f1, id_column="file", target="species", unit="test image",
    expected="species names such as 'Sugar beet'",
    convert=pd.Series.tolist,  # Python lists, as MLE-bench hands them to scikit-learn
)
