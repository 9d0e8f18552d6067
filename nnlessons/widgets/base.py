"""FigureWidget: controls above one persistent figure that redraws fast when they change.

How it draws. The widget owns a ``matplotlib.figure.Figure`` (outside pyplot, so the inline
backend never shows it a second time and it is freed with the widget) and a *scene* that built its
artists (see nnlessons.scenes). A control change calls ``scene.update(**values)``, which changes
the artists' data in place. Only the artists in ``scene.dynamic`` are then drawn again, over a
cached picture of everything else (blitting on the Agg canvas); the whole figure is drawn only when
``update`` says axes or legends changed (it returns True), and laid out again when it says tick
labels changed (it returns "layout"). The pixels go to an ``ipywidgets.Image`` as PNG.

Why not an ``Output`` area with ``clear_output(wait=True); display(fig)``: on the course's 2-core
machine one full draw of a two-panel figure costs 100-150 ms of CPU (mostly text: tick labels,
legends, and the constrained-layout pass that measures them), and the inline backend draws every
figure twice (``bbox_inches='tight'`` measures, then renders). Blitting brings a control change
to a new picture down to 20-70 ms; a full redraw, when axes change, skips the layout pass (the
first layout is kept). It needs no ipympl and works in JupyterLab, Notebook 7, VS Code and Colab.
``benchmarks/widgets.py`` measures every widget.

Errors: ipywidgets swallows exceptions raised in callbacks. Here they are caught, shown in red
under the figure, logged to the ``nnlessons.widgets`` logger and kept in ``widget.errors`` (tests
assert that it stays empty).
"""
import html
import logging
import struct
import textwrap
import time
import traceback
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

log = logging.getLogger("nnlessons.widgets")


def widget_figure(figsize, dpi=80):
    """A Figure outside pyplot, with an Agg canvas and constrained layout (used for the first
    draw only, see FigureWidget.render)."""
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png_bytes(canvas):
    """The canvas's current pixels as PNG bytes.

    Written directly with zlib (RGB, no row filters, level 1): about twice as fast as Pillow's
    encoder, which tries a filter per row, and plots compress well without filters."""
    rgba = np.asarray(canvas.buffer_rgba())
    h, w, _ = rgba.shape
    raw = np.zeros((h, 1 + 3 * w), dtype=np.uint8)  # each row starts with filter type 0
    raw[:, 1:] = rgba[..., :3].reshape(h, 3 * w)

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 1)) + chunk(b"IEND", b""))


def labels_outside(fig, tolerance=1.0):
    """The axis labels and titles of ``fig`` that reach past its edge (after a draw)."""
    renderer, box = fig.canvas.get_renderer(), fig.bbox
    texts = [t for ax in fig.axes
             for t in (ax.xaxis.label, ax.yaxis.label, ax.title, ax._left_title, ax._right_title)]
    outside = []
    for text in texts:
        if text.get_visible() and text.get_text().strip():
            ext = text.get_window_extent(renderer)
            if (ext.x0 < box.x0 - tolerance or ext.x1 > box.x1 + tolerance
                    or ext.y0 < box.y0 - tolerance or ext.y1 > box.y1 + tolerance):
                outside.append(text)
    return outside


def placeholder_text(text, width=60):
    """``text`` in lines of at most ``width`` characters, broken between words only."""
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def error_html(exc):
    return (f"<pre style='color:#b00020;white-space:pre-wrap'>{type(exc).__name__}: "
            f"{html.escape(str(exc))}</pre>")


