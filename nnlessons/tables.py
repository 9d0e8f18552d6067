"""One small table model behind every trace: the same cells become plain text (for ``repr`` and
nbval) and HTML (for JupyterLab), so the two can never disagree.

Everything about how a value looks is decided here, once: losses with 4 decimals, accuracies and
probabilities with 3, shapes the cards' way ('60000 rows × 784 features'), a glimpse of the first
values of a row, and the text loss chart that sits under a training trace.
"""
import math

import numpy as np


def fmt_loss(value):
    return "—" if value is None else ("nan" if math.isnan(value) else f"{value:.4f}")


def fmt_acc(value):
    return "—" if value is None else f"{value:.3f}"


def fmt_num(value):
    """A measured value, short: at most 3 decimals (176.2, 0.667, 2), whole from 1000 on,
    and tiny non-zero values in e-notation (3.1e-05) so they never pass for an exact 0."""
    value = float(value)
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return str(value)
    if abs(value) < 0.0005:
        return f"{value:.1e}"
    if abs(value) >= 1000:
        return f"{value:.0f}"
    return f"{value:.3f}".rstrip("0").rstrip(".")


def describe_shape(shape, unit="features"):
    """Shapes the way the cards write them: (70000, 28, 28) -> '70000 rows × 28 × 28 pixels',
    (60000, 784) -> '60000 rows × 784 features' (``unit`` names the columns),
    (60000,) -> '60000 values'."""
    if len(shape) < 2:
        return f"{shape[0]} values" if shape else "1 value"
    if len(shape) > 2:
        unit = "pixels"
    elif shape[1] == 1:
        unit = unit[:-2] if unit.endswith("sses") else unit.rstrip("s")  # 1 output, 1 class
    rows = f"{shape[0]} row" + ("" if shape[0] == 1 else "s")
    return f"{rows} × " + " × ".join(str(s) for s in shape[1:]) + f" {unit}"


def describe(obj, unit, names=None):
    """What a pipeline stage holds: an array's shape, each part of a tuple, or a trained model."""
    if obj is None:
        return "—"
    if isinstance(obj, np.ndarray):
        return describe_shape(obj.shape, unit)
    if isinstance(obj, (tuple, list)):
        parts = [describe(o, unit) for o in obj]
        if names:
            parts = [f"{name}: {part}" for name, part in zip(names, parts)]
        return ", ".join(parts)
    if hasattr(obj, "n_params"):
        return f"model with {obj.n_params:,} weights and biases"
    return type(obj).__name__


def _glimpse(a, start=None, k=4):
    """The first k values of row 0 from its first non-zero one: '[152:] [3, 18, 18, 18, …]'."""
    flat = a[0].ravel() if a.ndim > 1 else a.ravel()
    if start is None:
        nonzero = np.flatnonzero(flat)
        start = int(nonzero[0]) if len(nonzero) else 0
    shown = [str(int(v)) if np.issubdtype(flat.dtype, np.integer) else fmt_num(v)
             for v in flat[start:start + k]]
    more = ", …" if start + k < flat.size else ""
    return start, ("" if start == 0 else f"[{start}:] ") + "[" + ", ".join(shown) + more + "]"


def before_after(before, after):
    """Row 0 before and after a stage; the same positions when the stage keeps the row's size."""
    if not (isinstance(before, np.ndarray) and isinstance(after, np.ndarray)
            and before.size and after.size):
        return "—"
    start, text_in = _glimpse(before)
    same_size = before.ndim > 1 and after.ndim > 1 and before[0].size == after[0].size
    return f"{text_in} → {_glimpse(after, start if same_size else None)[1]}"


