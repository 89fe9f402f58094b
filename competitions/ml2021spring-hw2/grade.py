"""ML2021 Spring HW2 (phoneme classification): accuracy of the predicted `ClassId`, graded as MLE-bench grades it.

One row for every frame listed in sampleSubmission.csv, with `Id` and
`ClassId`; MLE-bench sorts both files on `Id` and compares them with
`accuracy_score` (see `label_grader`). The 39 phoneme classes are whole
numbers 0-38; 5.0 counts as 5, anything fractional is invalid, text is wrong.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(label_accuracy, id_column="Id", target="ClassId", unit="test frame",
                     expected="a whole-number phoneme class (0 to 38)", ids_from="sampleSubmission.csv")
