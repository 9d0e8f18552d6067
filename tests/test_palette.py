"""The palette is colour-blind safe: every pair of colours used together stays apart for readers
with deuteranopia, protanopia and tritanopia, and lines that differ in meaning also differ in style.

Colour vision deficiency is simulated with colorspacious (Machado et al. 2009 at severity 100,
i.e. the dichromacies), and distances are measured in CAM02-UCS, where a distance of about 1 is
just noticeable. MIN_DISTANCE = 10 asks for colours told apart at a glance, as thin lines and
small markers. The pairs checked are both the named colour groups of ``nnlessons.plots.style``
and the colours each package figure really draws (read back from its artists).
"""
import itertools
import re
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb, to_rgba_array

from nnlessons.plots import style
from test_alt_text import FIGURES, trained  # noqa: F401  (the same figures and their data)

colorspacious = pytest.importorskip("colorspacious", reason="pip install -e '.[test]'")

MIN_DISTANCE = 10.0  # CAM02-UCS
VISION = {"normal": None, "deuteranopia": "deuteranomaly", "protanopia": "protanomaly",
          "tritanopia": "tritanomaly"}
PACKAGE = Path(__file__).resolve().parents[1] / "nnlessons"

GROUPS = {  # colours that appear together in one figure
    "series (axes.prop_cycle, C0-C7)": style.SERIES_COLORS,
    "classes": style.CLASS_COLORS,
    "activations": list(style.ACTIVATION_COLORS.values()),
    "train / validation / mistakes": [style.TRAIN_COLOR, style.VAL_COLOR, style.WRONG_COLOR],
    "verdicts": [style.GOOD_COLOR, style.WARN_COLOR, style.BAD_COLOR],
    "playground": style.CLASS_COLORS[:3] + [style.TRAIN_COLOR, style.VAL_COLOR],
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def seen_as(colors, vision):
    """CAM02-UCS coordinates (n, 3) of sRGB colours (n, 3) as seen with ``vision``."""
    rgb = np.array([to_rgb(c) for c in colors])
    if VISION[vision]:
        cvd = {"name": "sRGB1+CVD", "cvd_type": VISION[vision], "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def too_close(colors):
    """[(vision, a, b, distance)] for every pair closer than MIN_DISTANCE."""
    colors = sorted(set(to_hex(c) for c in colors))
    found = []
    if len(colors) < 2:
        return found
    for vision in VISION:
        points = seen_as(colors, vision)
        for i, j in itertools.combinations(range(len(colors)), 2):
            d = float(np.linalg.norm(points[i] - points[j]))
            if d < MIN_DISTANCE:
                found.append((vision, colors[i], colors[j], round(d, 1)))
    return found


@pytest.mark.parametrize("group", GROUPS)
def test_colours_of_a_group_stay_apart_in_every_kind_of_colour_vision(group):
    assert too_close(GROUPS[group]) == []


def test_matplotlib_default_grey_would_fail_so_the_test_can_fail():
    # tab10's green and grey are 7 apart for deuteranopia: the check has teeth.
    assert [v for v, *_ in too_close(["#009e73", "#7f7f7f"])] == ["deuteranopia"]


def _chromatic(rgba):
    """Colours that carry meaning: visible, not white, not a grey."""
    rgb = rgba[:, :3][rgba[:, 3] > 0]
    return [tuple(c) for c in rgb if np.ptp(c) > 0.08]


def figure_colors(fig):
    """Every chromatic colour drawn by the lines, markers, patches and collections of ``fig``
    (images and colormaps left out)."""
    found = []
    for ax in fig.axes:
        for line in ax.get_lines():
            if line.get_visible():
                found += _chromatic(to_rgba_array([line.get_color(), line.get_markerfacecolor()]))
        for patch in ax.patches:
            found += _chromatic(to_rgba_array(patch.get_facecolor()))
        for coll in ax.collections:
            if coll.get_array() is None:  # a colormapped collection is an image of values
                found += _chromatic(to_rgba_array(coll.get_facecolor()))
    return found


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_colours_drawn_together_in_each_figure_stay_apart(name, trained):  # noqa: F811
    fig = FIGURES[name](trained)
    assert too_close(figure_colors(fig)) == []


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_coloured_text_in_figures_is_readable(name, trained):  # noqa: F811
    fig = FIGURES[name](trained)
    texts = [t for t in fig.findobj(mpl.text.Text) if t.get_visible() and t.get_text().strip()]
    for text in texts:
        color = text.get_color()
        if to_rgb(color) != (1.0, 1.0, 1.0):  # white text sits on a dark cell, not on white
            assert style.contrast_ratio(color) >= 4.5, (text.get_text(), color)


def test_every_colour_literal_in_plots_and_widgets_is_from_the_palette():
    allowed = {c.lower() for c in style.OKABE_ITO.values()}
    allowed |= {style.GUIDE_COLOR, style.BOUNDARY_COLOR, style.WRONG_TEXT, "#b00020", "#ffffff"}  # greys, text
    for path in sorted((PACKAGE / "plots").glob("*.py")) + sorted((PACKAGE / "widgets").glob("*.py")):
        for hex_color in re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")):
            assert hex_color.lower() in allowed, f"{path.name}: {hex_color} is not an Okabe-Ito colour"
        assert not re.search(r"""["']C\d["']""", path.read_text(encoding="utf-8")), path.name


def test_importing_plots_sets_legends_to_10_pt_and_use_palette_false_undoes_it():
    assert mpl.rcParams["legend.fontsize"] == style.LEGEND_FONTSIZE >= style.MIN_FONTSIZE == 8
    try:
        style.use_palette(False)
        assert mpl.rcParams["legend.fontsize"] == mpl.rcParamsDefault["legend.fontsize"]
    finally:
        style.use_palette()


def test_importing_plots_sets_the_palette_as_the_colour_cycle():
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == style.SERIES_COLORS
    style.use_palette(False)
    try:
        assert to_hex(mpl.rcParams["axes.prop_cycle"].by_key()["color"][0]) == "#1f77b4"
    finally:
        style.use_palette()
    fig, ax = plt.subplots()
    assert [ax.plot([0, 1])[0].get_color() for _ in range(3)] == style.SERIES_COLORS[:3]


# --- lines that differ in meaning differ in style too ----------------------------------------
def _styles(lines):
    """(dash pattern, marker) of each line: '--' and (0, (4, 3)) are both 'dashed' by name."""
    return [(str(line._unscaled_dash_pattern), line.get_marker()) for line in lines]


def test_training_and_validation_curves_differ_in_line_style_and_marker():
    from nnlessons import plots
    fig = plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7],
                              "accuracy": [0.5, 0.7], "val_accuracy": [0.4, 0.6]})
    for ax in fig.axes:
        train, val = ax.get_lines()
        assert train.get_linestyle() != val.get_linestyle()
        assert train.get_marker() != val.get_marker()
    scene = plots.HistoryScene(plt.figure())
    assert scene.lines["loss"].get_linestyle() != scene.lines["val_loss"].get_linestyle()


