"""Compare a stored figure (PNG) with the re-executed one by matplotlib's RMS measure.

RMS is the root mean square of the pixel differences over all channels, on the 0-255 scale
(``matplotlib.testing.compare.compare_images``). Tolerant mode first resizes the new image to
the stored size (if within SIZE_SLACK) and blurs both by BLUR pixels: another matplotlib moves
text and tight bounding boxes by a pixel, which a colour swap, a vanished curve or a new title
outweighs. A failed comparison writes three files to the
artifacts folder: ``<cell>-fig<k>-expected.png`` (stored), ``-actual.png`` (now) and ``-diff.png``
(matplotlib's difference image, amplified).
"""
import base64
import shutil
import tempfile
from pathlib import Path

TOLERANCE = {"strict": 0.5, "tolerant": 20.0}  # RMS; measured: see README "How the notebooks are compared"
BLUR = {"strict": 0, "tolerant": 2}            # box blur radius in pixels before comparing
SIZE_SLACK = 0.02                              # tolerant: sizes may differ by 2 % per side


def _png_size(data):
    """(width, height) read from a PNG header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _pad(path, size):
    """Place the image at the top left of a white canvas of ``size``, so two sizes compare."""
    from PIL import Image
    with Image.open(path) as image:
        canvas = Image.new("RGBA", size, "white")
        canvas.paste(image.convert("RGBA"), (0, 0))
    canvas.save(path)


def _soften(path, size, blur):
    """Resize the image to ``size`` and box-blur it by ``blur`` pixels, in place."""
    from PIL import Image, ImageFilter
    with Image.open(path) as image:
        image = image.convert("RGB").resize(size, Image.BILINEAR).filter(ImageFilter.BoxBlur(blur))
    image.save(path)


def compare(stored, got, tol, artifacts, stem, blur=0):
    """Compare two base64 PNGs; on failure write expected/actual/diff and say why.

    Parameters
    ----------
    stored, got : str
        Base64 PNG data, as a notebook stores it under ``image/png``.
    tol : float
        Largest RMS difference that passes.
    artifacts : pathlib.Path
        Folder for the three images of a failure (created when needed).
    stem : str
        File-name stem of this figure, e.g. ``"cell07-fig1"``.
    blur : int
        0 compares the pixels as drawn; more resizes within SIZE_SLACK and blurs first.

    Returns
    -------
    str or None
        What failed and where the images are; None when the figures agree.
    """
    from matplotlib.testing.compare import compare_images

    expected_png, actual_png = (base64.b64decode("".join(s)) for s in (stored, got))
    if expected_png == actual_png:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        expected, actual = Path(tmp, f"{stem}-expected.png"), Path(tmp, f"{stem}.png")
        expected.write_bytes(expected_png)
        actual.write_bytes(actual_png)
        artifacts.mkdir(parents=True, exist_ok=True)
        shutil.copy(expected, artifacts / f"{stem}-expected.png")
        shutil.copy(actual, artifacts / f"{stem}-actual.png")
        sizes = _png_size(expected_png), _png_size(actual_png)
        if blur and all(abs(a - b) <= SIZE_SLACK * a for a, b in zip(*sizes)):
            _soften(expected, sizes[0], blur)
            _soften(actual, sizes[0], blur)
            sizes = (sizes[0], sizes[0])
        if sizes[0] != sizes[1]:  # a changed size fails; the diff is drawn on padded copies
            common = tuple(max(a, b) for a, b in zip(*sizes))
            _pad(expected, common)
            _pad(actual, common)
        result = compare_images(str(expected), str(actual), tol, in_decorator=True)
        if result is None and sizes[0] == sizes[1]:
            for name in ("expected", "actual"):
                (artifacts / f"{stem}-{name}.png").unlink()
            return None
        rms = 0.0 if result is None else result["rms"]
        why = f"RMS {rms:.2f} > tolerance {tol}" if sizes[0] == sizes[1] else \
            "size {0[0]}x{0[1]} px stored, {1[0]}x{1[1]} px now (RMS {2:.2f} padded)".format(*sizes, rms)
        if result is not None:
            shutil.copy(result["diff"], artifacts / f"{stem}-diff.png")
    written = ", ".join(f"{stem}-{n}.png" for n in ("expected", "actual", "diff")
                        if (artifacts / f"{stem}-{n}.png").exists())
    return f"{why}; wrote {written} to {artifacts}"


def compare_appearance(stored, got, drawing, artifacts, stem):
    """Compare two base64 PNGs by coarse appearance (appearance.py; tolerant mode, after a lesson
    first trains); on failure write expected and actual to ``artifacts`` and say why, else None.
    ``drawing``: "locked" when matplotlib is the locked version, else "other"."""
    from nbcheck import appearance

    expected_png, actual_png = (base64.b64decode("".join(s)) for s in (stored, got))
    if expected_png == actual_png:
        return None
    why = appearance.disagreement(expected_png, actual_png, drawing)
    if why is None:
        return None
    artifacts.mkdir(parents=True, exist_ok=True)
    (artifacts / f"{stem}-expected.png").write_bytes(expected_png)
    (artifacts / f"{stem}-actual.png").write_bytes(actual_png)
    return f"{why}; wrote {stem}-expected.png, {stem}-actual.png to {artifacts}"
