"""Re-execute every lesson notebook in place, with exactly the settings CI uses.

    python scripts/run_notebooks.py            # all notebooks
    python scripts/run_notebooks.py 03 05      # only lessons whose file names start with 03 or 05

Run it after any change to the package and commit the refreshed outputs: they are what
`pytest --nbval` compares. Widget state is stripped (it would be stale and is not compared).
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import nbenv  # noqa: E402

nbenv.pin()

import nbformat  # noqa: E402
from alt_text import copy_alt_to_cells  # noqa: E402
from nbclient import NotebookClient  # noqa: E402


def clean(nb):
    """Drop what varies between runs and is never compared: widget state, timing metadata."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    return nb


def run(path):
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    copy_alt_to_cells(nb)  # each figure's text alternative also where the website reads it
    nbformat.write(clean(nb), path)
    return time.perf_counter() - start


def main(prefixes):
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if prefixes:
        notebooks = [p for p in notebooks if p.name.startswith(tuple(prefixes))]
    if not notebooks:
        sys.exit(f"no notebooks match {prefixes or 'notebooks/NN_*.ipynb'}")
    for path in notebooks:
        print(f"{path.name}: {run(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
