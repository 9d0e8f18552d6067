"""``train``: a Dense network trained in the terminal, printing the data flow, the training trace
and one prediction trace (what the lesson cards show)."""
from .args import layer_sizes, positive_float, positive_int

ORDER = 30
DATASETS = ("mnist", "moons", "circles", "spirals", "xor", "blobs", "athletes")


def register(sub, common):
    p = sub.add_parser("train", help="train a network and print its traces",
                       description="Train a Dense network and print the data flow, the training "
                                   "trace and one prediction trace.")
    p.add_argument("--data", choices=DATASETS, default="mnist", help="data set (default: mnist)")
    p.add_argument("--layers", type=layer_sizes, default=(128, 64), metavar="N,N",
                   help="hidden layer sizes, e.g. 128,64 (default), or '' for none")
    p.add_argument("--activation", choices=("relu", "leaky_relu", "sigmoid", "tanh"), default="relu",
                   help="hidden activation (default: relu)")
    p.add_argument("--epochs", type=positive_int, default=5, help="passes over the data (default: 5)")
    p.add_argument("--n-train", type=positive_int, metavar="N",
                   help="training examples (default: all 60,000 for mnist, 800 otherwise)")
    p.add_argument("--n-test", type=positive_int, metavar="N",
                   help="test examples (default: all 10,000 for mnist, 200 otherwise)")
    p.add_argument("--lr", type=positive_float, default=1e-3, help="learning rate (default: 0.001)")
    p.add_argument("--batch-size", type=positive_int, default=32, metavar="N",
                   help="examples per step (default: 32)")
    p.add_argument("--optimizer", choices=("adam", "sgd"), default="adam", help="(default: adam)")
    p.add_argument("--seed", type=int, default=0, help="seed for data, weights and shuffling (default: 0)")
    p.add_argument("--no-progress", action="store_true", help="one line per epoch instead of a progress bar")
    p.set_defaults(func=run)


def load_data(data, n_train=None, n_test=None, seed=0):
    """((X_train, y_train), (X_test, y_test), flow): features float32 (n, d), labels int64 (n,),
    and the DataFlow of the preparation steps, as the data-flow card shows them."""
    import numpy as np

    from ... import datasets
    from ...traces import DataFlow
    flow = DataFlow(f"{data}, from the source to the network's input")
    if data == "mnist":
        (X, y), (Xt, yt) = datasets.load_mnist(n_train=n_train, n_test=n_test, rng=seed)
        flow.record("Load data", "read the MNIST digits shipped with nnlessons",
                    (X, Xt), names=("train", "test"))
        scale = lambda a: a.astype(np.float32) / 255  # noqa: E731
        X, Xt = flow.step("Normalize", "scale pixels 0–255 to 0–1", lambda a, b: (scale(a), scale(b)),
                          X, Xt, names=("train", "test"))
        X, Xt = flow.step("Flatten", "turn each 28 × 28 image into one row of 784",
                          lambda a, b: (datasets.flatten(a), datasets.flatten(b)), X, Xt,
                          names=("train", "test"))
        return (X, y.astype(np.int64)), (Xt, yt.astype(np.int64)), flow
    n_train, n_test = n_train or 800, n_test or 200
    maker = getattr(datasets, f"make_{data}")
    made = maker(n=n_train + n_test, rng=seed)
    X, y = (np.asarray(a) for a in made[:2])
    X = flow.record("Make data", f"{maker.__name__}(n={n_train + n_test}, rng={seed})", X.astype(np.float32))
    X, Xt, y, yt = flow.step("Split", f"hold out {n_test} rows for the test",
                             lambda a: datasets.train_test_split(a, y, test_size=n_test, rng=seed,
                                                                 stratify=True),
                             X, names=("train", "test"))
    scaler = datasets.MinMaxScaler().fit(X)
    X, Xt = flow.step("Scale", "min-max to 0–1, fitted on the training rows",
                      lambda a, b: (scaler.transform(a), scaler.transform(b)), X, Xt,
                      names=("train", "test"))
    return (X, y.astype(np.int64)), (Xt, yt.astype(np.int64)), flow


def _section(title):
    print(f"\n== {title}\n")


def run(args):
    from ...mlp import mlp
    from ...optimizers import SGD, Adam
    from ...traces import DataFlow, PredictionTrace, TrainingTrace
    (X, y), (Xt, yt), flow = load_data(args.data, args.n_train, args.n_test, args.seed)
    n_classes = int(max(y.max(), yt.max())) + 1
    model = mlp(X.shape[1], args.layers, n_classes, args.activation, rng=args.seed)
    optimizer = Adam(lr=args.lr) if args.optimizer == "adam" else SGD(lr=args.lr)
    model.compile(loss="cross_entropy", optimizer=optimizer)
    arch = "-".join(str(n) for n in (X.shape[1], *args.layers, n_classes))

    _section(f"The data: {len(X):,} training and {len(Xt):,} test examples, {n_classes} classes")
    print(flow)
    _section(f"The model {arch}: the training data flowing through it")
    print(DataFlow.from_model(model, X, title=f"{arch} on the {len(X):,} training rows"))
    print()
    model.summary()

    _section(f"Training: {args.epochs} epochs, batch size {args.batch_size}, "
             f"{args.optimizer} lr={args.lr:g}, seed {args.seed}")
    history = model.fit(X, y, epochs=args.epochs, batch_size=args.batch_size,
                        validation_data=(Xt, yt), verbose=2 if args.no_progress else 1)
    print(TrainingTrace(history, title="Training trace (val = the test examples)"))

    scores = model.evaluate(Xt, yt)
    print(f"\nTest: loss {scores['loss']:.4f}, accuracy {scores['accuracy']:.3f} "
          f"on {len(Xt):,} examples")
    _section("One prediction traced layer by layer: the first test example")
    print(PredictionTrace(model, Xt[0], y_true=int(yt[0])))
    return 0
