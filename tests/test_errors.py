"""Every user error gives a ValueError or TypeError that says what was expected, what was got and
how to fix it; never an AssertionError, IndexError, KeyError or a NumPy broadcasting message."""
import warnings

import numpy as np
import pytest

import nnlessons as nl


@pytest.fixture
def model():
    m = nl.Sequential([nl.Dense(16, activation="relu", input_dim=784),
                       nl.Dense(10, activation="softmax")], rng=0)
    m.compile(loss="cross_entropy", optimizer="adam")
    return m


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.random((32, 784), dtype="float32"), rng.integers(0, 10, size=32)


# --- X ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["fit", "predict", "evaluate", "trace"])
def test_wrong_input_width_names_the_layer_and_both_shapes(model, data, method):
    X, y = data
    call = {"fit": lambda: model.fit(X[:, :783], y, verbose=0),
            "predict": lambda: model.predict(X[:, :783]),
            "evaluate": lambda: model.evaluate(X[:, :783], y),
            "trace": lambda: model.forward(X[:, :783], trace=True)}[method]
    with pytest.raises(ValueError) as err:
        call()
    message = str(err.value)
    assert "Dense layer 'dense_1' expects input of shape (batch, 784), got (32, 783)" in message
    assert "Check that the data has the same features" in message  # and a fix


def test_plain_forward_also_checks_the_width(model, data):
    with pytest.raises(ValueError, match=r"expects input of shape \(batch, 784\), got \(32, 783\)"):
        model.forward(data[0][:, :783])


def test_images_given_to_a_flat_model(model, data):
    with pytest.raises(ValueError, match=r"expects input of shape \(batch, 784\), got \(32, 28, 28\)\. "
                                         r"Flatten each example first: X.reshape\(len\(X\), -1\)"):
        model.predict(data[0].reshape(32, 28, 28))


def test_images_given_to_an_unbuilt_dense_model_suggest_flatten(data):
    m = nl.Sequential([nl.Dense(4), nl.Dense(10, activation="softmax")]).compile()
    with pytest.raises(ValueError, match=r"Dense layer 'dense_1' expects flat input .* Flatten\(\)"):
        m.fit(data[0].reshape(32, 28, 28), data[1], verbose=0)


@pytest.mark.parametrize("method", ["fit", "predict"])
def test_1d_x_is_rejected_not_reshaped(model, data, method):
    X, y = data
    with pytest.raises(ValueError, match=r"X must have shape \(batch, features\), got a 1-D array "
                                         r"of shape \(784,\).*reshape\(1, -1\)"):
        model.fit(X[0], y[:1], verbose=0) if method == "fit" else model.predict(X[0])


def test_empty_x(model):
    with pytest.raises(ValueError, match=r"X is empty \(shape \(0, 784\)\)"):
        model.predict(np.zeros((0, 784)))
    with pytest.raises(ValueError, match="X is empty"):
        model.fit(np.zeros((0, 784)), np.zeros(0, dtype=int), verbose=0)


@pytest.mark.parametrize("X", [np.full((2, 784), "a"), np.full((2, 784), None, dtype=object),
                               np.ones((2, 784), dtype=bool), "pixels", {"a": 1}])
def test_non_numeric_x(model, X):
    with pytest.raises(TypeError, match="X must"):
        model.predict(X)


def test_complex_x(model):
    with pytest.raises(TypeError, match="real numbers"):
        model.predict(np.ones((2, 784), dtype=complex))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_x(model, data, bad):
    X, y = data
    X = X.copy()
    X[3, 7] = bad
    with pytest.raises(ValueError, match=r"X contains \d NaN and \d infinite values.*np.nan_to_num"):
        model.fit(X, y, verbose=0)
    with pytest.raises(ValueError, match="X contains"):
        model.predict(X)


def test_nan_in_validation_data_names_x_val(model, data):
    X, y = data
    X_val = X.copy()
    X_val[0, 0] = np.nan
    with pytest.raises(ValueError, match="X_val contains 1 NaN"):
        model.fit(X, y, validation_data=(X_val, y), verbose=0)


