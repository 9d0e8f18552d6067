"""Prose quotes what the cells print (issue 20): a decimal number in a lesson's text (three or more
decimals, e.g. 0.3303) must stand in that lesson's outputs or code, where nbval keeps it honest.

A few prose numbers are derived by the prose itself (a difference of two printed numbers, a step
read off a printed table, a learning rate from a sentence): they are listed below with the reason.
Re-executing a lesson changes its outputs; if a quoted number moved, this test names it.
"""
import json
import re

import pytest

from lesson_list import LESSON_PATHS

DECIMAL = re.compile(r"(?<![\w.])[-−+]?\d*\.\d{3,}(?![\w.])")
DERIVED = {  # lesson: {number: why it need not be printed}
    "05": {"0.2164": "b2's step 1, from the printed b2 before and after",
           "0.1786": "b2's step 2, from the printed table",
           "0.1097": "b2's step 5, from the printed table",
           "0.00005": "the smallest learning rate of the grid, as written in the code (5e-05)",
           "0.000000005": "the rate 5e-9 of the code, written out"},
    "06": {"0.001": "Adam's learning rate, written lr=1e-3 in the code",
           "0.004": "the binomial margin of 6,000 digits at 0.97, said in words",
           "0.009": "the binomial margin of 6,000 digits, said in words"},
    "07": {"0.015": "lesson 06's printed paired difference, quoted"},
    "08": {"0.905": "0.9048 rounded to three digits",
           "0.0141": "the printed gap of the kept rate minus the largest other gap",
           "0.0247": "the printed gap of the kept rate minus the largest other gap"},
    "18": {"0.013": "0.963 - 0.950 from the printed leaderboard",
           "0.016": "the printed binomial interval's half-width, rounded"},
}


def printed_text(nb):
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for value in out.get("data", {}).values():
                parts.append(value if isinstance(value, str) else "".join(map(str, value)))
            parts.append(json.dumps(out.get("metadata", {}), ensure_ascii=False))
    return "\n".join(parts)


def unprinted_numbers(nb, allowed=()):
    printed = printed_text(nb)
    found = []
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"\$[^$]*\$", " ", "".join(cell["source"]))   # formulas are not quotes
        for match in DECIMAL.finditer(text):
            number = match.group(0).replace("−", "-").lstrip("+-")
            if number not in printed and number not in allowed:
                found.append(f"cell {index}: {match.group(0)}")
    return found


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.stem)
def test_decimal_numbers_in_the_prose_are_printed_by_the_lesson(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert unprinted_numbers(nb, DERIVED.get(path.name[:2], {})) == []


def test_the_check_catches_a_number_the_cells_do_not_print():
    nb = {"cells": [{"cell_type": "code", "source": "print(0.3302)",
                     "outputs": [{"output_type": "stream", "text": "0.3302\n"}]},
                    {"cell_type": "markdown", "source": "The loss is 0.3303, or $x = 0.1234$."}]}
    assert unprinted_numbers(nb) == ["cell 1: 0.3303"]
