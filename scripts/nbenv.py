"""The one place that fixes the environment notebooks run in, for both the re-execution script
and nbval in CI: one BLAS thread (bit-reproducible sums), no progress bars,
no hash randomisation. Kernels keep ipykernel's default inline matplotlib backend."""
import os

PINNED = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NNLESSONS_PROGRESS": "0",
    "PYTHONHASHSEED": "0",
}


def pin():
    """Set the pinned variables in this process; kernels started afterwards inherit them."""
    os.environ.update(PINNED)
