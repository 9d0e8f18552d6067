"""Benchmark: one training step of the course's tiny transformer, nnlessons beside PyTorch CPU.

    python benchmarks/transformer_step.py            # 200 steps each, 5 interleaved repeats
    python benchmarks/transformer_step.py --quick    # 20 steps, 1 repeat

Both run the same model (characters of 27 ids, context 16, width 64, 4 heads, 2 pre-norm blocks
with a 256-wide ReLU MLP, a final LayerNorm and a 27-way softmax; sequence cross-entropy; Adam
lr 1e-3; batch 32; float32) from the same initial weights on the same batches. The first step's
loss is compared (the same model must give the same number) before anything is timed. Runs are
interleaved so that load from other processes hits both alike; the report gives the median steps
per second and the median of the per-repeat ratios. PyTorch is optional and never a dependency of
nnlessons: without it only nnlessons is timed.
"""
import argparse
import os
import statistics
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--steps", type=int, default=200)
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--quick", action="store_true")
parser.add_argument("--threads", type=int, default=None)
args = parser.parse_args()
if args.quick:
    args.steps, args.repeats = 20, 1
if args.threads:
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402

import nnlessons as nl  # noqa: E402

VOCAB, T, D, HEADS, BLOCKS, BATCH, LR = 27, 16, 64, 4, 2, 32, 1e-3
TARGET = 0.8   # nnlessons' steps per second over PyTorch's, at least


def course_model():
    model = nl.Sequential([nl.Embedding(VOCAB, D, input_length=T), nl.PositionEmbedding(T),
                           *[nl.TransformerBlock(HEADS) for _ in range(BLOCKS)], nl.LayerNorm(),
                           nl.Dense(VOCAB, activation="softmax")], rng=0)
    return model.compile(loss="sequence_cross_entropy", optimizer=nl.Adam(LR))


def batches(n, rng=1):
    rng = np.random.default_rng(rng)
    X = rng.integers(0, VOCAB, size=(n, BATCH, T))
    return X, np.roll(X, -1, axis=2)


def torch_model(model):
    """The same network in PyTorch, holding copies of the nnlessons model's weights."""
    import torch
    import torch.nn.functional as F

    def tensor(a):
        return torch.nn.Parameter(torch.tensor(np.array(a, dtype="float32")))

    layers = model.layers
    params = {"wte": tensor(layers[0].params["W"]), "wpe": tensor(layers[1].params["P"][:T])}
    for i, block in enumerate(layers[2:2 + BLOCKS]):
        for k, v in block.params.items():
            params[f"b{i}.{k}"] = tensor(v)
    params["ln.gamma"], params["ln.beta"] = (tensor(layers[-2].params[k]) for k in ("gamma", "beta"))
    params["out.W"], params["out.b"] = (tensor(layers[-1].params[k]) for k in ("W", "b"))

    def forward(x):
        h = params["wte"][x] + params["wpe"]
        for i in range(BLOCKS):
            p = {k.split(".", 1)[1]: v for k, v in params.items() if k.startswith(f"b{i}.")}
            a = F.layer_norm(h, (D,), p["0.0.gamma"], p["0.0.beta"], 1e-5)
            q, k, v = ((a @ p[f"0.1.{w}"]).view(BATCH, T, HEADS, D // HEADS).transpose(1, 2)
                       for w in ("Wq", "Wk", "Wv"))
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True)
            h = h + o.transpose(1, 2).reshape(BATCH, T, D) @ p["0.1.Wo"] + p["0.1.bo"]
            m = F.layer_norm(h, (D,), p["1.0.gamma"], p["1.0.beta"], 1e-5)
            m = torch.relu(m @ p["1.1.W"] + p["1.1.b"]) @ p["1.2.W"] + p["1.2.b"]
            h = h + m
        h = F.layer_norm(h, (D,), params["ln.gamma"], params["ln.beta"], 1e-5)
        return h @ params["out.W"] + params["out.b"]

    optimizer = torch.optim.Adam(params.values(), lr=LR)

    def step(x, y):
        optimizer.zero_grad()
        loss = F.cross_entropy(forward(x).reshape(-1, VOCAB), y.reshape(-1))
        loss.backward()
        optimizer.step()
        return loss.item()
    return step


def time_nnlessons(model, X, Y):
    start = time.perf_counter()
    for x, y in zip(X, Y):
        model.train_step(x, y)
    return len(X) / (time.perf_counter() - start)


def time_torch(step, X, Y):
    import torch
    X, Y = torch.tensor(X), torch.tensor(Y)
    start = time.perf_counter()
    for x, y in zip(X, Y):
        step(x, y)
    return len(X) / (time.perf_counter() - start)


def main():
    try:
        import torch
        torch.manual_seed(0)
        if args.threads:
            torch.set_num_threads(args.threads)
    except ImportError:
        torch = None
    X, Y = batches(args.steps)
    model = course_model()
    print(f"tiny transformer: vocab {VOCAB}, context {T}, width {D}, {HEADS} heads, {BLOCKS} blocks, "
          f"batch {BATCH}; {model.n_params:,} parameters; {args.steps} steps x {args.repeats} repeats")
    if torch is not None:
        step = torch_model(model)
        ours = model.train_step(X[0], Y[0])[0]
        theirs = step(torch.tensor(X[0]), torch.tensor(Y[0]))
        print(f"first-step loss: nnlessons {ours:.6f}, PyTorch {theirs:.6f} (same weights, same batch)")
        assert abs(ours - theirs) < 1e-4, "the two models differ: the timing would compare unlike things"
    ours, theirs = [], []
    time_nnlessons(model, X[:3], Y[:3])                        # warm-up
    for _ in range(args.repeats):
        ours.append(time_nnlessons(model, X, Y))
        if torch is not None:
            theirs.append(time_torch(step, X, Y))
    print(f"nnlessons: {statistics.median(ours):.1f} steps/s (median of {args.repeats})")
    if torch is not None:
        ratio = statistics.median(a / b for a, b in zip(ours, theirs))
        print(f"PyTorch {torch.__version__} CPU: {statistics.median(theirs):.1f} steps/s")
        print(f"nnlessons / PyTorch: {ratio:.2f}x (target >= {TARGET}x): "
              f"{'met' if ratio >= TARGET else 'NOT met'}")
    else:
        print("PyTorch is not installed: no reference (pip install torch to compare)")


if __name__ == "__main__":
    main()
