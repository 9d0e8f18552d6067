"""The playground widget: controls, Train / Step / Reset buttons and the live figure.

``Train`` toggles a background loop (10 epochs, then a redraw, until pressed again), so the other
controls stay live while it runs; ``step(n)`` and ``run(epochs)`` train synchronously, for tests
and for lessons. The data, model and figure live in nnlessons.playground.
"""
import threading
import time

import ipywidgets as widgets
import numpy as np

from ..plots.playground import (
    ACTIVATIONS,
    DATASETS,
    L2_STRENGTHS,
    LEARNING_RATES,
    MAX_LAYERS,
    MAX_NEURONS,
    PlaygroundScene,
    PlaygroundState,
)
from .base import FigureWidget, widget_figure

_WIDE = {"description_width": "initial"}


def _choice(value, options, name):
    if value not in options:
        raise ValueError(f"playground {name} must be one of {', '.join(map(str, options))}; got {value!r}.")
    return value


def _slider_widths(neurons):
    """One starting value per layer slider, from an int or a list of widths (the last repeats)."""
    widths = [int(w) for w in np.ravel(neurons)]
    if not widths or not all(1 <= w <= MAX_NEURONS for w in widths):
        raise ValueError(f"playground neurons must be between 1 and {MAX_NEURONS} per layer "
                         f"(the sliders' range); got {neurons!r}.")
    return (widths + [widths[-1]] * MAX_LAYERS)[:MAX_LAYERS]


