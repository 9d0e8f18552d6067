"""The layout rule README describes ("Where things are"), read from the source with ``ast``
(nothing is imported).

The engine a learner reads sits at the top of ``nnlessons/``; the teaching machinery lives in
rooms below it, and the repository's tools sit above the course. Imports flow one way only:

    engine  <-  traces  <-  plots  <-  widgets  <-  course  <-  nbcheck, exercise_specs, benchmarks, scripts

1. A module imports modules of its own room or of rooms to its left, never to its right.
2. Each room has its allowed third-party libraries (the standard library is always allowed), at
   any depth, lazy imports inside functions too: engine and traces NumPy only; plots adds
   matplotlib (and IPython, to show a figure's text alternative); widgets adds ipywidgets and
   tqdm; course and the tools anything.
3. A module or a name that starts with ``_`` (``_validation``, ``_im2col``, ``_helper``) is
   private to the room whose folder holds it: only modules of that room import it. Other rooms,
   and the tools above the course, use public names (``nnlessons.randomness.check_rng``).
4. No import cycles. ``nnlessons/__init__.py`` imports the engine and the traces only (so
   ``import nnlessons`` stays NumPy-only); ``nnlessons/__main__.py`` belongs to the course.
"""
import ast
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "nnlessons"
ROOMS = ("engine", "traces", "plots", "widgets", "course")
TOOLS = ("nbcheck", "exercise_specs", "benchmarks", "scripts")  # not installed; above the course
ALLOWED = {  # third-party libraries per room; None: anything
    "engine": {"numpy"},
    "traces": {"numpy"},
    "plots": {"numpy", "matplotlib", "IPython"},
    "widgets": {"numpy", "matplotlib", "IPython", "ipywidgets", "tqdm"},
    "course": None,
    **{tool: None for tool in TOOLS},
}
STDLIB = set(sys.stdlib_module_names)


def level(room):
    """Position in the flow: engine 0 ... course 4; every tool 5."""
    return ROOMS.index(room) if room in ROOMS else len(ROOMS)


