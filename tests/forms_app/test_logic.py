"""The rule engine (forms_app.logic) against the shared table of cases, which the browser's twin
(static/forms_app/js/logic.js) answers too (tests/e2e/test_logic.py)."""

import json
from pathlib import Path

import pytest

from forms_app import logic

CASES = json.loads((Path(__file__).parent / "logic_cases.json").read_text())


@pytest.mark.parametrize("case", CASES["evaluate"], ids=lambda c: c["name"])
def test_evaluate(case):
    assert logic.evaluate(case["rule"], case["answers"]) is case["expected"]


@pytest.mark.parametrize("case", CASES["visible"], ids=lambda c: c["name"])
def test_visible_names(case):
    assert sorted(logic.visible_names(case["fields"], case["answers"])) == case["visible"]


def test_every_operator_and_combination_is_in_the_table():
    used = {c["operator"] for case in CASES["evaluate"] for c in case["rule"].get("conditions", [])}
    assert set(logic.OPERATORS) <= used
    assert {case["rule"].get("combine") for case in CASES["evaluate"]} >= {"all", "any"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12.0), ("1 250,50 $", 1250.5), ("$1,250.50", 1250.5), ("-3.5", -3.5), ("", None), ("1e3", None)],
)
def test_number(text, expected):
    assert logic.number(text) == expected
