"""Write requirements/lock.txt from the packages installed here, and requirements/oldest.txt.

    python scripts/lock.py             # both files, every extra of pyproject.toml
    python scripts/lock.py --check     # exit 1 if either file would change (nothing written)

lock.txt pins the exact version of everything nnlessons and its extras need, walked from
pyproject.toml through each installed package's own requirements, as installed in the
environment that runs this script: that is the environment the stored notebook outputs were
produced in, so run it right after scripts/run_notebooks.py, in the same environment. Its header
records Python and the BLAS kernel too; nbval runs strict where all of them match (nbcheck/mode.py).
Every extra must be installed first: pip install -e ".[test,...]" (the script says which is missing).

oldest.txt pins numpy, matplotlib and ipywidgets at pyproject.toml's lower bounds: CI's second
environment (.ci/run installs it with `pip install --constraint requirements/oldest.txt`).
"""
import argparse
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK, OLDEST = ROOT / "requirements" / "lock.txt", ROOT / "requirements" / "oldest.txt"
OLDEST_PACKAGES = ("numpy", "matplotlib", "ipywidgets")
sys.path.insert(0, str(ROOT))
from nbcheck.mode import machine_facts  # noqa: E402


def project():
    """pyproject.toml's [project] table."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _wanted(req, extras):
    """Whether a requirement applies here for any of the given extras ("" = no extra)."""
    return req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras)


def closure(requirements, skip):
    """Installed versions of the requirements and of everything they need, by canonical name.

    Raises
    ------
    SystemExit
        If a requirement is not installed or its installed version is outside its range.
    """
    pinned, todo = {}, [(Requirement(r), ("",)) for r in requirements]
    while todo:
        req, extras = todo.pop()
        if not _wanted(req, extras):
            continue
        name = canonicalize_name(req.name)
        if name in skip:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(f"lock: {req} is needed but not installed here; install every extra "
                     f"first (pip install -e \".[{','.join(project()['optional-dependencies'])}]\")")
        if not req.specifier.contains(dist.version, prereleases=True):
            sys.exit(f"lock: installed {req.name} {dist.version} does not satisfy '{req}': "
                     f"install a version in that range, or change the range in pyproject.toml")
        new = name not in pinned
        pinned[name] = dist.version
        if new or req.extras:
            sub = ("",) + tuple(sorted(req.extras))
            todo += [(Requirement(r), sub) for r in (dist.requires or [])]
    return dict(sorted(pinned.items()))


def lock_text():
    """The lock file's text: a header of facts, then name==version lines."""
    proj = project()
    extras = sorted(proj.get("optional-dependencies", {}))
    reqs = list(proj["dependencies"])
    for extra in extras:
        reqs += proj["optional-dependencies"][extra]
    pins = closure(reqs, skip={canonicalize_name(proj["name"])})
    facts = machine_facts()
    head = ["# Exact versions the stored notebook outputs were produced with. Made by",
            "# `python scripts/lock.py` from the installed packages; do not edit by hand.",
            f"# extras: {', '.join(extras)}",
            f"# python: {facts['python']}",
            f"# blas: {facts['blas']}"]
    return "\n".join(head + [f"{n}=={v}" for n, v in pins.items()]) + "\n"


def oldest_text():
    """The oldest-supported constraints: each OLDEST_PACKAGES pinned at its lower bound."""
    lines = ["# The oldest supported versions (pyproject.toml's lower bounds), for CI's second",
             "# environment. Made by `python scripts/lock.py`; do not edit by hand."]
    for req in map(Requirement, project()["dependencies"]):
        if canonicalize_name(req.name) in OLDEST_PACKAGES:
            lower = [s.version for s in req.specifier if s.operator == ">="]
            if not lower:
                sys.exit(f"lock: {req} has no '>=' lower bound in pyproject.toml")
            lines.append(f"{req.name}=={lower[0]}")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether files would change")
    args = parser.parse_args(argv)
    stale = []
    for path, text in ((LOCK, lock_text()), (OLDEST, oldest_text())):
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
    if args.check and stale:
        sys.exit(f"lock: out of date: {', '.join(map(str, stale))}; run python scripts/lock.py")
    print(f"lock: {'wrote' if stale else 'unchanged'} {', '.join(map(str, stale)) or 'both files'}")


if __name__ == "__main__":
    main()
