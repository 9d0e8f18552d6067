"""MNIST, shipped inside the package: parse the IDX files, verify them, return NumPy arrays.

The four files are the original MNIST distribution by Yann LeCun, Corinna Cortes and
Christopher J.C. Burges, licensed under Creative Commons Attribution-Share Alike 3.0.
"""
import weakref
from pathlib import Path

import numpy as np

from .preprocessing import stratified_indices

DATA_DIR = Path(__file__).parent / "data" / "mnist"

# file name -> (uncompressed bytes, SHA-256 of the uncompressed bytes, IDX magic number)
FILES = {
    "train-images-idx3-ubyte.gz": (47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 0x803),
    "train-labels-idx1-ubyte.gz": (60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 0x801),
    "t10k-images-idx3-ubyte.gz": (7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 0x803),
    "t10k-labels-idx1-ubyte.gz": (10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 0x801),
}

# (folder, verify) -> weak references to the four arrays: a second call is served from memory
# while someone still holds the arrays, but the cache alone never keeps 55 MB of pixels alive
# (a lesson that only takes a subset gets that memory back).
_cache = {}


class DataFileError(ValueError):
    """A data file is missing, truncated or corrupt."""


def parse_idx(raw, name="data"):
    """Parse IDX bytes (big-endian header: 0, 0, type 0x08, ndim, then one uint32 per dim) to uint8."""
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataFileError(f"{name}: not an IDX file of unsigned bytes (header {raw[:4].hex()}, "
                            "expected 0000 08 xx).")
    ndim = raw[3]
    header = 4 + 4 * ndim
    shape = tuple(int(v) for v in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape))
    if len(raw) != expected:
        raise DataFileError(f"{name}: IDX header promises {expected:,} bytes for shape {shape}, "
                            f"file has {len(raw):,}. The file is truncated or corrupt.")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def read_file(folder, name, verify=True):
    """One MNIST file as a uint8 array, after checking its size, checksum and IDX header; a
    DataFileError names what is wrong and how to fix it."""
    import gzip  # here, not at the top: `import nnlessons` stays fast (see the benchmark)
    import hashlib
    import zlib
    path = Path(folder) / name
    size, sha, magic = FILES[name]
    fix = ("Reinstall nnlessons (pip install -e .) or copy the original MNIST file there again.")
    if not path.is_file():
        raise DataFileError(f"MNIST file missing: expected {path}. {fix}")
    try:
        with open(path, "rb") as fh:
            raw = gzip.decompress(fh.read())
    except (OSError, EOFError, zlib.error) as err:
        raise DataFileError(f"MNIST file {path} cannot be decompressed ({err}); it is truncated "
                            f"or corrupt. {fix}") from None
    if len(raw) != size:
        raise DataFileError(f"MNIST file {path} has {len(raw):,} bytes after decompression, expected "
                            f"{size:,}: it is truncated or corrupt. {fix}")
    if verify and hashlib.sha256(raw).hexdigest() != sha:
        raise DataFileError(f"MNIST file {path} has the right size but the wrong SHA-256 checksum "
                            f"(expected {sha[:12]}...): its contents are corrupt. {fix}")
    arr = parse_idx(raw, str(path))
    if int.from_bytes(raw[:4], "big") != magic:
        raise DataFileError(f"{path}: IDX magic {raw[:4].hex()}, expected {magic:08x}.")
    return arr


def load_mnist(path=None, n_train=None, n_test=None, rng=0, verify=True):
    """Load MNIST: ((X_train, y_train), (X_test, y_test)).

    Parameters
    ----------
    path : folder with the four .gz IDX files (default: the copy shipped in the package).
    n_train, n_test : optional sizes of stratified random subsets (class proportions kept).
    rng : seed or Generator for the subsets.
    verify : check every file's size and SHA-256 (on by default; the result is cached per folder
        for as long as the caller keeps the full arrays).

    Returns
    -------
    X_train uint8 (60000, 28, 28), y_train uint8 (60000,), X_test uint8 (10000, 28, 28),
    y_test uint8 (10000,). Read-only arrays: copy before changing them in place.
    """
    from .._validation import check_rng
    folder = Path(path) if path is not None else DATA_DIR
    key = (str(folder.resolve()), verify)
    arrays = [ref() for ref in _cache.get(key, ())]
    if len(arrays) != len(FILES) or any(a is None for a in arrays):
        missing = [name for name in FILES if not (folder / name).is_file()]
        if missing:
            raise DataFileError(f"MNIST file missing: expected {', '.join(missing)} in {folder}. "
                                "Reinstall nnlessons (pip install -e .) or copy the original MNIST "
                                "files there again.")
        # cheap checks first: the small label files before the large image files
        read = {name: read_file(folder, name, verify) for name in sorted(FILES, key=lambda n: FILES[n][0])}
        arrays = [read[name] for name in FILES]
        if arrays[0].shape[1:] != (28, 28) or len(arrays[0]) != len(arrays[1]):
            raise DataFileError(f"MNIST training images {arrays[0].shape} and labels "
                                f"{arrays[1].shape} do not match.")
        _cache[key] = [weakref.ref(a) for a in arrays]
    X_train, y_train, X_test, y_test = arrays
    rng = check_rng(rng)
    if n_train is not None:
        idx = stratified_indices(y_train, int(n_train), rng)
        X_train, y_train = X_train[idx], y_train[idx]
    if n_test is not None:
        idx = stratified_indices(y_test, int(n_test), rng)
        X_test, y_test = X_test[idx], y_test[idx]
    return (X_train, y_train), (X_test, y_test)