def module_name(path, repo):
    parts = list(path.relative_to(repo).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room_of(module, package=PACKAGE):
    parts = module.split(".")
    if parts[0] != package:
        return parts[0]  # a tool
    if module == f"{package}.__main__":
        return "course"
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else "engine"


def is_private(part):
    return part.startswith("_") and not part.startswith("__")


def dynamic_imports(tree):
    """importlib.import_module("x") and __import__("x") with a literal name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__"):
                yield node.lineno, node.args[0].value


def imports_of(path, repo):
    """[(line, target, names)]: every import in the file, at any depth, as absolute module names.

    ``from .x import y`` targets ``pkg.x.y`` when y is a module of its own, else ``pkg.x``."""
    module = module_name(path, repo)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = [(line, target, ()) for line, target in dynamic_imports(tree)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                file = repo / Path(*sub.split("."))
                is_module = file.with_suffix(".py").is_file() or (file / "__init__.py").is_file()
                out.append((node.lineno, sub if is_module else base, (alias.name,)))
    return out


def modules(repo, package=PACKAGE, tools=TOOLS):
    found = {}
    for top in (package, *tools):
        if (repo / top).is_dir():
            found.update({module_name(p, repo): p for p in sorted((repo / top).rglob("*.py"))})
    return found


def violations(repo, package=PACKAGE, tools=TOOLS):
    """Every breach of the layout rule in the repository at ``repo``, as readable lines."""
    found, graph = [], {}
    ours = {package, *tools}
    flow = " <- ".join(ROOMS + ("the tools",))
    for name, path in modules(repo, package, tools).items():
        here = room_of(name, package)
        graph[name] = set()
        for line, target, names in imports_of(path, repo):
            where = f"{path.relative_to(repo)}:{line}"
            top = target.split(".")[0]
            if top not in ours:
                allowed = ALLOWED[here] if here in ALLOWED else None
                if top not in STDLIB and allowed is not None and top not in allowed:
                    found.append(f"{where}: {here} module {name} imports {top}; the {here} room may "
                                 f"import {', '.join(sorted(allowed))} and the standard library")
                continue
            graph[name].add(target)
            there = room_of(target, package) if target != package else "engine"
            if name == package:  # the facade: engine and traces only, so `import nnlessons` stays light
                if there not in ("engine", "traces"):
                    found.append(f"{where}: {package}/__init__.py imports the {there} room ({target})")
            elif level(there) > level(here):
                found.append(f"{where}: {here} module {name} imports {target} from the {there} "
                             f"room; imports flow {flow}")
            if there == here:
                continue
            private_parts = [p for p in target.split(".")[1:] if is_private(p)]
            if private_parts:
                found.append(f"{where}: {here} module {name} imports the private module {target} "
                             f"of the {there} room; use a public name or move it")
            private = [n for n in names if is_private(n)]
            if private:
                found.append(f"{where}: {here} module {name} imports the private name(s) "
                             f"{', '.join(private)} from {target} ({there} room); make it public or move it")
    found += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return list(dict.fromkeys(found))  # one line per breach, however many names it imports


def cycles(graph):
    """One cycle per strongly connected group of modules that import each other."""
    seen, stack, on_stack, out = set(), [], set(), []

    def visit(node):
        seen.add(node)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in on_stack:
                out.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen and nxt in graph:
                visit(nxt)
        stack.pop()
        on_stack.discard(node)

    for node in sorted(graph):
        if node not in seen:
            visit(node)
    return out


# --- the real repository ---------------------------------------------------------------------------
def test_imports_flow_one_way_with_allowed_libraries_no_cycles_and_no_private_names_crossing():
    assert violations(REPO) == []


def test_every_room_exists_and_the_engine_sits_at_the_top():
    for room in ROOMS[1:]:
        assert (REPO / PACKAGE / room / "__init__.py").is_file(), f"nnlessons/{room}/ is missing"
    for tool in TOOLS:
        assert (REPO / tool).is_dir(), f"{tool}/ is missing"
    engine = {p.stem for p in (REPO / PACKAGE).glob("*.py")}
    for name in ("activations", "initializers", "losses", "optimizers", "model", "callbacks",
                 "history", "gradcheck", "serialization", "neuron", "errors"):
        assert name in engine
    assert not engine & {"plots", "widgets", "scenes", "depth", "boundary", "live", "quiz", "cli",
                         "slides", "site"}


# --- README's room table is the tree ---------------------------------------------------------------
def readme_rooms():
    """{first cell: (what it holds, may import)} of README's room table under 'Where things are'."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def row_of(rows, folder):
    """(the row's first two cells as one text, may import) of the row whose first cell names folder."""
    hits = [key for key in rows if f"`{folder}" in key]
    assert len(hits) == 1, f"README's room table needs one row for {folder}, found {hits}"
    return hits[0] + " " + rows[hits[0]][0], rows[hits[0]][1]


def named(cell):
    """Names in backticks in a README cell: `course/`, `cli`, `quizzes/NN.json` -> course, cli, quizzes."""
    return {re.split(r"[./ (]", name.strip("`"))[0] for name in re.findall(r"`[^`]+`", cell)}


ROOM_FOLDERS = {"engine": "nnlessons/*.py", "traces": "traces/", "plots": "plots/",
                "widgets": "widgets/", "course": "course/"}


@pytest.mark.parametrize("room", ROOMS + TOOLS)
def test_readme_names_the_libraries_each_room_adds(room):
    """Each row names the third-party libraries its room may import beyond the room before it."""
    _, may_import = row_of(readme_rooms(), ROOM_FOLDERS.get(room, f"{room}/"))
    before = ALLOWED[ROOMS[ROOMS.index(room) - 1]] if room in ROOMS[1:] else set()
    if ALLOWED[room] is None:
        assert "everything" in may_import or "anything" in may_import, may_import
        return
    for library in sorted(ALLOWED[room] - before):
        assert library.lower() in may_import.lower(), f"README's {room} row omits {library}"


@pytest.mark.parametrize("room", ["engine", "widgets", "course"])
def test_readme_names_every_public_module_of_a_listing_room_and_each_exists(room):
    """The engine, widgets and course rows list their modules: none is missing, each exists."""
    text, _ = row_of(readme_rooms(), ROOM_FOLDERS[room])
    folder = REPO / PACKAGE / ("" if room == "engine" else room)
    present = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}
    present |= {p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
                and p.name not in ROOMS}
    names = named(text)
    assert present - names == set(), f"README's {room} row omits {sorted(present - names)}"
    for name in names - {room}:  # the first cell names the room's own folder
        private = name.startswith("_") and name != "_"
        if private or (room != "engine" and re.fullmatch(r"[a-z][a-z_]*", name)):
            assert (folder / name).exists() or (folder / f"{name}.py").exists(), \
                f"README's {room} row names {name}, which is not in {folder.relative_to(REPO)}/"


