"""The three traces on small cases worked out by hand, their observations on constructed
histories, and their text and HTML forms."""
import html
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import nnlessons as nl
from nnlessons.tables import Table, describe_shape, fmt_num, loss_chart
from nnlessons.datasets import flatten, train_test_split
from nnlessons.traces import observe


def hand_model():
    """x (2,) -> Dense 3 + ReLU -> Dense 2 + Softmax, with weights chosen for easy arithmetic.

    For x = [2, 1]: z1 = x @ W1 + b1 = [2, -1, -1], ReLU gives [2, 0, 0];
    z2 = [2, -2], softmax gives [1 / (1 + e^-4), 1 / (1 + e^4)] = [0.982, 0.018]."""
    model = nl.Sequential([nl.Dense(3, activation="relu", input_dim=2),
                           nl.Dense(2, activation="softmax")], rng=0)
    model.layers[0].params["W"][...] = [[1, -1, 0], [0, 1, -2]]
    model.layers[0].params["b"][...] = [0, 0, 1]
    model.layers[1].params["W"][...] = [[1, -1], [0, 0], [0, 0]]
    model.layers[1].params["b"][...] = 0
    return model


# --- data flow ----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape, unit, text", [
    ((70000, 28, 28), "features", "70000 rows × 28 × 28 pixels"),
    ((60000, 784), "columns", "60000 rows × 784 columns"),
    ((1000, 1), "outputs", "1000 rows × 1 output"),
    ((1000, 10), "classes", "1000 rows × 10 classes"),
    ((1, 1), "classes", "1 row × 1 class"),
    ((60000,), "features", "60000 values"),
])
def test_shapes_are_written_the_cards_way(shape, unit, text):
    assert describe_shape(shape, unit) == text


def test_data_flow_records_each_stage_with_shapes_and_first_values():
    X = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    y = np.array([0, 1])
    flow = nl.DataFlow("tiny", unit="columns")
    out = flow.record("Load", "load images", X)
    assert out is X
    Xn = flow.step("Normalize", "divide by 255", lambda X: X / 255, X)
    np.testing.assert_allclose(Xn, X / 255)
    Xf = flow.step("Flatten", "one row per image", flatten, Xn)
    assert Xf.shape == (2, 12)
    parts = flow.step("Split", "1 for testing", lambda X, y: train_test_split(X, y, test_size=1),
                      Xf, y, names=("Training", "Test"))
    assert len(parts) == 4
    s = flow.stages
    assert [st.name for st in s] == ["Load", "Normalize", "Flatten", "Split"]
    assert s[0].shape_in == s[0].shape_out == "2 rows × 3 × 4 pixels"
    # row 0 is 0, 1, 2, ...: the glimpse starts at its first non-zero value, index 1
    assert s[0].example == "[1:] [1, 2, 3, 4, …] → [1:] [1, 2, 3, 4, …]"
    assert s[1].example == "[1:] [1, 2, 3, 4, …] → [1:] [0.004, 0.008, 0.012, 0.016, …]"
    assert (s[2].shape_in, s[2].shape_out) == ("2 rows × 3 × 4 pixels", "2 rows × 12 columns")
    assert s[3].shape_out == "Training: 1 row × 12 columns, Test: 1 row × 12 columns"


def test_data_flow_table_text():
    flow = nl.DataFlow("tiny")
    flow.record("Load", "load", np.array([[0.0, 5.0]]), example="a 2-pixel image")
    assert repr(flow).splitlines() == [
        "Data flow: tiny (1 stages)",
        "#  Stage  In                  Operation  Out                 Example (row 0)",
        "-  -----  ------------------  ---------  ------------------  ---------------",
        "1  Load   1 row × 2 features  load       1 row × 2 features  a 2-pixel image",
    ]


def test_data_flow_errors():
    flow = nl.DataFlow()
    with pytest.raises(TypeError, match="needs a function"):
        flow.step("Normalize", "scale", np.zeros((2, 2)))
    with pytest.raises(TypeError, match="Leave names out"):
        flow.step("Scale", "x2", lambda X: X * 2, np.ones((2, 2)), names=("Training", "Test"))


