"""Backpropagation as a graph: a scalar ``Value`` that remembers how it was computed.

    a, b = Value(2.0, "a"), Value(-3.0, "b")
    loss = (a * b + a).tanh()
    loss.backward()          # a.grad, b.grad now hold d loss / d a, d loss / d b

Every operation makes a new node that keeps its inputs and a small function that passes the
gradient back to them (the local derivative times the gradient arriving from above: the chain
rule). ``backward`` visits the nodes in reverse topological order, so a node sends its gradient on
only after everything that uses it has added its share. A node used twice gets two shares, which is
why each local step *adds* to ``grad`` (``+=``) instead of setting it. The layer-wise engine does
the same sums with whole matrices at once (tests/test_autograd.py checks they agree).
"""
import math


class Value:
    """One number in a computation graph: ``data`` (its value), ``grad`` (d output / d this, after
    ``backward``), ``parents`` (the Values it was computed from), ``op`` (how) and ``label``."""

    def __init__(self, data, label="", parents=(), op=""):
        self.data, self.grad, self.label = float(data), 0.0, label
        self.parents, self.op = tuple(parents), op
        self._backward = lambda: None  # sends self.grad on to the parents

    def __repr__(self):
        return f"Value({self.label + '=' if self.label else ''}{self.data:.4g}, grad={self.grad:.4g})"

    # --- arithmetic: each forward with its backward right under it -----------------------------
    def __add__(self, other):
        other = as_value(other)
        out = Value(self.data + other.data, parents=(self, other), op="+")

        def _backward():  # d(a + b)/da = 1, d(a + b)/db = 1
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = as_value(other)
        out = Value(self.data * other.data, parents=(self, other), op="×")

        def _backward():  # d(ab)/da = b, d(ab)/db = a
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        if not isinstance(k, (int, float)):
            raise TypeError(f"Value ** k takes a plain number k, got {type(k).__name__}.")
        out = Value(self.data ** k, parents=(self,), op=f"^{k:g}")

        def _backward():  # d(a^k)/da = k a^(k-1)
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), parents=(self,), op="exp")

        def _backward():  # d(e^a)/da = e^a
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive value, got {self.data}.")
        out = Value(math.log(self.data), parents=(self,), op="log")

        def _backward():  # d(ln a)/da = 1/a
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), parents=(self,), op="tanh")

        def _backward():  # d tanh(a)/da = 1 - tanh(a)^2
            self.grad += (1 - out.data ** 2) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(self.data, 0.0), parents=(self,), op="relu")

        def _backward():  # 1 where a > 0, else 0
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        e = math.exp(-abs(self.data))  # never overflows: exp only sees -|a|
        out = Value(1 / (1 + e) if self.data >= 0 else e / (1 + e), parents=(self,), op="σ")

        def _backward():  # dσ/da = σ (1 - σ)
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = _backward
        return out

    # --- the rest follow from the above ---------------------------------------------------------
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-as_value(other))

    def __truediv__(self, other):
        return self * as_value(other) ** -1

    __radd__, __rmul__ = __add__, __mul__  # 2 + a is a + 2; 2 * a is a * 2

    def __rsub__(self, other):
        return as_value(other) - self

    def __rtruediv__(self, other):
        return as_value(other) / self

    # --- the backward pass --------------------------------------------------------------------
    def backward(self):
        """Fill ``grad`` of every Value this one depends on with d self / d that Value."""
        for node in topological_order(self):
            node.grad = 0.0
        self.grad = 1.0  # d self / d self
        for node in reversed(topological_order(self)):
            node._backward()


def as_value(x):
    return x if isinstance(x, Value) else Value(x)


def topological_order(root):
    """Every node of root's graph, each after all of its parents (inputs first, root last)."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for parent in node.parents:
                visit(parent)
            order.append(node)
    visit(root)
    return order