class Playground(FigureWidget):
    """The playground. Controls (attributes and ``controls``): ``dataset``, ``noise``,
    ``hidden_layers``, ``neurons`` (every hidden layer at once), ``activation``, ``learning_rate``,
    ``batch_size``, ``l2``. Below them, ``layer_neurons``: one slider per hidden layer (only the
    layers in use are shown), to give each layer its own width, as in a 2-8-4-2 network.
    Buttons: ``train_button`` (toggle), ``step_button`` (one epoch), ``reset_button``.
    ``state`` is the PlaygroundState (data, ``state.model``, loss curves); ``last_step_ms`` the
    time of the last step including its redraw."""

    def __init__(self, state, epochs_per_frame=10, dpi=80):
        self.state, self.epochs_per_frame = state, epochs_per_frame
        self.last_step_ms, self._thread = None, None
        self._lock = threading.RLock()
        s = state
        widths = _slider_widths(s.neurons)
        self.layer_neurons = [
            widgets.IntSlider(value=w, min=1, max=MAX_NEURONS, description=f"layer {i + 1}",
                              continuous_update=False, layout=widgets.Layout(width="230px"),
                              style=_WIDE)  # the whole label: "layer 1", never "laye…"
            for i, w in enumerate(widths)]
        self._all_layers, self._syncing = widths[0], False
        controls = {
            "dataset": widgets.Dropdown(options=list(DATASETS), value=s.dataset, description="data"),
            "noise": widgets.FloatSlider(value=s.noise, min=0, max=1, step=0.05, description="noise",
                                         continuous_update=False),
            "hidden_layers": widgets.IntSlider(value=s.hidden_layers, min=0, max=MAX_LAYERS,
                                               description="hidden layers", style=_WIDE,
                                               continuous_update=False),
            "neurons": widgets.IntSlider(value=widths[0], min=1, max=MAX_NEURONS,
                                         description="neurons (all layers)", style=_WIDE,
                                         continuous_update=False),
            "activation": widgets.Dropdown(options=ACTIVATIONS, value=s.activation,
                                           description="activation", style=_WIDE,
                                           layout=widgets.Layout(width="210px", margin="0 16px 0 0")),
            "learning_rate": widgets.SelectionSlider(
                options=LEARNING_RATES, description="learning rate", style=_WIDE,
                value=_choice(s.learning_rate, LEARNING_RATES, "learning_rate")),
            "batch_size": widgets.IntSlider(value=s.batch_size, min=1, max=30,
                                            description="batch size", style=_WIDE),
            "l2": widgets.SelectionSlider(options=L2_STRENGTHS, description="L2",
                                          value=_choice(s.l2, L2_STRENGTHS, "l2")),
        }
        buttons = {
            "train_button": widgets.ToggleButton(description="Train", icon="play",
                                                 button_style="success"),
            "step_button": widgets.Button(description="Step", icon="step-forward"),
            "reset_button": widgets.Button(description="Reset", icon="undo"),
        }
        scene = PlaygroundScene(widget_figure((9.6, 4.4), dpi), captions=False)
        super().__init__(scene, controls, buttons, update=self._apply)
        self.layer_row = widgets.HBox([widgets.Label("neurons per layer:")] + self.layer_neurons,
                                      layout=widgets.Layout(flex_flow="row wrap"))
        self.children = (self.children[0], self.layer_row) + tuple(self.children[1:])
        for slider in self.layer_neurons:
            slider.observe(self._on_layer_change, names="value")
        self.step_button.on_click(lambda _: self.safely(self.step, 1))
        self.reset_button.on_click(lambda _: self.safely(self.reset))
        self.train_button.observe(self._toggle, names="value")

    def redraw(self, full=False):
        with self._lock:  # the Train loop may be drawing from its thread
            super().redraw(full)

    def _on_layer_change(self, change):
        if not self._syncing:
            self.safely(self.redraw)

    def _layer_widths(self, hidden_layers, neurons):
        """The per-layer sliders' widths; a move of the all-layers slider first sets them all."""
        if neurons != self._all_layers:
            self._all_layers, self._syncing = neurons, True
            try:
                for slider in self.layer_neurons:
                    slider.value = neurons
            finally:
                self._syncing = False
        for i, slider in enumerate(self.layer_neurons):
            slider.layout.display = None if i < hidden_layers else "none"
        return [slider.value for slider in self.layer_neurons[:hidden_layers]]

    def _apply(self, dataset, noise, hidden_layers, neurons, activation, learning_rate,
               batch_size, l2):
        """Bring the state in line with the controls (only what changed), then the scene."""
        with self._lock:
            s = self.state
            if (dataset, noise) != (s.dataset, s.noise):
                s.set_data(dataset, noise)
            widths = self._layer_widths(hidden_layers, neurons)
            if (hidden_layers, widths, activation) != (s.hidden_layers, s.widths, s.activation):
                s.set_architecture(hidden_layers, widths, activation)
            if (learning_rate, l2) != (s.learning_rate, s.l2):
                s.set_optimizer(learning_rate, l2)
            s.batch_size = batch_size
            self._show_status()
            return self.scene.update(s)

    def _show_status(self):
        s = self.state
        if s.diverged:
            self.status.value = f"<b style='color:#b00020'>{s.diverged}</b>"
        else:
            self.status.value = (f"network {s.architecture} · epoch {s.epoch} · train loss "
                                 f"{s.train_loss[-1]:.4f} · test loss {s.test_loss[-1]:.4f} · "
                                 f"test accuracy {s.test_accuracy[-1]:.3f}")

    def step(self, epochs=1):
        """Train ``epochs`` epochs now, then redraw (what Step does, with epochs=1)."""
        with self._lock:
            start = time.perf_counter()
            self.state.step(epochs)
            self.render(self.scene.update(self.state))
            self._show_status()
            self.last_step_ms = self.last_render_ms = 1e3 * (time.perf_counter() - start)

    def run(self, epochs):
        """Train ``epochs`` epochs now, redrawing every ``epochs_per_frame``."""
        done = 0
        while done < epochs and not self.state.diverged:
            n = min(self.epochs_per_frame, epochs - done)
            self.step(n)
            done += n

    def reset(self):
        """New weights, empty curves (Reset)."""
        with self._lock:
            self.state.reset()
            self.render(self.scene.update(self.state))
            self._show_status()

    # --- background training (the Train toggle) -----------------------------------------------
    def _toggle(self, change):
        self.train_button.description = "Pause" if change["new"] else "Train"
        self.train_button.icon = "pause" if change["new"] else "play"
        if change["new"] and (self._thread is None or not self._thread.is_alive()):
            self._thread = threading.Thread(target=self._loop, name="nnlessons-playground",
                                            daemon=True)
            self._thread.start()

    def _loop(self):
        n_errors = len(self.errors)
        while self.train_button.value and not self.state.diverged and len(self.errors) == n_errors:
            self.safely(self.step, self.epochs_per_frame)
            time.sleep(0.005)  # let the kernel thread handle clicks between frames
        self.train_button.value = False

    def stop(self, timeout=5.0):
        """Stop the background loop and wait for it."""
        self.train_button.value = False
        if self._thread is not None:
            self._thread.join(timeout)

    def close(self):
        if hasattr(self, "train_button"):  # not there if __init__ refused its arguments
            self.stop()
        super().close()


def playground(dataset="moons", noise=0.1, hidden_layers=2, neurons=4, activation="tanh",
               learning_rate=0.03, batch_size=10, l2=0.0, n_points=300, rng=0, dpi=80):
    """TensorFlow Playground on our engine; returns a Playground widget (see its attributes).
    ``neurons`` is one width for every hidden layer or a width per layer (``[8, 4]``);
    ``n_points`` points, a third of them held out as test data; ``rng`` seeds data and weights."""
    state = PlaygroundState(dataset, noise, hidden_layers, neurons, activation, learning_rate,
                            batch_size, l2, n_points, rng=rng)
    return Playground(state, dpi=dpi)
