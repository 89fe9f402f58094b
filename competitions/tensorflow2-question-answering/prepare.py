"""TensorFlow 2.0 Question Answering: 10% of each 1,000-line block of Kaggle's training file
becomes the test set, as MLE-bench prepares it.

MLE-bench reads simplified-nq-train.jsonl with pandas (`read_json(lines=True,
chunksize=1000)`), turns `example_id` into text, and splits every chunk by itself with
scikit-learn's `train_test_split(test_size=0.1, random_state=0)`. What decides the bytes:
- each chunk's train and test rows are appended in the split's shuffled order, written by
  pandas' `to_json(orient="records", lines=True)` (its escaping: "\\/" and \\uXXXX), with the
  example id now a JSON string; the public test file keeps only example_id, question_text,
  document_text and long_answer_candidates;
- gold_submission.csv has two rows per test example, `<id>_short` then `<id>_long`: the short
  answer is the yes/no answer unless it is "NONE", else the first short span as "start:end",
  else blank; the long answer is its span, blank when its start is -1;
- the sample submission is the gold one with every prediction blank.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pytest_mlebench.data.authoring import train_test_split

SOURCE = "simplified-nq-train.jsonl"
PUBLIC_COLUMNS = ["example_id", "question_text", "document_text", "long_answer_candidates"]


def prepare(raw_dir: Path, public: Path, private: Path) -> None:
    raw_dir, public, private = Path(raw_dir), Path(public), Path(private)
    public.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    gold: list[tuple[str, str]] = []
    with (open(public / SOURCE, "w", encoding="utf-8") as train_out,
          open(private / "test.jsonl", "w", encoding="utf-8") as test_out,
          open(public / "simplified-nq-test.jsonl", "w", encoding="utf-8") as public_out):
        for chunk in pd.read_json(raw_dir / SOURCE, orient="records", lines=True, chunksize=1000):
            chunk["example_id"] = chunk["example_id"].astype(str)
            train, test = train_test_split(chunk, test_size=0.1, random_state=0)
            train_out.write(train.to_json(orient="records", lines=True))
            test_out.write(test.to_json(orient="records", lines=True))
            public_out.write(test[PUBLIC_COLUMNS].to_json(orient="records", lines=True))
            for example, annotations in zip(test["example_id"], test["annotations"]):
                short, long = _answers(annotations)
                gold += [(f"{example}_short", short), (f"{example}_long", long)]
    answers = pd.DataFrame(gold, columns=["example_id", "PredictionString"])
    answers.to_csv(private / "gold_submission.csv", index=False)
    answers.assign(PredictionString="").to_csv(public / "sample_submission.csv", index=False)


def _answers(annotations: list[dict]) -> tuple[str, str]:
    """(short, long) answer strings of an example's one annotation."""
    if len(annotations) != 1:
        raise ValueError(f"a training example has {len(annotations)} annotations, not one")
    annotation = annotations[0]
    spans = annotation["short_answers"]
    if annotation["yes_no_answer"] != "NONE":
        short = annotation["yes_no_answer"]
    elif spans:
        short = f"{spans[0]['start_token']}:{spans[0]['end_token']}"
    else:
        short = ""
    span = annotation["long_answer"]
    long = f"{span['start_token']}:{span['end_token']}" if span["start_token"] != -1 else ""
    return short, long
