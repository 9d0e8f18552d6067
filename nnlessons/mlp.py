"""mlp(): the multilayer perceptron every lesson, the playground and the terminal build.

    model = nl.mlp(784, [128, 64], 10, rng=0)   # 784-128-64-10, ReLU, softmax output
"""
from ._validation import check_positive_int
from .layers import Dense, Residual
from .model import Sequential


def mlp(n_inputs, hidden, n_outputs, activation="relu", output="softmax", residual=False, rng=None):
    """Dense layers of sizes ``hidden`` with ``activation``, then ``n_outputs`` units with ``output``.

    Parameters
    ----------
    n_inputs : int, features per example: inputs are (batch, n_inputs).
    hidden : sequence of int, the width of each hidden layer (empty: no hidden layer).
    n_outputs : int, output units: outputs are (batch, n_outputs).
    residual : bool. With True, every hidden layer after the first is a residual block x + F(x),
        F = Dense(w, activation) then Dense(w) starting at zero, so each block starts as the
        identity (as in ResNets); all hidden widths must then be equal.
    rng : int, Generator or None, for the weights (see ``Sequential``).
    """
    n_inputs = check_positive_int(n_inputs, "mlp n_inputs")
    widths = [check_positive_int(w, "mlp hidden layer width") for w in hidden]
    if residual and len(set(widths)) > 1:
        raise ValueError(f"mlp(residual=True) adds each block's input to its output, so every hidden "
                         f"layer needs the same width, got {widths}. Use e.g. hidden=[16] * {len(widths)}.")
    layers = []
    for i, width in enumerate(widths):
        if residual and i > 0:
            layers.append(Residual([Dense(width, activation), Dense(width, init="zeros")]))
        else:
            layers.append(Dense(width, activation, input_dim=None if layers else n_inputs))
    layers.append(Dense(check_positive_int(n_outputs, "mlp n_outputs"), output,
                        input_dim=None if layers else n_inputs))
    return Sequential(layers, rng=rng)
