"""Arrays whose data starts on a 64-byte boundary, for the long-lived arrays of training.

NumPy only promises 16-byte alignment. Weights, gradients and optimizer moments live for the whole
of training and are swept by several vectorised loops every batch; when they straddle cache lines,
every sweep pays for it (5-10% of a training step on MNIST: see benchmarks/train_mnist.py).
"""
import numpy as np

ALIGN = 64  # bytes: one cache line (and one AVX-512 register)


def aligned_zeros(shape, dtype="float32"):
    """Like ``np.zeros(shape, dtype)``, with the data starting at a multiple of 64 bytes."""
    dtype = np.dtype(dtype)
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    buf = np.zeros(nbytes + ALIGN, dtype=np.uint8)
    start = -buf.__array_interface__["data"][0] % ALIGN
    return buf[start:start + nbytes].view(dtype).reshape(shape)


def aligned_copy(a, dtype=None):
    """A 64-byte-aligned copy of ``a`` (cast to ``dtype`` when given)."""
    a = np.asarray(a)
    out = aligned_zeros(a.shape, a.dtype if dtype is None else dtype)
    out[...] = a
    return out
