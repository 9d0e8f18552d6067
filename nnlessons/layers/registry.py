"""Layer classes by name, to rebuild a model from a saved config."""
LAYER_CLASSES = {}


def register(cls):
    LAYER_CLASSES[cls.__name__] = cls
    return cls


def layer_to_dict(layer):
    return {"class": type(layer).__name__, "config": layer.get_config()}


def layer_from_dict(d):
    try:
        cls = LAYER_CLASSES[d["class"]]
    except KeyError:
        raise ValueError(f"Unknown layer type {d.get('class')!r} in saved model; known types: "
                         f"{', '.join(sorted(LAYER_CLASSES))}.") from None
    config = dict(d["config"])
    if cls.__name__ == "Residual":
        config["layers"] = [layer_from_dict(sub) for sub in config["layers"]]
    return cls(**config)
