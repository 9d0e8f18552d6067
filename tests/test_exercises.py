"""The exercise machinery: verdicts that never raise, hints in two tiers, a solution only after
trying, a grader that raises, and data that matches the specs and notebooks it was built from."""
import sys
from pathlib import Path

import numpy as np
import pytest

from nnlessons.course import exercises as ex
from nnlessons.course.exercises import encoding

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def fresh_attempts(monkeypatch):
    """Each test starts as a fresh kernel would: no failures, hints or attempts recorded."""
    for name in ("_failures", "_hints", "_tried"):
        monkeypatch.setattr(ex, name, type(getattr(ex, name))())
    monkeypatch.setattr(ex, "_last", [])


def _raises(*args):
    raise KeyError("oops")


def _stub(z):
    raise NotImplementedError()


@pytest.mark.parametrize("answer, expected", [
    (_raises, "raised KeyError: 'oops'"),
    (lambda z: None, "forget to return"),
    (lambda z: z[0], "expected shape (1, 4), got shape (4,)"),
    (lambda z: "text", "not numbers"),
    (lambda: 0, "raised TypeError"),
    ("relu", "pass your function itself"),
    (lambda z: np.maximum(z, 0.0) + 0 * np.exp(z), "floating-point error"),
    (_stub, "still raises NotImplementedError"),
])
def test_a_broken_answer_is_a_verdict_not_an_exception(capsys, answer, expected):
    verdict = ex.check("relu", answer)
    assert not verdict and expected in capsys.readouterr().out


def test_hints_come_in_two_tiers_and_the_stub_earns_none(capsys):
    ex.check("relu", _stub)
    assert "Hint" not in capsys.readouterr().out
    ex.check("relu", np.abs)
    first = capsys.readouterr().out
    ex.check("relu", np.abs)
    second = capsys.readouterr().out
    assert "Hint 1: abs makes negatives positive" in first and "exercises.hint(2)" in first
    assert "Hint 2: Keep z where it is positive" in second and "exercises.solution('relu')" in second
    ex.hint(2)
    assert capsys.readouterr().out.startswith("Hint 2 for relu: Keep z where it is positive")
    with pytest.raises(ValueError, match="hint level is 1"):
        ex.hint(3)


def test_hint_before_any_check_says_to_run_one(capsys):
    ex.hint(2)
    assert "Run a check first" in capsys.readouterr().out


def test_the_solution_shows_only_after_a_real_attempt(capsys):
    ex.check("relu", _stub)
    ex.solution("relu")
    assert "Try relu first" in capsys.readouterr().out
    ex.check("relu", np.abs)
    capsys.readouterr()
    ex.solution("relu")
    assert "def relu(z):" in capsys.readouterr().out


def test_the_grader_is_silent_when_right_and_raises_when_wrong(capsys):
    ex.grade("relu", lambda z: np.maximum(z, 0.0))
    with pytest.raises(AssertionError, match="relu: for z = "):
        ex.grade("relu", np.abs)
    assert capsys.readouterr().out == ""


def test_verdicts_are_deterministic_and_not_echoed(capsys):
    first, second = ex.check("softmax", np.exp), ex.check("softmax", np.exp)
    assert first.message.splitlines()[0] == second.message.splitlines()[0]
    assert first._ipython_display_() is None and repr(first) == "Verdict(passed=False)"


def test_an_answer_that_changes_its_input_cannot_spoil_later_cases(capsys):
    def row_means_then_zero(X):
        means = X.mean(axis=1)
        X[...] = 0                      # spoils the caller's array (row_means does not forbid it)
        return means
    assert not ex.exercise("row_means")["pure"]
    assert ex.check("row_means", row_means_then_zero)
    assert ex.check("row_means", lambda X: X.mean(axis=1))


def test_a_pure_exercise_rejects_an_answer_that_changes_its_input(capsys):
    def relu_in_place(z):
        z[z < 0] = 0
        return z
    assert ex.exercise("relu")["pure"]
    assert not ex.check("relu", relu_in_place) and "changed its input" in capsys.readouterr().out
    assert ex.check("relu", lambda z: np.maximum(z, 0.0))


def test_an_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="no exercise called 'relux'.*relu"):
        ex.check("relux", np.abs)


@pytest.mark.parametrize("value", [np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.uint8),
                                   np.float32(0.5), (np.zeros(2), 3), {"W": np.eye(2)}, [1, 2.5],
                                   float("nan"), None, "text"])
def test_stored_values_come_back_as_they_were(value):
    back = encoding.decode(encoding.encode(value))
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)


def test_the_stored_data_and_notebook_metadata_are_what_the_build_makes():
    """Change a spec or a solution, then run `python exercise_specs/build.py`."""
    import nbformat
    from exercise_specs.build import build
    documents, notebooks = build()
    for path, document in documents.items():
        assert path.read_text(encoding="utf-8") == encoding.dumps(document), \
            f"{path.name} is stale: run python exercise_specs/build.py"
    for path, nb in notebooks.items():
        assert path.read_text(encoding="utf-8") == nbformat.writes(nb) + "\n", \
            f"{path.name}'s nbgrader metadata is stale: run python exercise_specs/build.py"


def test_a_prediction_left_as_the_stubs_ellipsis_is_not_an_attempt(capsys):
    verdict = ex.check("matmul_shape", ...)
    assert not verdict and "in place of ..." in capsys.readouterr().out
    assert "matmul_shape" not in ex._tried and not ex._hints
    assert ex.check("matmul_shape", [32, 128])  # a list is as good as a tuple


def test_an_in_place_step_may_change_only_its_first_argument(capsys):
    def sgd_that_spoils_grads(params, grads, lr):
        for key in params:
            params[key] -= lr * grads[key]
            grads[key][...] = 0
    assert not ex.check("sgd_step", sgd_that_spoils_grads)
    printed = " ".join(capsys.readouterr().out.split())
    assert "your function changed grads too; only params may change" in printed