def test_float64_overflow_to_inf_when_cast_is_caught(model):
    X = np.full((2, 784), 1e300)  # finite in float64, inf in float32
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="X holds values too large for float32 .* Rescale"):
            model.predict(X)


# --- y ---------------------------------------------------------------------------------------------
def test_len_x_differs_from_len_y(model, data):
    X, y = data
    with pytest.raises(ValueError, match=r"len\(X\) = 32 and len\(y\) = 31"):
        model.fit(X, y[:31], verbose=0)
    with pytest.raises(ValueError, match=r"len\(X_val\) = 32 and len\(y_val\) = 30"):
        model.fit(X, y, validation_data=(X, y[:30]), verbose=0)
    with pytest.raises(ValueError, match=r"len\(X\) = 32 and len\(y\) = 2"):
        model.evaluate(X, y[:2])


def test_float_labels(model, data):
    X, y = data
    with pytest.raises(TypeError, match=r"integer class labels, got dtype float64. Convert them "
                                        r"with y.astype\(int\)"):
        model.fit(X, y.astype(float), verbose=0)
    with pytest.raises(TypeError, match="whole numbers"):
        model.fit(X, y + 0.5, verbose=0)


def test_string_labels(model, data):
    with pytest.raises(TypeError, match="integer class labels"):
        model.fit(data[0], np.array(["cat"] * 32), verbose=0)


@pytest.mark.parametrize("low, high", [(-1, 5), (0, 10), (3, 12)])
def test_labels_out_of_range(model, data, low, high):
    X = data[0]
    y = np.full(32, 5)
    y[0], y[1] = low, high
    with pytest.raises(ValueError, match=rf"Labels must lie in 0..9 .* got labels from {low} to {high}"):
        model.fit(X, y, verbose=0)


def test_labels_out_of_range_in_evaluate(model, data):
    with pytest.raises(ValueError, match="Labels must lie in 0..9"):
        model.evaluate(data[0], np.full(32, 10))


def test_one_hot_labels_with_the_wrong_width(model, data):
    with pytest.raises(ValueError, match="one-hot labels with 9 columns but the model outputs 10"):
        model.fit(data[0], np.eye(9)[data[1] % 9], verbose=0)


def test_labels_with_a_bad_shape(model, data):
    with pytest.raises(ValueError, match=r"labels of shape \(N,\) or one-hot \(N, K\)"):
        model.fit(data[0], data[1].reshape(32, 1, 1), verbose=0)


@pytest.fixture
def binary_model():
    m = nl.Sequential([nl.Dense(4, activation="relu", input_dim=3), nl.Dense(1, activation="sigmoid")])
    return m.compile(loss="binary_cross_entropy", optimizer="sgd")


@pytest.mark.parametrize("y", [np.array([0, 1, 2, 1]), np.array([-1, 1, 1, -1]),
                               np.array([0.0, 0.5, 1.0, 1.0])])
def test_binary_labels_other_than_0_1(binary_model, y):
    with pytest.raises(ValueError, match="binary_cross_entropy expects labels 0 or 1.*Map your two"):
        binary_model.fit(np.ones((4, 3)), y, verbose=0)


def test_binary_labels_as_bool_or_column_are_fine(binary_model):
    binary_model.fit(np.ones((4, 3)), np.array([True, False, True, False]), verbose=0)
    binary_model.fit(np.ones((4, 3)), np.array([[1], [0], [1], [0]]), verbose=0)


def test_binary_cross_entropy_needs_one_output():
    m = nl.Sequential([nl.Dense(2, activation="sigmoid", input_dim=3)])
    m.compile(loss="binary_cross_entropy")
    with pytest.raises(ValueError, match="needs a model with one output.*but it has 2"):
        m.fit(np.ones((4, 3)), np.array([0, 1, 0, 1]), verbose=0)


def test_loss_and_output_activation_must_match():
    m = nl.Sequential([nl.Dense(3, activation="relu", input_dim=2)]).compile(loss="cross_entropy")
    with pytest.raises(ValueError, match="expects a softmax output layer.*activation 'relu'.*"
                                         "activation='softmax'"):
        m.fit(np.ones((4, 2)), np.array([0, 1, 2, 0]), verbose=0)


