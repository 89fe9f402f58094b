"""Automated essay scoring 2.0: quadratic weighted kappa of the predicted scores, as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `essay_id` and `score` present
(others are ignored), exactly one row per test essay, and after sorting both
tables on `essay_id` the ids must be identical. Scores are compared as pandas
read them with scikit-learn's `cohen_kappa_score(weights="quadratic")`: 3 and
3.0 are the same score, while fractions (3.5), blanks or text make it fail,
which MLE-bench counts as invalid. Scores outside 1-6 are allowed but count as
extra classes.
"""

from pytest_mlebench.metrics import quadratic_weighted_kappa
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(
    quadratic_weighted_kappa, id_column="essay_id", target="score", unit="test essay",
    expected="a whole-number score from 1 to 6",
    ids_from="test.csv",
)
