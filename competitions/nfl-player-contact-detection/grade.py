"""NFL player contact detection: Matthews correlation of the predicted contacts, as MLE-bench grades it.

MLE-bench's rules, kept exactly: the columns `contact_id` and `contact`
present (others are ignored), the set of `contact_id` values equal to the
test set's and one row per test pair and step. Rows are matched by sorting
both tables on `contact_id`. The two `contact` columns go to scikit-learn's
`matthews_corrcoef` as pandas read them: 0/1 (or 0.0/1.0, True/False) are
accepted, while probabilities, blanks or text make it fail, which MLE-bench
counts as invalid. Predicting one class everywhere scores 0.
"""

from pytest_mlebench.metrics import matthews_correlation
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(
    matthews_correlation, id_column="contact_id", target="contact", unit="test pair and step",
    expected="0 (no contact) or 1 (contact)",
)
