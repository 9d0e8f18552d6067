"""Gathers and scatters over image windows, fast: the speed tricks of Conv2D and MaxPool2D.

Each helper computes what one textbook line in ``layers/conv2d.py`` or ``layers/maxpool2d.py``
says (the line is in its docstring), with the same result, arranged so that NumPy's loops run over
long contiguous rows. Channels last puts only C numbers side by side, and a NumPy loop over 8
numbers costs nearly as much as a loop over 200: the textbook lines loop over C at a time.
Measured in ``benchmarks/cnn_step.py``.

Shapes: images (N, H, W, C); kernels and pools (kh, kw); strides (sh, sw); outputs (N, Ho, Wo, F).
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _rows(start, count, step):
    """The slice of ``count`` positions from ``start``, ``step`` apart."""
    return slice(start, start + step * (count - 1) + 1, step)


def im2col(x, kernel, stride, out_hw):
    """Every kh x kw x C patch of x as a row: x (N, H, W, C), padded already -> (N*Ho*Wo, kh*kw*C).

    Textbook::

        windows = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]  # (N, Ho, Wo, C, kh, kw)
        cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(N * Ho * Wo, kh * kw * C)

    With few channels (a grey image: C = 1) that copy runs a loop per kw * C numbers; copying one
    kernel offset at a time runs a loop per image row instead. The result is then the transpose
    of a (kh*kw*C, N*Ho*Wo) array, which ``@`` reads as it is.
    """
    n, c = x.shape[0], x.shape[3]
    (kh, kw), (sh, sw), (ho, wo) = kernel, stride, out_hw
    if kw * c >= wo:
        windows = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]
        return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * ho * wo, kh * kw * c)
    cols = np.empty((kh, kw, c, n, ho, wo), dtype=x.dtype)
    channels_first = x.transpose(3, 0, 1, 2)  # a view: (C, N, H, W)
    for i in range(kh):
        for j in range(kw):
            cols[i, j] = channels_first[:, :, _rows(i, ho, sh), _rows(j, wo, sw)]
    return cols.reshape(kh * kw * c, n * ho * wo).T


def col2im(dz, W, padded_shape, stride):
    """The gradient of the (padded) input: dz (N, Ho, Wo, F), W (kh, kw, C, F) -> dx (N, Hp, Wp, C).

    Textbook::

        dcols = (dz.reshape(-1, F) @ W.reshape(-1, F).T).reshape(N, Ho, Wo, kh, kw, C)
        for i, j in kernel offsets:  # each patch adds its gradient back where it came from
            dx[:, i:i + sh*Ho:sh, j:j + sw*Wo:sw] += dcols[:, :, :, i, j]

    Here the product comes out offset by offset, (kh*kw, N*Ho*Wo, C), from one batched matmul, so
    each slice-add reads contiguous rows instead of C numbers every kh*kw*C.
    """
    kh, kw, c, f = W.shape
    n, ho, wo = dz.shape[:3]
    w_offsets = np.ascontiguousarray(W.reshape(kh * kw, c, f).transpose(0, 2, 1))  # (kh*kw, F, C)
    per_offset = np.matmul(dz.reshape(-1, f), w_offsets)
    per_offset = per_offset.reshape(kh, kw, n, ho, wo, c)
    dx = np.zeros(padded_shape, dtype=dz.dtype)
    for i in range(kh):
        for j in range(kw):
            dx[:, _rows(i, ho, stride[0]), _rows(j, wo, stride[1])] += per_offset[i, j]
    return dx


def add_bias(z, b):
    """z (N, ..., F) += b (F,), in place. Textbook: ``z += b``.

    Broadcasting b runs a loop per F numbers; b tiled along a whole example runs one per example.
    """
    if not z.flags.c_contiguous:  # the reshape below would be a copy
        z += b
        return
    per_example = z.reshape(len(z), -1)
    per_example += np.tile(b, per_example.shape[1] // len(b))


def column_sums(dz):
    """dz (M, F) -> (F,), the sum over rows. Textbook: ``dz.sum(axis=0)``.

    ``sum(axis=0)`` over a tall, narrow array is slow; a product with a row of ones is one BLAS call.
    """
    return np.ones(len(dz), dtype=dz.dtype) @ dz


# --- max pooling ----------------------------------------------------------------------------------
def max_over_windows(x, pool, stride):
    """The max of each ph x pw window, channel by channel, and where it was (for the backward pass).

    x (N, H, W, C) -> y (N, Ho, Wo, C) with Ho = (H - ph) // sh + 1 (rows past the last window are
    dropped), and ``winners``, what ``to_winners`` needs. Textbook::

        windows = sliding_window_view(x, (ph, pw), axis=(1, 2))[:, ::sh, ::sw]  # (N, Ho, Wo, C, ph, pw)
        y = windows.max(axis=(4, 5))

    When the windows tile the image (stride = pool size) the max is taken in two passes, down the
    rows of each window (over whole image rows at a time) and then across its columns. Each window
    keeps exactly one winner, and where entries tie it is the first, row by row, as with np.argmax
    (and PyTorch): the gradient is passed on once per window.
    """
    if tuple(stride) == tuple(pool):
        return _max_over_tiles(x, pool)
    n, h, w, c = x.shape
    (ph, pw), (sh, sw) = pool, stride
    windows = sliding_window_view(x, (ph, pw), axis=(1, 2))[:, ::sh, ::sw]
    flat = windows.reshape(*windows.shape[:4], ph * pw)  # a copy: (N, Ho, Wo, C, ph*pw)
    winner = flat.argmax(axis=-1)
    y = np.take_along_axis(flat, winner[..., None], axis=-1)[..., 0]
    return y, ("windows", winner, pool, stride)


def to_winners(dy, winners, x_shape):
    """Backward of ``max_over_windows``: dy (N, Ho, Wo, C) -> dx (N, H, W, C), each window's dy at
    the entry that won it, 0 elsewhere (they did not affect the output)."""
    if winners[0] == "tiles":
        return _to_tile_winners(dy, winners, x_shape)
    _, winner, (ph, pw), (sh, sw) = winners
    n, ho, wo, c = dy.shape
    dx = np.zeros(x_shape, dtype=dy.dtype)
    for k in range(ph * pw):
        i, j = divmod(k, pw)
        dx[:, _rows(i, ho, sh), _rows(j, wo, sw)] += dy * (winner == k)
    return dx


def _first_max(parts, keys=None):
    """The elementwise max of equal-shaped arrays and which one gave it (uint8). Ties go to the
    first, or, given ``keys`` (one uint8 array per part), to the smallest key, then the first."""
    best = np.maximum(parts[0], parts[1])
    better = parts[1] > parts[0]
    if keys is not None:  # a tie the second won in an earlier row
        better |= (parts[1] == parts[0]) & (keys[1] < keys[0])
    pick = better.view(np.uint8)
    best_key = None if keys is None or len(parts) == 2 else np.where(better, keys[1], keys[0])
    for k, part in enumerate(parts[2:], 2):
        better = part > best
        if keys is not None:
            better |= (part == best) & (keys[k] < best_key)
            np.copyto(best_key, keys[k], where=better)
        pick[better] = k
        np.maximum(best, part, out=best)
    return best, pick


def _max_over_tiles(x, pool):
    """Down each window's rows (whole image rows at a time), then across its columns; a tie across
    columns goes to the column whose max sits in the earlier row, so the winner is the first entry
    row by row, as with np.argmax."""
    n, h, w, c = x.shape
    ph, pw = pool
    ho, wo = h // ph, w // pw
    rows = x[:, :ho * ph, :wo * pw].reshape(n, ho, ph, wo * pw * c)  # a view: rows of windows
    row_pick = None
    if ph > 1:  # each loop runs over a whole row of the image: Wo*pw*C numbers
        rows, row_pick = _first_max([rows[:, :, i] for i in range(ph)])  # (N, Ho, Wo*pw*C)
    else:
        rows = rows[:, :, 0]
    cols = rows.reshape(n, ho, wo, pw, c)
    col_pick = None
    if pw > 1:  # C numbers at a time, but on 1/ph of the data
        keys = None if row_pick is None else row_pick.reshape(n, ho, wo, pw, c)
        y, col_pick = _first_max([cols[:, :, :, j] for j in range(pw)],
                                 None if keys is None else [keys[:, :, :, j] for j in range(pw)])
    else:
        y = np.array(cols[:, :, :, 0])
    return y, ("tiles", row_pick, col_pick, pool)


def _to_tile_winners(dy, winners, x_shape):
    _, row_pick, col_pick, (ph, pw) = winners
    n, ho, wo, c = dy.shape
    d_rows = np.empty((n, ho, wo, pw, c), dtype=dy.dtype)  # the gradient of each window row's max
    for j in range(pw):
        if col_pick is None:
            d_rows[:, :, :, j] = dy
        else:
            np.multiply(dy, col_pick == j, out=d_rows[:, :, :, j])
    d_rows = d_rows.reshape(n, ho, wo * pw * c)
    cropped = x_shape[1] != ho * ph or x_shape[2] != wo * pw
    dx = (np.zeros if cropped else np.empty)(x_shape, dtype=dy.dtype)  # cropped: no gradient
    tiles = dx[:, :ho * ph, :wo * pw].reshape(n, ho, ph, wo * pw * c)  # a view, as in forward
    for i in range(ph):
        if row_pick is None:
            tiles[:, :, i] = d_rows
        else:
            np.multiply(d_rows, row_pick == i, out=tiles[:, :, i])
    return dx
