"""Benchmark: the training loop's own cost per step, at a small and a large batch.

    python benchmarks/step_overhead.py            # batches of 10 and 64, 7 interleaved repeats
    python benchmarks/step_overhead.py --quick    # fewer images, epochs and repeats, to try it out

A small network (784-30-10, sigmoid hidden layer, softmax output, cross-entropy, plain SGD with lr
0.5, float32) does little arithmetic per step, so whatever the loop adds around the arithmetic
(checks, bookkeeping, callbacks, telemetry) shows plainly at batch 10 and fades at batch 64.
Four loops train it in the same process, on the same MNIST images, from the same weights, in
the same batch order: ``model.fit`` of nnlessons; a bare NumPy loop written inline below that
computes the step and nothing else (forward, gradient, update: the same formulas, the
overflow-safe sigmoid included; no classes, no checks, no floating-point error contexts, no loss
or accuracy); the same plain loop that also computes what ``fit`` reports (the epoch's mean loss
and accuracy); and PyTorch CPU where it is installed (never a dependency of nnlessons), which
computes the loss for its backward pass and the accuracy. Each run trains 3 epochs, as a lesson
does: ``fit`` checks its inputs once per call (shape, dtype, every value finite), which costs
about 35 ms on all 60,000 images, and the timing includes that; it is also printed on its own.
Runs are interleaved, a different order each repeat; the report gives the median steps per
second and the median of the per-repeat ratios nnlessons / each loop, by wall clock and by CPU
time, and for the ratio to the bare loop a 95% interval for that median (order statistics; single
repeats scatter by about 10% either way on a shared machine, so use 15 or more repeats). The
target is a median of at least 0.9x the bare loop at both batch sizes.
"""
import argparse
import gc
import itertools
import math
import os
import statistics
import time

import numpy as np

import nnlessons as nl

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--images", type=int, default=30_000, help="training images per epoch")
parser.add_argument("--epochs", type=int, default=3, help="epochs per run")
parser.add_argument("--repeats", type=int, default=7)
parser.add_argument("--batches", default="10,64", help="batch sizes, comma-separated")
parser.add_argument("--quick", action="store_true", help="5,000 images, 1 epoch, 3 repeats")
parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch reference")
LR, HIDDEN, TARGET = 0.5, 30, 0.9


def load(n):
    (X, y), _ = nl.datasets.load_mnist()
    return X[:n].reshape(n, -1).astype(np.float32) / 255, y[:n].astype(np.int64)


def model(seed):
    return nl.Sequential([nl.Dense(HIDDEN, "sigmoid", input_dim=784), nl.Dense(10, "softmax")],
                         rng=seed).compile("cross_entropy", nl.SGD(lr=LR))


def start(seed):
    """The initial weights nnlessons draws for ``model(seed)``, and the generator in the state
    ``fit`` then draws each epoch's batch order from."""
    m = model(seed)
    return [p.copy() for p in m.params.values()], m.rng


def clock():
    return time.perf_counter(), time.process_time()


def steps_per_second(start, steps):
    wall, cpu = clock()
    return steps / (wall - start[0]), steps / (cpu - start[1])


