"""``python -m nnlessons``: every subcommand run as a learner would, in a subprocess, with its output
and exit code checked, bad arguments included; and the lecture-mode slide decks."""
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from lesson_list import LESSON_PATHS

from nnlessons.course import cli, lessons, slides
from nnlessons.course.commands import args as cli_args

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
REAL_LESSONS = LESSON_PATHS  # every one must exist: a renamed lesson fails, never skips


def run(*args, timeout=300, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "nnlessons", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env)


def write_lesson(folder, name, cells):
    """A notebook of (cell_type, source, slide_type) cells, as nbformat 4 JSON."""
    nb = {"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "cells": []}
    for i, (kind, source, slide) in enumerate(cells):
        cell = {"cell_type": kind, "id": f"c{i}", "metadata": {"slideshow": {"slide_type": slide}},
                "source": source}
        if kind == "code":
            cell.update(outputs=[], execution_count=None)
        nb["cells"].append(cell)
    path = Path(folder) / name
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture
def lesson_folder(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    write_lesson(folder, "00_welcome.ipynb", [
        ("markdown", "# Welcome to the course\nWhat you will learn.", "slide"),
        ("code", "print('hi')", "-")])
    write_lesson(folder, "03_activations.ipynb", [
        ("markdown", "Some text before any heading.", "skip"),
        ("markdown", "## Activation functions: $\\sigma(z)$\n\nWhy $y = \\max(0, z)$ helps.", "slide"),
        ("code", "# NBVAL_IGNORE_OUTPUT\nx = 1 + 1\nprint(x)", "fragment"),
        ("markdown", "### The pitfall of no activation", "subslide"),
        ("markdown", "## Hidden from the deck", "skip"),
        ("markdown", "## Key insight & quiz <3", "slide")])
    (folder / "notes.ipynb").write_text("{}")            # not a lesson: no NN_ prefix
    return folder


# --- the parser ------------------------------------------------------------------------------------
def test_help_lists_every_subcommand():
    result = run("--help")
    assert result.returncode == 0
    for command in ("list", "lab", "editions", "train", "check", "slides"):
        assert command in result.stdout


@pytest.mark.parametrize("args,message", [
    ((), "required: COMMAND"),
    (("bogus",), "invalid choice: 'bogus'"),
    (("train", "--layers", "12,abc"), "argument --layers: expected hidden layer sizes"),
    (("train", "--layers", "128,0"), "argument --layers"),
    (("train", "--epochs", "0"), "argument --epochs: expected a positive whole number, got 0"),
    (("train", "--epochs", "two"), "argument --epochs: expected a positive whole number, got 'two'"),
    (("train", "--lr", "-0.1"), "argument --lr: expected a positive number"),
    (("train", "--lr", "nan"), "argument --lr: expected a positive number"),
    (("train", "--batch-size", "0"), "argument --batch-size"),
    (("train", "--data", "imagenet"), "argument --data: invalid choice: 'imagenet'"),
    (("train", "--hidden", "3"), "unrecognized arguments: --hidden 3"),
    (("lab", "--port", "70000"), "argument --port: a port is a number from 1 to 65535"),
    (("lab", "--port", "http"), "argument --port"),
    (("slides", "03", "--all"), "not both"),
])
def test_bad_arguments_exit_2_with_a_clear_message(args, message):
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "usage: python -m nnlessons" in result.stderr


@pytest.mark.parametrize("text,expected", [("128,64", (128, 64)), ("10", (10,)), (" 8 , 4 ", (8, 4)),
                                           ("", ()), ("none", ())])
def test_layer_sizes_parse(text, expected):
    assert cli_args.layer_sizes(text) == expected


def test_every_command_module_is_found_in_its_order():
    """cli.py lists no command: each module of commands/ with ``register`` is one (issue 24)."""
    found = [m.__name__.rpartition(".")[2] for m in cli.command_modules()]
    known = ["lab", "editions", "train", "doctor", "publish"]  # a new module may sit between them
    assert [name for name in found if name in known] == known
    orders = [m.ORDER for m in cli.command_modules()]
    assert len(set(orders)) == len(orders), "two command modules share an ORDER"
    shown = re.findall(r"^    (\w+) ", run("--help").stdout, flags=re.M)
    known = ["list", "lab", "editions", "train", "check", "slides", "site"]
    assert [name for name in shown if name in known] == known


def test_importing_the_cli_loads_no_heavy_module():
    code = ("import sys, nnlessons, nnlessons.course.cli, nnlessons.course.lessons, nnlessons.course.slides; "
            "nnlessons.course.cli.build_parser(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'ipywidgets', "
            "'tqdm', 'nbconvert', 'nbformat', 'jupyterlab', 'IPython'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


# --- list ------------------------------------------------------------------------------------------
def test_list_prints_the_lesson_map(lesson_folder):
    result = run("list", "--notebooks", lesson_folder)
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if re.match(r"\s+\d\d ", line)]
    assert [line[0] for line in lines] == ["00", "03"]
    assert "Welcome to the course" in result.stdout
    assert "Activation functions: $\\sigma(z)$" in result.stdout  # first heading, not skipped text
    assert "notes.ipynb" not in result.stdout
    assert "2 lessons in" in result.stdout


def test_list_reads_the_repository_notebooks():
    result = run("list")
    assert result.returncode == 0, result.stderr
    for path in REAL_LESSONS:
        title = lessons.lesson_title(path)
        assert title != path.stem, f"{path.name} has no markdown heading"
        assert re.search(rf"^  {path.name[:2]}  {re.escape(lessons.short_title(path.name[:2], title))} +"
                         rf"{re.escape(path.name)}$", result.stdout, flags=re.M), result.stdout


def test_list_without_a_notebooks_folder_says_where_it_looked(tmp_path):
    result = run("list", "--notebooks", tmp_path / "nowhere")
    assert result.returncode == 1
    assert f"No notebooks folder at {tmp_path / 'nowhere'}" in result.stderr
    assert "pip install -e ." in result.stderr


@pytest.mark.parametrize("title,short", [("05 · A first network", "A first network"),
                                         ("Lesson 5: A first network", "A first network"),
                                         ("05 - A first network", "A first network"),
                                         ("A first network", "A first network"),
                                         ("50 ways to fail", "50 ways to fail")])
def test_short_titles_drop_the_repeated_number(title, short):
    assert lessons.short_title("05", title) == short


def test_the_default_notebooks_folder_is_the_checkout():
    assert lessons.notebooks_dir() == NOTEBOOKS


# --- lab -------------------------------------------------------------------------------------------
def test_lab_dry_run_writes_the_learner_edition_and_prints_the_jupyterlab_command(lesson_folder, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    result = run("lab", "--dry-run", "--no-browser", "--port", "8899", "--notebooks", lesson_folder,
                 cwd=work)
    assert result.returncode == 0, result.stderr
    learner = work / "nnlessons-course"  # the default: a folder in the current directory
    cmd = result.stdout.strip().splitlines()[-1]
    assert "-m jupyterlab" in cmd
    assert f"--ServerApp.root_dir={learner}" in cmd
    assert "--ServerApp.port=8899" in cmd and "--no-browser" in cmd
    assert cmd.split()[-1].endswith("00_welcome.ipynb")  # opens lesson 00
    assert sorted(p.name for p in learner.glob("*.ipynb")) == \
        sorted(p.name for p in lesson_folder.glob("[0-9][0-9]_*.ipynb"))
    assert "learner edition" in result.stdout


def test_lab_writes_into_the_folder_given_and_no_launch_stops_there(lesson_folder, tmp_path):
    mine = tmp_path / "my course"
    result = run("lab", mine, "--no-launch", "--notebooks", lesson_folder)
    assert result.returncode == 0, result.stderr
    assert "jupyterlab" not in result.stdout and "Starting JupyterLab" not in result.stdout
    assert sorted(p.name for p in mine.glob("*.ipynb")) == ["00_welcome.ipynb", "03_activations.ipynb"]
    assert f"in {mine.resolve()}: 2 lesson(s) written, 0 kept" in result.stdout


def test_lab_keeps_the_learners_work_and_resets_a_lesson_on_request(lesson_folder, tmp_path):
    folder = tmp_path / "course"
    run("lab", folder, "--no-launch", "--notebooks", lesson_folder)
    mine = next(folder.glob("00_*.ipynb"))
    mine.write_text("{}")
    result = run("lab", folder, "--no-launch", "--notebooks", lesson_folder)
    assert "0 lesson(s) written, 2 kept" in result.stdout and mine.read_text() == "{}"
    result = run("lab", folder, "--no-launch", "--notebooks", lesson_folder, "--reset", "0")
    assert "1 lesson(s) written" in result.stdout and mine.read_text() != "{}"
    assert mine.with_suffix(".ipynb.bak").read_text() == "{}"
    mine.write_text('{"second": 1}')
    result = run("lab", folder, "--no-launch", "--notebooks", lesson_folder, "--reset", "all")
    assert "2 lesson(s) written" in result.stdout and "old copies of 00, 03" in result.stdout
    assert mine.with_suffix(".ipynb.bak").read_text() == "{}"  # an older backup is never lost
    assert mine.with_suffix(".ipynb.bak2").read_text() == '{"second": 1}'


@pytest.mark.parametrize("args,message", [
    (("--reset", "five"), "--reset expects a lesson number like 05, or 'all'; got five"),
    (("{notebooks}",), "holds the instructor notebooks themselves"),
])
def test_lab_refuses_what_would_lose_or_mix_up_work(lesson_folder, args, message):
    args = [str(a).replace("{notebooks}", str(lesson_folder)) for a in args]
    result = run("lab", *args, "--no-launch", "--notebooks", lesson_folder)
    assert result.returncode == 1 and message in result.stderr, result.stderr


def test_lab_instructor_opens_the_notebooks_themselves(lesson_folder):
    result = run("lab", "--dry-run", "--instructor", "--notebooks", lesson_folder)
    assert f"--ServerApp.root_dir={lesson_folder}" in result.stdout.splitlines()[-1]


def test_lab_without_a_notebooks_folder_fails_clearly(tmp_path):
    result = run("lab", "--dry-run", "--notebooks", tmp_path / "missing")
    assert result.returncode == 1
    assert "No notebooks folder" in result.stderr


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_lab_really_starts_and_stops(lesson_folder, tmp_path):
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    args = ["lab", "--no-browser", "--port", str(port), "--notebooks", str(lesson_folder)]
    proc = subprocess.Popen([sys.executable, "-m", "nnlessons", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True,
                            cwd=tmp_path)
    try:
        info = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as r:
                    info = json.loads(r.read())
                    break
            except OSError:
                time.sleep(0.5)
        assert info and "version" in info, f"JupyterLab did not answer on port {port}"
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)  # it exits within 30 s of SIGTERM ...
        # ... cleanly (JupyterLab shuts its server down on SIGTERM), and the port is free again
        assert proc.returncode in (0, -signal.SIGTERM), (proc.returncode, output[-2000:])
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2)
        assert f"Starting JupyterLab on {tmp_path / 'nnlessons-course'}" in output
        assert f"127.0.0.1:{port}/lab" in output or f"localhost:{port}/lab" in output
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- train -----------------------------------------------------------------------------------------
def test_train_on_moons_prints_the_three_traces_and_a_progress_bar():
    env = dict(os.environ, NNLESSONS_PROGRESS="1")  # the root conftest turns bars off for nbval
    result = run("train", "--data", "moons", "--layers", "16,8", "--epochs", "3", "--seed", "1", env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for part in ("Data flow: moons", "Data flow: 2-16-8-2", "Training trace", "Epoch",
                 "Test: loss", "Prediction trace: 3 layers", "Class probabilities"):
        assert part in out, part
    assert re.search(r"epoch 3/3: 100%.*batch/s", result.stderr)  # tqdm's bar, on stderr


def test_train_on_a_subset_of_mnist():
    result = run("train", "--data", "mnist", "--n-train", "600", "--n-test", "200", "--layers", "32",
                 "--epochs", "2", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "600 training and 200 test examples, 10 classes" in result.stdout
    assert "784-32-10" in result.stdout
    assert "epoch 2/2 - loss" in result.stdout  # --no-progress: one line per epoch
    accuracy = float(re.search(r"Test: loss [\d.]+, accuracy ([\d.]+)", result.stdout).group(1))
    assert accuracy > 0.5


def test_train_with_no_hidden_layer_and_sgd():
    result = run("train", "--data", "blobs", "--layers", "", "--optimizer", "sgd", "--lr", "0.5",
                 "--epochs", "2", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "Data flow: 2-2 on the 800 training rows" in result.stdout


def test_train_reports_a_diverging_run_as_an_error():
    result = run("train", "--data", "moons", "--optimizer", "sgd", "--lr", "1e30", "--epochs", "2",
                 "--no-progress")
    assert result.returncode == 1
    assert result.stderr.startswith("nnlessons train: error:")
    assert "Traceback" not in result.stderr


# --- check -----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_check_passes_on_this_machine():
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr
    for part in ("Python 3.", "numpy ", "matplotlib ", "ipywidgets ", "jupyterlab ",
                 "train-images-idx3-ubyte.gz: 47,040,016 bytes", "test accuracy",
                 "All checks passed"):
        assert part in result.stdout, part
    assert "FAIL" not in result.stdout


@pytest.mark.slow
def test_check_fails_when_the_data_is_corrupt(tmp_path):
    from nnlessons.datasets.mnist import DATA_DIR, FILES
    for name in FILES:
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    labels = tmp_path / "t10k-labels-idx1-ubyte.gz"
    labels.write_bytes(labels.read_bytes()[:-100])  # truncated
    result = run("check", "--mnist-dir", tmp_path)
    assert result.returncode == 1
    assert "[FAIL] MNIST files" in result.stdout
    assert "t10k-labels-idx1-ubyte.gz" in result.stdout
    assert "train-images-idx3-ubyte.gz: 47,040,016 bytes" in result.stdout  # the good ones still pass
    assert "problem(s) found" in result.stderr


# --- slides ----------------------------------------------------------------------------------------
def headings_in_html(text):
    found = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", text, flags=re.S)
    return [" ".join(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "")))
            for _, inner in found]


def notebook_headings(path):
    """(heading words, skipped?) for every markdown heading in the notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        skipped = cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "skip"
        in_code = False
        for line in source.splitlines():
            if line.lstrip().startswith("```"):
                in_code = not in_code
            match = None if in_code else re.match(r"\s{0,3}#{1,6}\s+(.+)", line)
            if match:
                words = " ".join(re.findall(r"\w+", re.sub(r"<[^>]+>", "", match.group(1))))
                out.append((words, skipped))
    return out


def assert_offline_deck(deck):
    text = deck.read_text(encoding="utf-8")
    assert slides.external_resources(text) == []
    for url in re.findall(r"""<(?:script|link)\b[^>]*?(?:src|href)=["']?([^"' >]+)""", text):
        assert not url.startswith(("http:", "https:", "//")), url
        assert (deck.parent / url).is_file(), f"{deck.name} loads {url}, which is not beside it"
    assert not re.search(r"https?://[^\"' ]*reveal", text), "reveal.js must come from disk"
    assert (deck.parent / "reveal.js" / "LICENSE").is_file()
    assert (deck.parent / "katex" / "LICENSE").is_file()
    return text


@pytest.mark.slow
def test_slides_make_an_offline_deck_with_the_lessons_headings(lesson_folder, tmp_path):
    out = tmp_path / "decks"
    result = run("slides", "3", "--notebooks", lesson_folder, "--out", out)
    assert result.returncode == 0, result.stderr
    deck = out / "03_activations.slides.html"
    assert result.stdout.strip() == str(deck.resolve())
    text = assert_offline_deck(deck)
    shown = headings_in_html(text)
    for words, skipped in notebook_headings(lesson_folder / "03_activations.ipynb"):
        assert (words in shown) != skipped, (words, shown)
    assert "NBVAL_IGNORE_OUTPUT" not in text  # test markers are not shown to a class
    assert text.count('class="slides"') == 1 and "<section" in text


@pytest.mark.slow
def test_slides_default_to_a_slides_folder_in_the_current_directory(lesson_folder, tmp_path):
    result = run("slides", "00", "--notebooks", lesson_folder, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "slides" / "00_welcome.slides.html").is_file()
    assert (tmp_path / "slides" / "reveal.js" / "dist" / "reveal.js").is_file()


@pytest.mark.slow
def test_slides_all(lesson_folder, tmp_path):
    result = run("slides", "--all", "--notebooks", lesson_folder, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.slides.html")) == [
        "00_welcome.slides.html", "03_activations.slides.html"]


@pytest.mark.parametrize("args,message", [
    (("42",), "No lesson '42'"),
    ((), "Say which lesson"),
])
def test_slides_errors(lesson_folder, tmp_path, args, message):
    result = run("slides", *args, "--notebooks", lesson_folder, "--out", tmp_path)
    assert result.returncode == 1
    assert message in result.stderr


def test_a_deck_that_would_load_from_the_network_is_refused():
    assert slides.external_resources('<script src="https://unpkg.com/reveal.js@4/dist/reveal.js">')
    assert slides.external_resources("<link rel=stylesheet href=//cdn.example/x.css>")
    assert not slides.external_resources('<script src="reveal.js/dist/reveal.js"></script>'
                                          '<a href="https://example.org">a link is fine</a>'
                                          '<img src="data:image/png;base64,AAAA">')


def test_the_vendored_assets_keep_their_licences():
    for name in ("reveal.js", "katex"):
        licence = (slides.VENDOR_DIR / name / "LICENSE").read_text()
        assert "MIT" in licence or "Permission is hereby granted" in licence


@pytest.mark.slow
@pytest.mark.parametrize("path", REAL_LESSONS, ids=[p.stem for p in REAL_LESSONS])
def test_every_real_lesson_becomes_an_offline_deck(path, tmp_path):
    assert path.is_file(), f"lesson {path.name} is missing from notebooks/"
    result = run("slides", path.name[:2], "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    text = assert_offline_deck(tmp_path / f"{path.stem}.slides.html")
    shown = headings_in_html(text)
    expected = [words for words, skipped in notebook_headings(path) if not skipped]
    assert expected, f"{path.name} has no headings on its slides"
    missing = [words for words in expected if words not in shown]
    assert not missing, f"headings of {path.name} missing from its deck: {missing}"


def _nb(cells):
    import nbformat
    return nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def _cell(kind, source, slide, outputs=None, cell_id="c"):
    cell = {"cell_type": kind, "id": cell_id, "source": source,
            "metadata": {"slideshow": {"slide_type": slide}}}
    if kind == "code":
        cell.update(outputs=outputs or [], execution_count=1)
    return cell


def _kinds(nb):
    return [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in nb.cells]


def test_a_deck_is_one_flat_row_of_slides():
    nb = slides.prepare(_nb([_cell("markdown", "# A", "slide", cell_id="a"),
                             _cell("markdown", "## B", "subslide", cell_id="b"),
                             _cell("markdown", "text", "fragment", cell_id="f")]))
    assert _kinds(nb) == ["slide", "slide", "fragment"]


def test_a_cell_that_would_overflow_its_slide_starts_a_new_one():
    text = {"output_type": "stream", "name": "stdout", "text": "row\n" * 12}
    nb = slides.prepare(_nb([_cell("markdown", "# Title", "slide", cell_id="t")] +
                            [_cell("code", f"print({i})", "fragment", [text], cell_id=f"c{i}")
                             for i in range(4)]))
    kinds = _kinds(nb)
    assert kinds[0] == "slide" and "slide" in kinds[1:] and len(kinds) == 5
    starts = [i for i, k in enumerate(kinds) if k == "slide"] + [len(kinds)]
    for a, b in zip(starts, starts[1:]):  # every slide fits the budget
        assert sum(sum([s] + o) for s, o in map(slides.cell_height, nb.cells[a:b])) <= slides.SLIDE_BUDGET


def test_a_cell_taller_than_a_slide_shows_its_code_then_its_outputs():
    text = {"output_type": "stream", "name": "stdout", "text": "row\n" * 20}
    nb = slides.prepare(_nb([_cell("code", "x = 1\n" * 12, "slide", [text, dict(text)], cell_id="big")]))
    assert _kinds(nb) == ["slide", "slide", "slide"]
    code, *outputs = nb.cells
    assert code.outputs == [] and code.source.startswith("x = 1")
    assert all(c.metadata.transient["remove_source"] and len(c.outputs) == 1 for c in outputs)
    assert len({c.id for c in nb.cells}) == 3


def test_the_deck_fits_1280x720_walks_linearly_and_hides_the_arrows(lesson_folder, tmp_path):
    deck = slides.build_deck(lesson_folder / "03_activations.ipynb", tmp_path)
    text = deck.read_text(encoding="utf-8")
    for setting in ('navigationMode: "linear"', "width: 1280", "height: 720", "controls: false",
                    "disableLayout: false", "white-space: pre-wrap"):
        assert setting in text, setting


# --- site ------------------------------------------------------------------------------------------
def test_consecutive_prints_become_one_output_on_the_site():
    from nnlessons.course.site import merge_streams
    outs = [{"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]},
            {"output_type": "stream", "name": "stdout", "text": "c\n"},
            {"output_type": "stream", "name": "stderr", "text": "warn\n"},
            {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}},
            {"output_type": "stream", "name": "stdout", "text": "d\n"}]
    merged = merge_streams(outs)
    assert [(o["output_type"], o.get("text")) for o in merged] == [
        ("stream", "a\nb\nc\n"), ("stream", "warn\n"), ("display_data", None), ("stream", "d\n")]


def test_the_site_settings_name_a_valid_theme_mode_and_run_no_notebook(tmp_path):
    from nnlessons.course.site import sphinx_config
    config = sphinx_config(tmp_path)
    assert config["html_context"]["default_mode"] in ("light", "dark", "auto")
    assert config["nb_execution_mode"] == "off" and config["nb_merge_streams"] is True


def test_the_run_box_points_to_the_learner_edition():
    from nnlessons.course.site import make_static
    nb = make_static({"cells": [{"cell_type": "markdown", "source": "# T", "metadata": {}}]},
                     "08_optimizers.ipynb")
    box = nb["cells"][1]["source"]
    assert "`nnlessons-course/08_optimizers.ipynb`" in box  # where `nnlessons lab` writes it
    assert "lab/tree/learner/08_optimizers.ipynb" in box  # where Binder's postBuild writes it
    assert "notebooks/" not in box


@pytest.mark.slow
def test_the_site_writes_nothing_outside_its_out_folder(tmp_path):
    pytest.importorskip("myst_nb")
    before = set(os.listdir(ROOT))
    result = run("site", "--notebooks", NOTEBOOKS, cwd=tmp_path)  # the default --out: ./site
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(os.listdir(tmp_path)) == ["site"], "the build wrote beside --out"
    assert (tmp_path / "site" / "index.html").is_file()
    assert not list((tmp_path / "site").rglob("jupyter_execute"))
    assert not set(os.listdir(ROOT)) - before, "the build wrote into the repository"
