"""Herbarium 2021: macro-averaged F1 of the predicted category_id, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: `Id` and `Predicted` columns, each test image
once, the two files sorted on `Id` and compared row by row (`label_grader`).
Predictions are cast with Python's `int()` as in MLE-bench (7.9 becomes 7;
blanks, text: invalid). Classes found in either column all count in the mean.
"""

from pytest_mlebench.metrics import macro_f1
from pytest_mlebench.grading.recipes import label_grader, whole_numbers

grade = label_grader(macro_f1, id_column="Id", target="Predicted", unit="test image", convert=whole_numbers,
                     expected="a whole-number category_id for every image (no blanks or text)")
