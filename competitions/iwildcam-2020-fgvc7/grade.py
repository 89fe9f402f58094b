"""iWildCam 2020: accuracy of the predicted `Category`, graded as MLE-bench grades it.

Graded by `label_grader` with MLE-bench's accuracy rules: `Id` and `Category`
columns, each test image once, pairing by sorted `Id`. Categories are whole
numbers (0.0 is category 0, "empty"); a fraction or blank is refused, a word
is a wrong category.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(label_accuracy, id_column="Id", target="Category", unit="test image",
                     expected="a whole-number category id")
