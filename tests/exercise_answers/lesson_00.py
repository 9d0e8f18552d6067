import numpy as np


RUN = {"bias": 0.6654, "weights": 0.5162}   # what the lesson's experiment cell measures


def row_means_loop(X):
    out = np.zeros(len(X))
    for i, row in enumerate(X):
        out[i] = sum(float(v) for v in row) / len(row)
    return out


WRONG = {
    "row_means": [lambda X: X.mean(axis=0), lambda X: X.mean(), lambda X: X.sum(axis=1),
                  lambda X: X.sum(axis=1) / len(X), lambda X: X.mean(axis=1, keepdims=True),
                  lambda X: X.sum(axis=1) // X.shape[1], lambda X: X[:, 0],
                  lambda X: np.median(X, axis=1), lambda X: X.mean(axis=1).astype(int),
                  lambda X: None],
    "matmul_shape": [(784, 128), (32, 784), (128, 32), 4096, (32, 784, 128), (32,), "(32, 128)",
                     None],
    "neuron_switch": [({"prediction": "weights", "reason": "b"}, RUN),      # against the run
                      ({"prediction": "weights", "reason": "a"}, RUN),
                      ({"prediction": "bias", "reason": "a"}, RUN),         # each wrong reason
                      ({"prediction": "bias", "reason": "c"}, RUN),
                      ({"prediction": "bias", "reason": "d"}, RUN),
                      ({"prediction": "bias", "reason": "b"}, None),        # experiment not run
                      ({"prediction": "bias", "reason": "b"}, {"bias": 0.665}),
                      ({"prediction": "both", "reason": "b"}, RUN),
                      ({"prediction": "bias", "reason": "b"},
                       {"bias": float("nan"), "weights": 0.516}),
                      ({"prediction": "bias"}, RUN),
                      (..., RUN)],
}

RIGHT = {
    "row_means": [row_means_loop, lambda X: X.sum(axis=1) / X.shape[1],
                  lambda X: np.average(X, axis=1), lambda X: X.mean(axis=1, keepdims=True)[:, 0]],
    "matmul_shape": [(32, 128), [32, 128], np.ones((32, 128)).shape],
    "neuron_switch": [({"prediction": "bias", "reason": "b"}, RUN),
                      # a finer grid: other numbers, the same winner
                      ({"reason": "b", "prediction": "bias"}, {"weights": 0.5157, "bias": 0.6652}),
                      # a learner who changed the experiment (bias lowered): the prediction
                      # follows that run, and the reason still holds
                      ({"prediction": "weights", "reason": "b"}, {"bias": 0.4, "weights": 0.516})],
}
