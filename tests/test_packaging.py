"""The project's own files agree with each other: dependency lists, README commands and CI."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pyproject():
    if sys.version_info >= (3, 11):
        import tomllib
        return tomllib.loads((ROOT / "pyproject.toml").read_text())
    import tomli  # pragma: no cover - Python 3.10 only
    return tomli.loads((ROOT / "pyproject.toml").read_text())


def _name(requirement):
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_runtime_dependencies_as_pyproject():
    deps = {_name(d) for d in _pyproject()["project"]["dependencies"]}
    text = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    conda = {_name(m) for m in re.findall(r"^  - ([a-z][\w.-]*[^:\n]*)$", text, flags=re.M)}
    conda -= {"python", "pip"}
    assert conda == deps, f"environment.yml has {sorted(conda)}, pyproject.toml has {sorted(deps)}"


def test_environment_yml_installs_the_package_with_test_extras():
    assert "- -e .[test]" in (ROOT / "environment.yml").read_text()


def test_test_extras_hold_the_test_tools():
    extras = {_name(d) for d in _pyproject()["project"]["optional-dependencies"]["test"]}
    assert {"pytest", "nbval", "hypothesis", "playwright"} <= extras


def test_package_never_depends_on_a_framework():
    deps = {_name(d) for d in _pyproject()["project"]["dependencies"]}
    assert not deps & {"torch", "tensorflow", "jax", "keras"}


def test_scikit_learn_serves_the_lessons_only():
    """Lesson 18 compares gradient boosting (scikit-learn) with a network; the package itself
    never imports scikit-learn, not even inside a function."""
    import ast
    for path in (ROOT / "nnlessons").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.split(".")[0] == "sklearn" for n in names), path


def _readme_commands():
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```bash\n(.*?)\n```", text, flags=re.S)


def test_readme_test_command_is_what_ci_runs():
    test_cmds = [c for c in _readme_commands() if "pytest" in c]
    assert test_cmds, "README.md shows no test command"
    ci = (ROOT / ".ci" / "run").read_text()
    assert test_cmds[0].strip() in ci, "`.ci/run` must run the README's test command verbatim"


def test_the_sdist_and_the_wheel_carry_the_lessons():
    """MANIFEST.in puts the numbered notebooks in the sdist; setup.py's build step copies the same
    glob into the wheel, and lessons.py looks for that glob (tests/test_wheel.py builds one)."""
    from nnlessons.course import lessons
    manifest = (ROOT / "MANIFEST.in").read_text()
    setup = (ROOT / "setup.py").read_text()
    assert f"include notebooks/{lessons.LESSON_GLOB}" in manifest
    assert f'LESSON_GLOB = "{lessons.LESSON_GLOB}"' in setup
    assert '"build_py": BuildWithLessons' in setup
    assert _pyproject()["project"]["scripts"]["nnlessons"] == "nnlessons.course.cli:main"


def test_ci_runs_the_wheel_and_the_newest_legs():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/wheel" in ci and "bash .ci/newest" in ci
    newest = (ROOT / ".ci" / "newest").read_text()
    assert "pip\" install -q --upgrade numpy matplotlib ipywidgets jupyterlab" in newest
    assert "--nbcheck-mode=tolerant" in newest and "constraint" not in newest.split("set -euo")[1]
    wheel = (ROOT / ".ci" / "wheel").read_text()
    for step in ("-m build", "nnlessons\" list", "nnlessons\" check", "lab course --no-launch",
                 "--nbval", 'cd "$work"'):
        assert step in wheel, step
