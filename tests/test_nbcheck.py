"""nbcheck's parts (issue 15): the tolerance per kind of number, the mode, the figure comparison,
the lock files. tests/test_nbcheck_bites.py runs the whole plugin on a copy of a lesson."""
import io
from importlib import metadata

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nbcheck import figures, mode, tolerance  # noqa: E402


@pytest.mark.parametrize("stored, got", [
    ("loss 0.1342", "loss 0.1341"),                       # one unit of the last digit
    ("accuracy 0.973 after 5 epochs", "accuracy 0.975 after 5 epochs"),
    ("[ 0.10 -0.25]", "[-0.10 -0.25]".replace("-0.10", " 0.11")),  # numpy's padding may differ
    ("mean np.float64(0.5)", "mean 0.5"),                  # numpy 2 reprs read as numpy 1's
    ("max relative error 3.4e-11", "max relative error 4.2e-11"),  # both below TINY: noise
    ("z = -0.00", "z = 0.00"),
])
def test_small_float_drift_agrees(stored, got):
    assert tolerance.disagreement(stored, got) is None


@pytest.mark.parametrize("stored, got, says", [
    ("loss 0.1342", "loss 0.1398", "0.1342 became 0.1398"),
    ("X: (4, 2)", "X: (4, 3)", "integer 2 became 3"),
    ("272 of 10000 wrong", "264 of 10000 wrong", "integer 272 became 264"),
    ("Total params: 65", "Total parameters: 65", "words differ"),
    ("a\nb", "a", "2 lines stored, 1 printed"),
    ("ratio 1.0", "ratio 1", "an integer and a float"),
])
def test_real_changes_disagree_and_say_why(stored, got, says):
    assert says in tolerance.disagreement(stored, got)


def test_after_training_only_the_kind_of_each_number_is_compared():
    assert tolerance.disagreement("acc 0.951 (272 wrong)", "acc 0.937 (264 wrong)", values=False) is None
    assert "an integer and a float" in tolerance.disagreement("acc 0.951", "acc 1", values=False)
    assert "words differ" in tolerance.disagreement("acc 0.951", "loss 0.951", values=False)


def _lock(tmp_path, numpy_version, facts=None):
    facts = facts or mode.machine_facts()
    path = tmp_path / "lock.txt"
    path.write_text(f"# python: {facts['python']}\n# blas: {facts['blas']}\n"
                    f"numpy=={numpy_version}\nnot-installed-anywhere==1.0\n")
    return path


def test_strict_exactly_when_installed_versions_python_and_blas_match_the_lock(tmp_path, monkeypatch):
    monkeypatch.delenv(mode.ENV_VAR, raising=False)
    here = metadata.version("numpy")
    assert mode.choose(lock=_lock(tmp_path, here)).mode == "strict"
    other = mode.choose(lock=_lock(tmp_path, "0.0.1"))
    assert other.mode == "tolerant" and f"numpy {here} (lock 0.0.1)" in other.reason
    facts = dict(mode.machine_facts(), blas="Linux-x86_64 openblas Haswell")
    if facts["blas"] != mode.machine_facts()["blas"]:
        assert "blas" in mode.choose(lock=_lock(tmp_path, here, facts)).reason
    assert mode.choose(lock=tmp_path / "missing.txt").mode == "tolerant"


def test_the_mode_can_be_forced_and_a_wrong_name_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(mode.ENV_VAR, "tolerant")
    assert mode.choose(lock=_lock(tmp_path, metadata.version("numpy"))).mode == "tolerant"
    assert mode.choose("strict").mode == "strict"        # the option wins over the variable
    with pytest.raises(ValueError, match="one of auto, strict, tolerant"):
        mode.choose("lenient")


def _png(color):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [0, 1, 0], color=color, linewidth=3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    import base64
    return base64.b64encode(buffer.getvalue()).decode()


def test_a_changed_figure_fails_and_leaves_expected_actual_and_diff(tmp_path):
    blue, red = _png("tab:blue"), _png("tab:red")
    assert figures.compare(blue, blue, 0.5, tmp_path, "cell03-fig1") is None
    why = figures.compare(blue, red, 0.5, tmp_path, "cell03-fig1")
    assert "RMS" in why and "cell03-fig1-diff.png" in why
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cell03-fig1-actual.png", "cell03-fig1-diff.png", "cell03-fig1-expected.png"]


def test_oldest_constraints_follow_pyproject_lower_bounds():
    import lock
    assert (lock.OLDEST.read_text() == lock.oldest_text()), "run python scripts/lock.py"


def test_the_lock_pins_every_dependency_of_pyproject():
    import lock
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    pins, facts = mode.read_lock(lock.LOCK)
    assert {"python", "blas"} <= set(facts)
    proj = lock.project()
    for extra in ("",) + tuple(proj["optional-dependencies"]):
        for req in map(Requirement, proj["optional-dependencies"][extra] if extra else proj["dependencies"]):
            name = canonicalize_name(req.name)
            assert name in pins, f"{name} is not in requirements/lock.txt: run python scripts/lock.py"
            assert req.specifier.contains(pins[name], prereleases=True), \
                f"lock pins {name}=={pins[name]} outside pyproject's {req}"


def test_a_figure_description_is_recognised_in_both_of_its_forms():
    from nbcheck.plugin import _is_figure_description
    assert _is_figure_description("Figure description: training loss falls from 0.3 to 0.06")
    assert _is_figure_description("<details><summary>Figure description</summary><p>x</p></details>")
    assert not _is_figure_description("epoch 1: loss 0.30")
