"""The JupyterHub class load test runs end to end, small: two students, a two-cell notebook.

Needs jupyterhub and configurable-http-proxy: `bash scripts/install_hub.sh` (CI runs it). Without
them this test fails, saying so, rather than skipping: the classroom recipe is part of the course.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = ROOT / "benchmarks" / "jupyterhub_class.py"
PROXY = Path(os.environ.get("NNLESSONS_HUB_DIR", ROOT / ".hub")) / "node_modules" / ".bin" / "configurable-http-proxy"


def tiny_lesson(path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("A tiny lesson: import the package, train for two epochs."),
        nbformat.v4.new_code_cell("import numpy as np\nimport nnlessons as nl"),
        nbformat.v4.new_code_cell(
            "X = np.random.default_rng(0).normal(size=(256, 4)).astype('float32')\n"
            "y = (X[:, 0] > 0).astype(int)\n"
            "model = nl.Sequential([nl.Dense(8, 'relu', input_dim=4), nl.Dense(2, 'softmax')], rng=0)\n"
            "model.compile().fit(X, y, epochs=2, verbose=0)\n"
            "print(model.evaluate(X, y))"),
    ]
    nbformat.write(nb, path)
    return path


def tagged(run_id):
    """Pids of live processes that carry the run's tag in their environment."""
    tag = f"NNLESSONS_HUB_RUN={run_id}".encode()
    pids = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if tag in Path(f"/proc/{entry}/environ").read_bytes().split(b"\0"):
                pids.append(int(entry))
        except OSError:
            pass
    return pids


@pytest.mark.slow
def test_two_students_start_servers_run_a_lesson_and_everything_is_cleaned_up(tmp_path):
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        pytest.fail("jupyterhub is not installed: run bash scripts/install_hub.sh")
    if not PROXY.exists() and shutil.which("configurable-http-proxy") is None:
        pytest.fail("configurable-http-proxy is not installed: run bash scripts/install_hub.sh")
    figures = tmp_path / "figures.json"
    proc = subprocess.Popen(
        [sys.executable, str(BENCHMARK), "--students", "2", "--notebook", str(tiny_lesson(tmp_path / "tiny.ipynb")),
         "--timeout", "150", "--cell-timeout", "60", "--json", str(figures)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=420)
    except subprocess.TimeoutExpired:
        proc.terminate()  # SIGTERM: the benchmark still stops the hub and cleans up
        stdout, stderr = proc.communicate(timeout=120)
        pytest.fail(f"the load test overran its own bounds:\n{stdout}{stderr[-3000:]}")
    assert proc.returncode == 0, stdout + stderr[-3000:]
    fig = json.loads(figures.read_text())
    assert [r["finished"] for r in fig["results"]] == [True, True], fig["results"]
    assert all(r["cells"] == 2 for r in fig["results"])
    assert all(r["kernel_peak_mb"] > 10 and r["server_peak_mb"] > 10 for r in fig["results"])
    assert fig["hub_ms"], "the hub was never polled"
    assert "| student-2 | yes |" in stdout
    assert tagged(fig["run_id"]) == [], "processes of the run outlived it"
    assert not Path(fig["tmp"]).exists(), "the run's temp folder was left behind"