def test_mse_targets_with_the_wrong_width():
    m = nl.Sequential([nl.Dense(2, input_dim=3)]).compile(loss="mse")
    with pytest.raises(ValueError, match="mse targets have 3 columns but the model has 2 outputs"):
        m.fit(np.ones((4, 3)), np.ones((4, 3)), verbose=0)


# --- names -----------------------------------------------------------------------------------------
def test_unknown_activation_lists_the_valid_names():
    with pytest.raises(ValueError, match="Unknown activation 'rellu'. Valid names: leaky_relu, linear, "
                                         "relu, sigmoid, softmax, tanh"):
        nl.Dense(3, activation="rellu")
    with pytest.raises(ValueError, match="Unknown activation 'swish'"):
        nl.Activation("swish")
    with pytest.raises(ValueError, match="Unknown activation"):
        nl.Neuron(3, activation="step")
    with pytest.raises(TypeError, match="activation must be a name"):
        nl.Dense(3, activation=3)


def test_unknown_loss_lists_the_valid_names():
    with pytest.raises(ValueError, match="Unknown loss 'crossentropy'. Valid names: binary_cross_entropy, "
                                         "cross_entropy, mse"):
        nl.Sequential().compile(loss="crossentropy")


def test_unknown_optimizer_lists_the_valid_names():
    with pytest.raises(ValueError, match="Unknown optimizer 'adagrad'. Valid names: adam, adamw, rmsprop, sgd"):
        nl.Sequential().compile(optimizer="adagrad")


def test_unknown_initializer_lists_the_valid_names(data):
    m = nl.Sequential([nl.Dense(3, init="uniform")], rng=0)
    with pytest.raises(ValueError, match="Unknown init 'uniform'. Valid names: .*glorot_uniform"):
        m.build((4,))


# --- order of calls ----------------------------------------------------------------------------------
def test_fit_before_compile(data):
    m = nl.Sequential([nl.Dense(10, activation="softmax", input_dim=784)])
    with pytest.raises(ValueError, match=r"Cannot fit before compile: call model.compile\("):
        m.fit(*data, verbose=0)
    with pytest.raises(ValueError, match="Cannot evaluate before compile"):
        m.evaluate(*data)
    with pytest.raises(ValueError, match="before compile"):
        nl.gradcheck(m, *data)


def test_predict_on_a_model_that_was_never_built(data):
    m = nl.Sequential([nl.Dense(10, activation="softmax")])
    for call in (lambda: m.predict(data[0]), lambda: m.summary(), lambda: m.forward(data[0])):
        with pytest.raises(ValueError, match=r"never been built.*input_dim=784"):
            call()


def test_layer_called_before_it_is_built():
    with pytest.raises(ValueError, match=r"Dense layer 'dense' is not built.*build"):
        nl.Dense(3, name="dense")(np.ones((2, 4)))


def test_layer_called_with_the_wrong_width():
    layer = nl.Dense(3, name="hidden")
    layer.build((4,), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"Dense layer 'hidden' expects input of shape \(batch, 4\), "
                                         r"got \(2, 5\)"):
        layer(np.ones((2, 5)))
    assert layer(np.ones((2, 4))).shape == (2, 3)


# --- arguments ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, match", [({"epochs": 0}, "epochs must be a positive int"),
                                           ({"epochs": 2.5}, "epochs must be a positive int"),
                                           ({"batch_size": 0}, "batch_size must be a positive int"),
                                           ({"batch_size": "64"}, "batch_size must be a positive int")])
def test_bad_fit_arguments(model, data, kwargs, match):
    with pytest.raises(ValueError, match=match):
        model.fit(*data, verbose=0, **kwargs)


