"""Statistics a learner can copy: the t interval of the mean over seeds, the paired difference of
two runs with the same seeds, the words for whether it excludes 0, and the Wilson interval of an
accuracy on a finite evaluation set. Every number is checked against a hand computation."""
import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlessons as nl
from nnlessons import plots
from nnlessons.seeds import t_quantile_975

A = [0.91, 0.92, 0.93, 0.90, 0.94]
B = [0.90, 0.905, 0.91, 0.895, 0.92]


def test_a_t_interval_by_hand():
    s = nl.Spread([1.0, 2.0, 3.0, 4.0])  # mean 2.5, sd sqrt(5/3), t(0.975, 3) = 3.182
    half = 3.182 * math.sqrt(5 / 3) / 2
    assert (s.mean, s.std) == (2.5, pytest.approx(math.sqrt(5 / 3)))
    assert (s.low, s.high) == (pytest.approx(2.5 - half), pytest.approx(2.5 + half))
    assert repr(s) == f"2.500 ± {half:.3f} (95% interval {2.5 - half:.3f}–{2.5 + half:.3f}, 4 seeds; range 1.000–4.000)"


def test_the_paired_difference_is_the_spread_of_per_seed_differences():
    a, b = nl.Spread(A, name="adam"), nl.Spread(B, name="sgd")
    d = a.minus(b)
    diffs = np.array(A) - np.array(B)  # 0.01, 0.015, 0.02, 0.005, 0.02
    np.testing.assert_allclose(d.values, diffs)
    assert d.seeds == [0, 1, 2, 3, 4] and d.name == "adam − sgd" and d.labels == ("adam", "sgd")
    sd = math.sqrt(((diffs - 0.014) ** 2).sum() / 4)
    assert d.mean == pytest.approx(0.014) and d.std == pytest.approx(sd)
    assert d.high - d.mean == pytest.approx(t_quantile_975(4) * sd / math.sqrt(5))
    assert repr(d) == ("adam − sgd: +0.014 ± 0.008 (95% interval of the mean paired difference "
                       "+0.006 to +0.022, 5 seeds; range +0.005 to +0.020); adam better on 5 of 5 "
                       "seeds, sgd better on 0")
    assert d.favours() == (5, 0, 0)
    # the unpaired intervals overlap, the paired one excludes 0: what the seeds share cancels
    assert a.low < b.high and d.excludes_zero()
    same = nl.paired_difference(a, b)
    np.testing.assert_array_equal(same.values, d.values)
    assert repr(same) == repr(d)


def test_the_two_sides_are_named_and_ties_and_losses_counted():
    a, b = nl.Spread([0.5, 0.4, 0.3], name="val"), nl.Spread([0.5, 0.45, 0.2], name="val")
    d = a.minus(b)
    assert d.labels == ("a", "b") and d.name == "a − b"  # equal names say nothing
    assert "a better on 1 of 3 seeds, b better on 1, tied on 1" in repr(d)
    d = nl.paired_difference(a, b, labels=("L2", "plain"), higher_is_better=False, name="loss gap")
    assert repr(d).startswith("loss gap: +0.017")
    assert "L2 better (lower) on 1 of 3 seeds, plain better on 1, tied on 1" in repr(d)


def test_mismatched_seeds_name_both_lists_and_the_fix():
    a = nl.Spread(A, name="adam")
    with pytest.raises(ValueError, match=r"adam has seeds \[0, 1, 2, 3, 4\], sgd has seeds "
                                         r"\[0, 1, 2\]\. Fix: run both with the same seeds"):
        a.minus(nl.Spread([0.9, 0.9, 0.9], name="sgd"))
    with pytest.raises(ValueError, match=r"same seeds in the same order.*\[4, 3, 2, 1, 0\].*sort both"):
        nl.paired_difference(a, nl.Spread(B, seeds=[4, 3, 2, 1, 0]))
    with pytest.raises(TypeError, match="two Spreads"):
        a.minus(B)
    with pytest.raises(ValueError, match="one seed per value"):
        nl.Spread(A, seeds=[0, 1])


