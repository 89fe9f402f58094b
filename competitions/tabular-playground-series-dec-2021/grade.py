"""Tabular Playground Series, Dec 2021: accuracy of the predicted `Cover_Type`, graded as MLE-bench grades it.

The ids are those of test.csv, one row per patch of land, in any order:
`label_grader` sorts both tables on `Id`, exactly like MLE-bench. Cover
types are the whole numbers 1-7 (2.0 is type 2); 2.5 or blanks fail, text is
a wrong cover type.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(label_accuracy, id_column="Id", target="Cover_Type", unit="test patch of land",
                     expected="a whole-number cover type (1 to 7)", ids_from="test.csv")
