"""``check``: is this machine ready? Versions against the package's own requirements, the MNIST
checksums, a two-second training run, and where the lessons are. Exit 1 if anything fails."""
import sys
import time
from pathlib import Path

ORDER = 40
PACKAGES = (("numpy", "numpy"), ("matplotlib", "matplotlib"), ("ipywidgets", "ipywidgets"),
            ("jupyterlab", "jupyterlab"), ("jupyterlab_widgets", None), ("ipykernel", "ipykernel"),
            ("tqdm", "tqdm"), ("nbconvert", "nbconvert"))


def reinstall_hint():
    """How this install of nnlessons is reinstalled: from a checkout (editable) or from the wheel."""
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return f"`pip install -e {checkout}`"
    return "`pip install --force-reinstall nnlessons-*.whl` (the wheel you installed from)"


def register(sub, common):
    p = sub.add_parser("check", parents=[common.notebooks], help="test that this machine is ready",
                       description="Check versions, the MNIST checksums and a two-second training run; "
                                   "exit 1 if anything fails.")
    p.add_argument("--mnist-dir", type=Path, metavar="DIR",
                   help="folder with the four MNIST .gz files (default: the copy in the package)")
    p.set_defaults(func=run)


def version_ok(dist, installed, requirements):
    """(ok, detail): does ``installed`` satisfy the package's own requirement on ``dist``?"""
    spec = requirements.get(dist.lower().replace("_", "-"))
    if spec is None:
        return True, ""
    try:
        from packaging.specifiers import SpecifierSet
    except ImportError:  # packaging is near-universal; without it, report the version only
        return True, f"(needs {spec})"
    return SpecifierSet(spec).contains(installed, prereleases=True), f"(needs {spec})"


def requirements():
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


def check_versions():
    import importlib
    import platform
    from importlib import metadata
    lines, failures = [f"Python {platform.python_version()}"], []
    if sys.version_info < (3, 10):
        failures.append("Python 3.10 or newer is needed")
    reqs = requirements()
    for dist, module in PACKAGES:
        try:
            version = metadata.version(dist)
            if module:
                importlib.import_module(module)
        except Exception as err:  # missing or broken: say which, and how to fix it
            failures.append(f"{dist} is missing or broken ({type(err).__name__}: {err}); "
                            f"reinstall it: {reinstall_hint()}")
            lines.append(f"{dist} MISSING")
            continue
        ok, need = version_ok(dist, version, reqs)
        lines.append(f"{dist} {version} {need}".rstrip())
        if not ok:
            failures.append(f"{dist} {version} is too old {need}")
    return lines, failures


def check_mnist(folder):
    from ...datasets.mnist import DATA_DIR, FILES, DataFileError, read_file
    lines, failures = [], []
    for name, (size, sha, _magic) in FILES.items():
        try:
            read_file(folder or DATA_DIR, name, verify=True)  # the loader's own checks, no copy
        except DataFileError as err:
            failures.append(str(err))
        else:
            lines.append(f"{name}: {size:,} bytes, SHA-256 {sha[:12]}... ok")
    return lines, failures


def check_training(mnist_dir):
    from ...datasets import load_mnist
    from ...mlp import mlp
    from ...optimizers import Adam
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


def check_lessons(folder):
    from ..lessons import LessonsNotFound, lesson_files, notebooks_dir
    try:
        files = lesson_files(folder or notebooks_dir())
    except LessonsNotFound as err:  # a pip install without the repository: not an error
        return [f"no lessons here ({err.args[0].split('.')[0]})"], []
    return [f"{len(files)} lessons in {files[0].parent if files else folder or notebooks_dir()}"], []


def run(args):
    checks = [("versions", check_versions), ("MNIST files", lambda: check_mnist(args.mnist_dir)),
              ("training", lambda: check_training(args.mnist_dir)),
              ("lessons", lambda: check_lessons(args.notebooks))]
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
