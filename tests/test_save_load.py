"""Saving a model to .npz and loading it back."""
import numpy as np
import pytest

import nnlessons as nl


def trained_model(dtype="float32"):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3, 4)).astype(dtype)
    y = rng.integers(0, 3, size=40)
    model = nl.Sequential([nl.Flatten(input_shape=(3, 4)), nl.Dense(8, activation="relu"),
                           nl.Residual([nl.Dense(8, activation="tanh"), nl.Dense(8)], activation="relu"),
                           nl.Dropout(0.2), nl.Dense(6, activation="leaky_relu"), nl.Dense(3),
                           nl.Activation("softmax")], rng=0, dtype=dtype)
    model.compile(loss="cross_entropy", optimizer="adam")
    model.fit(X, y, epochs=2, batch_size=8, verbose=0)
    return model, X, y


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_round_trip_gives_identical_predictions(tmp_path, dtype):
    model, X, y = trained_model(dtype)
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = nl.load_model(path)
    assert repr(loaded) == repr(model)
    assert loaded.dtype == dtype and loaded.input_shape_ == (3, 4)
    assert [layer.name for layer in loaded._all_layers()] == [layer.name for layer in model._all_layers()]
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.evaluate(X, y) == model.evaluate(X, y)  # compiled with the saved loss


def test_loaded_model_can_keep_training(tmp_path):
    model, X, y = trained_model()
    model.save(tmp_path / "m.npz")
    loaded = nl.load_model(tmp_path / "m.npz")
    before = loaded.evaluate(X, y)["loss"]
    loaded.fit(X, y, epochs=3, verbose=0)
    assert loaded.evaluate(X, y)["loss"] < before


def test_load_weights_into_the_same_architecture(tmp_path):
    model, X, _ = trained_model()
    model.save(tmp_path / "m.npz")
    fresh, _, _ = trained_model()
    for layer in fresh.layers:
        for p in layer.params.values():
            p[...] = 0
    assert fresh.load_weights(tmp_path / "m.npz") is fresh
    np.testing.assert_array_equal(fresh.predict(X), model.predict(X))


def test_load_weights_into_a_different_architecture_raises(tmp_path):
    model = nl.Sequential([nl.Dense(8, activation="relu", input_dim=4), nl.Dense(3)], rng=0)
    model.save(tmp_path / "m.npz")
    wider = nl.Sequential([nl.Dense(16, activation="relu", input_dim=4), nl.Dense(3)], rng=0)
    with pytest.raises(ValueError, match=r"do not match this model: 0/params/W has shape \(4, 8\) "
                                         r"in the file but \(4, 16\)"):
        wider.load_weights(tmp_path / "m.npz")
    deeper = nl.Sequential([nl.Dense(8, activation="relu", input_dim=4), nl.Dense(8), nl.Dense(3)])
    with pytest.raises(ValueError, match="missing.*2/params/W.*nl.load_model"):
        deeper.load_weights(tmp_path / "m.npz")


def test_load_weights_needs_a_built_model(tmp_path):
    model = nl.Sequential([nl.Dense(3, input_dim=2)])
    model.save(tmp_path / "m.npz")
    with pytest.raises(ValueError, match="never been built"):
        nl.Sequential([nl.Dense(3)]).load_weights(tmp_path / "m.npz")


def test_a_npz_without_a_model_raises(tmp_path):
    path = tmp_path / "arrays.npz"
    np.savez(path, W=np.ones(3))
    with pytest.raises(ValueError, match="not an nnlessons model file"):
        nl.load_model(path)


@pytest.mark.parametrize("content, match", [(b"", "not a .npz archive"),
                                            (b"this is not a zip file at all", "not a .npz archive"),
                                            (b"PK\x03\x04broken", "not a readable nnlessons model file")])
def test_a_garbage_file_raises_value_error(tmp_path, content, match):
    path = tmp_path / "garbage.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=match):
        nl.load_model(path)


def test_a_plain_npy_file_raises_value_error(tmp_path):
    path = tmp_path / "array.npy"
    np.save(path, np.ones(3))
    with pytest.raises(ValueError, match="not an nnlessons model file .not a .npz archive"):
        nl.load_model(path)


def test_a_missing_file_raises_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        nl.load_model(tmp_path / "nowhere.npz")


def test_saving_an_unbuilt_model_raises(tmp_path):
    with pytest.raises(ValueError, match="never been built"):
        nl.Sequential([nl.Dense(3)]).save(tmp_path / "m.npz")


def test_the_file_is_saved_under_exactly_the_given_name(tmp_path):
    model = nl.Sequential([nl.Dense(3, input_dim=2)], rng=0)
    model.save(tmp_path / "my_model")
    assert (tmp_path / "my_model").is_file()
    loaded = nl.load_model(tmp_path / "my_model")
    np.testing.assert_array_equal(loaded.layers[0].params["W"], model.layers[0].params["W"])
    model.save(str(tmp_path / "again.npz"))
    assert nl.load_model(str(tmp_path / "again.npz")).n_params == 9


