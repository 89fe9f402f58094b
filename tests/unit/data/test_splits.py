"""authoring.train_test_split against scikit-learn's own: the same rows, order, index and types, for
every kind of call, whether it draws the split itself or passes the call on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split as scikit_learn_s

from pytest_mlebench.data.authoring import train_test_split


def _frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({"id": [f"0{i}" for i in range(n)], "x": np.arange(n) / 7, "y": np.arange(n) % 3},
                        index=np.arange(n)[::-1] * 10)


def _same(ours, theirs) -> None:
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert type(a) is type(b)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b)
        elif isinstance(a, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b)
        else:
            assert a == b and [type(x) for x in a] == [type(x) for x in b]


ARRAYS = {
    "frame": lambda n: (_frame(n),),
    "series": lambda n: (_frame(n)["id"],),
    "1-d array": lambda n: (np.arange(n) * 3,),
    "2-d array": lambda n: (np.arange(2 * n).reshape(n, 2),),
    "list of dicts": lambda n: ([{"request": i} for i in range(n)],),
    "tuple": lambda n: (tuple(f"p{i}.png" for i in range(n)),),
    "range": lambda n: (range(n),),
    "two arrays": lambda n: (_frame(n), list(range(n))),
}
SIZES = [{"test_size": 0.1}, {"test_size": 0.19}, {"test_size": 0.25}, {"test_size": 0.5}, {"test_size": 3},
         {"train_size": 0.6}, {"train_size": 7}, {"test_size": 0.2, "train_size": 0.5}, {"test_size": 2, "train_size": 5},
         {}]


@pytest.mark.parametrize("sizes", SIZES, ids=str)
@pytest.mark.parametrize("kind", ARRAYS)
@pytest.mark.parametrize("n", [9, 10, 113])
def test_the_same_split_as_scikit_learn(kind, sizes, n):
    for seed in (0, 42):
        _same(train_test_split(*ARRAYS[kind](n), random_state=seed, **sizes),
              scikit_learn_s(*ARRAYS[kind](n), random_state=seed, **sizes))


def test_other_calls_are_scikit_learn_s():
    frame = _frame(40)
    calls = (lambda: {"test_size": 0.2, "random_state": 0, "stratify": frame["y"]},
             lambda: {"test_size": 0.2, "shuffle": False},
             lambda: {"test_size": 0.2, "random_state": np.random.RandomState(3)},
             lambda: {"test_size": np.float64(0.2), "random_state": 0})
    for call in calls:  # each side gets its own fresh arguments (a RandomState is consumed by its use)
        _same(train_test_split(frame, **call()), scikit_learn_s(frame, **call()))


@pytest.mark.parametrize("call", [{"test_size": 1.0}, {"test_size": 0}, {"test_size": 40}, {"train_size": 1.5},
                                  {"test_size": 0.7, "train_size": 0.5}, {"test_size": 30, "train_size": 20},
                                  {"test_size": "a"}])
def test_refused_sizes_get_scikit_learn_s_error(call):
    with pytest.raises(ValueError) as theirs:
        scikit_learn_s(list(range(40)), random_state=0, **call)
    with pytest.raises(ValueError) as ours:
        train_test_split(list(range(40)), random_state=0, **call)
    assert str(ours.value) == str(theirs.value)


def test_arrays_of_different_lengths_are_refused_as_scikit_learn_refuses_them():
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        train_test_split(list(range(5)), list(range(6)), test_size=0.2, random_state=0)
