"""Cassava Leaf Disease Classification: accuracy of the predicted `label`, graded as MLE-bench grades it.

MLE-bench's accuracy recipe, kept exactly (`label_grader`): `image_id` and
`label` present, one row per test image, rows paired by sorting on `image_id`.
The five disease classes are whole numbers 0-4; 4.0 counts as 4, while 3.5
or a blank is invalid (scikit-learn refuses it, as in MLE-bench). Text makes
the column text, and text never equals a class: wrong, not invalid.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(label_accuracy, id_column="image_id", target="label", unit="test image",
                     expected="a whole-number class (0 to 4)")