@pytest.mark.parametrize("make, match", [
    (lambda: nl.Dense(0), "Dense units must be a positive int, got 0"),
    (lambda: nl.Dense(2.0), "Dense units must be a positive int"),
    (lambda: nl.Dropout(1.0), r"Dropout rate must be in \[0, 1\), got 1.0"),
    (lambda: nl.Dropout(-0.1), "Dropout rate must be in"),
    (lambda: nl.SGD(lr=0), "learning rate lr must be a positive number, got 0"),
    (lambda: nl.Adam(lr=-1e-3), "learning rate lr must be a positive number"),
    (lambda: nl.SGD(momentum=1.0), r"momentum must be in \[0, 1\)"),
    (lambda: nl.Residual([]), "Residual needs at least one layer"),
    (lambda: nl.Sequential().compile(l2=-1), "l2 must be a number >= 0"),
])
def test_bad_constructor_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_rng():
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy.random.Generator, "
                                        "got float"):
        nl.Sequential(rng=0.5)
    with pytest.raises(TypeError, match="rng must be"):
        nl.Sequential(rng=np.random.RandomState(0))


def test_non_layer_in_sequential():
    with pytest.raises(TypeError, match="Sequential takes layers such as nl.Dense"):
        nl.Sequential([lambda x: x])


def test_residual_that_changes_the_shape():
    with pytest.raises(ValueError, match=r"Residual block 'residual_1' must give back its input shape "
                                         r"\(batch, 8\).*output \(batch, 4\).*Dense\(8\)"):
        nl.Sequential([nl.Dense(8, input_dim=3), nl.Residual([nl.Dense(4)])])


def test_mismatched_declared_input_shape():
    with pytest.raises(ValueError, match="was declared with input shape"):
        nl.Sequential([nl.Dense(8), nl.Flatten(input_shape=(3, 3))]).build((5,))


# --- divergence --------------------------------------------------------------------------------------
@pytest.mark.parametrize("scale, hint", [
    (1, "smaller learning rate (e.g. lr=100000 instead of 1e+06)"),
    (100, "The inputs reach 3"),  # unscaled inputs: the fix is scaling, not a smaller lr
])
def test_divergence_raises_training_diverged_with_the_hint_that_fits(scale, hint):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 5)).astype("float32") * scale
    y = (X[:, 0] > 0).astype(int)
    m = nl.Sequential([nl.Dense(8, activation="relu", input_dim=5), nl.Dense(2, activation="softmax")],
                      rng=0)
    m.compile(loss="cross_entropy", optimizer=nl.SGD(lr=1e6))
    with pytest.raises(nl.TrainingDiverged) as err:
        m.fit(X, y, epochs=5, batch_size=8, verbose=0)
    message = str(err.value)
    assert f"epoch {err.value.epoch}, batch {err.value.batch}" in message
    assert hint in message
    assert ("scale them first" in message) == (scale > 10)
    assert err.value.epoch >= 1 and err.value.batch >= 1


def test_divergence_of_a_regression():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(64, 3)).astype("float32")
    m = nl.Sequential([nl.Dense(1, input_dim=3)], rng=0).compile(loss="mse", optimizer=nl.SGD(lr=50))
    with pytest.raises(nl.TrainingDiverged, match="smaller learning rate"):
        m.fit(X, X.sum(axis=1), epochs=50, verbose=0)


def test_no_numpy_warnings_escape_during_divergence():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 5)).astype("float32") * 100
    m = nl.Sequential([nl.Dense(8, activation="relu", input_dim=5), nl.Dense(2, activation="softmax")],
                      rng=0)
    m.compile(loss="cross_entropy", optimizer=nl.SGD(lr=1e6))
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        with pytest.raises(nl.TrainingDiverged):
            m.fit(X, (X[:, 0] > 0).astype(int), epochs=5, batch_size=8, verbose=0)


def test_mse_targets_with_a_bad_shape_or_values():
    m = nl.Sequential([nl.Dense(1, input_dim=3)]).compile(loss="mse")
    with pytest.raises(ValueError, match=r"targets of shape \(N,\) or \(N, outputs\), got \(4, 1, 1\)"):
        m.fit(np.ones((4, 3)), np.ones((4, 1, 1)), verbose=0)
    with pytest.raises(ValueError, match="mse targets contain NaN"):
        m.fit(np.ones((4, 3)), np.array([1.0, np.nan, 2.0, 3.0]), verbose=0)
    with pytest.raises(TypeError, match="mse expects real numeric targets"):
        m.fit(np.ones((4, 3)), np.array(["a", "b", "c", "d"]), verbose=0)


