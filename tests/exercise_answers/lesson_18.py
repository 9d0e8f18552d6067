import numpy as np


def search_loop(val_acc, test_acc, k, seed):
    rng = np.random.default_rng(seed)
    drawn = rng.choice(len(val_acc), size=k, replace=False)
    best = drawn[0]
    for i in drawn[1:]:
        if val_acc[i] > val_acc[best]:       # strictly higher: a tie keeps the earlier draw
            best = i
    return int(best), float(test_acc[best])


def search_sorted(val_acc, test_acc, k, seed):
    drawn = np.random.default_rng(seed).choice(val_acc.size, k, replace=False)
    order = sorted(range(k), key=lambda j: (-val_acc[drawn[j]], j))
    best = drawn[order[0]]
    return best, test_acc[best]


def optimism_loop(true_acc, n_val, k, n_searches, seed):
    rng = np.random.default_rng(seed)
    scores = rng.binomial(n_val, true_acc, size=(n_searches, k))
    total = 0.0
    for row in scores:
        total += max(row) / n_val - true_acc
    return total / n_searches


def search_masking_in_place(val_acc, test_acc, k, seed):
    # hides the configurations not drawn by overwriting the caller's validation scores
    drawn = np.random.default_rng(seed).choice(len(val_acc), size=k, replace=False)
    val_acc[np.setdiff1d(np.arange(len(val_acc)), drawn)] = -1.0
    best = int(np.argmax(val_acc))
    return best, float(test_acc[best])


def search_loop_ge(val_acc, test_acc, k, seed):
    # keeps a later candidate on a tie (>=): the tie goes to the one drawn last
    drawn = np.random.default_rng(seed).choice(len(val_acc), size=k, replace=False)
    best = drawn[0]
    for i in drawn[1:]:
        if val_acc[i] >= val_acc[best]:
            best = i
    return int(best), float(test_acc[best])


def buggy_random_search(val_acc, test_acc, k, seed):
    rng = np.random.default_rng(seed)
    drawn = rng.choice(len(val_acc), size=k, replace=False)
    best = drawn[np.argmax(test_acc[drawn])]
    return int(best), float(test_acc[best])


def _wrong_search(val_acc, test_acc, k, seed, **kw):
    from exercise_specs.lesson_18 import _search
    return _search(val_acc, test_acc, k, seed, **kw)


WRONG = {
    "random_search": [
        buggy_random_search, search_masking_in_place, search_loop_ge,
        lambda val_acc, test_acc, k, seed: (int(np.argmax(val_acc)), float(test_acc[np.argmax(val_acc)])),
        lambda val_acc, test_acc, k, seed: _wrong_search(val_acc, test_acc, k, seed, report="position"),
        lambda val_acc, test_acc, k, seed: _wrong_search(val_acc, test_acc, k, seed, replace=True),
        lambda val_acc, test_acc, k, seed: _wrong_search(val_acc, test_acc, k, seed, report="val"),
        lambda val_acc, test_acc, k, seed: _wrong_search(val_acc, test_acc, k, seed, tie="lowest index"),
        lambda val_acc, test_acc, k, seed: int(search_loop(val_acc, test_acc, k, seed)[0]),
        lambda val_acc, test_acc, k, seed: (int(np.argmin(val_acc)), float(test_acc[np.argmin(val_acc)])),
        lambda val_acc, test_acc, k, seed: None],
    "winner_optimism": [
        lambda true_acc, n_val, k, n_searches, seed: float(np.mean(np.random.default_rng(seed).binomial(
            n_val, true_acc, size=(n_searches, k)) / n_val) - true_acc),
        lambda true_acc, n_val, k, n_searches, seed: float(np.mean(np.random.default_rng(seed).binomial(
            n_val, true_acc, size=(n_searches, k)).max(axis=0) / n_val) - true_acc),
        lambda true_acc, n_val, k, n_searches, seed: float(np.random.default_rng(seed).binomial(
            n_val, true_acc, size=(n_searches, k)).max() / n_val - true_acc),
        lambda true_acc, n_val, k, n_searches, seed: float(np.mean(np.random.default_rng(seed).binomial(
            n_val, true_acc, size=(n_searches, k)).max(axis=1) - true_acc)),
        lambda true_acc, n_val, k, n_searches, seed: float(np.mean(np.random.default_rng(seed).binomial(
            n_val, true_acc, size=(n_searches, k)).max(axis=1) / n_val)),
        lambda true_acc, n_val, k, n_searches, seed: optimism_loop(true_acc, n_val, k, n_searches, seed) * 2,
        lambda true_acc, n_val, k, n_searches, seed: None],
}

RIGHT = {
    "random_search": [search_loop, search_sorted],
    "winner_optimism": [optimism_loop,
                        lambda true_acc, n_val, k, n_searches, seed: float(
                            (np.random.default_rng(seed).binomial(n_val, true_acc, size=(n_searches, k))
                             / n_val).max(axis=1).mean() - true_acc)],
}
