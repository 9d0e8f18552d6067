"""What each lesson costs to run: wall time and peak memory of its kernel (issue 15), to size a
JupyterHub for a class. Targets: under 60 s and under 512 MB per lesson (issue 24: 30 students'
kernels on a 16 GB machine). A benchmark, never a test.

Each lesson runs in a fresh kernel, one after another, with the pinned settings of CI
(scripts/nbenv.py), on copies in a temporary folder: nothing in notebooks/ is rewritten.
Peak memory is the kernel process's high-water mark of resident memory, VmHWM in
/proc/<pid>/status, read just before the kernel stops (exact, no polling; Linux only).
Kernel CPU seconds (utime + stime) are shown beside the wall time: on a loaded machine the wall
time also counts waiting for a CPU.

    python benchmarks/lesson_budget.py            # every lesson, prints a markdown table
    python benchmarks/lesson_budget.py 05 07      # lessons whose file names start with 05 or 07
    python benchmarks/lesson_budget.py --peak-mb 1024 --wall-s 90    # other targets

It exits with status 1 when a lesson fails or misses a target, so a script can rely on it.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import nbenv  # noqa: E402

nbenv.pin()

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

WALL_S, PEAK_MB = 60.0, 512.0  # the targets: seconds of wall time, MB of peak kernel memory


def kernel_usage(pid):
    """Peak resident memory (MB) and CPU seconds so far of a process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    hwm_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return hwm_kb / 1024, cpu


def run(path):
    """Execute one notebook in a fresh kernel; (wall s, peak MB, kernel CPU s, error or "")."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start, error = time.perf_counter(), ""
    with client.setup_kernel():
        pid = client.km.provisioner.process.pid
        try:
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
        except Exception as exc:  # noqa: BLE001  (report the lesson as failed, keep measuring)
            error = f"{type(exc).__name__} in cell {index}"
        peak, cpu = kernel_usage(pid)
    return time.perf_counter() - start, peak, cpu, error


def main(prefixes, wall_s=WALL_S, peak_mb=PEAK_MB):
    """Measure the lessons whose names start with one of ``prefixes`` (all when empty); print a
    markdown table; return the number of lessons that failed or missed a target."""
    missed = 0
    with tempfile.TemporaryDirectory(prefix="lesson_budget_") as tmp:
        shutil.copytree(ROOT / "notebooks", tmp, dirs_exist_ok=True)
        paths = sorted(Path(tmp).glob("[0-9][0-9]_*.ipynb"))
        paths = [p for p in paths if not prefixes or p.name.startswith(tuple(prefixes))]
        load = os.getloadavg()
        print(f"{os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
              f"(1 / 5 / 15 min) at the start\n")
        print(f"| lesson | wall time (s) | kernel CPU (s) | peak kernel RSS (MB) "
              f"| within {wall_s:g} s, {peak_mb:g} MB |")
        print("|---|---:|---:|---:|---|")
        for path in paths:
            wall, peak, cpu, error = run(path)
            ok = wall < wall_s and peak < peak_mb and not error
            missed += not ok
            print(f"| {path.stem} | {wall:.1f} | {cpu:.1f} | {peak:.0f} "
                  f"| {'yes' if ok else '**no**'}{' ' + error if error else ''} |", flush=True)
    return missed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Wall time and peak kernel memory per lesson.")
    parser.add_argument("lessons", nargs="*", help="lesson numbers or name prefixes (default: all)")
    parser.add_argument("--peak-mb", type=float, default=PEAK_MB, help="memory target (MB)")
    parser.add_argument("--wall-s", type=float, default=WALL_S, help="time target (s)")
    args = parser.parse_args()
    sys.exit(1 if main(args.lessons, args.wall_s, args.peak_mb) else 0)
