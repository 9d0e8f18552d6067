"""The lessons of the series, by file name: the one list the tests hold the notebooks folder to.

A lesson renamed, lost or added without updating this list makes the tests fail (never skip).
"""
from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"

LESSONS = (
    "00_welcome", "01_neurons_and_layers", "02_data_flow", "03_activation_functions",
    "04_backprop_and_gradient_descent", "05_first_network_mnist", "06_prediction_trace",
    "07_depth_tradeoffs", "08_skip_connections", "09_layer_types",
    "10_architecture_search_and_production", "11_playground", "12_optimizers", "13_generalisation",
    "14_initialisation_and_normalisation",
)
LESSON_PATHS = tuple(NOTEBOOKS_DIR / f"{name}.ipynb" for name in LESSONS)
