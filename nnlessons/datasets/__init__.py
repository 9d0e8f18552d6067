"""Data sets: MNIST and census surnames (shipped), synthetic tables, 2-D sets and digit-string
tasks, preprocessing and augmentation."""
from .augment import augment_images
from .mnist import DataFileError, load_mnist
from .sequences import CharVocabulary, load_surnames, make_digit_task
from .preprocessing import (MinMaxScaler, StandardScaler, flatten, one_hot, scale_pixels,
                            stratified_indices, train_test_split, train_val_split,
                            train_val_test_split)
from .synthetic import make_athletes, make_blobs, make_circles, make_moons, make_spirals, make_xor

__all__ = ["load_mnist", "DataFileError", "make_athletes", "make_moons", "make_circles",
           "make_spirals", "make_xor", "make_blobs", "MinMaxScaler", "StandardScaler", "flatten",
           "scale_pixels", "one_hot", "augment_images", "load_surnames", "make_digit_task", "CharVocabulary", "stratified_indices", "train_test_split",
           "train_val_split", "train_val_test_split"]
