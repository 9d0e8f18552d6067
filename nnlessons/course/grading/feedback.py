"""What a graded notebook may show: outputs cut to a size, no grader paths, no hidden test.

``SafeOutput`` replaces nbgrader's ``LimitOutput`` (which counts lines only, so a 5 MB print on
one line passed) in the autograde pipeline, after the kernel ran and before the scores are
saved. It never changes whether a cell has an error or a stderr stream (nbgrader's score reads
that); it changes only what the outputs say:

- each cell's text (streams, plain text, errors) is cut to ``cap`` characters, and the rich
  outputs (figures, HTML) of the whole notebook to ``rich_cap`` characters;
- live-only outputs (JavaScript, widget views) are dropped: a static feedback page shows their
  ``text/html`` or ``text/plain`` instead (the quiz's ``var element = $(...)`` text came from them);
- an error in a test cell (a hidden test's cell) shows only ``Name: message``: IPython's
  traceback would print the hidden lines it ran;
- every line of a hidden test, and every secret-looking token in one, becomes ``[hidden]``;
- grader paths (``scrub``: the kit, temp folders, Python's and the package's folders) become
  short names such as ``<kit>``.

``scrub_text`` and ``hidden_secrets`` are plain functions, tested without nbgrader.
"""
import json
import re

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Integer, Unicode

LIVE_ONLY = ("application/javascript", "application/vnd.jupyter.widget-view+json",
             "application/vnd.jupyter.widget-state+json")
TEXT_KEYS = ("text/plain",)
SECRET = re.compile(r"0x[0-9a-fA-F]{12,}|[0-9a-fA-F]{32,}")


def hidden_secrets(lines):
    """The strings a feedback must never show, from a hidden test's lines: each line of 8 or
    more characters (stripped) and each long hex token in one (a seed, a checksum)."""
    found = set()
    for line in lines:
        line = line.strip()
        if len(line) >= 8:
            found.add(line)
            found.update(SECRET.findall(line))
    return sorted(found, key=len, reverse=True)


def scrub_text(text, paths, secrets=()):
    """``text`` with each hidden ``secrets`` string replaced by ``[hidden]`` and each path of
    ``paths`` ({path: short name}, longest first) by its short name."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, "[hidden]")
    for path, name in sorted(paths.items(), key=lambda item: len(item[0]), reverse=True):
        if path and path in text:
            text = text.replace(path, name)
    return text


def cut(text, limit):
    if len(text) <= limit:
        return text, 0
    note = f"\n... output cut: {len(text):,} characters, {limit:,} shown ...\n"
    return text[:limit] + note, len(text) - limit


class SafeOutput(NbGraderPreprocessor):
    """Cap, clean and scrub every output of a graded notebook (see the module's docstring)."""

    cap = Integer(10_000, help="characters of text output kept per cell").tag(config=True)
    rich_cap = Integer(3_000_000, help="characters of figures and HTML kept per notebook").tag(config=True)
    scrub = Dict(help="{path: short name} replaced in every output").tag(config=True)
    hidden_file = Unicode("", help="JSON list of strings never shown (the hidden tests)").tag(config=True)

    def preprocess(self, nb, resources):
        self._secrets = (json.loads(open(self.hidden_file, encoding="utf-8").read())
                         if self.hidden_file else [])
        self._rich_left = self.rich_cap
        return super().preprocess(nb, resources)

    def _clean(self, text):
        return scrub_text(text, self.scrub, self._secrets)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        meta = cell.metadata.get("nbgrader", {})
        test_cell = meta.get("grade") and not meta.get("solution")
        left, kept = self.cap, []
        for output in cell.outputs:
            kind = output.output_type
            if kind == "stream" and left <= 0:
                # past the cap: stdout goes; stderr stays as one short line (nbgrader scores a
                # test cell with stderr 0, and that must not change)
                if output.name == "stderr" and not any(o.output_type == "stream" and o.name == "stderr"
                                                       and o.text.startswith("(more") for o in kept):
                    output.text = "(more output on stderr, cut)\n"
                    kept.append(output)
                continue
            kept.append(output)
            if kind == "stream":
                output.text, _ = cut(self._clean(output.text), left)
                left -= len(output.text)
            elif kind == "error":
                output.ename = self._clean(str(output.ename))[:200]
                output.evalue, _ = cut(self._clean(str(output.evalue)), 2000)   # a verdict always shows
                if test_cell:
                    output.traceback = [f"{output.ename}: {output.evalue}"]
                else:
                    text, _ = cut(self._clean("\n".join(output.traceback)), max(left, 0))
                    output.traceback = text.split("\n")
                left -= sum(len(line) for line in output.traceback)
            elif kind in ("execute_result", "display_data"):
                left = self._clean_data(output, left)
        cell.outputs = kept
        return cell, resources

    def _clean_data(self, output, left):
        data = output.get("data", {})
        for key in LIVE_ONLY:
            data.pop(key, None)
        for key in list(data):
            value = data[key]
            text = "".join(value) if isinstance(value, list) else value
            if not isinstance(text, str):
                text = json.dumps(text)
            if key in TEXT_KEYS or key.startswith("text/") and key != "text/html":
                data[key], _ = cut(self._clean(text), max(left, 0))
                left -= len(data[key])
            elif len(text) <= self._rich_left:
                data[key] = self._clean(text) if key == "text/html" else value
                self._rich_left -= len(text)
            else:
                del data[key]
                data.setdefault("text/plain", "(left out: the feedback's size limit for figures)")
        if not data:
            data["text/plain"] = "(an interactive output: it shows only in a running notebook)"
        output.data = data
        return left
