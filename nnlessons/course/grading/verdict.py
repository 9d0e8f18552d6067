"""The hidden tests' verdict, decided in the grader's process, never in the student's kernel.

A kit's hidden cell only runs the answer on fresh inputs and shows what it gave (a payload output of
type ``hidden.MIME``), then raises ``hidden.GRADED_OUTSIDE`` (so plain ``nbgrader autograde`` scores
it 0). ``HiddenVerdict`` runs after the kernel (after ``SafeExecute``, before ``SafeOutput`` and
``SaveAutoGrades``): for each hidden test it reads the LAST payload the cell showed, draws the same
fresh inputs from the kit's private record (``KIT/course/.nnlessons_hidden/``: seed and reference,
out of the kernel's reach in the root sandbox), runs the reference and compares (``hidden.verdict``).
The cell then ends without an error (nbgrader gives the points) or with one error, "a hidden case
failed: NAME (KIND)". A missing, forged or unreadable payload fails; payloads are removed from
every cell, so no feedback shows one.

``judge`` is a plain function of a cell's outputs, tested without nbgrader or a kernel.
"""
import json

from ..exercises import hidden
from ..exercises.kit import hidden_names, read_records

REPLACED = "the grader's checker was replaced: "


def error(message):
    """A cell's error output saying ``message`` (what nbgrader scores 0)."""
    return {"output_type": "error", "ename": "AssertionError", "evalue": message,
            "traceback": [f"AssertionError: {message}"]}


def is_payload(output):
    return output.get("output_type") == "display_data" and hidden.MIME in output.get("data", {})


def judge(outputs, names, records):
    """The outputs a hidden test cell keeps once judged: ``outputs`` without payloads and without
    the cell's fixed 'graded by' error, plus one error per exercise of ``names`` that failed."""
    payloads, graded_at = {}, None
    for index, output in enumerate(outputs):
        if is_payload(output):
            payload = output["data"][hidden.MIME]
            if isinstance(payload, dict) and isinstance(payload.get("name"), str):
                payloads[payload["name"]] = (index, payload)
        elif output.get("output_type") == "error":
            graded_at = index if output.get("evalue") == hidden.GRADED_OUTSIDE else None
    kept = [o for o in outputs if not is_payload(o) and not (
        o.get("output_type") == "error" and o.get("evalue") == hidden.GRADED_OUTSIDE)]
    replaced = any(o.get("output_type") == "error" and str(o.get("evalue", "")).startswith(REPLACED)
                   for o in outputs)
    for name in names:
        index, payload = payloads.get(name, (None, None))
        if replaced and payload is None:
            continue    # the kernel's own error says so and scores 0
        record = records.get(name)
        try:
            if record is None or payload is None or graded_at is None or index > graded_at:
                hidden.fail(name, "no result from the hidden test")
            data = json.loads(record["data"])
            hidden.verdict(data, int(record["seed"], 16), payload)
        except AssertionError as failed:
            kept.append(error(str(failed)))
        except Exception:  # noqa: BLE001 - a verdict that cannot be reached is a failure
            kept.append(error(f"a hidden case failed: {name} (no readable result)"))
    return kept


try:
    from nbgrader.preprocessors import NbGraderPreprocessor
    from traitlets import Unicode
except ImportError:     # nbgrader is the test extra: judge() works without it
    NbGraderPreprocessor = None

if NbGraderPreprocessor is not None:
    class HiddenVerdict(NbGraderPreprocessor):
        """Judge every hidden test cell from its payload and the kit's record (see the module)."""

        records = Unicode("", help="the kit's course/.nnlessons_hidden folder").tag(config=True)

        def preprocess(self, nb, resources):
            self._records = read_records(self.records) if self.records else {}
            return super().preprocess(nb, resources)

        def preprocess_cell(self, cell, resources, index):
            if cell.cell_type != "code":
                return cell, resources
            names = hidden_names(cell.source)
            if names and not cell.metadata.get("nbgrader", {}).get("solution"):
                from nbformat import from_dict
                cell.outputs = [from_dict(o) for o in judge(cell.outputs, names, self._records)]
            else:
                cell.outputs = [o for o in cell.outputs if not is_payload(o)]
            return cell, resources
