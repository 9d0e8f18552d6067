"""The speed benchmark still runs, and still compares like with like.

No timing is asserted here (timings belong to the benchmark itself); what is checked is that the
benchmark's three implementations start from the same weights and that nnlessons and the plain
NumPy loop, which do the same arithmetic, end with the same test accuracy."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "train_mnist.py"


@pytest.mark.slow
def test_quick_benchmark_compares_like_with_like():
    out = subprocess.run([sys.executable, str(BENCHMARK), "--quick", "--no-torch", "--threads", "1"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "same initial weights and batch order: yes" in out.stdout
    accuracy = dict(re.findall(r"repeat 1 \(seed 0\): (nnlessons|plain NumPy loop)\s.*"
                               r"test accuracy (\d\.\d{4})", out.stdout))
    assert set(accuracy) == {"nnlessons", "plain NumPy loop"}, out.stdout
    assert accuracy["nnlessons"] == accuracy["plain NumPy loop"]
    assert float(accuracy["nnlessons"]) > 0.85, "1 epoch on 10,000 images should pass 85%"
    # the quick run is too short for the accuracy study, and says so rather than guessing
    assert re.search(r"\[n/a\s*\] test accuracy after 5 epochs.*not measured", out.stdout)
