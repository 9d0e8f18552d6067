"""Benchmark: train 784-128-64-10 on MNIST with nnlessons, a plain NumPy loop and PyTorch CPU.

    python benchmarks/train_mnist.py              # 5 epochs on all 60,000 images, 5 repeats
    python benchmarks/train_mnist.py --quick      # 1 epoch on 10,000 images, to try it out

All three train the same network (ReLU, ReLU, softmax; cross-entropy; Adam lr 1e-3; batch 64;
float32) from the same initial weights, visiting the batches in the same order. The plain loop is
written inline below: no classes, no callbacks, just the arithmetic. Runs are interleaved (one of
each per repeat, after a warm-up) so that load from other processes hits all three alike; the
report gives the median of the repeats and the median of the per-repeat speed ratios, by wall
clock and by CPU time (which other processes disturb less). Repeat r uses seed + r.

Test accuracy after 5 epochs moves by about 0.0017 from seed to seed, around 0.975, so five
repeats cannot say on which side of 0.975 the recipe lies. An untimed accuracy study follows:
nnlessons on 20 seeds (``--accuracy-seeds``), and PyTorch with its own initialisation and
shuffling on the same number, which tells the recipe's level apart from the engine's. The
thread count changes the rounding of the sums in BLAS and so, slightly, each run's path.
On a busy machine, BLAS threads that wait for a core slow everything down erratically: try
``--threads 1``.
PyTorch is optional (``pip install torch``); it is never a dependency of nnlessons.
"""
import argparse
import os
import sys

# Thread settings must be in place before NumPy (and its BLAS) is imported.
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--epochs", type=int, default=5)
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--quick", action="store_true", help="1 epoch on 10,000 images, 1 repeat")
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--accuracy-seeds", type=int, default=20,
                    help="seeds in the accuracy study (the timed repeats count towards them)")
parser.add_argument("--threads", type=int, default=None,
                    help="BLAS / PyTorch threads (default: as NumPy's BLAS would use)")
parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch reference")
parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
args = parser.parse_args()
if args.threads:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import gc  # noqa: E402
import itertools  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

import nnlessons as nl  # noqa: E402

BATCH, LR = 64, 1e-3
TARGETS = {"plain": 0.95, "torch": 1.3, "accuracy": 0.975, "import": 0.15, "memory_mb": 600}


def blas_threads():
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def load_data(n_train):
    (X, y), (Xt, yt) = nl.datasets.load_mnist()
    X, y = X[:n_train], y[:n_train]
    X = X.reshape(len(X), -1).astype("float32") / 255
    Xt = Xt.reshape(len(Xt), -1).astype("float32") / 255
    return X, y.astype(np.int64), Xt, yt.astype(np.int64)


def initial_weights(rng):
    """Draw the weights exactly as nnlessons does (He for ReLU layers, Glorot for softmax), from
    the same generator, so every implementation starts from the same point and then draws the
    same per-epoch permutations from it."""
    weights = []
    for n_in, n_out, act in ((784, 128, "relu"), (128, 64, "relu"), (64, 10, "softmax")):
        if act == "relu":
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out))
        else:
            limit = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=(n_in, n_out))
        weights += [W.astype(np.float32), np.zeros(n_out, dtype=np.float32)]
    return weights


def clock():
    """Wall-clock and CPU time: CPU seconds barely change when other processes share the machine."""
    return time.perf_counter(), time.process_time()


def elapsed(start):
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


# --- 1. nnlessons ---------------------------------------------------------------------------------
def nnlessons_model(seed):
    model = nl.Sequential([nl.Dense(128, activation="relu", input_dim=784),
                           nl.Dense(64, activation="relu"),
                           nl.Dense(10, activation="softmax")], rng=seed)
    model.compile(loss="cross_entropy", optimizer=nl.Adam(lr=LR))
    return model


def run_nnlessons(X, y, Xt, yt, epochs, seed):
    model = nnlessons_model(seed)
    start = clock()
    model.fit(X, y, epochs=epochs, batch_size=BATCH, verbose=0)
    seconds = elapsed(start)
    return seconds, model.evaluate(Xt, yt)["accuracy"]


