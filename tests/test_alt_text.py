"""Text alternatives: describe() and its output in a kernel, every plot function's description
made from its data, and scripts/alt_text.py copying alt text where the website reads it."""
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

import nnlessons as nl
from nnlessons import plots
from nnlessons.autograd import Value
from nnlessons.plots.alt_text import description_bundle, listing, num, trend

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import alt_text  # noqa: E402  (scripts/alt_text.py)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def trained():
    rng = np.random.default_rng(0)
    X = rng.random((60, 784)).astype(np.float32)
    y = rng.integers(0, 10, 60)
    model = nl.Sequential([nl.Dense(16, "relu", input_dim=784), nl.Dense(10, "softmax")], rng=0).compile()
    history = model.fit(X[:40], y[:40], epochs=3, batch_size=20, validation_data=(X[40:], y[40:]),
                        verbose=0, record_grad_norms=True)
    X2, y2 = nl.datasets.make_moons(80, noise=0.1, rng=0)
    small = nl.mlp(2, [8], 2, "tanh", rng=0).compile("cross_entropy", nl.Adam(0.05))
    small.fit(X2, y2, epochs=5, verbose=0)
    return X, y, model, history, X2, y2, small


def _graph():
    a, b = Value(2.0, "a"), Value(-3.0, "b")
    out = a * b
    out.label = "L"
    out.backward()
    return out


# Every figure-making function of nnlessons.plots, with small arguments.
def _attention():
    vocab = nl.datasets.CharVocabulary(["abc", "cab"])
    model = nl.Sequential([nl.Embedding(len(vocab), 8, input_length=5), nl.PositionEmbedding(5),
                           nl.TransformerBlock(2), nl.Dense(len(vocab), activation="softmax")], rng=0)
    return plots.plot_attention(model.compile(loss="sequence_cross_entropy"), vocab, "ab")


def _health():
    """A small run recorded by nl.LayerHealth (relu, tanh and softmax layers)."""
    X, y = nl.datasets.make_moons(80, noise=0.1, rng=0)
    model = nl.Sequential([nl.Dense(8, "relu", input_dim=2), nl.Dense(8, "tanh"),
                           nl.Dense(2, "softmax")], rng=0).compile("cross_entropy", nl.SGD(0.1))
    return model.fit(X, y, epochs=2, batch_size=20, verbose=0, callbacks=[nl.LayerHealth(every=2)])


FIGURES = {
    "plot_history": lambda t: plots.plot_history(t[3]),
    "plot_health": lambda t: plots.plot_health(_health()),
    "plot_health_dashboard": lambda t: plots.plot_health_dashboard(_health(), step=3),
    "plot_attention": lambda t: _attention(),
    "plot_lr_range": lambda t: plots.plot_lr_range(nl.lr_range_test(t[6], t[4], t[5], steps=60)),
    "plot_gradient_norms": lambda t: plots.plot_gradient_norms(t[3]),
    "plot_digits": lambda t: plots.plot_digits(t[0][:6], t[1][:6], t[1][:6]),
    "plot_first_layer_weights": lambda t: plots.plot_first_layer_weights(t[2], n=4),
    "plot_confusion_matrix": lambda t: plots.plot_confusion_matrix(t[1], t[1][::-1]),
    "plot_activation": lambda t: plots.plot_activation("tanh"),
    "plot_activation_histograms": lambda t: plots.plot_activation_histograms(t[2], t[0]),
    "plot_activations": lambda t: plots.plot_activations(),
    "plot_neuron": lambda t: plots.plot_neuron(),
    "plot_learning_rate": lambda t: plots.plot_learning_rate(0.1, steps=5),
    "plot_init": lambda t: plots.plot_init(depth=4),
    "plot_optimizers": lambda t: plots.plot_optimizers(("sgd", "adam"), steps=5),
    "plot_flatten": lambda t: plots.plot_flatten(t[0][0], 3),
    "draw_graph": lambda t: plots.draw_graph(_graph()),
    "plot_decision_boundary": lambda t: plots.plot_decision_boundary(t[6], t[4], t[5], resolution=20),
    "plot_prediction_trace": lambda t: plots.plot_prediction_trace(t[2], t[0][0], t[1][0]),
    "plot_depth": lambda t: plots.plot_depth(3, epochs=2),
    "plot_playground": lambda t: plots.plot_playground(epochs=2, n_points=60),
    "plot_spread": lambda t: plots.plot_spread({"a": nl.Spread([0.9, 0.92]), "b": nl.Spread([0.8, 0.85])}),
    "plot_paired": lambda t: plots.plot_paired(nl.Spread([0.9, 0.92, 0.95], name="a"),
                                               nl.Spread([0.8, 0.85, 0.95], name="b")),
}


