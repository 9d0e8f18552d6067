"""The terminal door: ``python -m nnlessons list | lab | train | check | slides``.

    python -m nnlessons list                                  # the lesson map
    python -m nnlessons lab                                   # JupyterLab on the learner edition
    python -m nnlessons editions 03 04 --out kit              # a class kit: student edition, grading
    python -m nnlessons train --layers 128,64 --epochs 5 --data mnist
    python -m nnlessons check                                 # is this machine ready?
    python -m nnlessons slides 05                             # an offline slide deck of lesson 05
    python -m nnlessons site --out site                       # the course website, built offline

Bad arguments print the usage and a one-line reason and exit with status 2; a command that runs
and fails exits with status 1. Each command imports what it needs when it runs, so
``import nnlessons`` still loads NumPy only.
"""
import argparse
import os
import shlex
import sys
import time

DATASETS = ("mnist", "moons", "circles", "spirals", "xor", "blobs", "athletes")


class CommandFailed(Exception):
    """A command ran and could not do its job: the message says why and what to do."""


# --- argument types: each says what it expected and what it got ----------------------------------
def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value}")
    return value


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive number, got '{text}'") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _layer_sizes(text):
    """'128,64' -> (128, 64); '' or 'none' -> () (no hidden layer)."""
    if text.strip().lower() in ("", "none"):
        return ()
    parts = [p.strip() for p in text.split(",")]
    if not all(p.isdigit() and int(p) > 0 for p in parts):
        raise argparse.ArgumentTypeError(
            f"expected hidden layer sizes as positive whole numbers separated by commas, "
            f"like 128,64, got '{text}'")
    return tuple(int(p) for p in parts)


def _port(text):
    value = _positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535, got {value}")
    return value


# --- list -------------------------------------------------------------------------------------------
def cmd_list(args):
    from .lessons import lessons, notebooks_dir
    folder = args.notebooks or notebooks_dir()
    found = lessons(folder)
    if not found:
        raise CommandFailed(f"No lessons (files named NN_topic.ipynb) in {folder}.")
    print(f"nnlessons: {len(found)} lesson{'s' if len(found) != 1 else ''} in {folder}\n")
    width = max(len(title) for _, title, _ in found)
    for number, title, path in found:
        print(f"  {number}  {title.ljust(width)}  {path.name}")
    print("\nOpen them in JupyterLab with: python -m nnlessons lab")
    return 0


# --- lab --------------------------------------------------------------------------------------------
def lab_command(folder, port=None, no_browser=False):
    """The argv that starts JupyterLab on ``folder`` (opening the welcome lesson when it exists)."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if no_browser:
        cmd.append("--no-browser")
    if getattr(os, "geteuid", lambda: 1)() == 0:  # e.g. a container; JupyterLab refuses root otherwise
        cmd.append("--ServerApp.allow_root=True")
    welcome = sorted(folder.glob("00_*.ipynb"))
    if welcome:
        cmd.append(str(welcome[0]))
    return cmd


def cmd_lab(args):
    from .editions import write_learner_edition
    from .lessons import lesson_files, notebooks_dir, require_dir
    source = require_dir(args.notebooks or notebooks_dir()).resolve()
    if args.instructor:
        folder = source
        print(f"The instructor edition (with solutions): {folder}", flush=True)
    else:
        folder = (args.learner_dir or source.parent / "learner").resolve()
        reset = {f"{int(k):02d}" for k in args.reset or ()}
        kept = [p.name for p in lesson_files(source) if (folder / p.name).exists()
                and p.name[:2] not in reset]
        for name in reset:
            for old in folder.glob(f"{name}_*.ipynb"):
                old.replace(old.with_suffix(".ipynb.bak"))  # the learner's work is kept aside
        written = write_learner_edition(folder, source)
        print(f"The learner edition (exercises as stubs) in {folder}: {len(written)} lesson(s) "
              f"written, {len(kept)} kept as you left them"
              + (f"; old copies of {', '.join(sorted(reset))} saved as .ipynb.bak" if reset else "")
              + ". Solutions: exercises.solution(name) after trying, or --instructor.", flush=True)
    cmd = lab_command(folder, args.port, args.no_browser)
    if args.dry_run:
        print(shlex.join(cmd))
        return 0
    print(f"Starting JupyterLab on {folder} (stop it with Ctrl+C twice)", flush=True)
    if os.name == "posix":
        os.execv(sys.executable, cmd)  # JupyterLab takes over this process: signals reach it directly
    import subprocess
    return subprocess.call(cmd)


# --- editions (for a class) -------------------------------------------------------------------------
def cmd_editions(args):
    from .editions import make_course
    from .lessons import find_lesson, notebooks_dir
    folder = args.notebooks or notebooks_dir()
    lessons = [find_lesson(key, folder).name[:2] for key in args.lessons] or None
    print(f"Building the class kit in {args.out} with nbgrader (one assignment per lesson)...",
          file=sys.stderr, flush=True)
    try:
        paths = make_course(args.out, lessons=lessons, source_dir=folder, timeout=args.timeout)
    except RuntimeError as err:
        raise CommandFailed(str(err)) from err
    for label, path in paths.items():
        print(f"{label:>10}: {path}")
    print("Hand out student/; keep instructor/ and course/ (nbgrader's folder: collect submissions "
          "into course/submitted/STUDENT/lesson_NN/, then `cd course && python -m nbgrader "
          "autograde lesson_NN`).", file=sys.stderr)
    return 0


# --- train ------------------------------------------------------------------------------------------
def load_data(data, n_train=None, n_test=None, seed=0):
    """((X_train, y_train), (X_test, y_test), flow): features float32 (n, d), labels int64 (n,),
    and the DataFlow of the preparation steps, as the data-flow card shows them."""
    import numpy as np

    from .. import datasets
    from ..traces import DataFlow
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


def cmd_train(args):
    from ..mlp import mlp
    from ..optimizers import SGD, Adam
    from ..traces import DataFlow, PredictionTrace, TrainingTrace
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


# --- check ------------------------------------------------------------------------------------------
def _version_ok(dist, installed, requirements):
    """(ok, detail): does ``installed`` satisfy the package's own requirement on ``dist``?"""
    spec = requirements.get(dist.lower().replace("_", "-"))
    if spec is None:
        return True, ""
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:  # packaging is near-universal; without it, report the version only
        return True, f"(needs {spec})"
    return SpecifierSet(spec).contains(installed, prereleases=True), f"(needs {spec})"


