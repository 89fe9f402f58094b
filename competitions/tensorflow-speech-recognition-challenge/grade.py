"""TensorFlow Speech Recognition Challenge: accuracy of the predicted `label`, graded as MLE-bench grades it.

MLE-bench's rules, kept exactly: exactly one row per clip of the test set, the
columns `fname` and `label` present (others are ignored), and after sorting
both tables on `fname` the ids must be identical (each test id once). Labels are
compared as pandas read them, with scikit-learn's `accuracy_score`: the
labels are text and must be spelt exactly as in the answers (case and spaces
count); a blank cell makes scikit-learn fail, which MLE-bench counts as invalid.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(
    label_accuracy, id_column="fname", target="label", unit="test clip",
    expected="a text label for every clip",
)
