"""Pin the environment before any notebook kernel starts, so nbval reproduces the stored outputs
exactly as scripts/run_notebooks.py produced them (see scripts/nbenv.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "scripts"))
import nbenv  # noqa: E402

nbenv.pin()