def test_the_verdict_in_words():
    d = nl.Spread(A, name="adam").minus(nl.Spread(B, name="sgd"))
    assert d.verdict() == ("the 95% interval of the mean paired difference, +0.006 to +0.022, "
                           "excludes 0: a difference of this sign (adam better than sgd) is "
                           "supported at 95%")
    flipped = nl.Spread(B, name="sgd").minus(nl.Spread(A, name="adam"))
    assert "excludes 0: a difference of this sign (adam better than sgd)" in flipped.verdict()
    unclear = nl.Spread([0.90, 0.92, 0.91]).minus(nl.Spread([0.91, 0.90, 0.915]))
    assert not unclear.excludes_zero()
    assert unclear.verdict().endswith("includes 0: these 3 seeds cannot show which is better; it "
                                      "does not show they are equal")
    one = nl.Spread([0.9]).minus(nl.Spread([0.8]))
    assert not one.excludes_zero() and one.verdict().startswith("one seed: no interval")
    assert repr(one) == "a − b: +0.100 (one seed: no spread measured); a better on 1 of 1 seed, b better on 0"
    assert nl.Spread([-3.0, -2.0, -2.5]).verdict().endswith("a mean of this sign (negative) is supported at 95%")


def test_wilson_intervals_by_hand():
    z2 = 1.959964 ** 2
    # 8 of 10: p = 0.8, centre (0.8 + z²/20)/(1 + z²/10), half z/(1 + z²/10)·sqrt(0.016 + z²/400)
    centre = (0.8 + z2 / 20) / (1 + z2 / 10)
    half = math.sqrt(z2) / (1 + z2 / 10) * math.sqrt(0.8 * 0.2 / 10 + z2 / 400)
    low, high = nl.binomial_interval(8, 10)
    assert (low, high) == (pytest.approx(centre - half), pytest.approx(centre + half))
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)  # the tabled Wilson interval
    # 150 of 150: low = 1/(1 + z²/150), high exactly 1, where a t interval over seeds has no width
    assert nl.binomial_interval(150, 150) == (pytest.approx(1 / (1 + z2 / 150)), 1.0)
    assert round(nl.binomial_interval(150, 150)[0], 3) == 0.975
    assert nl.binomial_interval(0, 20)[0] == 0.0
    assert all(isinstance(v, float) for v in nl.binomial_interval(np.int64(3), np.int64(7)))


@pytest.mark.parametrize("k, n, match", [(0.93, 150, r"an accuracy\?.*binomial_interval\(140, 150\)"),
                                         (11, 10, "0 <= k <= n"), (0, 0, "n >= 1"),
                                         (2.5, 10, "whole numbers")])
def test_binomial_interval_says_what_it_needs(k, n, match):
    with pytest.raises(ValueError, match=match):
        nl.binomial_interval(k, n)


def test_plot_paired_draws_a_line_per_seed_and_the_differences_over_zero():
    a, b = nl.Spread(A, name="adam"), nl.Spread([0.90, 0.905, 0.91, 0.895, 0.945], name="sgd")
    fig = plots.plot_paired(a, b, ylabel="validation accuracy")
    left, right = fig.axes
    assert len(left.lines) == 5 and all(len(line.get_xdata()) == 2 for line in left.lines)
    assert [t.get_text() for t in left.get_xticklabels()] == ["adam", "sgd"]
    assert sorted(line.get_linestyle() for line in left.lines) == ["-", "-", "-", "-", "--"]
    assert len(right.containers) == 1  # the mean difference's error bar
    assert any(list(line.get_ydata()) == [0, 0] and line.get_linestyle() == "--" for line in right.lines)
    text = plots.description(fig)
    assert "adam better on 4 of 5 seeds, sgd better on 1" in text and "which includes 0" in text
    assert fig.get_size_inches().tolist() == [7.5, 3.4]
    plt.close(fig)
    with pytest.raises(ValueError, match="same seeds"):
        plots.plot_paired(a, nl.Spread([0.9, 0.8]))


def test_plot_spread_takes_a_difference_and_draws_zero():
    d = nl.Spread(A, name="adam").minus(nl.Spread(B, name="sgd"))
    fig = plots.plot_spread(d)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["adam − sgd"]
    assert any(list(line.get_ydata()) == [0, 0] for line in ax.lines)
    assert "adam − sgd: mean paired difference +0.014, 95% interval +0.0059 to +0.022, 5 seeds, which excludes 0" \
        in plots.description(fig)
    plt.close(fig)
    fig = plots.plot_spread({"x": nl.Spread([0.9, 0.92])})  # an ordinary Spread: no zero line
    assert not any(list(line.get_ydata()) == [0, 0] for line in fig.axes[0].lines)
    plt.close(fig)
