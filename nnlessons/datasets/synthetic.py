"""Small made-up data sets: 2-D point clouds for the activation lessons and the playground, and a
20-column table of people for the lesson on why depth helps.

Every function takes ``rng`` (None, an int or a numpy.random.Generator), so the same seed always
gives the same data. The 2-D sets return X float32 (n, 2) and y int64 (n,), rows in random order.
"""
import numbers

import numpy as np

from .._validation import check_rng


def _check_n(n, least, name):
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < least:
        raise ValueError(f"{name} needs n >= {least} points (a positive int), got n={n!r}. "
                         f"Use e.g. n=200.")
    return int(n)


def _check_noise(noise, name):
    if not isinstance(noise, numbers.Real) or isinstance(noise, bool) or not noise >= 0:
        raise ValueError(f"{name} needs noise >= 0 (a standard deviation), got noise={noise!r}. "
                         f"Use noise=0 for clean data.")
    return float(noise)


def _counts(n, k):
    """Split n points over k classes as evenly as possible (the first classes get the extras)."""
    return [n // k + (c < n % k) for c in range(k)]


def _finish(X, y, rng):
    """Shuffle rows so the classes are interleaved, and fix the dtypes."""
    order = rng.permutation(len(y))
    return X[order].astype(np.float32), y[order].astype(np.int64)


def make_moons(n=200, noise=0.1, rng=0):
    """Two interleaving half circles (class 0 on top, class 1 below and shifted right).

    ``noise`` is the standard deviation of Gaussian noise added to each coordinate.
    Returns X float32 (n, 2) and y int64 (n,).
    """
    n, noise, rng = _check_n(n, 2, "make_moons"), _check_noise(noise, "make_moons"), check_rng(rng)
    n0, n1 = _counts(n, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    top = np.column_stack([np.cos(t0), np.sin(t0)])
    bottom = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([top, bottom]) + rng.normal(0, noise, (n, 2))
    return _finish(X, np.repeat([0, 1], [n0, n1]), rng)


def make_circles(n=200, noise=0.05, rng=0, factor=0.5):
    """A small circle (class 1, radius ``factor``) inside a large one (class 0, radius 1).

    ``noise`` is the standard deviation of Gaussian noise added to each coordinate.
    Returns X float32 (n, 2) and y int64 (n,).
    """
    n, noise = _check_n(n, 2, "make_circles"), _check_noise(noise, "make_circles")
    rng = check_rng(rng)
    if not 0 < factor < 1:
        raise ValueError(f"make_circles needs 0 < factor < 1 (inner radius / outer radius), "
                         f"got factor={factor!r}.")
    n0, n1 = _counts(n, 2)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    X = np.vstack([outer, inner]) + rng.normal(0, noise, (n, 2))
    return _finish(X, np.repeat([0, 1], [n0, n1]), rng)


def make_spirals(n=200, noise=0.2, rng=0, n_classes=3):
    """``n_classes`` spiral arms winding out from the centre, one class per arm.

    Each arm turns through 4 radians while its radius grows from 0 to 1; ``noise`` is the standard
    deviation of Gaussian noise added to each point's angle (radians), as in the CS231n spirals.
    Returns X float32 (n, 2) and y int64 (n,) with labels 0..n_classes-1.
    """
    if not isinstance(n_classes, numbers.Integral) or isinstance(n_classes, bool) or n_classes < 2:
        raise ValueError(f"make_spirals needs n_classes >= 2 (an int), got {n_classes!r}.")
    n = _check_n(n, n_classes, "make_spirals")
    noise, rng = _check_noise(noise, "make_spirals"), check_rng(rng)
    counts = _counts(n, n_classes)
    arms = []
    for c, m in enumerate(counts):
        r = np.linspace(0.0, 1.0, m)
        t = np.linspace(4.0 * c, 4.0 * (c + 1), m) + rng.normal(0, noise, m)
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
    return _finish(np.vstack(arms), np.repeat(np.arange(n_classes), counts), rng)


def make_xor(n=200, noise=0.1, rng=0):
    """Points in the square [-1, 1]^2; class 1 where x0 and x1 have different signs (XOR).

    Points are drawn uniformly, kept at least 0.05 away from the axes so the four quadrants are
    clean, then ``noise`` (a standard deviation) is added to each coordinate; labels stay those of
    the clean points, so noise blurs the boundary. Returns X float32 (n, 2) and y int64 (n,).
    """
    n, noise, rng = _check_n(n, 2, "make_xor"), _check_noise(noise, "make_xor"), check_rng(rng)
    X = rng.uniform(-1, 1, (n, 2))
    X += np.where(X >= 0, 0.05, -0.05) * (1 - np.abs(X))  # push points away from the axes
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.int64)
    X = X + rng.normal(0, noise, (n, 2))
    return X.astype(np.float32), y


def make_blobs(n=200, noise=0.5, rng=0):
    """Two Gaussian blobs, centred at (-1, -1) (class 0) and (1, 1) (class 1): linearly separable.

    ``noise`` is the standard deviation of each blob. Points that land within 0.1 of the line
    x0 + x1 = 0, or on the wrong side of it, are drawn again, so a straight line always separates
    the classes (whatever the noise): the data a single neuron can learn perfectly.
    Returns X float32 (n, 2) and y int64 (n,).
    """
    n, noise, rng = _check_n(n, 2, "make_blobs"), _check_noise(noise, "make_blobs"), check_rng(rng)
    n0, n1 = _counts(n, 2)
    blobs = []
    for sign, m in ((-1.0, n0), (1.0, n1)):
        points = np.empty((0, 2))
        while len(points) < m:
            draw = sign + rng.normal(0, noise, (m, 2))
            margin = sign * draw.sum(axis=1) / np.sqrt(2)  # signed distance to x0 + x1 = 0
            points = np.vstack([points, draw[margin >= 0.1]])
        blobs.append(points[:m])
    return _finish(np.vstack(blobs), np.repeat([0, 1], [n0, n1]), rng)



# The six kinds of people the athletes table is drawn from, and their relative frequencies.
_KINDS = ("sedentary", "keen amateur", "endurance", "power", "heavy endurance", "light power")
_SHARES = tuple(np.array([30, 15, 18, 18, 6.5, 6.5]) / 94)
_LABEL_NOISE = 0.025  # share of labels flipped


def make_athletes(n=1000, rng=0):
    """A made-up table of n people, 20 measurements each, labelled athlete (1) or not (0).

    The label follows a fixed rule with thresholds and an interaction (which way body mass counts
    depends on the kind of fitness), so no single straight cut through the 20-D space finds it:

        athlete = training_hours_per_week >= 6 and (
                      (vo2max_ml_kg_min >= 49 and bmi_kg_m2 < 24)        # lean endurance athlete
                   or (vertical_jump_cm >= 50 and bmi_kg_m2 >= 24))      # heavier power athlete

    then 2.5 % of the labels are flipped at random (label noise: nobody can score 100 %).

    The people come from six groups (the group is not a column): sedentary 32 %, keen amateurs
    who train a lot at average fitness 16 %, endurance types (high VO2max, BMI about 21) 19 %,
    power types (high jump, BMI about 27.5) 19 %, and 7 % each of heavy endurance and light power
    types, who are fit but on the other side of the BMI line. Age, sex and the group drive the other
    measurements, so they are correlated the way real ones are (and many of them help a guess),
    but only the four columns in the rule decide the label. About 39 % of people are athletes.

    Measured with ``train_test_split(X, y, 0.2, rng=seed, stratify=True)``, ``MinMaxScaler`` fitted
    on the training part, model and data seeds equal, seeds 0, 1, 2:

    - logistic regression, ``Dense(1, activation="sigmoid")``, Adam(lr=0.01), batch 32,
      100 epochs: test accuracy 0.75-0.82 (0.785, 0.780, 0.765). That is five times the
      network's epochs, so the gap is not for want of training; 300 epochs stay in the band.
    - the 20-64-32-1 network (ReLU, ReLU, sigmoid), Adam(lr=0.003), batch 32, 20 epochs:
      test accuracy 0.93-0.97 (0.960, 0.950, 0.950).

    ``tests/test_athletes.py`` checks both bands for seeds 0, 1 and 2.

    Returns
    -------
    X : float32 (n, 20), measurements in the units their names give (rounded as a clinic would).
    y : int64 (n,), 1 = athlete.
    feature_names : list of 20 str, e.g. 'height_cm', 'vo2max_ml_kg_min'.
    """
    n, rng = _check_n(n, 1, "make_athletes"), check_rng(rng)
    kind = rng.choice(len(_KINDS), size=n, p=_SHARES)
    endurance = np.choose(kind, (0, 0.15, 1, 0, 1, 0))  # how much of each talent the group has
    power = np.choose(kind, (0, 0.15, 0, 1, 0, 1))

    def normal(mean, sd, low, high, decimals=1):
        return np.round(np.clip(mean + rng.normal(0, 1, n) * sd, low, high), decimals)

    male = rng.random(n) < 0.5
    age = np.round(rng.uniform(18, 60, n))
    older = age - 35
    hours = np.where(kind == 0, np.round(np.clip(rng.gamma(1.5, 1.3, n), 0, 30), 1),
                     normal(11, 2, 0, 30))
    height = normal(np.where(male, 177, 164), 7, 145, 210)
    bmi_target = normal(np.choose(kind, (26, 24, 21, 27.5, 27.5, 21)),
                        np.choose(kind, (4, 2.5, 1, 1.2, 1.2, 1)), 16, 42)
    weight = np.round(bmi_target * (height / 100) ** 2, 1)
    bmi = np.round(weight / (height / 100) ** 2, 1)
    vo2max = normal(38 + 3 * male - 0.1 * older + 20 * endurance, 3, 18, 85)
    jump = normal(33 + 6 * male - 0.15 * older + 26 * power, 4, 10, 95)
    columns = {
        "age_years": age,
        "height_cm": height,
        "weight_kg": weight,
        "bmi_kg_m2": bmi,
        "body_fat_pct": normal(np.where(male, 15, 23) + 1.4 * (bmi - 22) - 0.4 * hours, 3, 4, 50),
        "waist_cm": normal(2.6 * bmi + 18 + 4 * male, 4, 55, 140),
        "resting_heart_rate_bpm": normal(72 - 10 * endurance - 0.5 * hours, 5, 36, 110, 0),
        "systolic_bp_mmhg": normal(120 + 0.3 * older + 4 * male, 10, 90, 180, 0),
        "vo2max_ml_kg_min": vo2max,
        "grip_strength_kg": normal(np.where(male, 42, 27) + 10 * power, 5, 10, 95),
        "vertical_jump_cm": jump,
        "sprint_30m_s": normal(np.where(male, 4.7, 5.3) - 0.5 * power + 0.01 * older, 0.25,
                               3.7, 7.5, 2),
        "pushups_per_min": normal(np.where(male, 28, 16) + 10 * power, 8, 0, 100, 0),
        "plank_hold_s": normal(80 + 6 * hours, 30, 10, 400, 0),
        "sit_and_reach_cm": normal(np.where(male, 5, 12), 8, -25, 45),
        "reaction_time_ms": normal(250 + 0.8 * older, 25, 150, 450, 0),
        "training_hours_per_week": hours,
        "daily_steps": normal(7000 + 400 * hours, 2500, 1000, 30000, -1),
        "sleep_hours": normal(7.1, 0.8, 4, 10),
        "daily_calories_kcal": normal(np.where(male, 2500, 2000) + 50 * hours, 300, 1200, 5500, -1),
    }
    athlete = (hours >= 6) & (((vo2max >= 49) & (bmi < 24)) | ((jump >= 50) & (bmi >= 24)))
    flipped = rng.random(n) < _LABEL_NOISE
    X = np.column_stack(list(columns.values())).astype(np.float32)
    return X, (athlete ^ flipped).astype(np.int64), list(columns)