@pytest.mark.parametrize("config", ["not json", '{"format": "other"}', '["a list"]',
                                    '{"format": "nnlessons-model"}'])
def test_a_npz_with_a_broken_architecture_raises(tmp_path, config):
    path = tmp_path / "m.npz"
    np.savez(path, __config__=np.array(config))
    with pytest.raises(ValueError, match="unreadable architecture"):
        nl.load_model(path)


# --- the extension point: @register and from_config -------------------------------------------------
def test_every_layer_class_the_package_exports_is_registered_under_its_name():
    from nnlessons import layers
    classes = [getattr(layers, n) for n in layers.__all__]
    classes = [c for c in classes if isinstance(c, type) and issubclass(c, layers.Layer)
               and c not in (layers.Layer, layers.Block)]
    assert len(classes) >= 14
    assert {c.__name__: c for c in classes} == {n: layers.LAYER_CLASSES[n] for n in
                                                 (c.__name__ for c in classes)}
    assert set(layers.LAYER_CLASSES) == {c.__name__ for c in classes}  # nothing else registered


def test_every_kind_of_layer_round_trips_through_a_file(tmp_path):
    """Images, sequences and text: each exported layer in a model, saved, loaded, same outputs."""
    rng = np.random.default_rng(0)
    models = {
        "images": (nl.Sequential([nl.Conv2D(4, 3, input_shape=(8, 8, 1)), nl.BatchNorm(),
                                  nl.MaxPool2D(2), nl.Flatten(), nl.Dropout(0.1),
                                  nl.Residual([nl.Dense(36, activation="relu"), nl.Dense(36)]),
                                  nl.Dense(3), nl.Activation("softmax")], rng=0),
                   rng.normal(size=(5, 8, 8, 1)).astype("float32")),
        "sequences": (nl.Sequential([nl.SimpleRNN(6, input_shape=(4, 3)), nl.LayerNorm(),
                                     nl.Dense(2, activation="softmax")], rng=0),
                      rng.normal(size=(5, 4, 3)).astype("float32")),
        "text": (nl.Sequential([nl.Embedding(11, 8, input_length=5), nl.PositionEmbedding(5),
                                nl.TransformerBlock(heads=2), nl.CausalSelfAttention(2),
                                nl.Dense(11, activation="softmax")], rng=0),
                 rng.integers(0, 11, size=(4, 5))),
    }
    seen = set()
    for name, (model, X) in models.items():
        model.save(tmp_path / f"{name}.npz")
        loaded = nl.load_model(tmp_path / f"{name}.npz")
        assert repr(loaded) == repr(model), name
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
        seen |= {type(layer).__name__ for layer in model.layers}
    from nnlessons.layers import LAYER_CLASSES
    assert seen == set(LAYER_CLASSES)


def test_a_layer_of_your_own_loads_back_once_it_carries_register(tmp_path):
    from nnlessons.layers import LAYER_CLASSES, Layer, register

    class Scale(Layer):
        def __init__(self, factor=2.0, name=None):
            super().__init__(name=name)
            self.factor = factor

        def forward(self, x, training=False):
            return x * self.factor

        def get_config(self):
            return {"name": self.name, "factor": self.factor}

    model = nl.Sequential([nl.Dense(3, input_dim=2), Scale(3.0)], rng=0)
    model.save(tmp_path / "m.npz")
    with pytest.raises(ValueError, match=r"Unknown layer type 'Scale'.*needs @register"):
        nl.load_model(tmp_path / "m.npz")
    try:
        assert register(Scale) is Scale
        loaded = nl.load_model(tmp_path / "m.npz")
        assert isinstance(loaded.layers[1], Scale) and loaded.layers[1].factor == 3.0
    finally:
        LAYER_CLASSES.pop("Scale")


def test_a_layer_without_weights_has_an_empty_read_only_params_dict():
    flatten = nl.Flatten()
    assert dict(flatten.params) == {} and dict(flatten.grads) == {} and not flatten.trainable
    with pytest.raises(TypeError):
        flatten.params["W"] = np.zeros(1)


def test_blocks_show_their_inner_layers_arrays_keyed_by_position():
    block = nl.Residual([nl.Dense(4, activation="relu"), nl.BatchNorm(), nl.Dense(4)])
    block.build((4,), rng=0)
    assert list(block.params) == ["0.W", "0.b", "1.gamma", "1.beta", "2.W", "2.b"]
    assert block.params["2.W"] is block.layers[2].params["W"]
    assert list(block.buffers) == ["1.running_mean", "1.running_var"] and block.n_non_trainable == 8
    transformer = nl.TransformerBlock(heads=1)
    transformer.build((3, 4), rng=0)
    assert transformer.params["1.1.W"] is transformer.branches[1].layers[1].params["W"]
    assert set(transformer.grads) == set(transformer.params)
    transformer.astype("float64")
    assert all(p.dtype == np.float64 for p in transformer.params.values())
