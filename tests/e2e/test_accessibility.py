"""WCAG 2.1 AA on the public pages, checked by axe-core in Chromium, in English and French."""

import os
import re
from pathlib import Path

import pytest

from tests.forms_app.conftest import VALID

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        message = "axe-core is not installed: npm ci"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def check(page, axe_source, name):
    found = violations(page, axe_source)
    assert found == [], f"{name}: " + "\n".join(found)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_have_no_axe_violations(browser, demo_site, axe_source, screenshot, language):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale=language)
    page = context.new_page()
    base = demo_site.url
    for name, path in [
        ("home", "/"),
        ("news", "/news/"),
        ("news-page", "/news/report-minor-incidents-online/"),
        ("faq", "/faq/"),
        ("search", "/search/?query=fraud"),
        ("form-screening", "/report-theft/"),
        ("not-found", "/no-such-page/"),
    ]:
        page.goto(base + path)
        assert re.search(f'<html lang="{language}"', page.content()), name
        check(page, axe_source, f"{language} {name}")

    # A report: errors, check answers, receipt, status page.
    page.goto(base + "/report-theft/")
    for index in range(page.locator("fieldset.field").count()):
        fieldset = page.locator("fieldset.field").nth(index)
        fieldset.locator("input[type=radio]").nth(0 if index == 2 else 1).check()  # region: yes; others: no
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/details/")
    check(page, axe_source, f"{language} form-empty")
    page.locator("button[name=continue]").click()
    page.wait_for_load_state()
    check(page, axe_source, f"{language} form-errors")
    for name, value in VALID.items():
        field = page.locator(f"[name='{name}']")
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")) or not field.count():
            continue
        field.fill(value)
    page.locator("button[name=continue]").click()
    page.wait_for_url("**/check/")
    check(page, axe_source, f"{language} check-answers")
    page.locator("button[data-prevent-double-submit]").click()
    page.wait_for_url("**/sent/")
    check(page, axe_source, f"{language} receipt")
    screenshot(f"a11y-{language}-receipt")
    page.locator("a[href*='/report/status/']").click()
    page.wait_for_load_state()
    check(page, axe_source, f"{language} status")
    context.close()


def test_the_check_finds_a_violation_when_there_is_one(browser, demo_site, axe_source):
    page = browser.new_page()
    page.goto(demo_site.url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in violations(page, axe_source))
    page.close()
