"""The scalar autograd Value: each operation against finite differences, gradients that add up
over two paths, and a small MLP of Values giving exactly the layer-wise engine's gradients."""
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.autograd import Value, topological_order
from nnlessons.plots import draw_graph

UNARY = {"exp": math.exp, "log": math.log, "tanh": math.tanh, "sigmoid": lambda a: 1 / (1 + math.exp(-a)),
         "relu": lambda a: max(a, 0.0), "square": lambda a: a ** 2, "cube": lambda a: a ** 3,
         "inverse": lambda a: 1 / a}


def apply(name, v):
    if name == "square":
        return v ** 2
    if name == "cube":
        return v ** 3
    if name == "inverse":
        return 1 / v
    return getattr(v, name)()


@pytest.mark.parametrize("name, a", [(n, a) for n in sorted(UNARY) for a in (0.7, 1.9, -0.4)
                                     if not (n == "log" and a <= 0)])  # log: see the error test
def test_each_operation_against_a_centred_difference(name, a):
    x = Value(a)
    out = apply(name, x)
    out.backward()
    eps = 1e-6
    numeric = (UNARY[name](a + eps) - UNARY[name](a - eps)) / (2 * eps)
    assert out.data == pytest.approx(UNARY[name](a), rel=1e-12)
    assert x.grad == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_binary_operations_and_their_reflections():
    a, b = Value(3.0), Value(-2.0)
    out = (a * b + a / b - b ** 2) - (1 - a) + 2 * a - 4 / b
    out.backward()
    # d/da: b + 1/b + 1 + 2 = -2 - 0.5 + 3 = 0.5 ; d/db: a - a/b^2 - 2b + 4/b^2 = 3 - 0.75 + 4 + 1
    assert out.data == pytest.approx(-6 - 1.5 - 4 + 2 + 6 + 2)
    assert (a.grad, b.grad) == (pytest.approx(0.5), pytest.approx(7.25))


def test_a_value_used_twice_collects_the_gradient_of_both_paths():
    a = Value(3.0, "a")
    out = a * a + a  # two paths through the product, one through the sum: d/da = 2a + 1
    out.backward()
    assert a.grad == 7.0
    out.backward()  # a second backward starts from zero again: gradients do not pile up
    assert a.grad == 7.0


def test_backward_visits_every_node_after_the_nodes_that_use_it():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    order = topological_order(d)
    assert order.index(a) < order.index(c) < order.index(d) and order[-1] is d and len(order) == 4


def test_errors_name_the_fix():
    with pytest.raises(ValueError, match="positive"):
        Value(-1.0).log()
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(2.0)


def test_a_small_mlp_of_values_matches_the_layer_wise_engine():
    """2-3-2 with tanh and softmax cross-entropy on 4 examples: the same numbers, two engines."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(4, 2)), np.array([0, 1, 1, 0])
    model = nl.Sequential([nl.Dense(3, "tanh", input_dim=2), nl.Dense(2, "softmax")], rng=0,
                          dtype="float64").compile("cross_entropy", nl.SGD(0.1))
    loss_engine, _ = model.loss_and_grads(X, y, training=False)
    W1, b1, W2, b2 = ([[Value(w) for w in row] for row in np.atleast_2d(p)] for p in
                      (model.params["dense_1/W"], model.params["dense_1/b"],
                       model.params["dense_2/W"], model.params["dense_2/b"]))
    total = Value(0.0)
    for x, label in zip(X, y):
        h = [(sum((x[i] * W1[i][j] for i in range(2)), Value(0.0)) + b1[0][j]).tanh() for j in range(3)]
        z = [sum((h[j] * W2[j][k] for j in range(3)), Value(0.0)) + b2[0][k] for k in range(2)]
        e = [zk.exp() for zk in z]
        total = total - (e[label] / (e[0] + e[1])).log()
    loss = total / len(X)
    loss.backward()
    assert loss.data == pytest.approx(loss_engine, rel=1e-12)
    for name, values in (("dense_1/W", W1), ("dense_1/b", b1), ("dense_2/W", W2), ("dense_2/b", b2)):
        grads = np.array([[v.grad for v in row] for row in values]).reshape(model.grads[name].shape)
        np.testing.assert_allclose(grads, model.grads[name], rtol=1e-10, atol=1e-14)


def test_draw_graph_shows_one_box_per_value_with_its_gradient():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    out = (a * b).tanh()
    out.label = "out"
    out.backward()
    fig = draw_graph(out)
    texts = [t.get_text() for t in fig.axes[0].texts]
    boxes = [t for t in texts if "grad" in t]
    assert len(boxes) == len(topological_order(out)) == 4
    assert any(t.startswith("a 2") and f"grad {a.grad:.3g}" in t for t in boxes)
    assert "tanh" in texts and "×" in texts
    plt.close(fig)