def test_series_in_one_figure_have_distinct_line_styles():
    from nnlessons import plots
    fig = plots.plot_activations(style.ACTIVATION_NAMES)
    curves = [line for line in fig.axes[0].get_lines() if line.get_label() in style.ACTIVATION_NAMES]
    assert len(set(_styles(curves))) == len(style.ACTIVATION_NAMES)
    fig = plots.plot_init(depth=3)
    assert len(set(_styles(fig.axes[0].get_lines()[:4]))) == 4
    fig = plots.plot_optimizers(("sgd", "momentum", "adam"), steps=3)
    assert len(set(_styles(fig.axes[1].get_lines()))) == 3
    state = plots.PlaygroundState(n_points=30)
    scene = plots.PlaygroundScene(plt.figure())
    scene.update(state)
    assert scene.train_line.get_linestyle() != scene.test_line.get_linestyle()
    assert len({line.get_marker() for line in scene.points}) == state.n_classes


def test_classes_differ_in_marker_shape_as_well_as_colour(trained):  # noqa: F811
    fig = FIGURES["plot_decision_boundary"](trained)
    points = [c for c in fig.axes[0].collections if type(c).__name__ == "PathCollection"][0]
    y = trained[5]
    shapes = {k: {points.get_paths()[i].vertices.tobytes() for i in np.flatnonzero(y == k)}
              for k in np.unique(y)}
    assert all(len(s) == 1 for s in shapes.values()) and len(set().union(*shapes.values())) == len(shapes)