class FigureWidget(widgets.VBox):
    """Controls, then the figure, a status line and an error area.

    Parameters
    ----------
    scene : object with ``fig``, ``dynamic`` (list of artists) and ``update(**values)``, which
        returns False (only the dynamic artists changed), True (draw everything) or "layout" (draw
        everything after a new layout pass: axis limits and so tick labels changed).
    controls : dict name -> ipywidgets control. Each is also an attribute (``w.lr``) and its value
        is passed to ``update`` under that name whenever any of them changes.
    buttons : dict name -> extra widgets shown beside the controls (attributes too, not values).
    update : optional callable(**values) used instead of ``scene.update``, returning the same.

    Attributes
    ----------
    figure, image (ipywidgets.Image), status (HTML), errors (list of str), render_count,
    last_render_ms (control change to new PNG, milliseconds).
    """

    def __init__(self, scene, controls, buttons=None, update=None):
        self.scene, self.figure = scene, scene.fig
        self.controls = dict(controls)
        self._update = update or scene.update
        self.image = widgets.Image(format="png")
        self.status = widgets.HTML()
        self.error_box = widgets.HTML()
        self.errors, self.render_count, self.last_render_ms = [], 0, None
        self._background = None
        extra = dict(buttons or {})
        row = widgets.HBox(list(self.controls.values()) + list(extra.values()),
                           layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__(children=[row, self.image, self.status, self.error_box])
        for name, control in {**self.controls, **extra}.items():
            if hasattr(type(self), name):
                raise ValueError(f"control name {name!r} clashes with a VBox attribute.")
            setattr(self, name, control)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.redraw(full=True)  # errors here raise: a widget that cannot draw should not appear

    # What a reader sees where the widget cannot run: a notebook opened before it is executed, or
    # GitHub, nbviewer and slides (stored outputs keep no widget state, so they fall back to text).
    # Broken into short lines between words here: viewers show text/plain in a <pre>, which either
    # runs one long line off the edge or (slides) breaks it anywhere, in the middle of a word.
    PLACEHOLDER = ("[interactive figure: run this cell in JupyterLab to get its controls; the static "
                   "figure after it shows the same thing]")
    PLACEHOLDER_WIDTH = 60

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(super()._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = placeholder_text(f"{type(self).__name__} {self.PLACEHOLDER}",
                                                self.PLACEHOLDER_WIDTH)
        return bundle

    @property
    def values(self):
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change=None):
        self.safely(self.redraw)

    def safely(self, fn, *args):
        """Run fn(*args); on error show it under the figure instead of letting ipywidgets swallow it."""
        try:
            fn(*args)
            self.error_box.value = ""
        except Exception as exc:  # noqa: BLE001 - shown to the learner, kept for tests
            self.errors.append("".join(traceback.format_exception(exc)))
            log.error("%s callback failed: %s", type(self).__name__, self.errors[-1])
            self.error_box.value = error_html(exc)

    def redraw(self, full=False):
        """Update the scene from the controls and show the new picture."""
        start = time.perf_counter()
        changed = self._update(**self.values)
        self.render(bool(changed) or full, relayout=isinstance(changed, str) and changed == "layout")
        self.last_render_ms = 1e3 * (time.perf_counter() - start)

    def render(self, full=False, relayout=False):
        """Draw the figure (only the dynamic artists unless ``full``; after a new layout pass if
        ``relayout``) and send it to the image."""
        fig, canvas = self.figure, self.figure.canvas
        dynamic = [artist for artist in self.scene.dynamic if artist is not None]
        for artist in dynamic:
            artist.set_animated(True)  # left out of full draws; drawn on top below
        if full or relayout or self._background is None:
            canvas.draw()
            if relayout and labels_outside(fig):
                # New tick labels (other limits) were wider than the first ones and pushed an axis
                # label off the figure's edge: lay the figure out again (costs one more draw).
                fig.set_layout_engine("constrained")
                canvas.draw()
            if fig.get_layout_engine() is not None:
                # Keep the first layout: later full redraws skip the layout pass, which costs as
                # much as the drawing itself (scenes keep tick labels a steady width).
                fig.set_layout_engine("none")
            self._background = canvas.copy_from_bbox(fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in dynamic:
            if artist.get_visible():
                fig.draw_artist(artist)
        self.image.value = png_bytes(canvas)
        self.render_count += 1

    def close(self):
        """Close this widget and every control in it (frees the figure)."""
        for child in _descendants(self):
            child.close()
        super().close()


def _descendants(box):
    for child in getattr(box, "children", ()):
        yield from _descendants(child)
        yield child
