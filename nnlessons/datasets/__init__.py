"""Data sets: MNIST (shipped), synthetic tables and 2-D sets, and preprocessing."""
from .mnist import DataFileError, load_mnist

__all__ = ["load_mnist", "DataFileError"]
