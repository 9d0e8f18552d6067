"""Save a model to one .npz file (architecture as JSON + weight arrays) and load it back."""
import io
import zipfile

import numpy as np

from .layers.registry import layer_from_dict, layer_to_dict

FORMAT = "nnlessons-model"


def _arrays(model):
    """(key, array) for every saved array: parameters and buffers (e.g. running statistics)."""
    for i, layer in enumerate(model.layers):
        for k, v in layer.params.items():
            yield f"{i}/params/{k}", v
        for k, v in getattr(layer, "buffers", {}).items():
            yield f"{i}/buffers/{k}", v


def save_model(model, path):
    import json  # here, not at the top: `import nnlessons` stays fast
    model._require_built("save")
    config = {"format": FORMAT, "version": 1, "dtype": model.dtype.name, "name": model.name,
              "input_shape": list(model.input_shape_),
              "layers": [layer_to_dict(layer) for layer in model.layers],
              "loss": model.loss_.name if model.loss_ is not None else None}
    # through a file handle, so the file is named exactly ``path`` (np.savez would add ".npz")
    with open(path, "wb") as fh:
        np.savez(fh, __config__=np.array(json.dumps(config)), **dict(_arrays(model)))


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


def _copy_arrays(model, data, path):
    expected = dict(_arrays(model))
    saved = [k for k in data.files if k != "__config__"]
    missing = sorted(set(expected) - set(saved))
    extra = sorted(set(saved) - set(expected))
    if missing or extra:
        raise ValueError(f"The weights in {path} do not match this model: missing {missing[:5]}, "
                         f"unexpected {extra[:5]}. Load it with nl.load_model(path) instead, or "
                         "build the same architecture it was saved from.")
    for key, target in expected.items():
        value = data[key]
        if value.shape != target.shape:
            raise ValueError(f"The weights in {path} do not match this model: {key} has shape "
                             f"{value.shape} in the file but {target.shape} in the model.")
        target[...] = value


def load_model(path):
    """Rebuild a model saved with ``model.save(path)``; compiled with its loss when one was saved."""
    from .model import Sequential
    data, config = _open(path)
    with data:
        model = Sequential([layer_from_dict(d) for d in config["layers"]], dtype=config["dtype"],
                           name=config.get("name", "sequential"))
        if not model.built:
            model.build(config["input_shape"])
        _copy_arrays(model, data, path)
    if config.get("loss"):
        model.compile(loss=config["loss"])
    return model


def load_weights(model, path):
    model._require_built("load weights")
    data, _ = _open(path)
    with data:
        _copy_arrays(model, data, path)
