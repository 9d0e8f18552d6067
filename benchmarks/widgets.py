"""How long each widget takes from a control change to a redrawn figure.

Measured: setting a control's value (or clicking / stepping) runs the widget's callback
synchronously, so the wall time of that call covers everything the learner waits for: the scene
update (training, for the depth, learning-rate and playground widgets), the Agg drawing (only the
changing artists, or the whole figure when axes change) and the PNG sent to the image widget.
Reported: the median of the repeats, and the slowest one. Targets: 150 ms for every explorer,
100 ms for stepping the playground 10 epochs on 200 points and redrawing.

    python benchmarks/widgets.py [--repeats 15]

The machine's load average is printed first: on a shared machine, rerun when it is idle.
"""
import argparse
import itertools
import os
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import numpy as np

import nnlessons as nl
from nnlessons import widgets
from nnlessons.datasets import load_mnist

EXPLORER_MS, PLAYGROUND_MS = 150.0, 100.0


def timed(action, repeats, warmup=2):
    """Median and maximum wall-clock milliseconds of action(i) over ``repeats`` calls (after a
    warm-up), and the median CPU milliseconds this process spent (what an idle machine would
    take; on a busy one the wall time also counts waiting for a CPU)."""
    for i in range(warmup):
        action(i)
    wall, cpu = [], []
    for i in range(warmup, warmup + repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        action(i)
        wall.append(1e3 * (time.perf_counter() - start))
        cpu.append(1e3 * (time.process_time() - start_cpu))
    return statistics.median(wall), max(wall), statistics.median(cpu)


def cycle_setter(control, values):
    values = itertools.cycle(values)
    return lambda i: setattr(control, "value", next(values))


def mnist_model():
    (X, y), (X_test, y_test) = load_mnist(n_train=3000, n_test=200, rng=0)
    X = X.reshape(len(X), -1).astype(np.float32) / 255
    X_test = X_test.reshape(len(X_test), -1).astype(np.float32) / 255
    model = nl.Sequential([nl.Dense(128, "relu", input_dim=784), nl.Dense(64, "relu"),
                           nl.Dense(10, "softmax")], rng=0).compile()
    model.fit(X, y, epochs=1, batch_size=64, verbose=0)
    return model, X_test, y_test


def cases(repeats):
    w = widgets.neuron_explorer()
    yield "neuron_explorer", "w1 slider", EXPLORER_MS, timed(
        cycle_setter(w.w1, np.linspace(-2, 2, 9)), repeats)
    yield "neuron_explorer", "activation (full redraw)", EXPLORER_MS, timed(
        cycle_setter(w.activation, ["tanh", "sigmoid", "relu", "linear"]), repeats)

    w = widgets.activation_explorer()
    yield "activation_explorer", "probe z slider", EXPLORER_MS, timed(
        cycle_setter(w.z, np.linspace(-5, 5, 11)), repeats)
    yield "activation_explorer", "choice of functions", EXPLORER_MS, timed(
        cycle_setter(w.activations, [("relu",), ("relu", "tanh"), ("sigmoid", "tanh", "relu")]),
        repeats)

    w = widgets.learning_rate_explorer()
    yield "learning_rate_explorer", "lr slider (25 GD steps)", EXPLORER_MS, timed(
        cycle_setter(w.lr, [0.003, 0.03, 0.3, 0.95, 1.5, 5.0]), repeats)

    w = widgets.depth_explorer()
    yield "depth_explorer", "depth 1-20 (trains 8 epochs)", EXPLORER_MS, timed(
        cycle_setter(w.depth, [2, 5, 8, 12, 16, 20]), repeats)
    w.depth.value = 20
    yield "depth_explorer", "skip on/off at depth 20", EXPLORER_MS, timed(
        cycle_setter(w.skip, [True, False]), repeats)

    w = widgets.optimizer_explorer()
    yield "optimizer_explorer", "lr slider (60 steps on the bowl)", EXPLORER_MS, timed(
        cycle_setter(w.lr, [0.003, 0.01, 0.03, 0.09, 0.3]), repeats)
    yield "optimizer_explorer", "surface (full redraw)", EXPLORER_MS, timed(
        cycle_setter(w.surface, ["valley", "bowl"]), repeats)

    w = widgets.init_explorer()
    yield "init_explorer", "init (20 layers of 128)", EXPLORER_MS, timed(
        cycle_setter(w.init, ["normal 0.01", "glorot", "he", "normal 1.0"]), repeats)

    model, X, y = mnist_model()
    w = widgets.prediction_explorer(model, X, y)
    yield "prediction_explorer", "example slider (MNIST 784-128-64-10)", EXPLORER_MS, timed(
        cycle_setter(w.index, range(1, len(X))), repeats)

    live = widgets.live_training(min_interval=0)
    live.model = model
    live.on_train_begin({})
    logs = lambda i: {"loss": 1 / (i + 1), "accuracy": 1 - 1 / (i + 2),
                      "val_loss": 1.1 / (i + 1), "val_accuracy": 1 - 1.1 / (i + 2)}
    yield "live_training", "end of an epoch (100 epochs)", EXPLORER_MS, timed(
        lambda i: live.on_epoch_end(i + 1, logs(i)), max(repeats, 100))

    pg = widgets.playground()
    yield "playground", "Step 10 epochs, moons, 200 points", PLAYGROUND_MS, timed(
        lambda i: pg.step(10), repeats)
    pg = widgets.playground(dataset="spirals", neurons=8, learning_rate=0.3)
    yield "playground", "Step 10 epochs, spirals 2x8, 200 pts", PLAYGROUND_MS, timed(
        lambda i: pg.step(10), repeats)
    yield "playground", "L2 control change", EXPLORER_MS, timed(
        cycle_setter(pg.l2, [0.0, 0.001, 0.01]), repeats)
    yield "playground", "data set control (new data)", EXPLORER_MS, timed(
        cycle_setter(pg.dataset, ["moons", "circles", "xor", "blobs", "spirals"]), repeats)
    yield "playground", "neurons control (new network)", EXPLORER_MS, timed(
        cycle_setter(pg.neurons, [4, 6, 8]), repeats)
    yield "playground", "one layer's width (new network)", EXPLORER_MS, timed(
        cycle_setter(pg.layer_neurons[1], [2, 5, 8]), repeats)
    errors = [e for e in (pg.errors + live.errors + w.errors)]
    if errors:
        print("callback errors:", *errors, sep="\n")


def cpu_share():
    """Wall time / CPU time of a pure-Python loop: 1.0 on an idle machine, more when other
    processes compete for the CPUs (then wall times below are inflated by about that factor)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    total = 0
    for i in range(2_000_000):
        total += i
    return (time.perf_counter() - start) / (time.process_time() - start_cpu)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    load = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
          f"wall/cpu of a busy loop {cpu_share():.2f} (1.00 when idle); "
          f"median of {args.repeats} repeats (ms)\n")
    print(f"{'widget':<24}{'control change':<40}{'median':>8}{'max':>8}{'cpu':>8}{'target':>8}  result")
    failed = failed_cpu = 0
    for widget, what, target, (median, worst, cpu) in cases(args.repeats):
        ok = median < target
        failed += not ok
        failed_cpu += cpu >= target
        print(f"{widget:<24}{what:<40}{median:8.1f}{worst:8.1f}{cpu:8.1f}{target:8.0f}  "
              f"{'PASS' if ok else 'FAIL'}", flush=True)
    print(f"\nwall-clock median against the target: {'all pass' if not failed else f'{failed} FAIL'}"
          f"\ncpu median against the target (what an idle machine would show): "
          f"{'all pass' if not failed_cpu else f'{failed_cpu} FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
