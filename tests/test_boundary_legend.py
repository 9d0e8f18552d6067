"""plot_decision_boundary(legend=True): a legend for each class's markers and region, and the line."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import nnlessons as nl  # noqa: E402
from nnlessons import plots  # noqa: E402


def test_the_legend_names_each_class_and_the_boundary():
    X, y = nl.datasets.make_moons(n=60, noise=0.1, rng=0)
    model = nl.Sequential([nl.Dense(4, activation="tanh", input_dim=2),
                           nl.Dense(1, activation="sigmoid")], rng=0)
    fig = plots.plot_decision_boundary(model, X, y, resolution=20, legend=True)
    legend = fig.axes[0].get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts == ["class 0: points, region", "class 1: points, region", "decision boundary"]
    assert "paler" in legend.get_title().get_text()
    assert min(t.get_fontsize() for t in legend.get_texts()) >= 8
    plt.close(fig)


def test_no_legend_unless_asked():
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    model = nl.Sequential([nl.Dense(1, activation="sigmoid", input_dim=2)], rng=0)
    fig = plots.plot_decision_boundary(model, X, y, resolution=10)
    assert fig.axes[0].get_legend() is None
    plt.close(fig)
