"""Activation functions: f(z) beside f'(z) with the saturated regions shaded, histograms of
each layer's outputs, and the scene behind the activation explorer."""
import numpy as np

from ..activations import get_activation
from .alt_text import describe, listing, num
from .prediction_trace import PASS_THROUGH
from .style import (ACTIVATION_COLORS, ACTIVATION_NAMES, ACTIVATION_STYLES, TRAIN_COLOR, VAL_COLOR,
                    figure_and_ax, pyplot_figure, subplots)


def saturated_regions(z, dfdz, fraction=0.1):
    """Intervals (start, end) of z where f'(z) is below ``fraction`` of its peak: there the
    gradient nearly vanishes (saturation, or ReLU's flat side)."""
    flat = dfdz < fraction * np.max(dfdz)
    edges = np.flatnonzero(np.diff(np.r_[0, flat.astype(int), 0]))
    return [(z[a], z[b - 1]) for a, b in zip(edges[::2], edges[1::2])]


def _regions_text(regions):
    """'for z from -6 to -4.4 and from 4.4 to 6' (or 'nowhere')."""
    return "for z " + listing([f"from {num(a)} to {num(b)}" for a, b in regions]) if regions else "nowhere"


def plot_activation(activation="relu", z_range=(-6, 6), ax=None, figsize=(4.5, 3.2)):
    """An activation f(z) with its derivative f'(z); grey bands where f'(z) < 10% of its peak."""
    act = get_activation(activation)
    if act.name == "softmax":
        raise ValueError("plot_activation draws elementwise activations (relu, sigmoid, tanh, ...); "
                         "softmax mixes a whole row of logits, so it has no curve f(z).")
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize)
    z = np.linspace(*z_range, 401)
    d = act.derivative(z)
    for a, b in saturated_regions(z, d):
        ax.axvspan(a, b, color="0.85", zorder=0)
    ax.plot(z, act.forward(z), label=f"{act.name}(z)", color=TRAIN_COLOR, lw=2)
    ax.plot(z, d, label="derivative", color=VAL_COLOR, lw=1.5, ls="--")
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set_xlabel("z")
    ax.set_title(act.name)
    ax.legend(fontsize=8, loc="upper left")
    f = act.forward(z)
    return describe(fig, f"{act.name}(z) (solid) and its derivative (dashed) for z from "
                         f"{num(z[0])} to {num(z[-1])}: f(z) goes from {num(f[0])} to {num(f[-1])}, "
                         f"the derivative peaks at {num(d.max())}; shaded where the derivative is "
                         f"under 10% of its peak: {_regions_text(saturated_regions(z, d))}.",
                    append=given)


def plot_activation_histograms(model, X, bins=40, figsize=None):
    """One histogram per layer of its outputs on X: dead ReLUs pile up at 0, saturated sigmoid
    and tanh units at the ends of their range."""
    outputs = model.forward(np.asarray(X), trace=True)
    shown = [(layer, out) for layer, out in zip(model.layers, outputs)
             if type(layer).__name__ not in PASS_THROUGH]
    fig, axes = subplots(1, len(shown), figsize=figsize or (2.6 * len(shown), 2.6), squeeze=False)
    parts = []
    for ax, (layer, out) in zip(axes[0], shown):
        values = np.asarray(out, dtype=float).ravel()
        ax.hist(values, bins=bins, color=TRAIN_COLOR)
        act = getattr(getattr(layer, "activation", None), "name", "")
        ax.set_title(f"{layer.name}\n{act}", fontsize=9)
        note = None
        if act in ("relu", "leaky_relu"):
            note = f"{np.mean(values <= 0):.0%} ≤ 0"
        elif act == "sigmoid":
            note = f"{np.mean((values < 0.02) | (values > 0.98)):.0%} saturated"
        elif act == "tanh":
            note = f"{np.mean(np.abs(values) > 0.98):.0%} saturated"
        if note:
            ax.text(0.97, 0.95, note, transform=ax.transAxes, ha="right", va="top", fontsize=8)
        ax.set_yticks([])
        parts.append(f"{layer.name}{f' ({act})' if act else ''} from {num(values.min())} to "
                     f"{num(values.max())}{f', {note}' if note else ''}")
    return describe(fig, f"Histograms of each layer's outputs on {len(X)} examples: "
                         f"{'; '.join(parts)}.")


