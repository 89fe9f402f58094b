"""Movie Review Sentiment Analysis: accuracy of the predicted `Sentiment`, graded as MLE-bench grades it.

Every phrase of test.tsv needs exactly one row (`PhraseId`, `Sentiment`);
`label_grader` pairs rows by sorted PhraseId, as MLE-bench does. Sentiments
run from 0 (negative) to 4 (positive): 2.0 equals 2; 2.5 is invalid, text wrong.
"""

from pytest_mlebench.metrics import label_accuracy
from pytest_mlebench.grading.recipes import label_grader

grade = label_grader(label_accuracy, id_column="PhraseId", target="Sentiment", unit="test phrase",
                     expected="a whole-number sentiment (0 to 4)", ids_from="test.tsv")
