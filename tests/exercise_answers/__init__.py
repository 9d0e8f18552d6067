"""Answers the exercise checkers are tested against, one module per lesson (lesson_NN.py):

    WRONG = {"relu": [five or more typical wrong answers]}      # each must be rejected
    RIGHT = {"relu": [two or more correct answers written differently]}   # each must pass

For a "predict, then run" exercise the answers are values instead of functions."""
