"""Benchmark: one training step of lesson 14's small CNN, nnlessons beside PyTorch CPU.

    python benchmarks/cnn_step.py            # 100 steps each, 5 interleaved repeats, 1 thread
    python benchmarks/cnn_step.py --quick    # 20 steps, 1 repeat

Both train the same network (conv8 3x3 + ReLU, 2x2 max pool, conv16 3x3 + ReLU, 2x2 max pool,
flatten, dense 10 + softmax; cross-entropy; Adam lr 1e-3; batch 64 of 28x28x1 MNIST digits;
float32) from the same initial weights on the same batches, one thread each (BLAS and PyTorch).
PyTorch runs in its own layout (channels first); the dense layer's rows are permuted to match, so
the two models compute the same function. The first step's loss is compared before anything is
timed. Runs are interleaved so that load from other processes hits both alike; the report gives
the median steps per second, the median of the per-repeat ratios, and the load average. PyTorch is
optional and never a dependency of nnlessons: without it only nnlessons is timed.
"""
import argparse
import os
import statistics
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--steps", type=int, default=100)
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--quick", action="store_true")
args = parser.parse_args()
if args.quick:
    args.steps, args.repeats = 20, 1
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402

import nnlessons as nl  # noqa: E402

BATCH, LR = 64, 1e-3
TARGET = 1.0   # nnlessons' steps per second over PyTorch's, at least


def course_model():
    model = nl.Sequential([nl.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
                           nl.MaxPool2D(2), nl.Conv2D(16, 3, activation="relu"), nl.MaxPool2D(2),
                           nl.Flatten(), nl.Dense(10, activation="softmax")], rng=0)
    return model.compile(loss="cross_entropy", optimizer=nl.Adam(LR))


def batches(n):
    (X, y), _ = nl.datasets.load_mnist(n_train=n * BATCH, n_test=10, rng=0)
    X = (X.astype("float32") / 255).reshape(n, BATCH, 28, 28, 1)
    return X, y.astype("int64").reshape(n, BATCH)


def torch_model(model):
    """The same network in PyTorch (channels first), holding copies of the model's weights."""
    import torch
    import torch.nn.functional as F

    def tensor(a):
        return torch.nn.Parameter(torch.tensor(np.ascontiguousarray(a, dtype="float32")))

    conv1, _, conv2, _, _, dense = model.layers
    # nnlessons: W (kh, kw, C, F), channels last; PyTorch: (F, C, kh, kw), channels first
    w1, w2 = (tensor(c.params["W"].transpose(3, 2, 0, 1)) for c in (conv1, conv2))
    b1, b2 = tensor(conv1.params["b"]), tensor(conv2.params["b"])
    # Flatten reads (h, w, c) in nnlessons and (c, h, w) in PyTorch: permute the dense rows
    wd = tensor(dense.params["W"].reshape(5, 5, 16, 10).transpose(2, 0, 1, 3).reshape(400, 10))
    bd = tensor(dense.params["b"])
    optimizer = torch.optim.Adam([w1, b1, w2, b2, wd, bd], lr=LR)

    def step(x, y):
        optimizer.zero_grad()
        h = F.max_pool2d(F.relu(F.conv2d(x, w1, b1)), 2)
        h = F.max_pool2d(F.relu(F.conv2d(h, w2, b2)), 2)
        loss = F.cross_entropy(h.flatten(1) @ wd + bd, y)
        loss.backward()
        optimizer.step()
        return loss.item()
    return step


def clock():
    return time.perf_counter(), time.process_time()


def rates(start, steps):
    """Steps per second of wall clock and per CPU-second (the latter is less hit by other load)."""
    wall, cpu = clock()
    return steps / (wall - start[0]), steps / (cpu - start[1])


def time_nnlessons(model, X, Y):
    start = clock()
    for x, y in zip(X, Y):
        model.train_step(x, y)
    return rates(start, len(X))


def time_torch(step, X, Y):
    start = clock()
    for x, y in zip(X, Y):
        step(x, y)
    return rates(start, len(X))


def main():
    try:
        import torch
        torch.set_num_threads(args.threads)
    except ImportError:
        torch = None
    X, Y = batches(args.steps)
    model = course_model()
    print(f"small CNN: conv8-pool-conv16-pool-dense10, batch {BATCH}, 28x28x1, "
          f"{model.n_params:,} parameters; {args.steps} steps x {args.repeats} repeats, "
          f"{args.threads} thread(s)")
    if torch is not None:
        step = torch_model(model)
        # channels first: (N, 28, 28, 1) -> (N, 1, 28, 28), the same bytes for one channel
        TX, TY = torch.tensor(X.reshape(args.steps, BATCH, 1, 28, 28)), torch.tensor(Y)
        ours = model.train_step(X[0], Y[0])[0]
        theirs = step(TX[0], TY[0])
        print(f"first-step loss: nnlessons {ours:.6f}, PyTorch {theirs:.6f} "
              "(same weights, same batch)")
        assert abs(ours - theirs) < 1e-4, "the models differ: the timing would compare unlike things"
    ours, theirs = [], []
    time_nnlessons(model, X[:3], Y[:3])                        # warm-up
    if torch is not None:
        time_torch(step, TX[:3], TY[:3])
    for _ in range(args.repeats):
        ours.append(time_nnlessons(model, X, Y))
        if torch is not None:
            theirs.append(time_torch(step, TX, TY))
    def report(name, runs):
        print(f"{name}: {statistics.median(r[0] for r in runs):.1f} steps/s (median of "
              f"{args.repeats}: {', '.join(f'{r[0]:.0f}' for r in runs)}); "
              f"{statistics.median(r[1] for r in runs):.1f} per CPU-second")
    report("nnlessons", ours)
    if torch is not None:
        report(f"PyTorch {torch.__version__} CPU", theirs)
        ratio = statistics.median(a[0] / b[0] for a, b in zip(ours, theirs))
        cpu_ratio = statistics.median(a[1] / b[1] for a, b in zip(ours, theirs))
        print(f"nnlessons / PyTorch: {ratio:.2f}x (target >= {TARGET}x): "
              f"{'met' if ratio >= TARGET else 'NOT met'}; per CPU-second {cpu_ratio:.2f}x")
    else:
        print("PyTorch is not installed: no reference (pip install torch to compare)")
    print(f"load average (1, 5, 15 min): {', '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
