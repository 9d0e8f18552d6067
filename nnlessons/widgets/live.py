"""live_training(): a dashboard that redraws loss and accuracy while ``fit`` runs (the d2l
Animator idea), with a Stop button. Its static counterpart is ``plot_history(history)``."""
import threading
import time

import ipywidgets as widgets

from ..callbacks import Callback
from ..plots.history import METRICS, HistoryScene
from .base import FigureWidget, error_html, widget_figure

class LiveTraining(FigureWidget, Callback):
    """A dashboard that redraws loss and accuracy while ``fit`` runs, with a Stop button.

    Pass it as a callback (``model.fit(..., callbacks=[live])``) or start training in a background
    thread with ``live.fit(model, X, y, ...)``. A notebook kernel handles a click only once the
    running cell is done, so the Stop button acts at once with ``live.fit`` (which returns at once;
    ``live.wait()`` blocks until training ends) but, around a blocking ``model.fit``, only after it.
    The epoch axis runs to the number of epochs ``fit`` was asked for (read from the running
    ``fit`` call; ``epochs=`` fixes it instead).
    Attributes: ``stop_button``, ``image``, ``figure``, ``status``, ``logs`` (dict of per-epoch
    lists), ``epochs`` (of the run, None if unknown), ``errors``, ``render_count``,
    ``last_render_ms``; ``history`` after ``live.fit``."""

    def __init__(self, min_interval=0.3, figsize=(9, 3.2), dpi=80, epochs=None):
        self.min_interval, self.logs = min_interval, {k: [] for k in METRICS}
        self.stop_requested, self.thread, self.history, self._last_draw = False, None, None, 0.0
        self.fixed_epochs = self.epochs = epochs
        stop = widgets.Button(description="Stop", icon="stop", button_style="danger")
        super().__init__(HistoryScene(widget_figure(figsize, dpi)), {}, {"stop_button": stop},
                         update=lambda: self.scene.update(self.logs, self.epochs))
        self.status.value = "waiting for fit to start"
        self.stop_button.on_click(self._stop)

    # --- Callback hooks (called by fit; drawing errors are shown, never raised into fit) -----
    def on_train_begin(self, logs):
        self.logs = {k: [] for k in METRICS}
        self.epochs = self.fixed_epochs or (logs or {}).get("epochs")
        self.stop_requested = False
        self.stop_button.disabled = False
        self.status.value = "training…"
        self._draw()  # the new run's axes (epochs 1 to the number asked for), no old lines

    def on_batch_end(self, batch, logs):
        if self.stop_requested:
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs):
        for key in METRICS:
            if key in logs:
                self.logs[key].append(float(logs[key]))
        self.status.value = f"epoch {epoch}: " + ", ".join(f"{k} {v:.4f}" for k, v in logs.items())
        if time.perf_counter() - self._last_draw >= self.min_interval:
            self._draw()

    def on_train_end(self, logs):
        self._draw()
        n = len(self.logs["loss"])
        self.status.value = (f"stopped after epoch {n}" if self.stop_requested
                             else f"done: {n} epochs") + (
            f", loss {self.logs['loss'][-1]:.4f}" if n else "")
        self.stop_button.disabled = True

    def _draw(self):
        self.safely(self.redraw)
        self._last_draw = time.perf_counter()

    def _stop(self, _=None):
        self.stop_requested = True
        if self.model is not None:
            self.model.stop_training = True
        self.status.value = "stopping after this batch…"

    # --- background training ------------------------------------------------------------------
    def fit(self, model, X, y, **fit_kwargs):
        """Run ``model.fit(X, y, **fit_kwargs)`` in a background thread with this dashboard as a
        callback, so the Stop button works; returns the thread (``wait()`` joins it)."""
        fit_kwargs["callbacks"] = [self] + list(fit_kwargs.get("callbacks", ()))
        fit_kwargs.setdefault("verbose", 0)
        if self.fixed_epochs is None:
            self.epochs = fit_kwargs.get("epochs", 1)

        def run():
            try:
                self.history = model.fit(X, y, **fit_kwargs)
            except Exception as exc:  # noqa: BLE001 - e.g. TrainingDiverged: show it
                self.errors.append(repr(exc))
                self.error_box.value = error_html(exc)
                self.stop_button.disabled = True

        self.thread = threading.Thread(target=run, name="nnlessons-live-training", daemon=True)
        self.thread.start()
        return self.thread

    def wait(self, timeout=None):
        """Block until background training started by ``fit`` ends; returns its History."""
        if self.thread is not None:
            self.thread.join(timeout)
        return self.history

    def close(self):
        self.stop_requested = True
        super().close()


def live_training(min_interval=0.3, figsize=(9, 3.2), dpi=80, epochs=None):
    """A LiveTraining dashboard: display it, then ``model.fit(..., callbacks=[live])`` or
    ``live.fit(model, X, y, ...)``. It redraws at most every ``min_interval`` seconds and once at
    the end; its epoch axis runs to the ``epochs`` given to ``fit`` (or to this function). The
    static figure afterwards is ``plot_history(history)``."""
    return LiveTraining(min_interval, figsize, dpi, epochs)
