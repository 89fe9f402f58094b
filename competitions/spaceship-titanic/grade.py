"""Spaceship Titanic: accuracy of the predicted `Transported` values, graded as MLE-bench grades it.

MLE-bench matches rows by sorting both tables on PassengerId (so the row order of a
submission does not matter, extra columns are ignored) and hands the two label
columns to scikit-learn's `accuracy_score` as pandas read them. So True/False,
true/false and 1/0 are all accepted and compare equal, while probabilities, and
two text labels such as "yes"/"no" (scikit-learn 1.5 cannot sort them with
True/False), are refused, which MLE-bench counts as invalid. Three or more
distinct text labels are simply wrong.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(
    label_accuracy, id_column="PassengerId", target="Transported", unit="test passenger",
    expected="True/False labels",
    ids_from="test.csv",
)
