"""The shipped surnames (checksum, count, alphabet) and the digit-string tasks (answers follow the
algorithm; the mask marks the positions that predict the answer)."""
import gzip

import numpy as np
import pytest

from nnlessons.datasets import DataFileError, load_surnames, make_digit_task
from nnlessons.datasets.sequences import SURNAMES


def test_the_surnames_are_the_census_list():
    names = load_surnames()
    assert len(names) == 88_799 == len(set(names))
    assert names[:3] == ["smith", "johnson", "williams"]
    assert all(n.isalpha() and n.islower() and 2 <= len(n) <= 13 for n in names)


def test_a_corrupt_surname_file_is_named(tmp_path):
    bad = tmp_path / "surnames.txt.gz"
    bad.write_bytes(gzip.compress(gzip.decompress(SURNAMES.read_bytes()).replace(b"smith", b"smyth")))
    with pytest.raises(DataFileError, match="wrong SHA-256"):
        load_surnames(bad)
    with pytest.raises(DataFileError, match="missing"):
        load_surnames(tmp_path / "nothing.gz")


@pytest.mark.parametrize("task", ["reverse", "sort"])
def test_digit_tasks_follow_their_algorithm(task):
    X, Y, info = make_digit_task(50, length=5, task=task, rng=1)
    digits, answer = X[:, :5], X[:, 5:]
    expected = digits[:, ::-1] if task == "reverse" else np.sort(digits, axis=1)
    assert np.array_equal(answer, expected)
    assert np.array_equal(Y[:, :-1], X[:, 1:])
    assert np.array_equal(np.flatnonzero(info["mask"]), np.arange(4, 9))   # each predicts an answer digit
    assert np.array_equal(Y[:, info["mask"]], answer)


def test_an_unknown_task_is_refused():
    with pytest.raises(ValueError, match="task must be one of reverse, sort"):
        make_digit_task(5, task="add")


def test_a_vocabulary_encodes_windows_and_sequences():
    from nnlessons.datasets import CharVocabulary
    vocab = CharVocabulary(["ab", "ba", "c"])
    assert vocab.itos == [".", "a", "b", "c"] and len(vocab) == 4
    assert vocab.decode(vocab.encode("cab")) == "cab"
    X, y = vocab.windows(["ab"], context=2)
    assert X.tolist() == [[0, 0], [0, 1], [1, 2]] and y.tolist() == [1, 2, 0]
    S, Y = vocab.sequences(["ab", "c"], length=4)
    assert S.tolist() == [[0, 1, 2, 0], [0, 3, 0, 0]]
    assert Y.tolist() == [[1, 2, 0, -1], [3, 0, -1, -1]]
    with pytest.raises(ValueError, match=r"characters \['z'\] are not in the vocabulary"):
        vocab.encode("az")
    with pytest.raises(ValueError, match="needs length >= 3"):
        vocab.sequences(["ab"], length=2)
