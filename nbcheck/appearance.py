"""Coarse appearance of a figure: what tolerant mode compares once a lesson has trained.

After training, another numpy or BLAS kernel moves every curve a little (float32 rounding), so
pixels cannot be compared. What stays is the figure's look at a distance: where the ink is, which
colours it uses, how much of the canvas it covers. ``measure(a, b)`` reports four differences
between two PNGs (each 0 for identical images); ``LIMITS`` are the largest that pass, set from
the drift measured against the oldest supported versions and another BLAS kernel (README, "How
the notebooks are compared"). Sizes may differ by SIZE_SLACK per side.

- ``background``: the largest channel difference (0-255) of the two background colours (the most
  common pixel), so a figure painted another colour fails;
- ``ink``: |log2| of the ratio of the two ink fractions (pixels unlike the background), so a blank
  figure (no ink) or a solid one (all background) fails;
- ``colours``: L1 distance (0-2) between the hue histograms of the coloured pixels (grey text,
  anti-aliased differently by another matplotlib, is left out), so curves drawn in other colours,
  or a heatmap swapped for a line plot, fail;
- ``unmatched``: the share of pixels, in the worse direction, with no pixel of a like colour in
  the other image within REACH pixels, both shrunk by one scale to SIDE pixels wide and laid over
  each other where they match best (another matplotlib crops a figure a few pixels differently):
  a missing panel or another cell's figure leaves pixels unmatched where curve drift does not.

A missing legend changes the ink by less than trained curves move on another BLAS kernel
(measured 0.10 against 0.067 for a two-panel training-history figure), so it is not caught here.
"""
import io

import numpy as np

SIDE = 450     # pixels: both images shrunk to this width (height in proportion) before matching
REACH = 2      # pixels on the shrunk copy within which a like colour counts as a match
MATCH = 48     # like colours: every channel within this (0-255)
COLOURED = 60  # a pixel is coloured when its channels spread by more than this
COLOURED_MIN = 0.001  # fewer coloured pixels than this share: the figure counts as grey
HUES = 12
INK = 40       # a pixel is ink when a channel differs from the background by more than this
# Largest differences that pass, by whether matplotlib is the locked version (the stored figures'
# drawing code) or another. Measured drift (README): the locked matplotlib on another BLAS kernel at
# most background 1.3, ink 0.067, colours 0.19, unmatched 0.058; matplotlib 3.9 and numpy 1.24 at
# most 0.29, 0.19, 0.026, 0.061 (3.9 lays lesson 14's panels out anew). About twice the drift.
LIMITS = {"locked": {"background": 24, "ink": 0.14, "colours": 0.4, "unmatched": 0.12},
          "other": {"background": 24, "ink": 0.4, "colours": 0.4, "unmatched": 0.12}}
SIZE_SLACK = 0.15  # sizes may differ by 15 % per side (measured: 9 %, lesson 07, matplotlib 3.9)


def _rgb(png):
    """(height, width, 3) uint8 array of a PNG's colours, composited on white."""
    from PIL import Image
    with Image.open(io.BytesIO(png)) as image:
        image = image.convert("RGBA")
        white = Image.new("RGBA", image.size, "white")
        return np.asarray(Image.alpha_composite(white, image).convert("RGB"))


