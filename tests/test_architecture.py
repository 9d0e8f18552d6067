"""The layout rule of the package, read from the source with ``ast`` (nothing is imported).

The engine a learner reads sits at the top of ``nnlessons/``; the teaching machinery lives in
rooms below it, and imports flow one way only:

    engine  <-  traces  <-  plots  <-  widgets  <-  course

- an engine module never imports matplotlib, ipywidgets or a teaching room, not even inside a
  function; traces load NumPy only; plots never import ipywidgets;
- a module imports nnlessons modules of its own room or of rooms to its left;
- no import cycles; no private name (``_x``) imported from another module.
``nnlessons/__init__.py`` re-exports the engine and the traces (it must stay NumPy-only);
``nnlessons/__main__.py`` is the door to the course.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "nnlessons"
ROOMS = ("engine", "traces", "plots", "widgets", "course")
DRAWING = ("matplotlib", "ipywidgets")


def module_name(path, root):
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def room_of(module):
    parts = module.split(".")
    if module.endswith(".__main__"):
        return "course"
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else "engine"


def imports_of(path, root):
    """[(line, target, names)]: every import in the file, at any depth, as absolute module names.

    ``from .x import y`` targets ``pkg.x.y`` when y is a module of its own, else ``pkg.x``."""
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                file = root.parent / Path(*sub.split("."))
                is_module = file.with_suffix(".py").is_file() or (file / "__init__.py").is_file()
                out.append((node.lineno, sub if is_module else base, (alias.name,)))
    return out


def modules(root):
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def violations(root):
    """Every breach of the layout rule in the package at ``root``, as readable lines."""
    found, graph = [], {}
    mods = modules(root)
    top = root.name
    for name, path in mods.items():
        here = room_of(name)
        graph[name] = set()
        for line, target, names in imports_of(path, root):
            where = f"{path.relative_to(root.parent)}:{line}"
            external = target.split(".")[0]
            if not target.startswith(top + ".") and target != top:
                if external in DRAWING and (here in ("engine", "traces") or name == top):
                    found.append(f"{where}: {here} module {name} imports {external}")
                if external == "ipywidgets" and here == "plots":
                    found.append(f"{where}: plots module {name} imports ipywidgets (widgets/ does)")
                continue
            graph[name].add(target)
            there = room_of(target) if target != top else "engine"
            if name == top:  # the facade: engine and traces only, so `import nnlessons` stays light
                if there not in ("engine", "traces"):
                    found.append(f"{where}: {top}/__init__.py imports the {there} room ({target})")
            elif ROOMS.index(there) > ROOMS.index(here):
                found.append(f"{where}: {here} module {name} imports {target} from the {there} "
                             f"room; imports flow {' <- '.join(ROOMS)}")
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and target != name:
                found.append(f"{where}: {name} imports the private name(s) {', '.join(private)} "
                             f"from {target}; make it public or move it")
    found += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return found


def cycles(graph):
    """One cycle per strongly connected group of modules that import each other."""
    seen, stack, on_stack, out = set(), [], set(), []

    def visit(node, path):
        seen.add(node)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt in on_stack:
                out.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in seen and nxt in graph:
                visit(nxt, path)
        stack.pop()
        on_stack.discard(node)

    for node in sorted(graph):
        if node not in seen:
            visit(node, [])
    return out


def test_imports_flow_one_way_with_no_cycles_and_no_private_names_crossing():
    assert violations(PACKAGE) == []


def test_every_teaching_room_exists_and_the_engine_sits_at_the_top():
    for room in ROOMS[1:]:
        assert (PACKAGE / room / "__init__.py").is_file(), f"nnlessons/{room}/ is missing"
    engine = {p.stem for p in PACKAGE.glob("*.py")}
    for name in ("activations", "initializers", "losses", "optimizers", "model", "callbacks",
                 "history", "gradcheck", "serialization", "neuron", "errors"):
        assert name in engine
    assert not engine & {"plots", "widgets", "scenes", "depth", "boundary", "live", "quiz", "cli"}


def write(root, files):
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.mark.parametrize("files, expected", [
    ({"model.py": "def f():\n    import matplotlib.pyplot as plt\n"}, "engine module pkg.model imports matplotlib"),
    ({"model.py": "def f():\n    from .plots import style\n"}, "imports pkg.plots.style from the plots room"),
    ({"plots/x.py": "from ..widgets import w\n"}, "from the widgets room"),
    ({"plots/x.py": "import ipywidgets\n"}, "plots module pkg.plots.x imports ipywidgets"),
    ({"traces/t.py": "import matplotlib\n"}, "traces module pkg.traces.t imports matplotlib"),
    ({"a.py": "from .b import x\n", "b.py": "from .a import y\n"}, "import cycle: pkg.a -> pkg.b -> pkg.a"),
    ({"plots/x.py": "from ..model import _helper\n"}, "imports the private name(s) _helper"),
    ({"__init__.py": "from .widgets import w\n"}, "pkg/__init__.py imports the widgets room"),
])
def test_the_rule_catches_each_kind_of_breach(tmp_path, files, expected):
    root = tmp_path / "pkg"
    base = {"__init__.py": "", "model.py": "", "a.py": "", "b.py": "", **{
        f"{room}/__init__.py": "" for room in ROOMS[1:]}, "widgets/w.py": "", "plots/style.py": ""}
    write(root, {**base, **files})
    found = violations(root)
    assert any(expected in line for line in found), found


def test_a_clean_layout_passes(tmp_path):
    root = tmp_path / "pkg"
    write(root, {"__init__.py": "from .model import M\nfrom .traces import T\n",
                 "model.py": "import numpy as np\n", "traces/__init__.py": "from ..model import M\n",
                 "plots/__init__.py": "import matplotlib\nfrom ..traces import T\n",
                 "widgets/__init__.py": "import ipywidgets\nfrom ..plots import p\n",
                 "course/__init__.py": "from ..widgets import w\n"})
    assert violations(root) == []
