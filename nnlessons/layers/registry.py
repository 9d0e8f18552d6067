"""Layer classes by name, so a saved model can name its layers and be rebuilt from the names.

    @register
    class Dense(Layer): ...

A layer's config (``get_config()``) goes into the file beside its class name; loading looks the
name up here and calls the class's ``from_config(config)``. A layer of your own that should load
back takes ``@register`` too.
"""
LAYER_CLASSES = {}


def register(cls):
    """Class decorator: make ``cls`` loadable by its name. Returns ``cls`` unchanged."""
    LAYER_CLASSES[cls.__name__] = cls
    return cls


def layer_to_dict(layer):
    """{'class': 'Dense', 'config': {...}}: what a saved model holds for one layer."""
    return {"class": type(layer).__name__, "config": layer.get_config()}


def layer_from_dict(d):
    """The layer ``layer_to_dict`` described (unbuilt: weights come from the file afterwards)."""
    try:
        cls = LAYER_CLASSES[d["class"]]
    except KeyError:
        raise ValueError(f"Unknown layer type {d.get('class')!r} in saved model; known types: "
                         f"{', '.join(sorted(LAYER_CLASSES))}. A layer class of your own needs "
                         "@register (from nnlessons.layers import register).") from None
    return cls.from_config(d["config"])
