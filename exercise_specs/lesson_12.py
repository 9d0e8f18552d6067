"""Lesson 12 · depth: a sigmoid that never overflows, and which undone layer the output of a deep
sigmoid network notices (predict, run, explain)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

_STABLE_MORE = ("1 / (1 + exp(-z)) and exp(z) / (1 + exp(z)) are the same number. For which sign of "
                "z does each take exp only of a number at most 0? Use each only on the elements "
                "where it is safe: np.where computes both forms on every element, so select the "
                "elements first.")

EXERCISES = [
    Exercise(
        name="sigmoid", lesson="12",
        concept="turning any score into a probability with the sigmoid, without overflow even "
                "for scores a thousand or more away from 0",
        cases=[case(z=np.array([[-3.0, -1.0, 0.0, 1.0, 3.0]])),
               case(z=np.array([[-1000.0, -20.0], [-800.0, -0.5]])),
               case(z=np.array([[1000.0, 20.0], [800.0, 0.5]])),
               case(z=np.array([[-1000.0, 1000.0, 0.0]])),
               case(hidden=True, z=np.array([[-745.0, 745.0], [2.0, -2.0], [0.25, -1e4]]))],
        dtype="float", pure=True,
        nudges=("sigmoid(z) = 1 / (1 + exp(-z)), element by element; it must also work for "
                "z = ±1000, where exp of a large number overflows.",
                _STABLE_MORE),
        mistakes=[
            Mistake(lambda z: 1 / (1 + np.exp(-z)),
                    "the formula is right, but for z = -1000 it computes exp(1000), which "
                    "overflows (it is far larger than the largest float).",
                    _STABLE_MORE),
            Mistake(lambda z: 1 / (1 + np.exp(z)),
                    "that is 1 - sigmoid(z): large positive scores should give probabilities "
                    "close to 1, not 0.",
                    "sigmoid(z) = 1 / (1 + exp(-z)) = exp(z) / (1 + exp(z)): check the sign "
                    "inside exp."),
            Mistake(lambda z: np.exp(z) / (1 + np.exp(z)),
                    "the formula is right, but for z = 1000 it computes exp(1000), which "
                    "overflows (it is far larger than the largest float).",
                    _STABLE_MORE),
            Mistake(np.tanh,
                    "tanh's outputs run from -1 to 1; a probability lies between 0 and 1.",
                    "sigmoid(z) = 1 / (1 + exp(-z)): it runs from 0 (very negative z) to 1."),
            Mistake(lambda z: 1 / np.exp(-z),
                    "the 1 + in the denominator is missing, so the result can exceed 1.",
                    "sigmoid(z) = 1 / (1 + exp(-z))."),
        ]),
    Exercise(
        name="undo_which", lesson="12", kind="predict",
        concept="a layer's weights can move far and still change the output little, because what "
                "a layer near the input does must pass every later layer before it reaches the "
                "output",
        options={"first": "undo hidden layer 1", "last": "undo hidden layer 10"},
        better="higher",
        reasons={"a": "layer 1's weights moved much further under Adam, so putting them back "
                      "changes more",
                 "b": "layer 10 feeds the output directly, while whatever layer 1 does is squeezed "
                      "through nine sigmoid layers before it reaches the output",
                 "c": "Adam gave every layer full-size steps, so either undo changes about as much",
                 "d": "layer 10 holds more weights than layer 1, so undoing it removes more"},
        reason="b",
        reason_hints={
            "a": ("moving is not learning: how far a weight moved says nothing yet about how much "
                  "the output depends on it.",
                  "The table's 'undo layer 1' column measured that dependence for the Adam "
                  "networks: compare it with how far layer 1 moved."),
            "c": ("equal steps are not equal effects: Adam rescales how far each weight moves, "
                  "not how strongly a move reaches the output.",
                  "Your two measured numbers differ by orders of magnitude; luck does not do "
                  "that. What stands between each layer and the output?"),
            "d": ("the count of weights is not it: layer 10 has 1,024 against layer 1's 640, not "
                  "enough to explain a change hundreds of times larger.",
                  "Ask what a change in each layer must pass through before the output neuron "
                  "sees it."),
        },
        nudges=("Your own run says otherwise. Look at the table's 'undo layer 1' column: how much "
                "did putting layer 1 back change a probability, though its weights had moved far?",
                "Follow a change in layer 1 forward: it passes nine sigmoid layers, each "
                "multiplying by a slope of at most 0.25 and by its weights, before the output "
                "sees it; a change in layer 10 passes none."),
        ),
]