# --- 2. the same network as a plain NumPy loop ------------------------------------------------------
def run_plain(X, y, Xt, yt, epochs, seed):
    rng = np.random.default_rng(seed)
    W1, c1, W2, c2, W3, c3 = params = initial_weights(rng)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps, t = 0.9, 0.999, 1e-8, 0
    n = len(X)
    start = clock()
    for epoch in range(epochs):
        order = rng.permutation(n)
        total_loss, hits = 0.0, 0
        for i in range(0, n, BATCH):
            idx = order[i:i + BATCH]
            xb, yb = X[idx], y[idx]
            rows = np.arange(len(idx))
            # forward
            h1 = np.maximum(xb @ W1 + c1, 0)
            h2 = np.maximum(h1 @ W2 + c2, 0)
            z = h2 @ W3 + c3
            e = np.exp(z - z.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            total_loss += -np.log(np.maximum(p[rows, yb], 1e-38)).sum()
            hits += int((p.argmax(axis=1) == yb).sum())
            # backward: softmax + cross-entropy gives dz = (p - y) / batch
            dz = p
            dz[rows, yb] -= 1
            dz /= len(idx)
            dh2 = (dz @ W3.T) * (h2 > 0)
            dh1 = (dh2 @ W2.T) * (h1 > 0)
            grads = (xb.T @ dh1, dh1.sum(axis=0), h1.T @ dh2, dh2.sum(axis=0), h2.T @ dz, dz.sum(axis=0))
            # Adam as in the paper (the same formulas as nnlessons, so that both round alike and
            # end with bit-identical weights: tests/test_training.py checks this on small data)
            t += 1
            for param, g, m_, v_ in zip(params, grads, m, v):
                m_ *= beta1
                m_ += (1 - beta1) * g
                v_ *= beta2
                v_ += (1 - beta2) * g**2
                m_hat = m_ / (1 - beta1**t)
                v_hat = v_ / (1 - beta2**t)
                param -= LR * m_hat / (np.sqrt(v_hat) + eps)
    seconds = elapsed(start)
    h = np.maximum(np.maximum(Xt @ W1 + c1, 0) @ W2 + c2, 0) @ W3 + c3
    return seconds, float((h.argmax(axis=1) == yt).mean())


# --- 3. PyTorch CPU ---------------------------------------------------------------------------------
def run_torch(X, y, Xt, yt, epochs, seed, own_defaults=False):
    """PyTorch CPU on the same recipe. By default from nnlessons' initial weights and batch order;
    with ``own_defaults`` from PyTorch's own initialisation and shuffling (torch.manual_seed), an
    independent answer to "what accuracy does this recipe give?"."""
    import torch
    from torch import nn
    from torch.nn import functional as F

    rng = np.random.default_rng(seed)
    if own_defaults:
        torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(),
                          nn.Linear(64, 10))
    if not own_defaults:
        weights = initial_weights(rng)
        with torch.no_grad():
            for layer, W, b in zip([model[0], model[2], model[4]], weights[0::2], weights[1::2]):
                layer.weight.copy_(torch.from_numpy(W.T.copy()))  # torch stores (out, in)
                layer.bias.copy_(torch.from_numpy(b))
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    X_, y_ = torch.from_numpy(X), torch.from_numpy(y)
    n = len(X)
    start = clock()
    for epoch in range(epochs):
        order = torch.randperm(n) if own_defaults else torch.from_numpy(rng.permutation(n))
        total_loss, hits = 0.0, 0
        for i in range(0, n, BATCH):
            idx = order[i:i + BATCH]
            xb, yb = X_[idx], y_[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)  # log-softmax and NLL, fused
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(idx)
            hits += int((logits.argmax(dim=1) == yb).sum())
    seconds = elapsed(start)
    with torch.no_grad():
        accuracy = float((model(torch.from_numpy(Xt)).argmax(dim=1).numpy() == yt).mean())
    return seconds, accuracy


# --- measurements -----------------------------------------------------------------------------------
def import_seconds(repeats=7):
    """Median time of ``import nnlessons`` (and of NumPy alone) in fresh interpreters, interpreter
    start-up excluded. Bytecode is cached first, in a temporary folder, as it is on any ordinary
    install (this machine sets PYTHONDONTWRITEBYTECODE, which would time the compiler instead)."""
    import tempfile
    code = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache

        def measure(module):
            runs = [float(subprocess.run([sys.executable, "-c", code.format(module)], env=env,
                                         capture_output=True, text=True, check=True).stdout)
                    for _ in range(repeats + 1)]
            return statistics.median(runs[1:])  # the first run writes the bytecode cache
        return measure("nnlessons"), measure("numpy")


def memory_child(n_train, epochs, seed):
    """Runs in a subprocess: nnlessons alone, so the numbers are not inflated by PyTorch."""
    X, y, Xt, yt = load_data(n_train)
    tracemalloc.start()
    model = nnlessons_model(seed)
    model.fit(X, y, epochs=epochs, batch_size=BATCH, verbose=0)
    model.evaluate(Xt, yt)
    _, peak = tracemalloc.get_traced_memory()
    print(f"{peak / 2**20:.1f} {peak_rss_mb():.1f}")


