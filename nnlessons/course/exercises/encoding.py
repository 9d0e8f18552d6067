"""Values of the exercise data files: NumPy arrays, tuples and dicts as JSON, and back.

    encode(np.array([[1.0, 2.0]]))  ->  {"ndarray": [[1.0, 2.0]], "dtype": "float64"}
    decode(that)                    ->  array([[1., 2.]])

JSON keeps floats exactly (shortest repr round-trips) and NaN/Infinity as Python writes them.
Standard library and NumPy only.
"""
import json

import numpy as np


def encode(value):
    """A JSON-ready form of an array, NumPy scalar, tuple, list, dict or plain number."""
    if isinstance(value, np.ndarray):
        return {"ndarray": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, np.generic):
        return {"scalar": value.item(), "dtype": str(value.dtype)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in exercise data; expected an array, "
                    "a number, a string, or a tuple/list/dict of those")


def decode(data):
    """The value ``encode`` stored, as fresh objects (so a function may change them freely)."""
    if not isinstance(data, dict):
        return data
    if "ndarray" in data:
        return np.array(data["ndarray"], dtype=data["dtype"])
    if "scalar" in data:
        return np.array(data["scalar"], dtype=data["dtype"])[()]
    if "tuple" in data:
        return tuple(decode(v) for v in data["tuple"])
    if "list" in data:
        return [decode(v) for v in data["list"]]
    if "dict" in data:
        return {k: decode(v) for k, v in data["dict"].items()}
    raise ValueError(f"unknown exercise data entry with keys {sorted(data)}")


def dumps(document):
    """The file text: sorted keys, one level of indentation, a final newline (stable diffs)."""
    return json.dumps(document, indent=1, sort_keys=True) + "\n"
