"""fit's progress: plain text from the engine (no progress library), a tqdm bar from widgets/."""
import io
import subprocess
import sys

import numpy as np

import nnlessons as nl
from nnlessons.callbacks import TextProgress, format_logs


def tiny():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3)).astype("float32")
    y = (X[:, 0] > 0).astype(int)
    model = nl.Sequential([nl.Dense(2, activation="softmax", input_dim=3)], rng=0)
    model.compile()
    return model, X, y


def test_text_progress_writes_one_line_per_epoch_redrawn_in_place():
    model, X, y = tiny()
    out = io.StringIO()
    model.fit(X, y, epochs=2, batch_size=10, verbose=0, callbacks=[TextProgress(stream=out, every=0)])
    text = out.getvalue()
    lines = text.split("\n")
    assert len(lines) == 3 and lines[-1] == ""  # two finished epoch lines
    assert lines[0].startswith("\repoch 1/2: ") and "\repoch 2/2: " in lines[1]
    assert text.count("\r") == 2 * (4 + 1)  # a redraw per batch (every=0), then the epoch's line
    last = lines[1].split("\r")[-1]
    assert "batches" in last and "batch/s" in last and " - loss " in last and "accuracy" in last


def test_format_logs_rounds_losses_to_4_decimals_and_the_rest_to_3():
    assert format_logs({"loss": 0.123456, "accuracy": 0.98765, "val_loss": 1.0}) == \
        "loss 0.1235 - accuracy 0.988 - val_loss 1.0000"


def test_the_progress_bar_callback_draws_a_tqdm_bar_per_epoch(capsys):
    from nnlessons.widgets import ProgressBar
    model, X, y = tiny()
    bar = ProgressBar()
    model.fit(X, y, epochs=2, batch_size=10, verbose=0, callbacks=[bar])
    err = capsys.readouterr().err
    assert "epoch 1/2" in err and "epoch 2/2" in err and "loss" in err and "batch" in err
    assert bar.bar is None  # every bar closed


def test_the_engine_loads_no_progress_library_whatever_verbose_says():
    code = ("import os, sys, numpy as np, nnlessons as nl\n"
            "os.environ['NNLESSONS_PROGRESS'] = '1'\n"
            "m = nl.Sequential([nl.Dense(2, activation='softmax', input_dim=3)], rng=0)\n"
            "m.compile()\n"
            "for v in (0, 1, 2):\n"
            "    m.fit(np.ones((4, 3)), np.array([0, 1, 0, 1]), verbose=v)\n"
            "print('tqdm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines()[-1] == "False"
