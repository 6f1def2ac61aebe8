"""The browser's rule engine (static/forms_app/js/logic.js) answers the shared table of cases
exactly as the server's (forms_app/logic.py, tests/forms_app/test_logic.py)."""

import json
from pathlib import Path

from tests.e2e.conftest import ROOT

CASES = json.loads((ROOT / "tests" / "forms_app" / "logic_cases.json").read_text())
SCRIPT = Path(ROOT / "forms_app" / "static" / "forms_app" / "js" / "logic.js")


def test_the_browser_answers_the_table_as_the_server_does(page):
    page.goto("about:blank")
    page.add_script_tag(path=str(SCRIPT))
    evaluated = page.evaluate(
        "cases => cases.map(c => window.OpenReportLogic.evaluate(c.rule, c.answers))", CASES["evaluate"]
    )
    visible = page.evaluate(
        "cases => cases.map(c => window.OpenReportLogic.visibleNames(c.fields, c.answers).sort())", CASES["visible"]
    )
    assert dict(zip((c["name"] for c in CASES["evaluate"]), evaluated, strict=True)) == {
        c["name"]: c["expected"] for c in CASES["evaluate"]
    }
    assert dict(zip((c["name"] for c in CASES["visible"]), visible, strict=True)) == {
        c["name"]: c["visible"] for c in CASES["visible"]
    }