def test_data_flow_from_model_has_one_row_per_layer():
    model = hand_model()
    X = np.array([[2, 1], [0, 0]], dtype=np.float32)
    flow = nl.DataFlow.from_model(model, X)
    assert [(s.name, s.operation, s.shape_in, s.shape_out) for s in flow.stages] == [
        ("dense_1", "Dense 3 + ReLU", "2 rows × 2 features", "2 rows × 3 features"),
        ("dense_2", "Dense 2 + Softmax", "2 rows × 3 features", "2 rows × 2 classes"),
    ]
    assert flow.stages[0].example == "[2, 1] → [2, 0, 0]"
    assert flow.stages[1].example == "[2, 0, 0] → [0.982, 0.018]"
    assert repr(nl.DataFlow.from_model(model, X)) == repr(flow)


def test_data_flow_from_model_names_a_single_sigmoid_output_and_images():
    model = nl.Sequential([nl.Flatten(input_shape=(2, 2)), nl.Dense(1, activation="sigmoid")],
                          rng=0)
    flow = nl.DataFlow.from_model(model, np.ones((5, 2, 2), dtype=np.float32))
    assert flow.stages[0].shape_in == "5 rows × 2 × 2 pixels"
    assert flow.stages[0].shape_out == "5 rows × 4 features"
    assert flow.stages[1].shape_out == "5 rows × 1 output"


# --- training trace -----------------------------------------------------------------------------
CLEAN = {"loss": [1.0, 0.6, 0.45, 0.38, 0.35, 0.34],
         "accuracy": [0.5, 0.7, 0.8, 0.85, 0.87, 0.88],
         "val_loss": [0.9, 0.65, 0.5, 0.44, 0.42, 0.41],
         "val_accuracy": [0.55, 0.68, 0.78, 0.82, 0.83, 0.84]}


def test_trace_table_is_worked_out_by_hand():
    trace = nl.TrainingTrace({"loss": [1.0, 0.5, 0.25], "accuracy": [0.5, 0.75, 0.875]})
    lines = repr(trace).splitlines()
    assert lines[:6] == [
        "Training trace: 3 epochs",
        "Epoch  Loss ↓  Accuracy ↑  Observation",
        "-----  ------  ----------  ------------------------------------",
        "    1  1.0000       0.500  starting point: loss 1.0000",
        "    2  0.5000       0.750  largest drop: loss fell 0.5000 (50%)",
        "    3  0.2500       0.875  loss fell 0.2500 (50%)",
    ]
    assert "Loss" in lines[7] and lines[-1].endswith("epochs")


def test_loss_chart_is_worked_out_by_hand():
    assert loss_chart([1.0, 0.5, 0.25], height=4) == [
        "Loss",
        "1.00 |*",
        "0.75 |",
        "0.50 |  *",
        "0.25 |    *",
        "0.00 +------",
        "      1 2 3  epochs",
    ]


def test_loss_chart_marks_validation_loss_and_thins_long_runs():
    lines = loss_chart([1.0, 0.5], [0.75, 0.75], height=4)
    assert lines[0] == "Loss  (* loss, o val loss, # both)"
    assert lines[2] == "0.75 |o o"
    both = loss_chart([1.0, 0.5], [1.0, 0.75], height=4)   # epoch 1: both at 1.00, none hidden
    assert both[1] == "1.00 |#" and both[2] == "0.75 |  o" and both[3] == "0.50 |  *"
    long = loss_chart(list(np.linspace(1, 0.1, 200)), max_columns=50)
    assert len(long[1]) <= len("1.00 |") + 50


def test_clean_history_has_no_warning_observations():
    trace = nl.TrainingTrace(CLEAN)
    assert [o.kind for o in trace.observations] == [
        "start", "largest_drop", "improving", "improving", "improving", "converging"]
    assert not trace.kinds() & {"diverging", "overfitting", "plateau", "rising", "flat"}
    assert trace.observations[5].text == "gains slowing: loss fell only 0.0100 (2.9%), converging"


def test_diverging_history_is_flagged():
    kinds = [o.kind for o in observe([0.9, 0.6, 0.5, 0.8, 2.0, float("inf")])]
    assert kinds == ["start", "largest_drop", "improving", "diverging", "diverging", "diverging"]
    text = observe([0.9, 0.6, 0.5, 0.8])[3].text
    assert "0.8000" in text and "0.5000" in text and "learning rate" in text


def test_overfitting_fires_after_validation_loss_stays_above_its_best():
    loss = [1.0, 0.7, 0.5, 0.4, 0.32, 0.26]
    val = [1.0, 0.75, 0.6, 0.62, 0.66, 0.71]  # best at epoch 3
    obs = observe(loss, val)
    assert [o.kind for o in obs][3:] == ["improving", "overfitting", "overfitting"]
    assert obs[4].text == ("val loss 0.6600 is above its best 0.6000 (epoch 3) while training "
                           "loss fell: overfitting")
    # the same val curve with a training loss that also rises is not overfitting
    assert "overfitting" not in {o.kind for o in observe([1.0, 0.7, 0.5, 0.55, 0.6, 0.65], val)}


