"""Cdiscount Image Classification: accuracy of the predicted `category_id`, graded as MLE-bench grades it.

Rows are matched as in every accuracy grader of MLE-bench (`label_grader`): one
per test product, `_id` and `category_id` required, both files sorted on `_id`.
A category is a whole number from category_names.csv (1000010653.0 equals
1000010653); fractions and blanks make the submission invalid, text is a wrong
category.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(label_accuracy, id_column="_id", target="category_id", unit="test product",
                     expected="a whole-number category_id from category_names.csv")
