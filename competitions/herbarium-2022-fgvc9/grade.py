"""Herbarium 2022: macro-averaged F1 of the predicted category_id, graded as MLE-bench grades it.

The same grader as the 2021 edition, as in MLE-bench: a `Predicted` category
for every `Id` of the test images, sorted-id pairing (`label_grader`), int()
applied to each cell (a decimal is truncated, a blank or word rejected), and
scikit-learn's macro F1 over the union of true and predicted classes.
"""

from pytest_mlebench.metrics import macro_f1
from pytest_mlebench.grading.recipes import label_grader, whole_numbers

grade = label_grader(macro_f1, id_column="Id", target="Predicted", unit="test image", convert=whole_numbers,
                     expected="a whole-number category_id for every image (no blanks or text)")
