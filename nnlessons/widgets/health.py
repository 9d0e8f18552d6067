"""health_dashboard(history): a slider over the steps ``nl.LayerHealth`` recorded, showing each
layer's output histogram at that step and every layer's update-to-weight ratio up to it. Its
static counterpart is ``plot_health_dashboard(history, step)``."""
import ipywidgets as widgets

from ..plots.health import HealthScene
from .base import FigureWidget, widget_figure


def health_dashboard(history, step=None, figsize=(10, 5.5), dpi=80):
    """Slide through the recorded steps of a run trained with ``callbacks=[nl.LayerHealth()]``.

    Parameters
    ----------
    history : the History that fit returned (or its ``health`` dict).
    step : the recorded step shown first (default: the last).
    Controls: ``step`` (a slider over the recorded step numbers)."""
    scene = HealthScene(widget_figure(figsize, dpi), history)
    steps = [int(s) for s in scene.steps]
    first = steps[scene.index_of(steps[-1] if step is None else step)]
    slider = widgets.SelectionSlider(options=steps, value=first, description="step",
                                     continuous_update=True, style={"description_width": "initial"},
                                     layout=widgets.Layout(width="60%"))
    return FigureWidget(scene, {"step": slider})