def test_plateau_needs_three_flat_epochs_in_a_row():
    obs = observe([1.0, 0.7, 0.7, 0.699, 0.7, 0.698, 0.5])
    assert [o.kind for o in obs] == ["start", "largest_drop", "flat", "flat", "plateau", "plateau",
                                     "improving"]
    assert obs[4].text == "loss flat for 3 epochs (each change < 0.5%): plateau"


def test_training_trace_from_a_real_history_with_chosen_rows():
    X, y = nl.datasets.make_blobs(n=64, rng=0)
    model = nl.Sequential([nl.Dense(1, activation="sigmoid", input_dim=2)], rng=0)
    model.compile(loss="binary_cross_entropy", optimizer=nl.Adam(lr=0.05))
    history = model.fit(X, y, epochs=6, batch_size=16, validation_data=(X, y), verbose=0)
    trace = nl.TrainingTrace(history, epochs=[1, 6])
    assert trace.loss == history.loss and len(trace.observations) == 6
    rows = trace.tables()[0].rows
    assert [r[0] for r in rows] == ["1", "6"]
    assert rows[1][1] == f"{history.loss[5]:.4f}" and rows[1][2] == f"{history.accuracy[5]:.3f}"
    assert rows[1][4] == f"{history.val_accuracy[5]:.3f}"


def test_compare_lays_card_rows_beside_measured_ones():
    trace = nl.TrainingTrace({"loss": [0.61234, 0.4], "accuracy": [0.8, 0.9]})
    table = trace.compare([(1, 0.85, 0.55), (2, 0.45), (5, 0.1, 0.95)])
    assert table.rows == [["1", "0.85", "0.6123", "0.55", "0.800"],
                          ["2", "0.45", "0.4000", "—", "0.900"],
                          ["5", "0.1", "—", "0.95", "—"]]
    assert repr(table).startswith("The card says / we measured\n")
    with pytest.raises(ValueError, match="epoch counted from 1"):
        trace.compare([(0, 0.5, 0.5)])


def test_training_trace_errors():
    with pytest.raises(ValueError, match="at least one epoch"):
        nl.TrainingTrace({"accuracy": [0.5]})
    with pytest.raises(ValueError, match="one value per epoch"):
        nl.TrainingTrace({"loss": [1.0, 0.5], "val_loss": [1.0]})
    with pytest.raises(ValueError, match=r"1\.\.2"):
        nl.TrainingTrace({"loss": [1.0, 0.5]}, epochs=[3])


# --- prediction trace ---------------------------------------------------------------------------
def test_prediction_trace_is_worked_out_by_hand():
    trace = nl.PredictionTrace(hand_model(), np.array([2.0, 1.0]), y_true=1)
    views = {v.name: v for v in trace.layers}
    assert list(views) == ["input", "dense_1", "dense_2"]
    d1 = views["dense_1"]
    assert (d1.operation, d1.shape, d1.min, d1.max) == ("Dense 3 + ReLU", "3", 0.0, 2.0)
    assert d1.mean == pytest.approx(2 / 3)
    assert d1.zeroed == "67% (2 of 3)" and d1.strongest == "#0 2, #1 0, #2 0"
    assert views["input"].zeroed == "—" and views["input"].strongest == "#0 2, #1 1"
    p0 = 1 / (1 + np.exp(-4))
    np.testing.assert_allclose(trace.probabilities, [p0, 1 - p0], rtol=1e-6)
    assert trace.predicted == 0 and [k for k, _ in trace.top3] == [0, 1]
    text = repr(trace)
    assert "dense_1  Dense 3 + ReLU     3                 0  0.667      2  67% (2 of 3)" in text
    assert text.splitlines()[-1] == "predicted 0 with p = 0.982; true label 1: wrong"
    assert "0            0.982  ████████████████████  top 1" in text