def test_every_plot_function_is_listed_here():
    public = {n for n in plots.__all__ if n.startswith(("plot_", "draw_"))}
    assert public == set(FIGURES), "add the new plot function to FIGURES (and give it a description)"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_plot_function_describes_its_figure(name, trained):
    fig = FIGURES[name](trained)
    text = plots.description(fig)
    assert isinstance(text, str) and len(text) > 60, text
    assert any(ch.isdigit() for ch in text), f"a description made from the data has numbers: {text}"
    assert "nan" not in text.lower().split()


def test_plot_history_says_where_the_curves_go():
    fig = plots.plot_history({"loss": [0.30, 0.12, 0.06], "val_loss": [0.35, 0.08, 0.09],
                              "accuracy": [0.8, 0.9, 0.95]})
    text = plots.description(fig)
    assert "training loss falls from 0.3 to 0.06 over 3 epochs" in text
    assert "validation loss falls from 0.35 to 0.09 over 3 epochs, lowest (0.08) at epoch 2" in text
    assert "training accuracy rises from 0.8 to 0.95" in text


def test_descriptions_count_what_the_figure_marks():
    y = np.array([0, 1, 2, 2, 1])
    fig = plots.plot_confusion_matrix(y, np.array([0, 1, 1, 2, 1]))
    assert "80.0% lie on the diagonal" in plots.description(fig)
    assert "true 2 predicted as 1 (1 times)" in plots.description(fig)
    images = np.zeros((3, 784))
    fig = plots.plot_digits(images, [1, 2, 3], [1, 7, 3])
    assert "1 of the 3 predictions are wrong (framed in orange): 2 predicted as 7" in plots.description(fig)


def test_describe_replaces_appends_and_checks_its_arguments():
    fig, ax = plt.subplots()
    assert plots.describe(fig, "  a line\n rising ") is fig
    assert plots.description(fig) == "a line rising"
    plots.describe(fig, "and a second panel", append=True)
    assert plots.description(fig) == "a line rising; and a second panel"
    plots.plot_spread({"a": nl.Spread([1.0, 2.0])}, ax=ax)  # a panel of the user's figure: appended
    assert plots.description(fig).startswith("a line rising; and a second panel; Results over seeds")
    with pytest.raises(TypeError, match="non-empty str"):
        plots.describe(fig, "")
    with pytest.raises(TypeError, match="matplotlib Figure"):
        plots.describe(ax, "an axes is not a figure")
    assert plots.description(plt.figure()) is None


def test_the_readable_output_escapes_html():
    bundle = description_bundle("loss < 0.1 & falling")
    assert bundle["text/plain"] == "Figure description: loss < 0.1 & falling"
    assert "<p>loss &lt; 0.1 &amp; falling</p>" in bundle["text/html"]
    assert bundle["text/html"].startswith("<details><summary>Figure description</summary>")


@pytest.mark.parametrize("x, text", [(0.3, "0.3"), (0.0563, "0.056"), (1.23e-8, "1.2e-8"),
                                     (12.345, "12.35"), (2e6, "2e6"), (float("nan"), "not a number"),
                                     (0, "0")])
def test_numbers_read_aloud(x, text):
    assert num(x) == text


def test_trend_and_listing():
    assert trend("accuracy", [0.5, 0.9, 0.8], higher_is_better=True) == \
        "accuracy rises from 0.5 to 0.8 over 3 epochs, highest (0.9) at epoch 2"
    assert trend("loss", [1.0, 1.001]) == "loss stays near 1 over 2 epochs"
    assert trend("loss", [2.0, 1.0], first=0) == "loss falls from 2 to 1 over 1 epoch"
    assert listing(["a"]) == "a" and listing(["a", "b", "c"]) == "a, b and c"
    assert listing(list("abcdefghij"), limit=4) == "a, b, c and 7 more"


