"""Text alternatives: every figure says in words what it shows, for readers who cannot see it.

``describe(fig, text)`` attaches ``text`` to a Figure; every ``plot_*`` function calls it with a
description made from its data, and a lesson calls it for a figure of its own. When IPython shows
a described figure (``plt.show()``, the end of a cell, ``display(fig)``), it sends two outputs:

1. the PNG, with ``{"image/png": {"alt": text}}`` in its output metadata. nbconvert's HTML
   exporter writes it as ``<img alt>``; ``scripts/alt_text.py`` copies it into the cell's
   ``mystnb.image.alt``, which the course website (myst-nb) uses as ``<img alt>``;
2. right after it, the same text in a collapsed ``<details>`` ("Figure description"), for a screen
   reader in JupyterLab: JupyterLab 4 draws a PNG output as an ``<img>`` without ``alt`` and does
   not read output metadata. ``<details>`` survives JupyterLab's HTML sanitizer in untrusted
   notebooks, opens from the keyboard, and takes one line on screen.

Outside IPython (scripts, tests) nothing is sent: the text is only kept on the figure, where
``description(fig)`` reads it. Importing this module loads neither matplotlib nor IPython.
"""
import html
import re
from functools import partial

import numpy as np

ATTRIBUTE = "_nnlessons_alt"
SUMMARY = "Figure description"


def describe(fig, text, append=False):
    """Attach the text alternative ``text`` to ``fig`` and return ``fig``.

    Parameters
    ----------
    fig : matplotlib Figure.
    text : str, what the figure shows, e.g. "training loss falls from 0.30 to 0.06 over 5 epochs".
    append : add ``text`` after the figure's description instead of replacing it (a plot function
        drawing into one panel of a figure it was given).
    """
    if not isinstance(text, str) or not text.strip():
        raise TypeError(f"describe needs the description as a non-empty str, got {text!r}; "
                        "say what the figure shows, e.g. describe(fig, 'loss falls from 2.3 to 0.4').")
    if not hasattr(fig, "savefig"):
        raise TypeError(f"describe needs a matplotlib Figure, got {type(fig).__name__}; "
                        "pass fig from fig, ax = plt.subplots(...) or from a plot_* function.")
    text = " ".join(text.split())
    old = description(fig)
    if append and old:
        text = f"{old} {text}" if old.endswith(".") else f"{old}; {text}"
    setattr(fig, ATTRIBUTE, text)
    # IPython asks an object for _ipython_display_ before any formatter: set on this figure only.
    fig._ipython_display_ = partial(_display, fig)
    return fig


def description(fig):
    """The text alternative of ``fig`` (None when it has none)."""
    return getattr(fig, ATTRIBUTE, None)


def description_bundle(text):
    """The mime bundle of the output that follows a described figure: the text in a collapsed
    <details> (text/html) and as a plain line (text/plain)."""
    return {"text/plain": f"{SUMMARY}: {text}",
            "text/html": f"<details><summary>{SUMMARY}</summary><p>{html.escape(text)}</p></details>"}


def _display(fig):
    from IPython.display import display

    text = description(fig)
    hook = fig.__dict__.pop("_ipython_display_", None)  # show the figure itself, the usual way
    try:
        display(fig, metadata={"image/png": {"alt": text}})
    finally:
        if hook is not None:
            fig._ipython_display_ = hook
    display(description_bundle(text), raw=True)


# --- numbers in words ------------------------------------------------------------------------
def num(x, digits=2):
    """A number rounded for reading: 3 decimals below 1 (2 significant digits below 0.01), 2
    below 100, whole numbers below 1e5, else like 1.2e-8; 'not a number' for NaN."""
    x = float(x)
    if not np.isfinite(x):
        return "not a number" if np.isnan(x) else ("infinity" if x > 0 else "minus infinity")
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1:
        return f"{x:.{digits + 1}f}".rstrip("0").rstrip(".") if abs(x) >= 0.01 else f"{x:.2g}"
    if 1 <= abs(x) < 1e5:
        return f"{x:.{digits}f}".rstrip("0").rstrip(".") if abs(x) < 100 else f"{x:.0f}"
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", f"{x:.{digits}g}").replace("e+", "e")


def trend(name, values, higher_is_better=False, unit="epoch", first=1):
    """'training loss falls from 0.3 to 0.06 over 5 epochs, lowest (0.05) at epoch 4'; ``first``
    is the number of the first value (0 when it was measured before training)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return f"{name}: no values"
    if v.size == 1:
        return f"{name} {num(v[0])} at {unit} {first}"
    last = v[-1]
    span = np.nanmax(np.abs(v)) or 1.0
    verb = ("stays near" if abs(last - v[0]) < 0.02 * span else
            "rises" if last > v[0] else "falls")
    text = (f"{name} {verb} {num(v[0])}" if verb == "stays near"
            else f"{name} {verb} from {num(v[0])} to {num(last)}")
    n = v.size - 1 + first
    text += f" over {n} {unit}{'s' if n != 1 else ''}"
    finite = np.where(np.isfinite(v), v, np.nan)
    if verb == "stays near" or np.isnan(finite).all():
        return text
    best = int(np.nanargmax(finite) if higher_is_better else np.nanargmin(finite))
    if best != v.size - 1:
        text += f", {'highest' if higher_is_better else 'lowest'} ({num(v[best])}) at {unit} {best + first}"
    return text


def signed(x):
    """'+ 0.5' or '− 0.5': a term after the first in a sum, e.g. 1·x1 − 0.5·x2."""
    return f"− {num(-x)}" if x < 0 else f"+ {num(x)}"


def listing(items, limit=8):
    """'a, b and c'; past ``limit`` items: 'a, b, ... and 5 more'."""
    items = [str(i) for i in items]
    if len(items) > limit:
        items = items[:limit - 1] + [f"{len(items) - limit + 1} more"]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