def test_prediction_trace_for_a_sigmoid_output_and_class_names():
    model = nl.Sequential([nl.Dense(1, activation="sigmoid", input_dim=1)], rng=0)
    model.layers[0].params["W"][...] = [[1.0]]
    model.layers[0].params["b"][...] = [0.0]
    trace = nl.PredictionTrace(model, np.array([0.0]), y_true=1, class_names=["not athlete", "athlete"])
    np.testing.assert_allclose(trace.probabilities, [0.5, 0.5])
    assert trace.predicted == 0  # a tie goes to the first class, as in argmax
    assert repr(trace).splitlines()[-1] == ("predicted not athlete (0) with p = 0.500; "
                                            "true label athlete (1): wrong")


def test_prediction_trace_lists_only_top_classes_when_there_are_many():
    model = nl.Sequential([nl.Dense(12, activation="softmax", input_dim=3)], rng=0)
    trace = nl.PredictionTrace(model, np.ones(3, dtype=np.float32), y_true=11)
    rows = trace.tables()[1].rows
    assert {int(r[0]) for r in rows} == {k for k, _ in trace.top3} | {11}


def test_prediction_trace_errors_name_the_fix():
    model = hand_model()
    with pytest.raises(ValueError, match=r"Pass X\[0\], not X\[:1\]"):
        nl.PredictionTrace(model, np.ones((1, 2)))
    with pytest.raises(ValueError, match="one example"):
        nl.PredictionTrace(model, np.ones(2), y_true=np.array([0, 1]))
    with pytest.raises(ValueError, match="class 0..1"):
        nl.PredictionTrace(model, np.ones(2), y_true=5)
    with pytest.raises(ValueError, match="2 classes"):
        nl.PredictionTrace(model, np.ones(2), class_names=["a", "b", "c"])
    with pytest.raises(ValueError, match="never been built"):
        nl.PredictionTrace(nl.Sequential([nl.Dense(2)]), np.ones(2))


def test_tracing_leaves_the_model_unchanged():
    model = hand_model()
    x = np.array([[2.0, 1.0]], dtype=np.float32)
    before = model.predict(x)
    model.forward(x, training=True)  # as in the middle of training: backward needs this cache
    cache = model.layers[0].cache
    nl.PredictionTrace(model, x[0])
    nl.DataFlow.from_model(model, np.zeros((3, 2), dtype=np.float32))
    assert model.layers[0].cache is cache
    np.testing.assert_array_equal(model.predict(x), before)


# --- one table model, two renderings --------------------------------------------------------------
def _all_traces():
    model = hand_model()
    X = np.array([[2, 1], [0, 0]], dtype=np.float32)
    return [nl.DataFlow.from_model(model, X), nl.TrainingTrace(CLEAN), nl.PredictionTrace(model, X[0], y_true=0)]


def test_html_shows_exactly_the_cells_of_the_text_table():
    for trace in _all_traces():
        page = trace._repr_html_()
        for table in trace.tables():
            assert table.to_text() in repr(trace)
            for cell in [table.title] + table.columns + [c for row in table.rows for c in row]:
                assert f">{html.escape(cell)}<" in page or html.escape(cell) in page


@pytest.mark.parametrize("value, text", [(0.0, "0"), (-0.0, "0"), (2.0, "2"), (176.2, "176.2"),
                                         (0.66666, "0.667"), (3.1e-5, "3.1e-05"),
                                         (10310.4, "10310")])
def test_numbers_are_short_and_never_hide_a_nonzero_as_zero(value, text):
    assert fmt_num(value) == text


def test_html_escapes_text():
    table = Table("a < b", ["x"], [["<script>"]])
    assert "<script>" not in table.to_html() and "&lt;script&gt;" in table.to_html()
    with pytest.raises(ValueError, match="2 columns but a row has 1"):
        Table("t", ["a", "b"], [["only one"]])


SCRIPT = textwrap.dedent("""
    import numpy as np, nnlessons as nl
    X, y = nl.datasets.make_moons(n=64, rng=0)
    model = nl.Sequential([nl.Dense(8, activation="relu", input_dim=2),
                           nl.Dense(2, activation="softmax")], rng=0)
    model.compile(optimizer=nl.Adam(lr=0.01))
    h = model.fit(X, y, epochs=4, batch_size=16, validation_data=(X, y), verbose=0)
    for t in (nl.DataFlow.from_model(model, X), nl.TrainingTrace(h), nl.PredictionTrace(model, X[0], y_true=y[0])):
        print(repr(t)); print(t._repr_html_())
""")


def test_repr_is_identical_across_two_runs():
    runs = [subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed, "NNLESSONS_PROGRESS": "0"},
                           check=True).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1] and "Prediction trace" in runs[0]