def _requirements():
    """{'numpy': '>=1.24', ...} from nnlessons' installed metadata (empty if not installed)."""
    import re
    from importlib import metadata
    try:
        reqs = metadata.requires("nnlessons") or []
    except metadata.PackageNotFoundError:
        return {}
    out = {}
    for req in reqs:
        if "extra ==" in req:
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*([^;]*)", req)
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2).strip()
    return out


def _check_versions():
    import importlib
    import platform
    from importlib import metadata
    lines, failures = [f"Python {platform.python_version()}"], []
    if sys.version_info < (3, 10):
        failures.append("Python 3.10 or newer is needed")
    reqs = _requirements()
    for dist, module in (("numpy", "numpy"), ("matplotlib", "matplotlib"), ("ipywidgets", "ipywidgets"),
                         ("jupyterlab", "jupyterlab"), ("jupyterlab_widgets", None),
                         ("ipykernel", "ipykernel"), ("tqdm", "tqdm"), ("nbconvert", "nbconvert")):
        try:
            version = metadata.version(dist)
            if module:
                importlib.import_module(module)
        except Exception as err:  # missing or broken: say which, and how to fix it
            failures.append(f"{dist} is missing or broken ({type(err).__name__}: {err}); "
                            "reinstall with `pip install -e .`")
            lines.append(f"{dist} MISSING")
            continue
        ok, need = _version_ok(dist, version, reqs)
        lines.append(f"{dist} {version} {need}".rstrip())
        if not ok:
            failures.append(f"{dist} {version} is too old {need}")
    return lines, failures


def _check_mnist(folder):
    from ..datasets.mnist import DATA_DIR, FILES, DataFileError, read_file
    lines, failures = [], []
    for name, (size, sha, _magic) in FILES.items():
        try:
            read_file(folder or DATA_DIR, name, verify=True)  # the loader's own checks, no copy
        except DataFileError as err:
            failures.append(str(err))
        else:
            lines.append(f"{name}: {size:,} bytes, SHA-256 {sha[:12]}... ok")
    return lines, failures


def _check_training(mnist_dir):
    from ..datasets import load_mnist
    from ..mlp import mlp
    from ..optimizers import Adam
    start = time.perf_counter()
    (X, y), (Xt, yt) = load_mnist(path=mnist_dir, n_train=3000, n_test=1000, rng=0)
    X = X.reshape(len(X), -1).astype("float32") / 255
    Xt = Xt.reshape(len(Xt), -1).astype("float32") / 255
    model = mlp(784, [64], 10, rng=0)
    model.compile(loss="cross_entropy", optimizer=Adam(lr=1e-3))
    model.fit(X, y, epochs=3, batch_size=32, verbose=0)
    acc = model.evaluate(Xt, yt)["accuracy"]
    seconds = time.perf_counter() - start
    line = (f"784-64-10 on 3,000 MNIST images, 3 epochs: test accuracy {acc:.3f} on 1,000 "
            f"in {seconds:.1f} s")
    return [line], ([] if acc >= 0.85 else [f"training reached only {acc:.3f} test accuracy "
                                             "(expected at least 0.85): the engine is broken"])


