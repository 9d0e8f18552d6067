"""Sanity checks to run before training (CS231n's "babysitting", Karpathy's recipe), in one call.

1. The initial loss against what an untrained model should score (the chance loss).
2. Overfit one small batch: a copy of the model must drive the loss on ``batch`` examples to
   near zero in ``steps`` steps.
3. The gradient check (``nl.gradcheck``): backprop against finite differences, in float64.

The learner's model is never changed: every check runs on a copy (``copy.deepcopy``).
"""
import copy
import math

import numpy as np

from ._validation import check_positive_int, check_rng
from .errors import TrainingDiverged
from .gradcheck import gradcheck

INITIAL_FACTOR = 2.0  # the initial loss passes up to twice the chance loss
OVERFIT_SHARE = 0.05  # overfitting passes when the batch loss falls below 5% of the chance loss
GRADCHECK_LIMIT = 1e-5  # float64 backprop agrees with finite differences to about 5 digits
GRADCHECK_EXAMPLES = 8  # examples (and positions per parameter, x 4) the gradient check uses
MEASURABLE = 1e-6  # gradients below this are left out of the check (and so is an array of them):
# finite differences of a loss near 2 carry rounding noise of about 1e-11, so a relative error
# there measures the noise (an all-dead ReLU network scored 1.0, an 8-layer sigmoid stack 0.0097)


class SanityReport:
    """What ``sanity_check`` found. Attributes:

    initial_loss, chance_loss : the model's loss on (X, y) before training, and what an untrained
        model should score (``baseline`` says which); ``initial_ok``: initial_loss at most
        INITIAL_FACTOR x chance_loss.
    overfit_loss, overfit_threshold, overfit_ok : the loss on the small batch after ``steps``
        steps of a copy (inference mode), the bar it must pass, and whether it did (False, with
        ``overfit_note`` 'diverged at step t', when the copy diverged; '' otherwise).
    gradcheck_error, gradcheck_ok : nl.gradcheck's max relative error, below GRADCHECK_LIMIT, over
        the weight arrays with a measurable gradient (``gradcheck_left_out``: the others).
    ok : all three passed. ``lines``: the printed report."""

    def __init__(self, **fields):
        self.__dict__.update(fields)
        self.ok = self.initial_ok and self.overfit_ok and self.gradcheck_ok

    def __str__(self):
        return "\n".join(self.lines)

    def __repr__(self):
        return (f"SanityReport(ok={self.ok}, initial_loss={self.initial_loss:.4f}, "
                f"chance_loss={self.chance_loss:.4f}, overfit_loss={self.overfit_loss:.4g}, "
                f"gradcheck_error={self.gradcheck_error:.2g})")


def chance_loss(model, y):
    """(loss, baseline text): what an untrained model should score on targets ``y`` (checked
    by ``model.check_data``).

    cross-entropy over K classes: -log(1/K) = log K, the loss of uniform probabilities (a
    small random initialisation gives nearly uniform softmax outputs); binary cross-entropy:
    log 2 (p = 0.5); mean squared error: mean(y^2), the loss of predicting 0 everywhere (the
    outputs of a fresh network with zero biases are centred on 0)."""
    if model.loss_.fuses_with == "softmax":
        k = model.output_shape_[-1]
        return math.log(k), f"log {k} (uniform over {k} classes)"
    if model.loss_.fuses_with == "sigmoid":
        return math.log(2), "log 2 (p = 0.5 everywhere)"
    return float(np.mean(np.square(y))), "mean(y^2) (predicting 0)"


