"""One neuron: its output over the input plane and f(z), the scene behind the neuron explorer."""
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ..neuron import Neuron
from .alt_text import describe, num, signed
from .style import TRAIN_COLOR, VAL_COLOR, pyplot_figure


NEURON_COLOR_RANGE = {"sigmoid": (0, 1), "tanh": (-1, 1), "relu": (0, 5), "leaky_relu": (0, 5),
                      "linear": (-5, 5)}  # colour scale of the output a, per activation


class NeuronScene:
    """Left: the output a = f(w1 x1 + w2 x2 + b) of one neuron over the input plane, the line
    where z = 0 and the weight vector. Right: f(z), with the range of z the plane reaches."""
    LIM = 3.0

    def __init__(self, fig, resolution=61):
        self.fig = fig
        self.ax_in, self.ax_f = fig.subplots(1, 2, width_ratios=[1.25, 1])
        xs = np.linspace(-self.LIM, self.LIM, resolution)
        xx, yy = np.meshgrid(xs, xs)
        self.points = np.column_stack([xx.ravel(), yy.ravel()])
        self.heat = self.ax_in.imshow(np.zeros((resolution, resolution)), origin="lower",
                                      extent=(-self.LIM, self.LIM, -self.LIM, self.LIM),
                                      cmap="viridis", interpolation="bilinear")
        # Few ticks, steady label widths: a full redraw (new activation) is mostly drawing text.
        bar = fig.colorbar(self.heat, ax=self.ax_in, label="output a", shrink=0.9, format="%.1f")
        bar.locator = MaxNLocator(4)
        self.ax_f.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
        self.ax_f.yaxis.set_major_formatter("{x:.1f}")
        self.ax_f.set_xticks([-10, -5, 0, 5, 10])
        self.ax_in.set_xticks([-3, 0, 3])
        self.ax_in.set_yticks([-3, 0, 3])
        self.edge, = self.ax_in.plot([], [], color="white", ls="--", lw=1.5)
        self.arrow = self.ax_in.annotate("", xy=(1, 0), xytext=(0, 0),
                                         arrowprops={"arrowstyle": "-|>", "color": "white",
                                                     "lw": 2})
        self.ax_in.set_xlim(-self.LIM, self.LIM)
        self.ax_in.set_ylim(-self.LIM, self.LIM)
        self.ax_in.set_xlabel("$x_1$")
        self.ax_in.set_ylabel("$x_2$")
        self.title = self.ax_in.set_title(" ", fontsize=10)
        self.curve, = self.ax_f.plot([], [], color=TRAIN_COLOR, lw=2)
        self.reach = Rectangle((0, 0), 0, 1, transform=self.ax_f.get_xaxis_transform(),
                               color=VAL_COLOR, alpha=0.25, lw=0)
        self.ax_f.add_patch(self.reach)
        self.ax_f.set_xlabel("z = w·x + b")
        self.ax_f.set_ylabel("output a = f(z)")
        self.ax_f.yaxis.tick_right()                  # away from the colour bar's own label
        self.ax_f.yaxis.set_label_position("right")
        self.ax_f.set_title("f(z); shaded: the z values this neuron reaches", fontsize=9)
        self.activation, self.state = None, None
        self.dynamic = [self.heat, self.edge, self.arrow, self.title, self.reach]

    def update(self, w1, w2, bias, activation):
        neuron = Neuron(2, activation, weights=[w1, w2], bias=bias)
        z, a = neuron(self.points)
        self.heat.set_data(a.reshape(self.heat.get_array().shape))
        x1 = np.array([-self.LIM, self.LIM])
        if abs(w2) > 1e-9:
            self.edge.set_data(x1, -(w1 * x1 + bias) / w2)
        elif abs(w1) > 1e-9:
            self.edge.set_data([-bias / w1] * 2, x1)
        else:
            self.edge.set_data([], [])
        self.arrow.xy = (w1, w2)
        self.arrow.set_visible(abs(w1) + abs(w2) > 1e-9)
        name = neuron.activation.name
        sign = lambda v: "−" if v < 0 else "+"
        self.title.set_text(f"a = {name}({w1:.2f}·x₁ {sign(w2)} {abs(w2):.2f}·x₂ "
                            f"{sign(bias)} {abs(bias):.2f})")
        self.reach.set_x(float(z.min()))
        self.reach.set_width(float(z.max() - z.min()))
        self.state = (w1, w2, bias, name, float(a.min()), float(a.max()), float(z.min()), float(z.max()))
        if name == self.activation:
            return False
        self.activation = name
        self.heat.set_clim(*NEURON_COLOR_RANGE.get(name, (-5, 5)))
        zs = np.linspace(-10, 10, 401)
        self.curve.set_data(zs, neuron.activation.forward(zs))
        self.ax_f.relim()
        self.ax_f.autoscale_view()
        return True

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        if self.state is None:
            return "Empty axes: no neuron drawn yet."
        w1, w2, b, name, a_min, a_max, z_min, z_max = self.state
        lim = num(self.LIM)
        return (f"One {name} neuron, a = {name}({num(w1)}·x1 {signed(w2)}·x2 {signed(b)}). Left: its "
                f"output a over the plane, x1 and x2 from -{lim} to {lim}, as colour (dark low, "
                f"bright high), from {num(a_min)} to {num(a_max)}; a dashed white line where z = 0, "
                f"and an arrow, the weight vector ({num(w1)}, {num(w2)}), pointing where z grows. "
                f"Right: {name}(z), shaded over the z values the plane reaches, from {num(z_min)} "
                f"to {num(z_max)}.")


def plot_neuron(w1=1.0, w2=-0.5, bias=0.0, activation="relu", figsize=(9, 3.6)):
    """Static figure of neuron_explorer(): one neuron's output over the plane and its f(z)."""
    fig = pyplot_figure(figsize)
    scene = NeuronScene(fig)
    scene.update(w1, w2, bias, activation)
    return describe(fig, scene.describe())
