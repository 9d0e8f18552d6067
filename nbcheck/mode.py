"""Strict or tolerant: can this machine reproduce the stored outputs bit for bit?

The stored outputs were produced with the exact versions in requirements/lock.txt, on the Python
and the BLAS kernel its header names (float32 sums round differently under another BLAS kernel).
Strict when all of that matches here, tolerant otherwise; NNLESSONS_NBCHECK_MODE or
``--nbcheck-mode`` overrides the choice.
"""
import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "requirements" / "lock.txt"
ENV_VAR = "NNLESSONS_NBCHECK_MODE"
MODES = ("auto", "strict", "tolerant")
FACTS = ("python", "blas")  # header lines of the lock, "# python: 3.11", compared with this machine
FIRST = ("numpy", "matplotlib", "ipywidgets")  # named first when they differ: they make the outputs


@dataclass(frozen=True)
class Decision:
    """The comparison mode and why it was chosen."""
    mode: str      # "strict" or "tolerant"
    reason: str


def machine_facts():
    """What besides package versions decides the printed digits: Python and the BLAS kernel.

    Returns
    -------
    dict
        ``{"python": "3.11", "blas": "Linux-x86_64 openblas SkylakeX"}``; the BLAS entry is
        "unknown" without threadpoolctl (a scikit-learn dependency, so normally present).
    """
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    try:
        import numpy  # noqa: F401  (threadpoolctl sees only loaded libraries)
        from threadpoolctl import threadpool_info
        libs = [f"{lib.get('internal_api')} {lib.get('architecture')}"
                for lib in threadpool_info() if lib.get("user_api") == "blas"]
    except ImportError:
        libs = []
    blas = f"{platform.system()}-{platform.machine()} {', '.join(libs) or 'unknown'}"
    return {"python": python, "blas": blas}


def read_lock(path=LOCK):
    """The pins ``{name: version}`` and header facts ``{key: value}`` of a lock file.

    Lines are ``name==version``; ``# key: value`` comment lines carry the facts.
    """
    pins, facts = {}, {}
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line.startswith("#"):
            key, sep, value = line.lstrip("# ").partition(":")
            if sep and key in FACTS:
                facts[key] = value.strip()
        elif "==" in line:
            name, version = line.split(";")[0].split("==")
            pins[name.strip()] = version.strip()
    return pins, facts


def differences(pins, facts, here=None):
    """Each way this machine differs from the lock, as "numpy 1.24.0 (lock 2.4.6)".

    A locked package that is not installed is not a difference: it cannot change an output
    (the lock covers every extra CI installs, a learner may have installed fewer).
    """
    here = here or machine_facts()
    found = []
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
        if installed != version:
            found.append(f"{name} {installed} (lock {version})")
    for key in FACTS:
        if key in facts and facts[key] != here[key]:
            found.append(f"{key} {here[key]} (lock {facts[key]})")
    return sorted(found, key=lambda d: d.split()[0] not in FIRST + FACTS)


def choose(requested=None, lock=LOCK):
    """Decide the mode: ``requested`` (or $NNLESSONS_NBCHECK_MODE) if not "auto", else by the lock.

    Raises
    ------
    ValueError
        If the requested mode is not one of auto, strict, tolerant.
    """
    requested = (requested or os.environ.get(ENV_VAR) or "auto").strip().lower()
    if requested not in MODES:
        raise ValueError(f"nbcheck mode must be one of {', '.join(MODES)}, got {requested!r}: "
                         f"set --nbcheck-mode or ${ENV_VAR} to one of them")
    if requested != "auto":
        return Decision(requested, "asked for")
    if not Path(lock).exists():
        return Decision("tolerant", f"no lock file at {lock}")
    diff = differences(*read_lock(lock))
    if not diff:
        return Decision("strict", f"installed versions, Python and BLAS match {Path(lock).name}")
    shown = "; ".join(diff[:4]) + (f"; and {len(diff) - 4} more" if len(diff) > 4 else "")
    return Decision("tolerant", f"differs from {Path(lock).name}: {shown}")


def drawing(lock=LOCK):
    """"locked" when the installed matplotlib is the one the lock pins (it drew the stored figures:
    the same layout, fonts and anti-aliasing), else "other" (appearance.LIMITS differ)."""
    try:
        pinned = read_lock(lock)[0].get("matplotlib") if Path(lock).exists() else None
        return "locked" if pinned == metadata.version("matplotlib") else "other"
    except metadata.PackageNotFoundError:
        return "other"