def sanity_check(model, X, y, rng=0, batch=20, steps=200, print_fn=print):
    """Run the three checks on copies of a compiled ``model`` and print a short report.

    Parameters
    ----------
    model : a compiled Sequential (its optimizer is used, copied, for the overfitting check).
    X : (N, *input_shape), y : (N,) labels or (N, outputs) targets, as ``fit`` takes them.
    rng : picks the small batch (``batch`` examples) and the gradient check's positions.
    steps : full-batch steps the copy takes on the small batch.
    print_fn : where the report goes (None: print nothing).

    Returns a SanityReport.

    Notes: what each check catches. A high initial loss (more than INITIAL_FACTOR x the chance
    loss): a badly scaled initialisation or output layer, or unscaled inputs (the model starts
    confidently wrong); a loss below the chance loss is not flagged. Small networks whose
    outputs start widely spread (measured: up to 5x on 2-class problems over 10 seeds, about
    1.05x for 784-64-10 on MNIST) can fail it: scale the last layer's initial weights down.
    A batch that cannot be overfitted: broken gradients or updates, a learning rate far too
    small or too large, dead or frozen layers, too little capacity. Shuffled labels are NOT caught: a network with
    enough capacity memorises ``batch`` examples whatever their labels (Zhang et al. 2017); that
    shows only on validation data. The gradient check catches a wrong backward pass."""
    X, y = model.check_data(X, y, what="run sanity checks")
    rng = check_rng(rng)
    batch = min(check_positive_int(batch, "batch"), len(X))
    steps = check_positive_int(steps, "steps")
    chance, baseline = chance_loss(model, y)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        initial = copy.deepcopy(model).evaluate(X, y)["loss"]
    initial_ok = bool(initial <= INITIAL_FACTOR * chance)

    pick = np.sort(rng.choice(len(X), batch, replace=False))
    overfit, note = _overfit(model, X[pick], y[pick], steps)
    threshold = OVERFIT_SHARE * chance
    overfit_ok = bool(np.isfinite(overfit) and overfit < threshold)

    small = pick[:GRADCHECK_EXAMPLES]
    errors = gradcheck(model, X[small], y[small], max_checks=4 * GRADCHECK_EXAMPLES, rng=rng,
                       details=True, atol=MEASURABLE)
    flat = _too_small_to_check(model, X[small], y[small])
    checked = [e for key, e in errors.items() if key not in flat]
    error = max(checked, default=0.0)
    gradcheck_ok = bool(error < GRADCHECK_LIMIT)

    mark = {True: "pass", False: "FAIL"}
    lines = [
        f"{mark[initial_ok]} initial loss {initial:.4f}, expected {chance:.4f} = {baseline}, "
        f"pass at <= {INITIAL_FACTOR:g}x",
        f"{mark[overfit_ok]} overfit {batch} examples in {steps} steps: "
        f"{note or f'loss {overfit:.4g}'}, pass below {threshold:.4g} ({OVERFIT_SHARE:.0%} of "
        "expected)",
        f"{mark[gradcheck_ok]} gradient check: max relative error {error:.2g}, pass below "
        f"{GRADCHECK_LIMIT:g}",
    ]
    if flat:
        lines.append(f"     ({len(flat)} of {len(errors)} weight arrays left out: gradients below "
                     f"{MEASURABLE:g}, too small to check)")
    if not (gradcheck_ok or initial_ok):
        lines.append("     (saturated outputs hit the loss's floor: fix the initial loss first)")
    report = SanityReport(initial_loss=initial, chance_loss=chance, baseline=baseline,
                          initial_ok=initial_ok, initial_factor=INITIAL_FACTOR,
                          overfit_loss=overfit, overfit_threshold=threshold,
                          overfit_ok=overfit_ok, overfit_note=note,
                          gradcheck_error=error, gradcheck_ok=gradcheck_ok,
                          gradcheck_left_out=sorted(flat),
                          gradcheck_limit=GRADCHECK_LIMIT, batch=batch, steps=steps, lines=lines)
    if print_fn is not None:
        print_fn(str(report))
    return report


def _too_small_to_check(model, X, y):
    """Keys of the weight arrays whose float64 gradients on (X, y) are all below MEASURABLE."""
    m = model.astype("float64")
    m.loss_and_grads(*m.check_data(X, y, what="run sanity checks"), training=False)
    return {key for key, g in m.grads.items() if not np.abs(g).max(initial=0.0) >= MEASURABLE}


def _overfit(model, Xb, yb, steps):
    """(loss on the batch after ``steps`` full-batch steps of a copy, note): the copy's own
    optimizer (a copy, its moments forgotten), inference-mode loss at the end (no dropout)."""
    twin = copy.deepcopy(model)
    twin.optimizer_.reset()
    try:
        twin.fit(Xb, yb, epochs=steps, batch_size=len(Xb), shuffle=False, verbose=0)
    except TrainingDiverged as exc:
        return math.inf, f"diverged at step {exc.epoch}"
    return twin.evaluate(Xb, yb)["loss"], ""