class ActivationScene:
    """f(z) on the left, f'(z) on the right for the chosen activations, drawn thick where the
    slope is under 10% of its peak (the gradient nearly vanishes there); markers at a probe z.

    Axes are fixed (z in [-z_range, z_range]), so choosing other functions only redraws curves."""

    def __init__(self, fig, z_range=6.0):
        self.fig, self.z_range = fig, float(z_range)
        self.ax_f, self.ax_d = fig.subplots(1, 2)
        zs = np.linspace(-self.z_range, self.z_range, 401)
        self.lines, self.flat, self.dots = {}, {}, {}
        for name in ACTIVATION_NAMES:
            act, color = get_activation(name), ACTIVATION_COLORS[name]
            values = act.forward(zs), act.derivative(zs)
            flat = np.zeros(len(zs), dtype=bool)
            for a, b in saturated_regions(zs, values[1]):
                flat |= (zs >= a) & (zs <= b)
            axes = (self.ax_f, self.ax_d)
            self.lines[name] = [ax.plot(zs, v, color=color, lw=2, label=name,
                                        ls=ACTIVATION_STYLES[name])[0]
                                for ax, v in zip(axes, values)]
            self.flat[name] = [ax.plot(zs, np.where(flat, v, np.nan), lw=7, alpha=0.25, color=color,
                                       solid_capstyle="butt")[0] for ax, v in zip(axes, values)]
            self.dots[name] = [ax.plot([], [], "o", color=color)[0] for ax in axes]
        self.probe = [ax.axvline(0, color="0.4", lw=0.8, ls=":") for ax in (self.ax_f, self.ax_d)]
        r = self.z_range
        for ax, label, ylim in ((self.ax_f, "f(z)", (-2.2, r + 0.3)), (self.ax_d, "f'(z)", (-0.05, 1.1))):
            ax.axhline(0, color="0.6", lw=0.6)
            ax.set_xlim(-r, r)
            ax.set_ylim(ylim)
            ax.set_xlabel("z")
            ax.set_ylabel(label)
        self.ax_f.set_title("activation (thick: slope under 10% of its peak)", fontsize=9)
        self.title = self.ax_d.set_title(" ", fontsize=9)
        self.legend, self.chosen, self.z = None, None, 0.0
        self.dynamic = []

    def update(self, activations, z=1.0):
        chosen = [n for n in ACTIVATION_NAMES if n in set(activations)]
        if chosen != self.chosen:
            self.chosen = chosen
            for name in ACTIVATION_NAMES:
                for artist in self.lines[name] + self.flat[name] + self.dots[name]:
                    artist.set_visible(name in chosen)
            if self.legend is not None:
                self.legend.remove()
            self.legend = self.ax_f.legend(handles=[self.lines[n][0] for n in chosen],
                                           loc="upper left", fontsize=8) if chosen else None
            self.dynamic = [a for n in chosen for a in self.flat[n] + self.lines[n] + self.dots[n]]
            self.dynamic += self.probe + [self.title] + ([self.legend] if chosen else [])
        slopes = []
        for name in chosen:
            act = get_activation(name)
            zz = np.array([z])
            for dot, value in zip(self.dots[name], (act.forward(zz), act.derivative(zz))):
                dot.set_data([z], value)
            slopes.append(f"{name} {float(act.derivative(zz)[0]):.3g}")
        for line in self.probe:
            line.set_xdata([z, z])
        self.title.set_text(f"slope at z = {z:.2f}: " + ", ".join(slopes) if slopes else " ")
        self.z = z
        return False

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        if not self.chosen:
            return "No activation chosen: empty axes for f(z) and f'(z)."
        zs = np.linspace(-self.z_range, self.z_range, 401)
        parts = []
        for name in self.chosen:
            act = get_activation(name)
            d, at = act.derivative(zs), act.derivative(np.array([self.z]))[0]
            parts.append(f"{name}: slope {num(at)} at z = {num(self.z)}, slope under 10% of its "
                         f"peak {_regions_text(saturated_regions(zs, d))}")
        return (f"Activation functions f(z) (left) and their slopes f'(z) (right) for z from "
                f"{num(-self.z_range)} to {num(self.z_range)}, each with its own colour and line "
                f"style. {'; '.join(parts)}.")


def plot_activations(activations=("relu", "sigmoid", "tanh"), z=1.0, z_range=6.0, figsize=(9, 3.4)):
    """Static figure of activation_explorer(): the functions, their slopes and where they saturate."""
    fig = pyplot_figure(figsize)
    scene = ActivationScene(fig, z_range)
    scene.update(activations, z)
    return describe(fig, scene.describe())
