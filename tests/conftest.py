"""Test-process setup: matplotlib draws headless (Agg). Notebook kernels are not affected."""
import matplotlib

matplotlib.use("Agg")