# --- scripts/alt_text.py ----------------------------------------------------------------------
def _image(alt=None):
    md = {"image/png": {"alt": alt}} if alt else {}
    return nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=",
                                                        "text/plain": "<Figure>"}, metadata=md)


def _readable(alt):
    return nbformat.v4.new_output("display_data", data=description_bundle(alt))


def test_copy_alt_to_cells_one_and_several_figures():
    nb = nbformat.v4.new_notebook()
    one = nbformat.v4.new_code_cell("x", outputs=[_image("a curve"), _readable("a curve")])
    one.metadata["mystnb"] = {"image": {"width": "80%"}}
    two = nbformat.v4.new_code_cell("y", outputs=[_image("first"), _readable("first"),
                                                  _image("second"), _readable("second")])
    bare = nbformat.v4.new_code_cell("z", outputs=[_image()])
    nb.cells = [one, two, bare, nbformat.v4.new_markdown_cell("text")]
    alt_text.copy_alt_to_cells(nb)
    assert one.metadata["mystnb"]["image"] == {"width": "80%", "alt": "a curve"}
    assert two.metadata["mystnb"]["image"]["alt"] == "Figure 1 of 2: first Figure 2 of 2: second"
    assert "mystnb" not in bare.metadata
    assert alt_text.missing_alt(nb) == [(2, 0, "no alt in the output metadata (describe(fig, text))")]


def test_a_cell_that_lost_its_figure_loses_its_alt_text():
    nb = nbformat.v4.new_notebook()
    gone = nbformat.v4.new_code_cell("print(1)")
    gone.metadata["mystnb"] = {"image": {"alt": "an old figure", "width": "80%"}}
    nb.cells = [gone]
    alt_text.copy_alt_to_cells(nb)
    assert gone.metadata["mystnb"] == {"image": {"width": "80%"}}


def test_missing_alt_names_each_missing_place():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x", outputs=[_image("a curve")])]
    assert [what for _, _, what in alt_text.missing_alt(nb)] == [
        "no readable description output after the image",
        "no mystnb.image.alt in the cell metadata (copy_alt_to_cells)"]


NOTEBOOK = [
    "import matplotlib.pyplot as plt\nfrom nnlessons import plots",
    "fig = plots.plot_history({'loss': [0.3, 0.1], 'val_loss': [0.4, 0.2]})\nplt.show()",
    "fig, ax = plt.subplots(figsize=(3, 2))\nline, = ax.plot([0, 1])\n"
    "plots.describe(fig, 'a straight line from 0 to 1')\nprint(line.get_color())\nplt.show()",
    "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([1, 0])",  # shown at the end of the cell
]


@pytest.mark.slow
def test_a_kernel_sends_alt_text_and_the_readable_description(tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in NOTEBOOK]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    history, own, bare = (cell.outputs for cell in nb.cells[1:])
    alt = history[0]["metadata"]["image/png"]["alt"]
    assert alt.startswith("Training curves per epoch") and "image/png" in history[0]["data"]
    assert history[1]["data"]["text/plain"] == f"Figure description: {alt}"
    assert "<details><summary>Figure description</summary>" in history[1]["data"]["text/html"]
    assert own[0]["text"] == "#0072b2\n", "C0 is Okabe-Ito blue once nnlessons.plots is imported"
    assert own[1]["metadata"]["image/png"]["alt"] == "a straight line from 0 to 1"
    assert [o["output_type"] for o in bare] == ["execute_result", "display_data"]
    alt_text.copy_alt_to_cells(nb)
    assert nb.cells[1].metadata["mystnb"]["image"]["alt"] == alt
    assert nb.cells[2].metadata["mystnb"]["image"]["alt"] == "a straight line from 0 to 1"
    assert [(c, what) for c, _, what in alt_text.missing_alt(nb)] == [
        (3, "no alt in the output metadata (describe(fig, text))")]
    nbformat.validate(nb)
