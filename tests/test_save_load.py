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
