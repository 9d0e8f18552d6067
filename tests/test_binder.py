"""binder/ agrees with pyproject.toml: what repo2docker (mybinder.org) builds is what pip installs.

repo2docker reads binder/runtime.txt (``python-X.Y``) for the Python version, installs
binder/requirements.txt, then runs binder/postBuild from the repository root. When binder/ exists,
it ignores the files at the root (pyproject.toml, environment.yml), so binder/ must be complete.
"""
import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pyproject():
    if sys.version_info >= (3, 11):
        import tomllib
        return tomllib.loads((ROOT / "pyproject.toml").read_text())
    import tomli  # pragma: no cover - Python 3.10 only
    return tomli.loads((ROOT / "pyproject.toml").read_text())


def _requirements(lines):
    """{normalised name: Requirement} of requirement lines, comments and blanks skipped."""
    found = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            found[req.name.lower().replace("_", "-")] = req
    return found


def _binder_requirements():
    return _requirements((BINDER / "requirements.txt").read_text().splitlines())


def _runtime_dependencies():
    return _requirements(_pyproject()["project"]["dependencies"])


def test_binder_is_the_only_repo2docker_folder():
    assert BINDER.is_dir()
    assert not (ROOT / ".binder").exists(), "repo2docker refuses both binder/ and .binder/"


def test_python_is_pinned_to_a_minor_version_the_package_supports():
    text = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", text)
    assert match, f"binder/runtime.txt should read 'python-3.Y' (repo2docker's format), got {text!r}"
    requires = Requirement("python" + _pyproject()["project"]["requires-python"]).specifier
    assert Version(match.group(1)) in requires, (match.group(1), str(requires))


def test_no_environment_yml_in_binder_because_it_would_override_runtime_txt():
    assert not (BINDER / "environment.yml").exists()


def test_every_runtime_dependency_with_the_same_specifier():
    binder, runtime = _binder_requirements(), _runtime_dependencies()
    missing = sorted(set(runtime) - set(binder))
    assert not missing, f"binder/requirements.txt lacks {missing}: add them as in pyproject.toml"
    for name, req in runtime.items():
        assert binder[name].specifier == req.specifier, (
            f"{name}: binder/requirements.txt says {binder[name].specifier}, "
            f"pyproject.toml says {req.specifier}")


def test_no_test_only_or_extra_packages():
    extras = set()
    for group in _pyproject()["project"].get("optional-dependencies", {}).values():
        extras |= set(_requirements(group))
    extra_in_binder = sorted(set(_binder_requirements()) - set(_runtime_dependencies()))
    assert not extra_in_binder, f"binder/requirements.txt adds {extra_in_binder}"
    assert not set(_binder_requirements()) & (extras - set(_runtime_dependencies()))


def test_post_build_installs_the_package_without_test_extras():
    path = BINDER / "postBuild"
    text = path.read_text()
    assert text.startswith("#!"), "postBuild needs a shebang line (repo2docker runs ./binder/postBuild)"
    commands = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    installs = [c for c in commands if "pip install" in c]
    assert installs and all(re.search(r"(-e|--editable)?\s*\.$", c.strip()) for c in installs), installs
    assert "[test" not in text