def loss_chart(loss, val_loss=(), height=6, max_columns=60):
    """A text chart like the cards': one column per epoch (every k-th epoch past ``max_columns``),
    '*' at the training loss, 'o' at the validation loss, the y axis from 0 to the largest loss."""
    finite = [v for v in list(loss) + list(val_loss) if math.isfinite(v)]
    step = (max(finite) if finite and max(finite) > 0 else 1.0) / height
    epochs = list(range(0, len(loss), math.ceil(len(loss) / max_columns)))
    width = 2 if len(epochs) <= 30 else 1

    def level(v):
        return min(height, round(v / step)) if math.isfinite(v) else height

    def row(r, fill):
        cells = []
        for e in epochs:
            marks = [m for m, s in (("*", loss), ("o", val_loss))
                     if e < len(s) and level(s[e]) == r]
            mark = "#" if len(marks) == 2 else (marks[0] if marks else fill)  # '#': both here
            cells.append(mark.ljust(width, fill))
        return "".join(cells)

    decimals = max(1, 1 - math.floor(math.log10(step)))
    labels = [f"{r * step:.{decimals}f}" for r in range(height, -1, -1)]
    pad = max(len(s) for s in labels)
    lines = ["Loss" + ("  (* loss, o val loss, # both)" if len(val_loss) else "")]
    lines += [labels[height - r].rjust(pad) + " |" + row(r, " ") for r in range(height, 0, -1)]
    lines.append(labels[-1].rjust(pad) + " +" + row(0, "-"))
    ticks = [" "] * (len(epochs) * width + 8)
    for i, e in enumerate(epochs):  # label epoch 1 and every 5th, where the label fits
        label, at = str(e + 1), i * width
        if (len(epochs) < 10 or e == 0 or (e + 1) % 5 == 0) \
                and set(ticks[max(at - 1, 0):at + len(label) + 1]) == {" "}:
            ticks[at:at + len(label)] = label
    lines.append(" " * (pad + 2) + "".join(ticks).rstrip() + "  epochs")
    return [line.rstrip() for line in lines]


class Table:
    """A titled grid of text cells, with optional lines of text under it (notes, a chart).

    Parameters
    ----------
    title : str, shown above the table.
    columns : list of str, the header.
    rows : list of lists of str, one per row, as many cells as columns.
    notes : list of str, lines shown under the table as they are (monospace in HTML).
    right : set of column indices to right-align (numbers).
    """

    def __init__(self, title, columns, rows, notes=(), right=()):
        self.title, self.columns = title, list(columns)
        self.rows = [[str(cell) for cell in row] for row in rows]
        self.notes, self.right = list(notes), set(right)
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"Table '{title}' has {len(self.columns)} columns but a row has "
                                 f"{len(row)} cells: {row}.")

    def to_text(self):
        grid = [self.columns] + self.rows
        widths = [max(len(r[i]) for r in grid) for i in range(len(self.columns))]

        def line(cells):
            padded = [c.rjust(w) if i in self.right else c.ljust(w)
                      for i, (c, w) in enumerate(zip(cells, widths))]
            return "  ".join(padded).rstrip()

        rule = "  ".join("-" * w for w in widths)
        lines = [self.title, line(self.columns), rule] + [line(r) for r in self.rows]
        return "\n".join(lines + self.notes)

    def to_ruled_text(self, gap=3):
        """The layout of Keras' ``model.summary()``: title, a rule of underscores, the header,
        a rule of '=', the rows, '=' again, the notes, and a closing rule of underscores."""
        grid = [self.columns] + self.rows
        widths = [max(len(r[i]) for r in grid) + gap for i in range(len(self.columns))]
        width = sum(widths)

        def line(cells):
            return "".join(c.ljust(w) for c, w in zip(cells, widths))

        lines = [self.title, "_" * width, line(self.columns), "=" * width]
        lines += [line(r) for r in self.rows] + ["=" * width] + self.notes + ["_" * width]
        return "\n".join(lines)

    def to_html(self):
        import html  # only notebooks ask for HTML; `import nnlessons` stays lean

        def cells(tag, row):
            return "".join(f'<{tag} style="text-align:{"right" if i in self.right else "left"}">'
                           f"{html.escape(c)}</{tag}>" for i, c in enumerate(row))

        body = "".join(f"<tr>{cells('td', r)}</tr>" for r in self.rows)
        notes = (f"<pre>{html.escape(chr(10).join(self.notes))}</pre>" if self.notes else "")
        return (f'<div class="nnlessons-table"><table><caption style="text-align:left">'
                f"<b>{html.escape(self.title)}</b></caption><thead><tr>{cells('th', self.columns)}"
                f"</tr></thead><tbody>{body}</tbody></table>{notes}</div>")

    def __repr__(self):
        return self.to_text()

    def _repr_html_(self):
        return self.to_html()


class Report:
    """Base for anything shown as tables: subclasses return them from ``tables()``."""

    def tables(self):
        raise NotImplementedError

    def __repr__(self):
        return "\n\n".join(t.to_text() for t in self.tables())

    def _repr_html_(self):
        return "".join(t.to_html() for t in self.tables())
