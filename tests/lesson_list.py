"""The lessons of the series, by file name: the one list the tests hold the notebooks folder to.

A lesson renamed, lost or added without updating this list makes the tests fail (never skip).
"""
from pathlib import Path

NOTEBOOKS_DIR = Path(__file__).resolve().parents[1] / "notebooks"

LESSONS = (
    "00_welcome", "01_neurons_and_layers", "02_data_flow", "03_activation_functions",
    "04_backpropagation", "05_gradient_descent", "06_first_network_mnist", "07_prediction_trace",
    "08_optimizers", "09_generalisation", "10_initialisation_and_normalisation",
    "11_when_training_fails", "12_depth_tradeoffs", "13_skip_connections", "14_convolutional_networks",
    "15_sequences_and_embeddings", "16_language_models", "17_attention_and_transformers",
    "18_architecture_search", "19_compression_and_transfer",
    "20_playground",
)
LESSON_PATHS = tuple(NOTEBOOKS_DIR / f"{name}.ipynb" for name in LESSONS)