def test_parameter_free_layers_can_be_called_by_hand_without_build():
    x = np.array([[-1.0, 2.0]])
    np.testing.assert_array_equal(nl.Activation("relu")(x), [[0.0, 2.0]])
    assert nl.Flatten()(np.ones((2, 3, 4))).shape == (2, 12)
    with pytest.raises(ValueError, match=r"x must have shape \(batch, features\), got a 1-D array"):
        nl.Activation("relu")(x[0])


def test_build_without_rng_still_works_and_with_a_seed_is_reproducible():
    a, b, c = nl.Dense(3), nl.Dense(3), nl.Dense(3)
    a.build((4,))
    b.build((4,), 7)
    c.build((4,), np.random.default_rng(7))
    assert a.params["W"].shape == (4, 3)
    np.testing.assert_array_equal(b.params["W"], c.params["W"])


@pytest.mark.parametrize("y, match", [(None, "y must be an array with one label"),
                                      (1, "y must be an array with one label"),
                                      ("0101", "y must be an array with one label")])
def test_labels_that_are_not_an_array(model, data, y, match):
    with pytest.raises(TypeError, match=match):
        model.fit(data[0], y, verbose=0)


def test_labels_as_a_column_for_cross_entropy(model, data):
    with pytest.raises(ValueError, match=r"labels of shape \(32, 1\), a column.*y.ravel\(\)"):
        model.fit(data[0], data[1].reshape(-1, 1), verbose=0)


@pytest.mark.parametrize("validation_data", [np.ones((3, 784)), (np.ones((3, 784)),), [1, 2, 3]])
def test_validation_data_that_is_not_a_pair(model, data, validation_data):
    with pytest.raises(TypeError, match=r"validation_data must be a pair \(X_val, y_val\)"):
        model.fit(*data, validation_data=validation_data, verbose=0)


def test_ragged_list_x(model):
    with pytest.raises(ValueError, match="X is a ragged list"):
        model.predict([[0.0] * 784, [0.0] * 783])


@pytest.mark.parametrize("call", [lambda m, X, y: m.predict(X, batch_size=0),
                                  lambda m, X, y: m.evaluate(X, y, batch_size=-5),
                                  lambda m, X, y: m.fit(X, y, batch_size=True, verbose=0)])
def test_bad_batch_sizes(model, data, call):
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        call(model, *data)


@pytest.mark.parametrize("make, match", [(lambda: nl.SGD(lr="0.1"), "lr must be a positive number"),
                                         (lambda: nl.Sequential().compile(l2="a"), "l2 must be a number")])
def test_non_numeric_hyperparameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_all_finite_agrees_with_isfinite_all_even_when_the_sum_overflows():
    from nnlessons._validation import all_finite
    big = np.full((4, 3), 3e38, dtype=np.float32)  # finite, but its sum overflows float32
    cases = [big, np.zeros((2, 2)), np.array([[1.0, np.nan]]), np.array([[np.inf, -np.inf]]),
             np.array([[1.0, -np.inf]], dtype=np.float32)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or invalid-value warning escapes
        for X in cases:
            assert all_finite(X) == bool(np.isfinite(X).all())
    # one bad value anywhere in an image batch (N, 28, 28, 1), float32 and float64: always found
    rng = np.random.default_rng(0)
    for dtype in ("float32", "float64"):
        for bad in (np.nan, np.inf, -np.inf):
            for _ in range(20):
                X = rng.normal(size=(50, 28, 28, 1)).astype(dtype)
                X[tuple(rng.integers(0, n) for n in X.shape)] = bad
                assert not all_finite(X)
        X = rng.normal(size=(50, 28, 28, 1)).astype(dtype)
        assert all_finite(X) and all_finite(X[:, ::2])  # a strided view too