def _check_lessons(folder):
    from .lessons import LessonsNotFound, lesson_files, notebooks_dir
    try:
        files = lesson_files(folder or notebooks_dir())
    except LessonsNotFound as err:  # a pip install without the repository: not an error
        return [f"no lessons here ({err.args[0].split('.')[0]})"], []
    return [f"{len(files)} lessons in {files[0].parent if files else folder or notebooks_dir()}"], []


def cmd_check(args):
    checks = [("versions", _check_versions), ("MNIST files", lambda: _check_mnist(args.mnist_dir)),
              ("training", lambda: _check_training(args.mnist_dir)),
              ("lessons", lambda: _check_lessons(args.notebooks))]
    failed = []
    for name, check in checks:
        try:
            lines, failures = check()
        except Exception as err:  # one broken check must not hide the others
            lines, failures = [], [f"{type(err).__name__}: {err}"]
        status = "FAIL" if failures else "ok"
        print(f"[{status:>4}] {name}")
        for line in lines:
            print(f"       {line}")
        for failure in failures:
            print(f"       FAIL: {failure}")
        failed += failures
    if failed:
        print(f"\n{len(failed)} problem(s) found.", file=sys.stderr)
        return 1
    print("\nAll checks passed: this machine is ready for the lessons.")
    return 0


# --- slides -----------------------------------------------------------------------------------------
def cmd_slides(args):
    from pathlib import Path

    from .lessons import find_lesson, lesson_files, notebooks_dir
    from .slides import build_deck
    folder = args.notebooks or notebooks_dir()
    if args.all:
        notebooks = lesson_files(folder)
        if not notebooks:
            raise CommandFailed(f"No lessons (files named NN_topic.ipynb) in {folder}.")
    elif args.lessons:
        notebooks = [find_lesson(key, folder) for key in args.lessons]
    else:
        raise CommandFailed("Say which lesson: e.g. `python -m nnlessons slides 05`, or --all.")
    for notebook in notebooks:
        path = build_deck(notebook, args.out, execute=args.execute, theme=args.theme,
                          solutions=args.solutions)
        print(Path(path).resolve())
    print("Open the .slides.html file in a browser (no network needed; keep the reveal.js/ and "
          "katex/ folders beside it). Keys: arrows move, S speaker notes, F full screen.",
          file=sys.stderr)
    return 0


# --- site -------------------------------------------------------------------------------------------
def cmd_site(args):
    from .site import build_site
    print(f"Building the course website in {args.out} (offline, from the stored outputs)...",
          file=sys.stderr, flush=True)
    from .site import SiteBuildFailed
    try:
        index = build_site(args.out, notebooks=args.notebooks, binder_repo=args.binder_repo)
    except SiteBuildFailed as err:
        raise CommandFailed(str(err)) from err
    print(index)
    print(f"Open {index} in a browser, or serve the folder: python -m http.server -d {args.out} "
          "8000 (then http://127.0.0.1:8000; search works best served).", file=sys.stderr)
    return 0


