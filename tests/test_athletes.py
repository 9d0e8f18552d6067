"""make_athletes: the table the depth lesson uses. Its rule is the one its docstring states, and
with the documented recipe a linear model stays clearly behind the 20-64-32-1 network."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.datasets import MinMaxScaler, make_athletes, train_test_split


def test_shape_names_units_and_reproducibility():
    X, y, names = make_athletes(n=500, rng=7)
    assert X.shape == (500, 20) and X.dtype == np.float32
    assert y.shape == (500,) and y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    assert len(names) == len(set(names)) == 20
    assert {"height_cm", "weight_kg", "age_years", "vo2max_ml_kg_min"} <= set(names)
    X2, y2, _ = make_athletes(n=500, rng=7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(y, make_athletes(n=500, rng=8)[1])


def test_measurements_are_plausible():
    X, _, names = make_athletes(n=5000, rng=0)
    col = dict(zip(names, X.T))
    assert 145 <= col["height_cm"].min() and col["height_cm"].max() <= 210
    assert 18 <= col["age_years"].min() and col["age_years"].max() <= 60
    bmi = col["weight_kg"] / (col["height_cm"] / 100) ** 2
    np.testing.assert_allclose(col["bmi_kg_m2"], bmi, atol=0.051)  # BMI agrees with the weight
    assert 35 <= col["resting_heart_rate_bpm"].min() and col["resting_heart_rate_bpm"].max() <= 110
    assert 0 <= col["training_hours_per_week"].min()


def test_labels_follow_the_documented_rule_up_to_the_label_noise():
    X, y, names = make_athletes(n=20000, rng=0)
    c = dict(zip(names, X.T))
    bmi = c["bmi_kg_m2"]
    rule = (c["training_hours_per_week"] >= 6) & (
        ((c["vo2max_ml_kg_min"] >= 49) & (bmi < 24)) | ((c["vertical_jump_cm"] >= 50) & (bmi >= 24)))
    assert 0.02 < np.mean(rule != y) < 0.03  # 2.5 % flipped
    assert 0.35 < y.mean() < 0.43


def _test_accuracy(layers, lr, epochs, seed):
    """The recipe in make_athletes' docstring."""
    X, y, _ = make_athletes(rng=seed)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, rng=seed, stratify=True)
    scaler = MinMaxScaler().fit(X_train)
    model = nl.Sequential(layers, rng=seed)
    model.compile(loss="binary_cross_entropy", optimizer=nl.Adam(lr=lr))
    model.fit(scaler.transform(X_train), y_train, epochs=epochs, batch_size=32, verbose=0)
    return model.evaluate(scaler.transform(X_test), y_test)["accuracy"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_logistic_regression_stays_clearly_behind_the_deep_network(seed):
    linear = _test_accuracy([nl.Dense(1, activation="sigmoid", input_dim=20)], 0.01, 100, seed)
    deep = _test_accuracy([nl.Dense(64, activation="relu", input_dim=20),
                           nl.Dense(32, activation="relu"),
                           nl.Dense(1, activation="sigmoid")], 0.003, 20, seed)
    assert 0.75 <= linear <= 0.82, f"logistic regression test accuracy {linear:.3f}"
    assert 0.93 <= deep <= 0.97, f"20-64-32-1 network test accuracy {deep:.3f}"


def test_bad_n_raises():
    with pytest.raises(ValueError, match="n="):
        make_athletes(n=0)
