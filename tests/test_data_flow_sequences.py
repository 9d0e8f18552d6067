"""DataFlow.from_model on a sequence model (an Embedding first) names positions, not pixels."""
import numpy as np

import nnlessons as nl
from nnlessons.traces.data_flow import describe_sequence


def test_describe_sequence_names_positions_and_falls_back_for_flat_arrays():
    assert describe_sequence(np.zeros((4, 10), dtype=np.int64)) == "4 sequences × 10 positions"
    assert describe_sequence(np.zeros((1, 10, 16))) == "1 sequence × 10 positions × 16 features"
    assert describe_sequence(np.zeros((4, 10, 27)), "classes") == "4 sequences × 10 positions × 27 classes"
    assert describe_sequence(np.zeros((4, 30))) == "4 rows × 30 features"


def test_from_model_on_a_transformer_keeps_the_stream_shape_in_words():
    model = nl.Sequential([nl.Embedding(10, 8, input_length=6), nl.PositionEmbedding(6),
                           nl.TransformerBlock(heads=2), nl.Dense(10, activation="softmax")], rng=0)
    flow = nl.DataFlow.from_model(model, np.zeros((3, 6), dtype=np.int64))
    shapes = [(s.shape_in, s.shape_out) for s in flow.stages]
    assert shapes[0] == ("3 sequences × 6 positions", "3 sequences × 6 positions × 8 features")
    assert shapes[2] == ("3 sequences × 6 positions × 8 features",) * 2
    assert shapes[3][1] == "3 sequences × 6 positions × 10 classes"


def test_from_model_on_a_dense_model_is_unchanged():
    model = nl.Sequential([nl.Dense(4, activation="relu", input_dim=3)], rng=0)
    flow = nl.DataFlow.from_model(model, np.zeros((2, 3)))
    assert (flow.stages[0].shape_in, flow.stages[0].shape_out) == ("2 rows × 3 features",
                                                                   "2 rows × 4 outputs")
