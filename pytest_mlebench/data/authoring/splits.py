"""scikit-learn's `train_test_split` without importing scikit-learn, for the way MLE-bench calls it.

Nearly every MLE-bench preparation holds out rows with `train_test_split(..., test_size=x,
random_state=0)`: shuffled, not stratified. Importing scikit-learn takes 1-2 s of CPU (1.9 twice
what MLE-bench's pinned 1.5 takes), more than the whole preparation of most competitions, so our
preparations draw the same split here: sizes as scikit-learn rounds them (test rows rounded up,
train rows down), `RandomState(random_state).permutation(n)` (numpy's legacy generator, whose
stream numpy keeps fixed), test rows first in that permutation, and each array indexed as
scikit-learn indexes it (pandas by `take`, keeping the index; numpy arrays by fancy indexing;
lists, tuples and ranges into lists). Any other call (stratified, unshuffled, sizes or seeds of
other types, arrays of other kinds, sizes scikit-learn refuses) is passed to scikit-learn itself,
so its result and its error messages stay scikit-learn's.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_TEST_SIZE = 0.25  # scikit-learn's, when neither size is given


def train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True, stratify=None):
    """(train, test) of each array in turn, as `sklearn.model_selection.train_test_split` gives them."""
    sizes = _sizes(arrays, test_size, train_size) if shuffle and stratify is None and _plain_seed(random_state) else None
    if sizes is None:
        from sklearn.model_selection import train_test_split as scikit_learn_s

        return scikit_learn_s(*arrays, test_size=test_size, train_size=train_size, random_state=random_state,
                              shuffle=shuffle, stratify=stratify)
    n_train, n_test = sizes
    permutation = np.random.RandomState(random_state).permutation(len(arrays[0]))
    test, train = permutation[:n_test], permutation[n_test:n_test + n_train]
    return [part for array in arrays for part in (_rows(array, train), _rows(array, test))]


def _plain_seed(seed) -> bool:
    return type(seed) is int


def _length(array) -> int | None:
    if hasattr(array, "iloc") or isinstance(array, np.ndarray):
        return array.shape[0] if array.ndim >= 1 else None
    if isinstance(array, (list, tuple, range)):
        return len(array)
    return None


def _sizes(arrays, test_size, train_size) -> tuple[int, int] | None:
    """(n_train, n_test) as scikit-learn computes them, or None where it would refuse (or where the
    call is not one handled here)."""
    lengths = {_length(array) for array in arrays}
    if not arrays or len(lengths) != 1 or None in lengths:
        return None
    n = lengths.pop()
    if test_size is None and train_size is None:
        test_size = DEFAULT_TEST_SIZE
    for size in (test_size, train_size):
        if size is not None and (type(size) not in (int, float) or not (0 < size < (1 if type(size) is float else n))):
            return None
    if type(test_size) is float and type(train_size) is float and train_size + test_size > 1:
        return None
    n_test = None if test_size is None else math.ceil(test_size * n) if type(test_size) is float else test_size
    n_train = None if train_size is None else math.floor(train_size * n) if type(train_size) is float else train_size
    n_train = n - n_test if n_train is None else n_train
    n_test = n - n_train if n_test is None else n_test
    if n_train + n_test > n or n_train == 0:
        return None
    return n_train, n_test


def _rows(array, positions: np.ndarray):
    if hasattr(array, "iloc"):
        return array.take(positions, axis=0)
    if isinstance(array, np.ndarray):
        return array[positions]
    return [array[position] for position in positions]
