"""The three traces the lessons read, each computed from a real run:

- ``DataFlow`` (data_flow.py): how the data changes shape, stage by stage, into and through a model;
- ``TrainingTrace`` (training.py): epoch by epoch, the loss, the accuracy and what the numbers say;
- ``PredictionTrace`` (prediction.py): one example followed layer by layer to its predicted class.

Each is shown as a plain-text table (``repr``, stable for nbval) or an HTML one (JupyterLab), both
from the same table model (``nnlessons/tables.py``). Traces read the engine; the engine never
imports them. Importing this package loads NumPy only.
"""
from .data_flow import DataFlow, Stage
from .prediction import LayerView, PredictionTrace
from .training import Observation, TrainingTrace, observe

__all__ = ["DataFlow", "TrainingTrace", "PredictionTrace", "Stage", "Observation", "LayerView",
           "observe"]
