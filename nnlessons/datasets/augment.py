"""Data augmentation for images: more training examples made by small random shifts and rotations.

A digit moved two pixels or turned by ten degrees is still the same digit, so showing the network
such copies teaches it not to care about exact position and slant. Every image gets its own random
shift and angle, all in one vectorised pass (no Python loop over images), drawn from ``rng``.
"""
import numpy as np

from .._validation import check_rng


def augment_images(X, rng=0, max_shift=2.0, max_rotation=10.0):
    """Randomly shifted and rotated copies of images X (N, H, W), or (N, H * W) for square images.

    Each image is turned about its centre by an angle drawn uniformly from [-max_rotation,
    max_rotation] degrees and moved by (dy, dx) drawn from [-max_shift, max_shift] pixels, with
    bilinear interpolation; pixels that come from outside the image are 0 (background).

    Returns an array of X's shape and float dtype (float32 for integer input).
    """
    X = np.asarray(X)
    flat = X.ndim == 2
    if flat:
        side = int(round(np.sqrt(X.shape[1])))
        if side * side != X.shape[1]:
            raise ValueError(f"augment_images got rows of {X.shape[1]} values, which is not a square "
                             "image. Pass images of shape (N, H, W) instead.")
        X = X.reshape(len(X), side, side)
    if X.ndim != 3:
        raise ValueError(f"augment_images expects images (N, H, W) or flat square images (N, H*W), "
                         f"got shape {X.shape}.")
    rng = check_rng(rng)
    n, h, w = X.shape
    dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.float32
    angle = np.deg2rad(rng.uniform(-max_rotation, max_rotation, n))[:, None, None]
    dy, dx = (rng.uniform(-max_shift, max_shift, (2, n))[..., None, None])
    # for every output pixel, the source point: rotate back about the centre, then shift back
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yc, xc = ys - cy - dy, xs - cx - dx
    cos, sin = np.cos(angle), np.sin(angle)
    src_y = cos * yc + sin * xc + cy
    src_x = -sin * yc + cos * xc + cx
    y0, x0 = np.floor(src_y).astype(np.intp), np.floor(src_x).astype(np.intp)
    fy, fx = src_y - y0, src_x - x0
    padded = np.zeros((n, h + 2, w + 2), dtype=dtype)  # a zero border for neighbours outside
    padded[:, 1:-1, 1:-1] = X
    rows = np.arange(n)[:, None, None]

    def at(yy, xx):  # pixel values at integer positions, 0 outside the image
        return padded[rows, np.clip(yy + 1, 0, h + 1), np.clip(xx + 1, 0, w + 1)]

    out = ((1 - fy) * (1 - fx) * at(y0, x0) + (1 - fy) * fx * at(y0, x0 + 1)
           + fy * (1 - fx) * at(y0 + 1, x0) + fy * fx * at(y0 + 1, x0 + 1)).astype(dtype)
    return out.reshape(n, -1) if flat else out