# --- the parser -------------------------------------------------------------------------------------
def build_parser():
    from pathlib import Path
    parser = argparse.ArgumentParser(
        prog="python -m nnlessons",
        description="nnlessons from the terminal: the lesson map, JupyterLab, training runs, "
                    "an environment check and offline slide decks.")
    parser.add_argument("--version", action="version", version=f"nnlessons {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    notebooks = argparse.ArgumentParser(add_help=False)
    notebooks.add_argument("--notebooks", type=Path, metavar="DIR",
                           help="lesson folder (default: notebooks/ of this checkout)")

    p = sub.add_parser("list", parents=[notebooks], help="print the lesson map",
                       description="Print the lessons: number, title (first heading), file.")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("lab", parents=[notebooks], help="open JupyterLab on the lessons",
                       description="Write the learner edition of the lessons (exercises as stubs; "
                                   "lessons already there are kept) and start JupyterLab on it.")
    p.add_argument("--learner-dir", type=Path, metavar="DIR",
                   help="where the learner edition lives (default: learner/ beside the notebooks)")
    p.add_argument("--reset", action="append", metavar="NN",
                   help="start lesson NN afresh (your copy is kept as .ipynb.bak); repeatable")
    p.add_argument("--instructor", action="store_true",
                   help="open the instructor edition (solutions included) instead")
    p.add_argument("--port", type=_port, help="port to serve on (default: JupyterLab's, 8888 or next free)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--dry-run", action="store_true", help="print the JupyterLab command, do not run it")
    p.set_defaults(func=cmd_lab)

    p = sub.add_parser("editions", parents=[notebooks], help="a class kit: student and instructor "
                                                             "editions, nbgrader course folder",
                       description="Build the student edition (nbgrader generate_assignment: no "
                                   "solutions, no outputs), the instructor edition and an nbgrader "
                                   "course folder for autograding. Needs nbgrader.")
    p.add_argument("lessons", nargs="*", metavar="NN", help="lessons (default: all)")
    p.add_argument("--out", type=Path, default=Path("class-kit"), metavar="DIR",
                   help="output folder (default: ./class-kit)")
    p.add_argument("--timeout", type=_positive_int, default=60,
                   help="seconds a cell may run when autograding (default: 60)")
    p.set_defaults(func=cmd_editions)

    p = sub.add_parser("train", help="train a network and print its traces",
                       description="Train a Dense network and print the data flow, the training "
                                   "trace and one prediction trace.")
    p.add_argument("--data", choices=DATASETS, default="mnist", help="data set (default: mnist)")
    p.add_argument("--layers", type=_layer_sizes, default=(128, 64), metavar="N,N",
                   help="hidden layer sizes, e.g. 128,64 (default), or '' for none")
    p.add_argument("--activation", choices=("relu", "leaky_relu", "sigmoid", "tanh"), default="relu",
                   help="hidden activation (default: relu)")
    p.add_argument("--epochs", type=_positive_int, default=5, help="passes over the data (default: 5)")
    p.add_argument("--n-train", type=_positive_int, metavar="N",
                   help="training examples (default: all 60,000 for mnist, 800 otherwise)")
    p.add_argument("--n-test", type=_positive_int, metavar="N",
                   help="test examples (default: all 10,000 for mnist, 200 otherwise)")
    p.add_argument("--lr", type=_positive_float, default=1e-3, help="learning rate (default: 0.001)")
    p.add_argument("--batch-size", type=_positive_int, default=32, metavar="N",
                   help="examples per step (default: 32)")
    p.add_argument("--optimizer", choices=("adam", "sgd"), default="adam", help="(default: adam)")
    p.add_argument("--seed", type=int, default=0, help="seed for data, weights and shuffling (default: 0)")
    p.add_argument("--no-progress", action="store_true", help="one line per epoch instead of a progress bar")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("check", parents=[notebooks], help="test that this machine is ready",
                       description="Check versions, the MNIST checksums and a two-second training run; "
                                   "exit 1 if anything fails.")
    p.add_argument("--mnist-dir", type=Path, metavar="DIR",
                   help="folder with the four MNIST .gz files (default: the copy in the package)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("slides", parents=[notebooks], help="make an offline slide deck of a lesson",
                       description="Write slides/NN_topic.slides.html (reveal.js, no network needed).")
    p.add_argument("lessons", nargs="*", metavar="NN", help="lesson number(s), e.g. 05, or a .ipynb path")
    p.add_argument("--all", action="store_true", help="every lesson")
    p.add_argument("--out", type=Path, default=Path("slides"), metavar="DIR",
                   help="output folder (default: ./slides)")
    p.add_argument("--execute", action="store_true", help="run the notebook first instead of "
                                                          "using its stored outputs")
    p.add_argument("--solutions", action="store_true",
                   help="show the exercises' solutions (default: the learner edition's stubs)")
    p.add_argument("--theme", default="white", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_slides)

    p = sub.add_parser("site", parents=[notebooks], help="build the course website (offline)",
                       description="Build a static website of every lesson from the stored outputs "
                                   "(Sphinx + MyST-NB; needs `pip install -e .[docs]`).")
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                   help="output folder (default: ./site)")
    p.add_argument("--binder-repo", metavar="OWNER/REPO",
                   help="GitHub repository for the Binder links (default: the link pattern as text)")
    p.set_defaults(func=cmd_site)
    return parser


def _version():
    from .. import __version__
    return __version__


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "slides" and args.all and args.lessons:
        parser.error("slides: give lesson numbers or --all, not both")
    from ..errors import TrainingDiverged
    from .lessons import LessonsNotFound
    try:
        return args.func(args)
    except (CommandFailed, LessonsNotFound, TrainingDiverged, ValueError) as err:
        print(f"nnlessons {args.command}: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nnnlessons {args.command}: interrupted", file=sys.stderr)
        return 130
