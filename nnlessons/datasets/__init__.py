"""Data sets: MNIST (shipped), synthetic tables and 2-D sets, preprocessing and augmentation."""
from .augment import augment_images
from .mnist import DataFileError, load_mnist
from .preprocessing import (MinMaxScaler, StandardScaler, flatten, one_hot, stratified_indices,
                            train_test_split, train_val_test_split)
from .synthetic import make_athletes, make_blobs, make_circles, make_moons, make_spirals, make_xor

__all__ = ["load_mnist", "DataFileError", "make_athletes", "make_moons", "make_circles",
           "make_spirals", "make_xor", "make_blobs", "MinMaxScaler", "StandardScaler", "flatten",
           "one_hot", "augment_images", "stratified_indices", "train_test_split", "train_val_test_split"]
