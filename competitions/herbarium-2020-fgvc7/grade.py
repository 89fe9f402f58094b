"""Herbarium 2020: macro-averaged F1 of the predicted category_id, graded as MLE-bench grades it.

MLE-bench's public tree lacks this competition's grade.py; its config names the
same macro-F1 grader as the 2021 and 2022 editions, whose rules are used here:
`Id` and `Predicted` present, one row per test image, rows paired by sorted
`Id` (`label_grader`); each prediction through Python's `int()`, so 7.9
counts as 7 and blanks or text are invalid; F1 averaged over every class seen.
"""

from pytest_mlebench.metrics import macro_f1
from pytest_mlebench.grading.recipes import label_grader, whole_numbers

grade = label_grader(macro_f1, id_column="Id", target="Predicted", unit="test image", convert=whole_numbers,
                     expected="a whole-number category_id for every image (no blanks or text)")