def peak_rss_mb():
    """High-water resident memory of this process. Linux's ru_maxrss would also count the parent's
    memory at the moment it started this subprocess, so prefer VmHWM, which starts afresh."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def memory_mb(n_train, seed):
    cmd = [sys.executable, __file__, "--memory-child", "--epochs", "1", "--seed", str(seed)]
    if n_train < 60000:
        cmd.append("--quick")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=os.environ).stdout
    peak, rss = map(float, out.split())
    return peak, rss


def mean_interval(values):
    """Mean of ``values`` and a 95% confidence interval for it (Student's t), as nl.Spread has it."""
    spread = nl.Spread(values)
    return spread.mean, (spread.low, spread.high)


def accuracy_study(X, y, Xt, yt, timed, n_seeds, with_torch):
    """Test accuracy after 5 epochs is a random variable: one seed moves it by about 0.0017 (the
    binomial noise of 10,000 test images alone is 0.0016). The timed repeats give a handful of
    values; this trains nnlessons on more seeds (untimed) and, where PyTorch is installed, the same
    recipe in PyTorch with its own initialisation and shuffling, so that the recipe's level and the
    engine's can be told apart."""
    study = {"nnlessons": list(timed)}
    for s in range(args.seed + len(timed), args.seed + n_seeds):
        study["nnlessons"].append(run_nnlessons(X, y, Xt, yt, 5, s)[1])
        print(f"  accuracy study (seed {s}): nnlessons {study['nnlessons'][-1]:.4f}", flush=True)
    if with_torch:
        study["PyTorch, own init"] = []
        for s in range(args.seed, args.seed + n_seeds):
            study["PyTorch, own init"].append(run_torch(X, y, Xt, yt, 5, s, own_defaults=True)[1])
            print(f"  accuracy study (seed {s}): PyTorch with its own init and shuffling "
                  f"{study['PyTorch, own init'][-1]:.4f}", flush=True)
    print()
    print(f"test accuracy after 5 epochs, seeds {args.seed}-{args.seed + n_seeds - 1}:")
    for name, values in study.items():
        mean, (low, high) = mean_interval(values)
        print(f"  {name:<18} median {statistics.median(values):.4f}  mean {mean:.4f} "
              f"(95% CI {low:.4f}-{high:.4f})  range {min(values):.4f}-{max(values):.4f}  "
              f">= {TARGETS['accuracy']}: {sum(v >= TARGETS['accuracy'] for v in values)} of {len(values)}")
    return study["nnlessons"]


def accuracy_verdict(values):
    """met: the whole 95% interval of the mean is at or above the target; MISSED: all of it is
    below; otherwise the target lies within the noise of the measurement."""
    mean, (low, high) = mean_interval(values)
    text = (f"median {statistics.median(values):.4f}, mean {mean:.4f} "
            f"(95% CI {low:.4f}-{high:.4f}, {len(values)} seeds)")
    if low >= TARGETS["accuracy"]:
        return text, True
    if high < TARGETS["accuracy"]:
        return text, False
    return text, "within noise"


def main():
    n_train = 10_000 if args.quick else 60_000
    epochs = 1 if args.quick else args.epochs
    repeats = 1 if args.quick else args.repeats
    if args.memory_child:
        memory_child(n_train, epochs, args.seed)
        return
    threads = args.threads or blas_threads()
    X, y, Xt, yt = load_data(n_train)

    runners = {"nnlessons": run_nnlessons, "plain NumPy loop": run_plain}
    torch_version = None
    if not args.no_torch:
        try:
            import torch
            torch.set_num_threads(threads)
            torch_version = torch.__version__
            runners["PyTorch CPU"] = run_torch
        except ImportError:
            pass

    # the same starting point for all three
    model = nnlessons_model(args.seed)
    same = all(np.array_equal(a, b) for a, b in zip(
        [p for layer in model.layers for p in layer.params.values()],
        initial_weights(np.random.default_rng(args.seed))))

    print(f"MNIST 784-128-64-10 (ReLU, ReLU, softmax), Adam lr {LR:g}, batch {BATCH}, float32: "
          f"{epochs} epoch(s) on {n_train:,} images, {repeats} repeat(s)")
    print(f"NumPy {np.__version__}, {threads} BLAS thread(s); PyTorch "
          f"{torch_version + f' with {threads} thread(s)' if torch_version else 'not installed'}; "
          f"{os.cpu_count()} CPUs; same initial weights and batch order: {'yes' if same else 'NO'}")

    # warm-up: BLAS threads, page faults and PyTorch's first-call set-up, outside the timings
    for run in runners.values():
        run(X[:2048], y[:2048], Xt[:100], yt[:100], 1, args.seed)

    # Repeat r uses seed + r for all three: the same work within a repeat, and an accuracy that is
    # not one lucky (or unlucky) draw. The order changes from repeat to repeat (every permutation in
    # turn) so that no one always runs first or always follows PyTorch, whose idle OpenMP threads
    # keep spinning for a moment after it returns; a pause before each run lets them sleep.
    names = list(runners)
    orders = list(itertools.permutations(names))
    results = {name: [] for name in names}
    for r in range(repeats):
        for name in orders[r % len(orders)]:
            gc.collect()
            time.sleep(1.0)
            (wall, cpu), accuracy = runners[name](X, y, Xt, yt, epochs, args.seed + r)
            results[name].append((n_train * epochs / wall, n_train * epochs / cpu, accuracy))
            print(f"  repeat {r + 1} (seed {args.seed + r}): {name:<17} "
                  f"{n_train * epochs / wall:8,.0f} samples/s "
                  f"({n_train * epochs / cpu:8,.0f} per CPU-second)  test accuracy {accuracy:.4f}",
                  flush=True)

    def median(name, k):
        return statistics.median(res[k] for res in results[name])

    def ratio(ref, k=0):
        """Median over repeats of nnlessons' speed over ref's speed in the same repeat."""
        return statistics.median(a[k] / b[k] for a, b in zip(results["nnlessons"], results[ref]))

    print()
    print(f"{'median of repeats':<18}{'samples/s':>11}{'nnlessons is':>14}{'per CPU-s':>12}"
          f"{'nnlessons is':>14}{'test accuracy':>15}")
    for name in names:
        rel = ("", "") if name == "nnlessons" else (f"{ratio(name):.2f}x", f"{ratio(name, 1):.2f}x")
        print(f"{name:<18}{median(name, 0):>11,.0f}{rel[0]:>14}{median(name, 1):>12,.0f}{rel[1]:>14}"
              f"{median(name, 2):>15.4f}")
    study = None
    if n_train == 60000 and epochs == 5:
        print()
        study = accuracy_study(X, y, Xt, yt, [res[2] for res in results["nnlessons"]],
                               max(args.accuracy_seeds, repeats), "PyTorch CPU" in runners)

    imp, imp_numpy = import_seconds()
    peak, rss = memory_mb(n_train, args.seed)
    print()
    print(f"import nnlessons: {imp:.3f} s (of which importing NumPy alone takes {imp_numpy:.3f} s)")
    print(f"memory of an nnlessons training run (1 epoch, own process): peak traced allocations "
          f"{peak:.0f} MB, peak RSS {rss:.0f} MB")

    def speed(ref):
        return f"{ratio(ref):.2f}x (per CPU-second {ratio(ref, 1):.2f}x)"

    checks = [(f"speed vs plain NumPy loop >= {TARGETS['plain']}x", speed("plain NumPy loop"),
               ratio("plain NumPy loop") >= TARGETS["plain"])]
    if "PyTorch CPU" in runners:
        checks.append((f"speed vs PyTorch CPU >= {TARGETS['torch']}x", speed("PyTorch CPU"),
                       ratio("PyTorch CPU") >= TARGETS["torch"]))
    else:
        checks.append((f"speed vs PyTorch CPU >= {TARGETS['torch']}x", "not measured (no torch)", None))
    if study:
        text, ok = accuracy_verdict(study)
        checks.append((f"test accuracy after 5 epochs >= {TARGETS['accuracy']}", text, ok))
    else:
        checks.append((f"test accuracy after 5 epochs >= {TARGETS['accuracy']}",
                       "not measured (needs 5 epochs on all 60,000)", None))
    checks.append((f"import nnlessons < {TARGETS['import']} s", f"{imp:.3f} s", imp < TARGETS["import"]))
    checks.append((f"peak memory < {TARGETS['memory_mb']} MB", f"{rss:.0f} MB RSS",
                   rss < TARGETS["memory_mb"]))
    print()
    print("Targets (issue 2):")
    for what, got, ok in checks:
        verdict = {None: "n/a", True: "met", False: "MISSED"}.get(ok, ok)
        print(f"  [{verdict:<12}] {what:<44} {got}")


if __name__ == "__main__":
    main()
