"""iWildCam 2019: macro-averaged F1 of the predicted category_id, graded as MLE-bench grades it.

Columns `Id` and `Category`; each test image exactly once; MLE-bench pairs the
rows after sorting both files on `Id` (here: `label_grader`). Every category
goes through `int()` first, so 7.9 is read as 7 while a blank or a text label
is refused. Score: macro F1, every class of answers or predictions included.
"""

from pytest_mlebench.metrics import macro_f1
from pytest_mlebench.grading.recipes import label_grader, whole_numbers

grade = label_grader(macro_f1, id_column="Id", target="Category", unit="test image", convert=whole_numbers,
                     expected="a whole-number category_id for every image (no blanks or text)")
