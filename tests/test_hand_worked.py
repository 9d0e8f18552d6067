"""A 2-2-1 network small enough to work out by hand: forward pass, gradients and one SGD step.

The expected numbers come from the chain rule written out with plain Python floats, one formula
per line, so a learner can follow them with pencil and paper; the package is only asked to agree.
"""
import math

import numpy as np
import pytest

import nnlessons as nl

X = [[0.05, 0.10], [0.50, -0.30]]   # two examples, two features
W1 = [[0.15, 0.25], [0.20, 0.30]]   # W1[i][j]: input i -> hidden j
B1 = [0.35, -0.10]
W2 = [0.40, -0.45]                  # hidden j -> output
B2 = 0.60
LR = 0.5


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def by_hand(targets, loss):
    """Forward, loss, gradients (means over the 2 examples) and one SGD step, all by hand."""
    n = len(X)
    dW1 = [[0.0, 0.0], [0.0, 0.0]]
    dB1 = [0.0, 0.0]
    dW2 = [0.0, 0.0]
    dB2 = 0.0
    total, outputs = 0.0, []
    for x, y in zip(X, targets):
        z1 = [x[0] * W1[0][j] + x[1] * W1[1][j] + B1[j] for j in range(2)]
        h = [sigmoid(z) for z in z1]
        z2 = h[0] * W2[0] + h[1] * W2[1] + B2
        p = sigmoid(z2)
        outputs.append(p)
        if loss == "mse":
            total += (p - y) ** 2
            dp = 2 * (p - y) / n           # d/dp of mean (p - y)^2
            dz2 = dp * p * (1 - p)         # sigmoid'(z2) = p (1 - p)
        else:
            total += -(y * math.log(p) + (1 - y) * math.log(1 - p))
            dz2 = (p - y) / n              # sigmoid + binary cross-entropy: p - y
        for j in range(2):
            dW2[j] += h[j] * dz2
            dh = dz2 * W2[j]
            dz1 = dh * h[j] * (1 - h[j])
            dB1[j] += dz1
            for i in range(2):
                dW1[i][j] += x[i] * dz1
        dB2 += dz2
    new = {"W1": [[W1[i][j] - LR * dW1[i][j] for j in range(2)] for i in range(2)],
           "b1": [B1[j] - LR * dB1[j] for j in range(2)],
           "W2": [[W2[j] - LR * dW2[j]] for j in range(2)],
           "b2": [B2 - LR * dB2]}
    grads = {"W1": dW1, "b1": dB1, "W2": [[g] for g in dW2], "b2": [dB2]}
    return outputs, total / n, grads, new


def make_model(loss):
    model = nl.Sequential([nl.Dense(2, activation="sigmoid", input_dim=2),
                           nl.Dense(1, activation="sigmoid")], rng=0, dtype="float64")
    hidden, out = model.layers
    hidden.params["W"][...] = W1
    hidden.params["b"][...] = B1
    out.params["W"][...] = np.array(W2).reshape(2, 1)
    out.params["b"][...] = B2
    model.compile(loss=loss, optimizer=nl.SGD(lr=LR))
    return model


def test_forward_pass_by_hand():
    outputs, _, _, _ = by_hand([1, 0], "mse")
    model = make_model("mse")
    np.testing.assert_allclose(model.predict(np.array(X))[:, 0], outputs, rtol=1e-12)
    # first example, first hidden unit, spelled out: z = 0.05*0.15 + 0.10*0.20 + 0.35 = 0.3775
    h = model.forward(np.array(X), trace=True)[0]
    assert h[0, 0] == pytest.approx(sigmoid(0.3775), rel=1e-12)


@pytest.mark.parametrize("loss", ["mse", "binary_cross_entropy"])
def test_gradients_and_one_sgd_step_by_hand(loss):
    targets = [1.0, 0.0]
    _, expected_loss, grads, new = by_hand(targets, loss)
    model = make_model(loss)
    history = model.fit(np.array(X), np.array(targets), epochs=1, batch_size=2, shuffle=False,
                        verbose=0)
    hidden, out = model.layers
    assert history.loss[0] == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(hidden.grads["W"], grads["W1"], rtol=1e-10)
    np.testing.assert_allclose(hidden.grads["b"], grads["b1"], rtol=1e-10)
    np.testing.assert_allclose(out.grads["W"], grads["W2"], rtol=1e-10)
    np.testing.assert_allclose(out.grads["b"], grads["b2"], rtol=1e-10)
    np.testing.assert_allclose(hidden.params["W"], new["W1"], rtol=1e-12)
    np.testing.assert_allclose(hidden.params["b"], new["b1"], rtol=1e-12)
    np.testing.assert_allclose(out.params["W"], new["W2"], rtol=1e-12)
    np.testing.assert_allclose(out.params["b"], new["b2"], rtol=1e-12)


def test_one_step_lowers_the_loss():
    model = make_model("binary_cross_entropy")
    X_, y = np.array(X), np.array([1, 0])
    before = model.evaluate(X_, y)["loss"]
    model.fit(X_, y, epochs=1, batch_size=2, verbose=0)
    assert model.evaluate(X_, y)["loss"] < before
