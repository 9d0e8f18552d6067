"""Exercise checkers: accept the reference, reject typical mistakes with a hint, print the same
verdict every time, and never raise whatever the learner's function does."""
import numpy as np
import pytest

from nnlessons.course import exercises as ex

relu = ex.SOLUTIONS["relu"]


def _run(capsys, checker, fn):
    """(verdict, its message): the checker prints the message wrapped to the notebook's width."""
    verdict = checker(fn)
    printed = capsys.readouterr().out
    assert " ".join(printed.split()) == " ".join(verdict.message.split())
    assert all(len(line) <= ex.WIDTH for line in printed.splitlines()), printed
    return verdict, verdict.message + "\n"


@pytest.mark.parametrize("name", list(ex.CHECKERS))
def test_each_checker_accepts_its_reference_solution(capsys, name):
    verdict, out = _run(capsys, ex.CHECKERS[name], ex.SOLUTIONS[name])
    assert verdict and out == "Correct\n"


def _sgd_plus(params, grads, lr):
    for k in params:
        params[k] += lr * grads[k]


def _sgd_only_w(params, grads, lr):
    params["W"] -= lr * grads["W"]


def _sgd_forgets_to_store(params, grads, lr):
    {k: params[k] - lr * grads[k] for k in params}


MISTAKES = [
    ("relu", lambda z: np.max(z, 0), "np.maximum"),
    ("relu", np.abs, "abs flips"),
    ("relu_derivative", relu, "ReLU itself"),
    ("sigmoid", lambda z: 1 / (1 + np.exp(z)), "exp(-z)"),
    ("softmax", lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True), "overflows"),
    ("softmax", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "each row"),
    ("softmax", lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(axis=0), "axis=1"),
    ("dense_forward", lambda x, W, b: x @ W, "forgot the bias"),
    ("dense_forward", lambda x, W, b: x @ W.T + b, "no transpose"),
    ("dense_forward", lambda x, W, b: relu(x @ W + b), "no activation"),
    ("dense_backward", lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.mean(axis=0)), "don't average"),
    ("dense_backward", lambda dy, x, W: (dy @ W.T, dy.T @ x, dy.sum(axis=0)), "x.T @ dy"),
    ("dense_backward", lambda dy, x, W: (dy @ W, x.T @ dy, dy.sum(axis=0)), "W transposed"),
    ("cross_entropy_gradient", lambda p, y: p - np.eye(3)[y], "divide by N"),
    ("cross_entropy_gradient", lambda p, y: (p - y[:, None]) / len(p), "one-hot"),
    ("cross_entropy_gradient", lambda p, y: -np.eye(3)[y] / p / len(p), "dL/dp"),
    ("sgd_step", _sgd_plus, "against the gradient"),
    ("sgd_step", _sgd_only_w, "b as well as W"),
    ("sgd_step", _sgd_forgets_to_store, "params did not change"),
    ("momentum_step", lambda w, v, g, lr, mu: (w + mu * v + lr * g, mu * v + lr * g), "against the gradient"),
    ("momentum_step", lambda w, v, g, lr, mu: (w - lr * g, -lr * g), "old velocity"),
    ("momentum_step", lambda w, v, g, lr, mu: (w + v, mu * v - lr * g), "new velocity"),
    ("momentum_step", lambda w, v, g, lr, mu: (w + mu * v - g, mu * v - g), "learning rate"),
    ("l2_gradient", lambda W, g, l2: g + l2 / 2 * W, "the 1/2"),
    ("l2_gradient", lambda W, g, l2: g - l2 * W, "away from 0"),
    ("l2_gradient", lambda W, g, l2: g + l2, "not l2"),
    ("l2_gradient", lambda W, g, l2: l2 * W, "keep the loss"),
    ("he_std", lambda n: 2.0 / n, "square root"),
    ("he_std", lambda n: np.sqrt(1.0 / n), "halves the"),
    ("he_std", lambda n: np.sqrt(1.0 / n), "doubles it back"),
    ("he_std", lambda n: 0.01 + 0 * n, "fades"),
    ("residual_forward", lambda x, W1, b1, W2, b2: relu(relu(x @ W1 + b1) @ W2 + b2), "skip connection"),
    ("residual_forward", lambda x, W1, b1, W2, b2: x + relu(relu(x @ W1 + b1) @ W2 + b2), "add first"),
]


