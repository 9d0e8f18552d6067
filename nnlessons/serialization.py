"""The model file format: one .npz holding the architecture (JSON) and every weight array.

``model.save(path)`` writes it and ``nl.load_model(path)`` reads it back (both in model.py). This
module knows only the format: it reads any object with ``layers`` and never imports the model.
"""
import io
import zipfile

import numpy as np

from .layers.registry import layer_to_dict

FORMAT = "nnlessons-model"


def model_arrays(model):
    """(key, array) for every saved array: parameters and buffers (e.g. running statistics)."""
    for i, layer in enumerate(model.layers):
        for k, v in layer.params.items():
            yield f"{i}/params/{k}", v
        for k, v in getattr(layer, "buffers", {}).items():
            yield f"{i}/buffers/{k}", v


def write_model(model, path):
    """Write a built model's architecture and arrays to ``path``."""
    import json  # here, not at the top: `import nnlessons` stays fast
    config = {"format": FORMAT, "version": 1, "dtype": model.dtype.name, "name": model.name,
              "input_shape": list(model.input_shape_),
              "layers": [layer_to_dict(layer) for layer in model.layers],
              "loss": model.loss_.name if model.loss_ is not None else None}
    # through a file handle, so the file is named exactly ``path`` (np.savez would add ".npz")
    with open(path, "wb") as fh:
        np.savez(fh, __config__=np.array(json.dumps(config)), **dict(model_arrays(model)))


def read_model(path):
    """(config, arrays): the architecture as a dict and every saved array by key."""
    data, config = _open(path)
    with data:
        arrays = {k: data[k] for k in data.files if k != "__config__"}
    return config, arrays

def _open(path):
    import json
    with open(path, "rb") as fh:  # read it all (models are small): no file handle left open on errors
        raw = fh.read()
    if not raw.startswith(b"PK"):  # every .npz is a zip archive
        raise ValueError(f"{path} is not an nnlessons model file (not a .npz archive). "
                         "Save models with model.save('model.npz').")
    try:
        data = np.load(io.BytesIO(raw), allow_pickle=False)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise ValueError(f"{path} is not a readable nnlessons model file ({err}). "
                         "Save models with model.save('model.npz').") from None
    if "__config__" not in getattr(data, "files", ()):
        raise ValueError(f"{path} is not an nnlessons model file (no architecture inside). "
                         "Save models with model.save('model.npz').")
    try:
        config = json.loads(str(data["__config__"]))
    except ValueError:
        config = None
    found = config.get("format") if isinstance(config, dict) else None
    if found != FORMAT or not {"layers", "input_shape", "dtype"} <= set(config):
        raise ValueError(f"{path} has an unreadable architecture (format {found!r}, expected "
                         f"{FORMAT!r}). Save models with model.save('model.npz').")
    return data, config


def copy_arrays(model, arrays, path):
    """Copy ``arrays`` (from ``read_model``) into the model's own arrays, checking names and shapes."""
    expected = dict(model_arrays(model))
    saved = list(arrays)
    missing = sorted(set(expected) - set(saved))
    extra = sorted(set(saved) - set(expected))
    if missing or extra:
        raise ValueError(f"The weights in {path} do not match this model: missing {missing[:5]}, "
                         f"unexpected {extra[:5]}. Load it with nl.load_model(path) instead, or "
                         "build the same architecture it was saved from.")
    for key, target in expected.items():
        value = arrays[key]
        if value.shape != target.shape:
            raise ValueError(f"The weights in {path} do not match this model: {key} has shape "
                             f"{value.shape} in the file but {target.shape} in the model.")
        target[...] = value
