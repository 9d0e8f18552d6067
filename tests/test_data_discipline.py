"""Train / validation / test: the split helpers, fit(validation_split=...), and results over seeds."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.plots import plot_spread
from nnlessons.seeds import t_quantile_975


def classifier(n_in=2, n_out=3, seed=0):
    return nl.Sequential([nl.Dense(8, "relu", input_dim=n_in), nl.Dense(n_out, "softmax")],
                         rng=seed).compile("cross_entropy", nl.Adam(1e-2))


def test_validation_split_holds_out_a_stratified_share_drawn_by_the_models_rng():
    X, y = np.arange(600, dtype=np.float32).reshape(300, 2) / 600, np.arange(300) % 3
    seen = []
    model = classifier()
    model.fit(X, y, epochs=1, batch_size=32, validation_split=0.2, verbose=0,
              callbacks=[nl.LambdaCallback(on_batch_end=lambda b, logs: seen.append(logs["size"]))])
    assert sum(seen) == 240  # ceil(0.2 * 300) = 60 held out, the rest trained on
    # fit's split is datasets.train_val_split with the model's rng: the same for the same seed,
    # each class keeping its share, nothing both trained on and held out
    X_tr, X_val, y_tr, y_val = nl.datasets.train_val_split(X, y, 0.2, classifier().rng, stratify=True)
    np.testing.assert_array_equal(X_val, nl.datasets.train_val_split(X, y, 0.2, classifier().rng,
                                                                     stratify=True)[1])
    assert np.bincount(y_val).tolist() == (np.bincount(y) * 60 / 300).round().astype(int).tolist()
    assert not {tuple(r) for r in X_tr} & {tuple(r) for r in X_val}
    assert len(X_tr) + len(X_val) == 300


def test_fit_validation_split_is_train_val_split_with_the_models_rng():
    """The same rng draws: splitting by hand with the model's rng, then fitting on the parts,
    trains exactly the same weights as fit(validation_split=...)."""
    X, y = nl.datasets.make_moons(n=150, rng=3)
    a = classifier(n_out=2, seed=5)
    ha = a.fit(X, y, epochs=2, batch_size=16, validation_split=0.2, verbose=0)
    b = classifier(n_out=2, seed=5)
    X_tr, X_val, y_tr, y_val = nl.datasets.train_val_split(X, y, 0.2, b.rng, stratify=True)
    hb = b.fit(X_tr, y_tr, epochs=2, batch_size=16, validation_data=(X_val, y_val), verbose=0)
    np.testing.assert_array_equal(a.layers[0].params["W"], b.layers[0].params["W"])
    assert ha.val_loss == hb.val_loss


def test_train_val_split_keeps_the_order_and_checks_its_arguments():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    X_tr, X_val, y_tr, y_val = nl.datasets.train_val_split(X, y, 0.3, rng=0)
    assert len(X_val) == 3 and list(y_tr) == sorted(y_tr) and list(y_val) == sorted(y_val)
    np.testing.assert_array_equal(X_val[:, 0] // 2, y_val)
    with pytest.raises(ValueError, match="val_size must be a fraction between 0 and 1"):
        nl.datasets.train_val_split(X, y, 3)
    with pytest.raises(ValueError, match="leaves no training data"):
        nl.datasets.train_val_split(X, y, 0.95)


def test_validation_split_scores_the_held_out_part_every_epoch():
    X, y = nl.datasets.make_moons(n=200, rng=1)
    h = classifier(n_out=2).fit(X, y, epochs=3, validation_split=0.25, verbose=0)
    assert len(h.val_loss) == len(h.val_accuracy) == 3
    assert all(0 <= a <= 1 for a in h.val_accuracy)


def test_validation_split_for_a_sigmoid_output_and_for_regression():
    X, y = nl.datasets.make_moons(n=100, rng=2)
    m = nl.Sequential([nl.Dense(4, "tanh", input_dim=2), nl.Dense(1, "sigmoid")], rng=0)
    m.compile("binary_cross_entropy", "adam")
    assert len(m.fit(X, y, validation_split=0.1, verbose=0).val_accuracy) == 1
    r = nl.Sequential([nl.Dense(1, input_dim=2)], rng=0).compile("mse", nl.SGD(0.01))
    assert len(r.fit(X, X[:, :1], validation_split=0.3, verbose=0).val_loss) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"validation_split": 0.0}, "fraction between 0 and 1"),
    ({"validation_split": 1.5}, "fraction between 0 and 1"),
    ({"validation_split": True}, "fraction between 0 and 1"),
    ({"validation_split": 0.999}, "leaves no training data"),
    ({"validation_split": 0.1, "validation_data": "x"}, "not both"),
])
def test_validation_split_errors_name_the_fix(kwargs, message):
    X, y = nl.datasets.make_moons(n=20, rng=0)
    with pytest.raises(ValueError, match=message):
        classifier(n_out=2).fit(X, y, verbose=0, **kwargs)


def test_train_val_test_split_gives_three_disjoint_stratified_parts():
    X = np.arange(200, dtype=float).reshape(100, 2)
    y = np.repeat([0, 1, 2, 3], 25)
    X_tr, X_val, X_te, y_tr, y_val, y_te = nl.datasets.train_val_test_split(
        X, y, val_size=0.2, test_size=0.2, rng=0, stratify=True)
    assert (len(X_tr), len(X_val), len(X_te)) == (60, 20, 20)
    ids = [set(part[:, 0]) for part in (X_tr, X_val, X_te)]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])
    assert sorted(ids[0] | ids[1] | ids[2]) == list(X[:, 0])
    assert np.bincount(y_val).tolist() == [5, 5, 5, 5] and np.bincount(y_te).tolist() == [5, 5, 5, 5]
    np.testing.assert_array_equal(y_tr, (X_tr[:, 0] // 50).astype(int))  # rows keep their labels
    again = nl.datasets.train_val_test_split(X, y, val_size=0.2, test_size=0.2, rng=0, stratify=True)
    np.testing.assert_array_equal(again[1], X_val)


def test_train_val_test_split_errors():
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="val_size"):
        nl.datasets.train_val_test_split(X, y, val_size=2.0)
    with pytest.raises(ValueError, match="leaves"):
        nl.datasets.train_val_test_split(X, y, val_size=8, test_size=0.2)


@pytest.mark.parametrize("df, expected", [(1, 12.706), (4, 2.776), (9, 2.262), (29, 2.045),
                                          (40, 2.021), (60, 2.000), (120, 1.980)])
def test_t_quantiles_match_the_tables(df, expected):
    assert t_quantile_975(df) == pytest.approx(expected, abs=1.5e-3)


def test_spread_is_the_mean_with_a_t_interval_worked_out_by_hand():
    s = nl.Spread([0.90, 0.92, 0.91, 0.93, 0.94])
    assert s.mean == pytest.approx(0.92)
    sd = np.sqrt(((np.array([0.90, 0.92, 0.91, 0.93, 0.94]) - 0.92) ** 2).sum() / 4)
    assert s.std == pytest.approx(sd)
    assert s.high - s.mean == pytest.approx(2.776 * sd / np.sqrt(5), rel=1e-3)
    assert (s.min, s.max) == (0.90, 0.94)
    assert "95% interval" in repr(s) and "5 seeds" in repr(s)
    assert "one seed" in repr(nl.Spread([0.5]))
    assert not hasattr(s, "overlaps"), "overlapping intervals are no test: compare with s.minus(other)"


def test_over_seeds_calls_the_run_once_per_seed_and_keeps_dict_results_apart():
    calls = []
    s = nl.over_seeds(lambda seed: calls.append(seed) or seed * 0.1, seeds=4)
    assert calls == [0, 1, 2, 3] and s.seeds == [0, 1, 2, 3]
    np.testing.assert_allclose(s.values, [0.0, 0.1, 0.2, 0.3])
    d = nl.over_seeds(lambda seed: {"a": seed, "b": -seed}, seeds=[5, 6])
    assert d["a"].mean == 5.5 and d["b"].mean == -5.5
    with pytest.raises(ValueError, match="at least one seed"):
        nl.over_seeds(lambda seed: 0, seeds=[])


def test_plot_spread_draws_a_dot_per_seed_and_an_error_bar_per_setting():
    runs = {"plain": nl.Spread([0.8, 0.82, 0.81]), "residual": nl.Spread([0.9, 0.91, 0.93])}
    fig = plot_spread(runs, ylabel="validation accuracy")
    ax = fig.axes[0]
    dots = [line for line in ax.lines if line.get_linestyle() == "None" and len(line.get_xdata()) == 3]
    assert len(dots) == 2
    assert [t.get_text() for t in ax.get_xticklabels()] == ["plain", "residual"]
    assert len(ax.containers) == 2  # one error bar per setting
    assert ax.get_ylabel() == "validation accuracy"
    plt.close(fig)
