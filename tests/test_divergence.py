"""TrainingDiverged names the layer, the step and the likely causes; healthy steps pay nothing."""
import numpy as np
import pytest

import nnlessons as nl
import nnlessons.model
from nnlessons.health import find_divergence


def data(scale=1.0):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4)).astype("float32")
    return X * scale, (X[:, 0] + X[:, 1] > 0).astype(int)


def classifier(lr):
    return nl.Sequential([nl.Dense(16, "relu", input_dim=4), nl.Dense(16, "relu"),
                          nl.Dense(2, "softmax")], rng=0).compile("cross_entropy", nl.SGD(lr))


def diverge(model, X, y, **kw):
    with pytest.raises(nl.TrainingDiverged) as err:
        model.fit(X, y, epochs=20, batch_size=20, verbose=0, **kw)
    return err.value


def test_a_rate_of_1e3_names_the_layer_the_step_and_the_rate_first():
    err = diverge(classifier(1e3), *data())
    assert (err.epoch, err.batch, err.lr) == (1, 4, 1e3)
    assert not np.isfinite(err.loss)
    assert (err.layer, err.where) == ("dense_3", "output")  # softmax of overflowing logits
    message = str(err)
    assert "epoch 1, batch 4" in message and "outputs of layer 'dense_3'" in message
    assert message.index("smaller learning rate (e.g. lr=100 instead of 1000)") \
        < message.index("Unscaled inputs: unlikely here") < message.index("log or division of 0")
    assert "clipnorm" in message and len(err.causes) == 3


def test_unscaled_inputs_put_scaling_first():
    err = diverge(nl.Sequential([nl.Dense(16, "relu", input_dim=4), nl.Dense(2, "softmax")],
                                rng=0).compile("cross_entropy", nl.SGD(0.1)), *data(1000))
    assert err.layer is not None and err.input_scale > 1000
    assert err.causes[0].startswith("The inputs reach 3.9e+03 in magnitude: scale them first")
    assert "smaller learning rate" in err.causes[1]


def test_a_regression_whose_loss_overflows_names_the_output_layer_and_its_size():
    X, _ = data()
    model = nl.Sequential([nl.Dense(16, "tanh", input_dim=4), nl.Dense(1)], rng=0)
    err = diverge(model.compile("mse", nl.SGD(1e3)), X, X[:, 0])
    assert (err.layer, err.where) == ("dense_2", "loss")
    assert "Every output was finite; the loss overflowed on the outputs of layer 'dense_2' " \
           "(they reach 1.64e+19)" in str(err)


def test_the_first_non_finite_output_in_forward_order_and_gradient_in_backward_order():
    X, y = data()
    model = classifier(0.1)
    model.fit(X, y, epochs=1, batch_size=20, verbose=0)
    assert find_divergence(model)[:2] == ("dense_3", "loss")  # nothing non-finite: the loss
    model.layers[2].grads["W"][0, 0] = np.inf
    model.layers[1].grads["b"][0] = np.nan
    assert find_divergence(model) == ("dense_3", "gradient", None)  # backward order: last first
    model.layers[1].cache[1][0, 0] = np.nan
    model.layers[2].cache[1][0, 0] = np.inf
    assert find_divergence(model) == ("dense_2", "output", None)


def test_an_output_a_layer_does_not_keep_is_found_through_the_next_layers_input():
    X, y = data()
    model = nl.Sequential([nl.Dense(8, "relu", input_dim=4), nl.BatchNorm(), nl.Dropout(0.1),
                           nl.Dense(2, "softmax")], rng=0).compile("cross_entropy", nl.SGD(0.1))
    model.fit(X, y, epochs=1, batch_size=20, verbose=0)
    model.layers[3].cache[0][0, 0] = np.nan  # the input of dense_2: Dropout's output
    assert find_divergence(model)[:2] == ("dropout_1", "output")


def test_weights_that_go_non_finite_under_a_finite_loss_stop_training_at_the_epochs_end():
    X, y = data()
    model = classifier(0.1)

    def poison(batch, logs):
        if batch == 9:  # the last batch of the epoch: the loss never sees it
            model.layers[1].params["W"][0, 0] = np.nan

    err = diverge(model, X, y, callbacks=[nl.LambdaCallback(on_batch_end=poison)])
    assert (err.epoch, err.batch, err.layer, err.where) == (1, 10, "dense_2", "weights")
    assert np.isfinite(err.loss)
    assert "weights of layer 'dense_2' became NaN or infinite by the end of epoch 1" in str(err)


def test_healthy_steps_never_search_for_the_layer(monkeypatch):
    def fail(model):
        raise AssertionError("find_divergence ran on a healthy step")

    monkeypatch.setattr(nnlessons.model, "find_divergence", fail)
    history = classifier(0.1).fit(*data(), epochs=2, batch_size=20, verbose=0)
    assert np.isfinite(history.loss).all()