def steps(n, batch, epochs):
    return -(-n // batch) * epochs


def run_nnlessons(X, y, batch, seed, epochs):
    m = model(seed)
    t0 = clock()
    history = m.fit(X, y, epochs=epochs, batch_size=batch, verbose=0)
    return steps_per_second(t0, steps(len(X), batch, epochs)), history.loss[-1]


def run_bare(X, y, batch, seed, epochs):
    (W1, b1, W2, b2), rng = start(seed)
    t0 = clock()
    for epoch in range(epochs):
        epoch_bare(X, y, batch, rng.permutation(len(X)), W1, b1, W2, b2)
    return steps_per_second(t0, steps(len(X), batch, epochs)), float("nan")


def epoch_bare(X, y, batch, order, W1, b1, W2, b2):
    """One epoch of steps and nothing else: no loss, no accuracy, nothing checked."""
    for i in range(0, len(X), batch):
        idx = order[i:i + batch]
        xb, yb = X[idx], y[idx]
        z1 = xb @ W1 + b1
        e1 = np.exp(-np.abs(z1))
        r1 = 1 / (1 + e1)
        h = np.where(z1 >= 0, r1, e1 * r1)
        z = h @ W2 + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        dz = e / e.sum(axis=1, keepdims=True)
        dz[np.arange(len(idx)), yb] -= 1
        dz /= len(idx)
        dh = (dz @ W2.T) * h * (1 - h)
        for param, g in ((W1, xb.T @ dh), (b1, dh.sum(axis=0)), (W2, h.T @ dz), (b2, dz.sum(axis=0))):
            param -= LR * g


def run_plain(X, y, batch, seed, epochs):
    (W1, b1, W2, b2), rng = start(seed)
    t0 = clock()
    for epoch in range(epochs):
        total, hits = epoch_plain(X, y, batch, rng.permutation(len(X)), W1, b1, W2, b2)
    return steps_per_second(t0, steps(len(X), batch, epochs)), total / len(X)


def epoch_plain(X, y, batch, order, W1, b1, W2, b2):
    total, hits = 0.0, 0
    for i in range(0, len(X), batch):
        idx = order[i:i + batch]
        xb, yb = X[idx], y[idx]
        rows = np.arange(len(idx))
        z1 = xb @ W1 + b1
        e1 = np.exp(-np.abs(z1))  # the stable sigmoid nnlessons uses: exp only sees -|z|
        r1 = 1 / (1 + e1)
        h = np.where(z1 >= 0, r1, e1 * r1)
        z = h @ W2 + b2
        e = np.exp(z - z.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        total += -np.log(np.maximum(p[rows, yb], 1e-38)).mean() * len(idx)
        hits += int((p.argmax(axis=1) == yb).sum())
        dz = p
        dz[rows, yb] -= 1
        dz /= len(idx)
        dh = (dz @ W2.T) * h * (1 - h)
        for param, g in ((W1, xb.T @ dh), (b1, dh.sum(axis=0)), (W2, h.T @ dz), (b2, dz.sum(axis=0))):
            param -= LR * g
    return total, hits


def run_torch(X, y, batch, seed, epochs):
    import torch
    from torch.nn import functional as F
    weights, rng = start(seed)
    params = [torch.from_numpy(a).requires_grad_() for a in weights]
    opt = torch.optim.SGD(params, lr=LR)
    X_, y_ = torch.from_numpy(X), torch.from_numpy(y)
    t0 = clock()
    for epoch in range(epochs):
        order = torch.from_numpy(rng.permutation(len(X)))
        total, hits = 0.0, 0
        for i in range(0, len(X), batch):
            idx = order[i:i + batch]
            xb, yb = X_[idx], y_[idx]
            logits = torch.sigmoid(xb @ params[0] + params[1]) @ params[2] + params[3]
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            hits += int((logits.argmax(dim=1) == yb).sum())
    return steps_per_second(t0, steps(len(X), batch, epochs)), total / len(X)


def median_interval(values, level=0.95):
    """A distribution-free interval for the median of ``values`` (sorted): the k-th smallest and
    k-th largest, with k the largest count such that fewer than k of n coin flips come up heads
    with probability at most (1 - level) / 2. It covers the median with probability >= level
    whatever the distribution, if the repeats are independent. (NaN, NaN) when n is too small."""
    n, tail, k = len(values), 0.0, 0
    while True:
        tail += math.comb(n, k) / 2 ** n  # P(at most k heads)
        if tail > (1 - level) / 2:
            break
        k += 1
    if k == 0:
        return float("nan"), float("nan")
    return values[k - 1], values[n - k]


def main():
    args = parser.parse_args()
    n, epochs, repeats = (5_000, 1, 3) if args.quick else (args.images, args.epochs, args.repeats)
    X, y = load(n)
    runners = {"nnlessons": run_nnlessons, "bare NumPy step": run_bare,
               "plain NumPy loop": run_plain}
    if not args.no_torch:
        try:
            import torch
            torch.set_num_threads(1)  # this small network gains nothing from more threads
            runners["PyTorch CPU"] = run_torch
        except ImportError:
            pass
    print(f"784-{HIDDEN}-10 (sigmoid, softmax), SGD lr {LR}, float32, {epochs} epoch(s) on {n:,} MNIST "
          f"images, {repeats} interleaved repeats; NumPy {np.__version__}; load average "
          f"{os.getloadavg()[0]:.2f} at the start")
    t0 = time.perf_counter()
    model(0).check_data(X, y)
    print(f"fit's input checks, once per call on these {n:,} images: "
          f"{1e3 * (time.perf_counter() - t0):.1f} ms (included in the timings)")
    ok = True
    for batch in (int(b) for b in args.batches.split(",")):
        for run in runners.values():  # warm-up
            run(X[:1000], y[:1000], batch, 0, 1)
        results = {name: [] for name in runners}
        losses = {name: [] for name in runners}
        orders = list(itertools.permutations(runners))
        for r in range(repeats):
            for name in orders[r % len(orders)]:
                gc.collect()
                speed, loss = runners[name](X, y, batch, r, epochs)
                results[name].append(speed)
                losses[name].append(loss)
        print(f"\nbatch {batch} ({steps(n, batch, epochs):,} steps per run)")
        print(f"  {'':<18}{'steps/s':>10}{'per CPU-s':>11}{'nnlessons is':>14}{'per CPU-s':>11}"
              f"{'mean loss':>11}")
        for name in runners:
            wall = statistics.median(s[0] for s in results[name])
            cpu = statistics.median(s[1] for s in results[name])
            rel = ["", ""]
            if name != "nnlessons":
                for k in (0, 1):
                    rel[k] = f"{statistics.median(a[k] / b[k] for a, b in zip(results['nnlessons'], results[name])):.2f}x"
            loss = statistics.median(losses[name])
            loss = "-" if math.isnan(loss) else f"{loss:.4f}"  # the bare loop computes none
            print(f"  {name:<18}{wall:>10,.0f}{cpu:>11,.0f}{rel[0]:>14}{rel[1]:>11}{loss:>11}")
        ratios = sorted(a[0] / b[0] for a, b in zip(results["nnlessons"],
                                                    results["bare NumPy step"]))
        ratio = statistics.median(ratios)
        met = ratio >= TARGET
        ok &= met
        low, high = median_interval(ratios)
        print(f"  target: nnlessons >= {TARGET}x the bare step loop at batch {batch}: "
              f"{'met' if met else 'MISSED'} (median {ratio:.3f}x; 95% interval for the median "
              f"{low:.3f}-{high:.3f}; single repeats {ratios[0]:.3f}-{ratios[-1]:.3f})")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