def _background(rgb):
    """The most common colour (quantised to 8 levels per channel, then averaged within)."""
    codes = (rgb // 32).reshape(-1, 3) @ np.array([64, 8, 1])
    common = np.bincount(codes, minlength=512).argmax()
    return rgb.reshape(-1, 3)[codes == common].mean(axis=0)


def _ink(rgb, background):
    return (np.abs(rgb.astype(np.int16) - background).max(axis=2) > INK)


def _histogram(rgb):
    """Shares of the coloured pixels (not grey: channels spread by more than COLOURED) in
    HUES bins of hue; grey text, whose anti-aliasing differs between versions, is left out."""
    pixels = rgb.reshape(-1, 3).astype(float)
    spread = pixels.max(axis=1) - pixels.min(axis=1)
    coloured = pixels[spread > COLOURED]
    if len(coloured) < COLOURED_MIN * len(pixels):
        return np.zeros(HUES)
    r, g, b = coloured.T
    hue = np.arctan2(np.sqrt(3) * (g - b), 2 * r - g - b) % (2 * np.pi)
    counts = np.bincount((hue / (2 * np.pi) * HUES).astype(int) % HUES, minlength=HUES)
    return counts / counts.sum()


def _small(rgb, scale):
    """``rgb`` box-averaged down by ``scale`` (0.5: half the width and height), as int16."""
    from PIL import Image
    size = max(1, round(rgb.shape[1] * scale)), max(1, round(rgb.shape[0] * scale))
    return np.asarray(Image.fromarray(rgb).resize(size, Image.BOX)).astype(np.int16)


def _shift(profile_a, profile_b, slack):
    """The offset d (|d| <= slack) that best lays profile_b[i] over profile_a[i + d]."""
    best, best_gap = 0, np.inf
    for d in range(-slack, slack + 1):
        lo, hi = max(0, d), min(len(profile_a), len(profile_b) + d)
        if hi - lo < len(profile_a) // 2:
            continue
        gap = np.abs(profile_a[lo:hi] - profile_b[lo - d:hi - d]).mean()
        if gap < best_gap - 1e-9:
            best, best_gap = d, gap
    return best


def _overlap(a, b):
    """The parts of a and b that show the same region once b is shifted onto a: another
    matplotlib crops a figure's tight bounding box a few pixels differently (measured: 9 % of the
    height of lesson 07's weight-change figure), which moves everything without changing it."""
    dark_a, dark_b = 255 - a.min(axis=2), 255 - b.min(axis=2)
    offsets = []
    for axis in (1, 0):  # rows: the profile of each row summed over columns; then columns
        pa, pb = dark_a.mean(axis=axis), dark_b.mean(axis=axis)
        slack = abs(len(pa) - len(pb)) + max(2, len(pa) // 20)
        offsets.append(_shift(pa, pb, slack))
    dy, dx = offsets
    ya, yb = max(0, dy), max(0, -dy)
    xa, xb = max(0, dx), max(0, -dx)
    h = min(a.shape[0] - ya, b.shape[0] - yb)
    w = min(a.shape[1] - xa, b.shape[1] - xb)
    return a[ya:ya + h, xa:xa + w], b[yb:yb + h, xb:xb + w]


def _unmatched(a, b):
    """Mask of the pixels of ``a`` with no pixel of ``b`` of a like colour (every channel within
    MATCH) within REACH pixels: what a reader would see missing from ``b``. a, b: (h, w, 3)."""
    h, w, _ = a.shape
    padded = np.pad(b, ((REACH, REACH), (REACH, REACH), (0, 0)), mode="edge")
    nearest = np.full((h, w), 255, dtype=np.int16)
    for dy in range(2 * REACH + 1):
        for dx in range(2 * REACH + 1):
            gap = np.abs(a - padded[dy:dy + h, dx:dx + w]).max(axis=2)
            np.minimum(nearest, gap, out=nearest)
    return nearest > MATCH


def png_size(png):
    """(width, height) read from a PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def features(png):
    """What ``measure`` compares, computed once per image: background, ink share, histogram."""
    rgb = _rgb(png)
    background = _background(rgb)
    ink = _ink(rgb, background)
    return {"rgb": rgb, "background": background, "ink": float(ink.mean()),
            "histogram": _histogram(rgb)}


def measure(stored, got):
    """The four differences between two PNGs (bytes), keyed as in LIMITS.

    Returns
    -------
    dict
        ``{"background": float, "ink": float, "colours": float, "unmatched": float}``.
    """
    a, b = features(stored), features(got)
    floor = 1e-4  # an ink share below this counts as this, so a blank figure gives a finite ratio
    ink_ratio = abs(np.log2(max(a["ink"], floor) / max(b["ink"], floor)))
    scale = SIDE / a["rgb"].shape[1]  # one scale for both: the same figure keeps its size in pixels
    small_a, small_b = _small(a["rgb"], scale), _small(b["rgb"], scale)
    small_a, small_b = _overlap(small_a, small_b)
    missing = [_unmatched(small_a, small_b), _unmatched(small_b, small_a)]
    return {"background": float(np.abs(a["background"] - b["background"]).max()),
            "ink": float(ink_ratio),
            "colours": float(np.abs(a["histogram"] - b["histogram"]).sum()),
            "unmatched": max(float(m.mean()) for m in missing)}


def disagreement(stored, got, drawing="locked"):
    """Why two PNGs (bytes) look different at a distance, or None when every measure is in limits.

    ``drawing`` is "locked" when matplotlib is the version in the lock, else "other".
    """
    limits = LIMITS[drawing]
    sizes = [png_size(png) for png in (stored, got)]
    if any(abs(a - b) > SIZE_SLACK * a for a, b in zip(*sizes)):
        return "size {0[0]}x{0[1]} px stored, {1[0]}x{1[1]} px now".format(*sizes)
    found = measure(stored, got)
    over = [f"{name} {found[name]:.2f} > {limits[name]}" for name in limits if found[name] > limits[name]]
    return None if not over else "coarse appearance differs: " + ", ".join(over)
