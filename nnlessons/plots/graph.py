"""A computation graph of ``nnlessons.autograd.Value``s, drawn with matplotlib (no graphviz needed).

Inputs on the left, the output on the right; each box shows a node's label, value and gradient,
each small circle the operation that made the next node.
"""
import numpy as np

from ..autograd import topological_order
from .alt_text import describe, listing, num
from .style import GUIDE_COLOR, TRAIN_COLOR, VAL_COLOR, figure_and_ax


def graph_layout(root):
    """{node id: (column, row)}: a node's column is one more than its furthest parent's."""
    order = topological_order(root)
    column = {}
    for node in order:
        column[id(node)] = 1 + max((column[id(p)] for p in node.parents), default=-1)
    rows, layout = {}, {}
    for node in order:
        c = column[id(node)]
        layout[id(node)] = (c, rows.get(c, 0))
        rows[c] = rows.get(c, 0) + 1
    return layout, order


def draw_graph(root, ax=None, figsize=None):
    """Draw the graph that computed ``root``: every Value with its data and grad (call
    ``root.backward()`` first to see the gradients), operations as circles, arrows forward."""
    layout, order = graph_layout(root)
    n_cols = 1 + max(c for c, _ in layout.values())
    n_rows = 1 + max(r for _, r in layout.values())
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize or (2.4 * n_cols + 1, 1.2 * n_rows + 1))

    def where(node):
        c, r = layout[id(node)]
        return 2.4 * c, -1.2 * r

    for node in order:
        x, y = where(node)
        arrow = {"arrowstyle": "->", "color": GUIDE_COLOR, "lw": 1.2}
        for parent in node.parents:  # each input into the operation's circle
            px, py = where(parent)
            ax.annotate("", xy=(x - 1.38, y), xytext=(px + 0.6, py), arrowprops=arrow)
        if node.op:  # the operation, then its result
            ax.text(x - 1.2, y, node.op, ha="center", va="center", fontsize=9, zorder=3,
                    bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": VAL_COLOR})
            ax.annotate("", xy=(x - 0.6, y), xytext=(x - 1.02, y), arrowprops=arrow)
        name = f"{node.label} " if node.label else ""
        ax.text(x, y, f"{name}{node.data:.3g}\ngrad {node.grad:.3g}", ha="center", va="center",
                fontsize=8, zorder=3,
                bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": TRAIN_COLOR})
    xs = np.array([where(n)[0] for n in order])
    ys = np.array([where(n)[1] for n in order])
    ax.set_xlim(xs.min() - 1.6, xs.max() + 1.2)
    ax.set_ylim(ys.min() - 0.8, ys.max() + 0.8)
    ax.set_axis_off()
    ax.set_title(f"computation graph of {root.label or 'the output'}: {len(order)} values, "
                 "data and d output / d value in each box", fontsize=9)
    return describe(fig, graph_description(root, order), append=given)


def graph_description(root, order):
    """Every value of the graph in computation order, with how it was made, its data and grad."""
    names = {id(node): node.label or f"value {i + 1}" for i, node in enumerate(order)}
    parts = []
    for node in order:
        made = (f" = {node.op} of {listing([names[id(p)] for p in node.parents])}"
                if node.op else " (input)")
        parts.append(f"{names[id(node)]}{made}: data {num(node.data)}, grad {num(node.grad)}")
    return (f"Computation graph of {root.label or 'the output'}, {len(order)} values from the inputs "
            f"on the left to the output on the right: {'; '.join(parts)}.")