# --- the rule catches each kind of breach ------------------------------------------------------------
def write(root, files):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


BASE = {"pkg/__init__.py": "", "pkg/model.py": "", "pkg/a.py": "", "pkg/b.py": "",
        "pkg/_private.py": "", **{f"pkg/{room}/__init__.py": "" for room in ROOMS[1:]},
        "pkg/widgets/w.py": "", "pkg/plots/style.py": "", "pkg/course/_internal.py": "",
        "pkg/course/lessons.py": "def _secret():\n    pass\n\ndef public():\n    pass\n",
        "scripts/run.py": "", "nbcheck/__init__.py": ""}


@pytest.mark.parametrize("files, expected", [
    # third-party libraries, lazily too
    ({"pkg/model.py": "def f():\n    from tqdm.auto import tqdm\n"},
     "engine module pkg.model imports tqdm"),
    ({"pkg/model.py": "def f():\n    import matplotlib.pyplot as plt\n"},
     "engine module pkg.model imports matplotlib"),
    ({"pkg/model.py": "import importlib\nimportlib.import_module('scipy.special')\n"},
     "engine module pkg.model imports scipy"),
    ({"pkg/traces/t.py": "import matplotlib\n"}, "traces module pkg.traces.t imports matplotlib"),
    ({"pkg/plots/x.py": "import ipywidgets\n"}, "plots module pkg.plots.x imports ipywidgets"),
    ({"pkg/widgets/x.py": "import pandas\n"}, "widgets module pkg.widgets.x imports pandas"),
    # upward imports
    ({"pkg/model.py": "def f():\n    from .plots import style\n"},
     "imports pkg.plots.style from the plots room"),
    ({"pkg/plots/x.py": "from ..widgets import w\n"}, "from the widgets room"),
    ({"pkg/course/x.py": "import scripts.run\n"}, "imports scripts.run from the scripts room"),
    ({"pkg/__init__.py": "from .widgets import w\n"}, "pkg/__init__.py imports the widgets room"),
    # cycles
    ({"pkg/a.py": "from .b import x\n", "pkg/b.py": "from .a import y\n"},
     "import cycle: pkg.a -> pkg.b -> pkg.a"),
    # private modules and names across rooms
    ({"pkg/traces/t.py": "from .._private import helper\n"},
     "traces module pkg.traces.t imports the private module pkg._private of the engine room"),
    ({"pkg/plots/x.py": "from ..model import _helper\n"}, "imports the private name(s) _helper"),
    ({"scripts/run.py": "from pkg.course.lessons import _secret\n"},
     "scripts module scripts.run imports the private name(s) _secret from pkg.course.lessons"),
    ({"nbcheck/plugin.py": "import pkg.course._internal\n"},
     "imports the private module pkg.course._internal of the course room"),
])
def test_the_rule_catches_each_kind_of_breach(tmp_path, files, expected):
    write(tmp_path, {**BASE, **files})
    found = violations(tmp_path, package="pkg", tools=("scripts", "nbcheck"))
    assert any(expected in line for line in found), found


def test_a_clean_layout_passes(tmp_path):
    write(tmp_path, {**BASE,
                     "pkg/__init__.py": "from .model import M\nfrom .traces import T\n",
                     "pkg/model.py": "import numpy as np\nimport math\nfrom ._private import h\n",
                     "pkg/traces/__init__.py": "from ..model import M\n",
                     "pkg/plots/__init__.py": "import matplotlib\nfrom ..traces import T\n",
                     "pkg/widgets/__init__.py": "import ipywidgets\nfrom ..plots import p\n"
                                                "def bar():\n    from tqdm.auto import tqdm\n",
                     "pkg/course/__init__.py": "import nbformat\nfrom ..widgets import w\n"
                                               "from ._internal import x\nfrom .lessons import _secret\n",
                     "scripts/run.py": "import torch\nfrom pkg.course.lessons import public\n"
                                       "import nbcheck\n"})
    assert violations(tmp_path, package="pkg", tools=("scripts", "nbcheck")) == []
