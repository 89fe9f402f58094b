"""APTOS 2019 blindness detection: quadratic weighted kappa of the predicted grades, as MLE-bench grades it.

MLE-bench's rules, kept exactly: a `diagnosis` column, and the set of
`id_code` values equal to the test set's; rows are matched by sorting both
tables on `id_code`, so each image must appear exactly once (a repeated id
leaves the two columns of different lengths, which scikit-learn refuses).
The grades are compared as pandas read them with scikit-learn's
`cohen_kappa_score(weights="quadratic")`: 2 and 2.0 are the same grade, while
fractions (2.5), blanks or text make it fail, which MLE-bench counts as invalid.
"""

from pytest_mlebench.metrics import quadratic_weighted_kappa
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(
    quadratic_weighted_kappa, id_column="id_code", target="diagnosis", unit="test image",
    expected="a whole-number grade from 0 to 4",
    ids_from="test.csv",
)
