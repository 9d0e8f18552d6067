"""Pin the environment before any notebook kernel starts, so nbval reproduces the stored outputs
exactly as scripts/run_notebooks.py produced them (see scripts/nbenv.py), and load nbcheck: strict
or tolerant comparison, chosen against requirements/lock.txt, and figures compared (nbcheck/)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]
import nbenv  # noqa: E402

nbenv.pin()

pytest_plugins = ["nbcheck.plugin"]


def pytest_collection_modifyitems(config, items):
    """Every nbval cell carries the ``notebooks`` marker, so the fast tier can leave them out:
    pytest -m "not slow and not notebooks and not browser"."""
    import pytest
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
