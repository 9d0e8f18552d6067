"""Output shapes, parameter shapes and counts, dtypes and the summary table."""
import numpy as np
import pytest

import nnlessons as nl


def mnist_mlp(rng=0):
    return nl.Sequential([nl.Dense(128, activation="relu", input_dim=784),
                          nl.Dense(64, activation="relu"),
                          nl.Dense(10, activation="softmax")], rng=rng)


def test_mnist_mlp_has_109386_parameters():
    model = mnist_mlp()
    assert [layer.n_params for layer in model.layers] == [784 * 128 + 128, 128 * 64 + 64, 64 * 10 + 10]
    assert model.n_params == 109_386


def test_params_and_grads_are_batch_first_with_the_same_keys_shapes_and_dtypes():
    model = mnist_mlp()
    for layer, (n_in, n_out) in zip(model.layers, [(784, 128), (128, 64), (64, 10)]):
        assert layer.params["W"].shape == (n_in, n_out)
        assert layer.params["b"].shape == (n_out,)
        assert layer.params.keys() == layer.grads.keys()
        for key in layer.params:
            assert layer.grads[key].shape == layer.params[key].shape
            assert layer.params[key].dtype == layer.grads[key].dtype == np.float32


def test_forward_output_shapes_and_predict_probabilities():
    model = mnist_mlp()
    X = np.random.default_rng(0).random((5, 784), dtype="float32")
    assert model.forward(X).shape == (5, 10)
    p = model.predict(X)
    assert p.shape == (5, 10) and p.dtype == np.float32
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-6)
    assert model.predict_classes(X).shape == (5,)


def test_predict_in_chunks_matches_one_pass():
    model = mnist_mlp()
    X = np.random.default_rng(0).random((50, 784), dtype="float32")
    # float32 BLAS may sum in a different order for other batch sizes: equal to ~1e-7
    np.testing.assert_allclose(model.predict(X, batch_size=7), model.predict(X), rtol=1e-5)


def test_sigmoid_output_predicts_one_column():
    model = nl.Sequential([nl.Dense(3, activation="tanh", input_dim=2),
                           nl.Dense(1, activation="sigmoid")], rng=0)
    p = model.predict(np.zeros((4, 2)))
    assert p.shape == (4, 1)
    assert model.predict_classes(np.zeros((4, 2))).shape == (4,)


def test_flatten_then_dense_on_images():
    model = nl.Sequential([nl.Flatten(input_shape=(28, 28)), nl.Dense(10, activation="softmax")], rng=0)
    assert model.output_shape_ == (10,)
    assert model.n_params == 7850
    assert model.forward(np.zeros((3, 28, 28), dtype="float32")).shape == (3, 10)


def test_layer_output_shape_methods():
    assert nl.Dense(7).output_shape((3,)) == (7,)
    assert nl.Flatten().output_shape((4, 5, 2)) == (40,)
    assert nl.Dropout(0.1).output_shape((9,)) == (9,)
    assert nl.Activation("relu").output_shape((2, 3)) == (2, 3)
    assert nl.Residual([nl.Dense(6)]).output_shape((6,)) == (6,)


def test_residual_block_counts_its_inner_parameters():
    model = nl.Sequential([nl.Dense(16, activation="relu", input_dim=8),
                           nl.Residual([nl.Dense(16, activation="relu"), nl.Dense(16)], activation="relu"),
                           nl.Dense(3, activation="softmax")], rng=0)
    assert model.layers[1].n_params == 2 * (16 * 16 + 16)
    assert model.n_params == (8 * 16 + 16) + 2 * (16 * 16 + 16) + (16 * 3 + 3)
    assert model.forward(np.ones((2, 8), dtype="float32")).shape == (2, 3)


def test_model_is_built_lazily_from_the_first_data():
    model = nl.Sequential([nl.Dense(4, activation="relu"), nl.Dense(2, activation="softmax")], rng=0)
    assert not model.built
    model.compile(loss="cross_entropy")
    model.fit(np.zeros((3, 5)), np.array([0, 1, 1]), verbose=0)
    assert model.built and model.input_shape_ == (5,) and model.layers[0].params["W"].shape == (5, 4)


def test_layers_get_unique_snake_case_names():
    model = nl.Sequential([nl.Dense(4, input_dim=2), nl.Dropout(0.1), nl.Dense(4), nl.Activation("relu"),
                           nl.Dense(2, name="out")])
    assert [layer.name for layer in model.layers] == ["dense_1", "dropout_1", "dense_2", "activation_1",
                                                      "out"]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_every_layer_of_a_model_has_the_model_dtype(dtype):
    model = nl.Sequential([nl.Dense(4, activation="relu", input_dim=3),
                           nl.Residual([nl.Dense(4)]), nl.Dense(2)], rng=0, dtype=dtype)
    model.add(nl.Dense(2, activation="softmax"))
    for layer in model.layers:
        for key in layer.params:
            assert layer.params[key].dtype == dtype and layer.grads[key].dtype == dtype
    assert model.predict(np.ones((2, 3))).dtype == dtype


def test_summary_table():
    lines = []
    mnist_mlp().summary(print_fn=lines.append)
    text = "\n".join(lines)
    for expected in ["Layer (type)", "Output Shape", "Param #", "dense_1 (Dense)", "(batch, 128)",
                     "100,480", "dense_3 (Dense)", "(batch, 10)", "650", "Total params: 109,386",
                     "Trainable params: 109,386", "Non-trainable params: 0"]:
        assert expected in text
    rows = [line for line in text.splitlines() if line.startswith("dense_")]
    assert len(rows) == 3
    # the three columns line up under their headers
    header = next(line for line in text.splitlines() if line.startswith("Layer (type)"))
    assert all(row.index("(batch") == header.index("Output Shape") for row in rows)


def test_summary_prints_to_stdout(capsys):
    mnist_mlp().summary()
    assert "Total params: 109,386" in capsys.readouterr().out


def test_reprs_are_readable():
    model = nl.Sequential([nl.Dense(3, activation="relu", input_dim=2)])
    assert repr(model) == "Sequential([Dense(3, activation='relu', name='dense_1')])"
    assert repr(nl.Adam()) == "Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)"
    assert repr(nl.SGD(lr=0.1, momentum=0.9)) == "SGD(lr=0.1, momentum=0.9)"