@pytest.mark.parametrize("name, attempt, hint", MISTAKES)
def test_typical_mistakes_are_rejected_with_a_hint(capsys, name, attempt, hint):
    verdict, out = _run(capsys, ex.CHECKERS[name], attempt)
    assert not verdict
    assert out.startswith("Not yet: for input ")
    assert "expected" in out and "got" in out
    assert hint in out


def test_unstable_softmax_message_shows_the_overflow(capsys):
    _, out = _run(capsys, ex.check_softmax, lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True))
    assert "z = [[1000, 1001, 1002], [-1000, 0, 1000]]" in out and "got [[nan, nan, nan]" in out


def _raises(*args):
    raise KeyError("oops")


BROKEN = [
    (ex.check_relu, _raises, "raised KeyError: 'oops'"),
    (ex.check_relu, lambda z: None, "forget to return"),
    (ex.check_relu, lambda z: z[0], "expected shape (1, 4), got shape (4,)"),
    (ex.check_relu, lambda z: "text", "not an array of numbers"),
    (ex.check_relu, lambda: 0, "raised TypeError"),
    (ex.check_relu, "relu", "pass your function itself"),
    (ex.check_dense_forward, lambda x, W, b: W @ x + b, "raised ValueError"),
    (ex.check_dense_backward, lambda dy, x, W: dy @ W.T, "expected 3 results"),
    (ex.check_sgd_step, _raises, "raised KeyError"),
    (ex.check_sgd_step, lambda p, g, lr: [1, 2], "params did not change"),
    (ex.check_residual_forward, lambda *a: np.zeros((2, 3)) + np.nan, "got [[nan"),
]


@pytest.mark.parametrize("checker, attempt, expected", BROKEN)
def test_checkers_never_raise(capsys, checker, attempt, expected):
    verdict, out = _run(capsys, checker, attempt)
    assert not verdict and expected in out


def test_verdicts_are_deterministic_and_not_echoed_by_notebooks(capsys):
    first = ex.check_dense_forward(lambda x, W, b: x @ W)
    second = ex.check_dense_forward(lambda x, W, b: x @ W)
    assert first.message == second.message
    assert first._ipython_display_() is None and repr(first) == "Verdict(passed=False)"


def test_inputs_are_not_changed_by_a_function_that_works_in_place(capsys):
    def relu_in_place(z):
        z[z < 0] = 0
        return z
    assert ex.check_relu(relu_in_place)
    assert ex.check_relu(relu)  # the fixed inputs are still the original ones


def _conv_without_kernel(image, kernel):
    kh, kw = kernel.shape
    return np.array([[image[i:i + kh, j:j + kw].sum() for j in range(image.shape[1] - kw + 1)]
                     for i in range(image.shape[0] - kh + 1)])


def _prune_signed(W, fraction):
    out = W.copy()
    out.flat[np.argsort(W, axis=None)[:int(round(fraction * W.size))]] = 0
    return out


@pytest.mark.parametrize("name, attempt, hint", [
    ("conv2d", _conv_without_kernel, "multiply each patch by the kernel"),
    ("conv2d", lambda im, k: ex.SOLUTIONS["conv2d"](im, k[::-1, ::-1]), "flipped"),
    ("magnitude_prune", _prune_signed, "np.abs(W)"),
    ("count_params", lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "bias"),
    ("count_params", lambda s: sum(s), "not the neurons"),
])
def test_lesson_09_to_11_checkers_reject_typical_mistakes(capsys, name, attempt, hint):
    verdict, out = _run(capsys, ex.CHECKERS[name], attempt)
    assert not verdict and out.startswith("Not yet: for input ") and hint in out
