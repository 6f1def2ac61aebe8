"""WCAG 2.1 AA on the public pages, checked by axe-core in Chromium, in English and French."""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import screening_questions
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
    # Run by the browser's DevTools, not as an inline <script> the page's
    # Content-Security-Policy would refuse (no 'unsafe-inline' on public pages).
    page.evaluate(axe_source)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]


def check(page, axe_source, name):
    found = violations(page, axe_source)
    assert found == [], f"{name}: " + "\n".join(found)


PAGES = {
    "en": [
        ("home", "/"),
        ("news", "/news/"),
        ("news-page", "/news/report-minor-incidents-online/"),
        ("faq", "/faq/"),
        ("search", "/search/?query=fraud"),
        ("not-found", "/no-such-page/"),
    ],
    "fr": [
        ("home", "/fr/"),
        ("news", "/fr/nouvelles/"),
        ("news-page", "/fr/nouvelles/signaler-des-incidents-mineurs-en-ligne/"),
        ("faq", "/fr/faq/"),
        ("search", "/fr/search/?query=fraude"),
        ("not-found", "/fr/no-such-page/"),
    ],
}
FORMS = {
    "en": ["report-theft", "report-theft-from-vehicle", "report-damage", "report-lost-property", "report-fraud"],
    "fr": [
        "signaler-un-vol",
        "signaler-un-vol-dans-un-vehicule",
        "signaler-un-mefait",
        "signaler-un-objet-perdu",
        "signaler-une-fraude",
    ],
}
PHONE = {"width": 375, "height": 740}


def prefix(language):
    return "" if language == "en" else f"/{language}"


def answer_screening(page):
    for index, fieldset in enumerate(screening_questions(page)):
        fieldset.locator("input[type=radio]").nth(0 if index == 2 else 1).check()  # region: yes; others: no
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/details/")


def fill_valid_answers(page):
    """Fill the theft form's details with valid answers and go on to check them."""
    for name, value in VALID.items():
        field = page.locator(f"[name='{name}']")
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")) or not field.count():
            continue
        field.fill(value)
    page.locator("button[name=continue]").click()
    page.wait_for_url("**/check/")


def choose_a_bad_file(page):
    """A file that is no photo, with a long name, in the page's file input: sent, it is refused."""
    name = "a-very-long-file-name-from-a-phone-camera-roll-20261203-195112-0001.jpg"
    bad = {"name": name, "mimeType": "image/jpeg", "buffer": b"MZ" * 64}
    page.locator("input[type=file]").set_input_files(files=[bad])


def fits(page):
    """No horizontal scrolling: the page is no wider than the window. A mobile browser widens its
    layout viewport (``innerWidth``) to content that overflows it, so the screen's width counts too."""
    return page.evaluate("document.documentElement.scrollWidth <= Math.min(window.innerWidth, screen.width)")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_have_no_axe_violations(browser, demo_site, axe_source, screenshot, language):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale=language)
    page = context.new_page()
    base = demo_site.url
    for name, path in PAGES[language]:
        page.goto(base + path)
        assert re.search(f'<html lang="{language}"', page.content()), name
        check(page, axe_source, f"{language} {name}")

    # Each demo form: its screening questions, empty, and sent back with errors.
    for slug in FORMS[language]:
        page.goto(f"{base}{prefix(language)}/{slug}/")
        check(page, axe_source, f"{language} {slug} screening")
        answer_screening(page)
        check(page, axe_source, f"{language} {slug} empty")
        page.locator("button[name=continue]").click()
        page.locator(".error-summary").wait_for()
        check(page, axe_source, f"{language} {slug} errors")

    # A report to its end: check answers, receipt, status page.
    page.goto(f"{base}{prefix(language)}/{FORMS[language][0]}/details/")
    fill_valid_answers(page)
    check(page, axe_source, f"{language} check-answers")
    page.locator("button[data-prevent-double-submit]").click()
    page.wait_for_url("**/sent/")
    check(page, axe_source, f"{language} receipt")
    screenshot(f"a11y-{language}-receipt", of=page)
    page.locator("a[href*='/report/status/']").click()
    page.wait_for_load_state()
    assert f'<html lang="{language}"' in page.content()
    check(page, axe_source, f"{language} status")

    # Once it is closed, the satisfaction survey: empty, sent back with errors, thanked.
    survey_path = closed_with_survey(language)
    page.goto(base + survey_path)
    check(page, axe_source, f"{language} survey")
    page.locator("main button.button--primary").click()
    page.locator(".error-summary").wait_for()
    check(page, axe_source, f"{language} survey errors")
    page.locator("input[name=score][value='4']").check()
    page.locator("input[name=understood][value=yes]").check()
    page.locator("main button.button--primary").click()
    page.wait_for_load_state()
    check(page, axe_source, f"{language} survey thanks")
    screenshot(f"a11y-{language}-survey-thanks", of=page)
    context.close()


def closed_with_survey(language):
    """The survey of the report just sent, once rejected: its page's path."""
    from django.utils import timezone

    from forms_app.models import Report, Survey
    from forms_app.survey import survey_token

    report = Report.objects.order_by("-pk").first()
    survey = Survey.objects.create(report=report, outcome="rejected", due_at=timezone.now(), sent_at=timezone.now())
    return f"{prefix(language)}/report/survey/{survey_token(survey)}/"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_fit_a_375_pixel_phone_screen(browser, demo_site, screenshot, language):
    context = browser.new_context(viewport=PHONE, locale=language, is_mobile=True, has_touch=True)
    page = context.new_page()
    base = demo_site.url
    for name, path in PAGES[language]:
        page.goto(base + path)
        assert fits(page), f"{language} {name} scrolls sideways at 375 px"
    form = f"{base}{prefix(language)}/{FORMS[language][0]}/"
    page.goto(form)
    assert fits(page), f"{language} screening"
    answer_screening(page)
    page.locator("button[name=continue]").click()
    page.locator(".error-summary").wait_for()
    assert fits(page), f"{language} form with errors"
    screenshot(f"phone-{language}-form-errors", of=page)
    choose_a_bad_file(page)
    page.locator("button[name=continue]").click()
    page.locator(".upload.field--error").wait_for()
    assert fits(page), f"{language} file input with an error"
    screenshot(f"phone-{language}-file-error", of=page)
    fill_valid_answers(page)
    assert fits(page), f"{language} check answers"
    screenshot(f"phone-{language}-check", of=page)
    page.locator("button[data-prevent-double-submit]").click()
    page.wait_for_url("**/sent/")
    assert fits(page), f"{language} receipt"
    page.locator("a[href*='/report/status/']").click()
    page.wait_for_load_state()
    assert fits(page), f"{language} status page"
    screenshot(f"phone-{language}-status", of=page)
    choose_a_bad_file(page)
    page.locator("form button[type=submit]").last.click()
    page.locator(".field--error input[type=file]").wait_for()
    assert fits(page), f"{language} status page's file input with an error"
    context.close()


def test_leave_this_site_quickly_stays_in_view_without_covering_the_heading(browser, demo_site, axe_source):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{demo_site.url}/{FORMS['en'][0]}/")
    answer_screening(page)
    button = page.get_by_role("link", name="Leave this site quickly")
    exit_box, heading = button.bounding_box(), page.locator("main h1").bounding_box()
    assert exit_box["y"] + exit_box["height"] <= heading["y"]  # above the heading, not over it
    page.locator("button[name=continue]").scroll_into_view_if_needed()  # the end of a long form
    assert page.evaluate("window.scrollY") > 1000
    box = button.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], "scrolled out of view"
    assert page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('[data-quick-exit]') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    ), "something covers it"
    check(page, axe_source, "form scrolled with the quick exit")
    # On a stop page too.
    page.goto(f"{demo_site.url}/{FORMS['en'][0]}/")
    for fieldset in screening_questions(page):
        fieldset.locator("input[type=radio]").nth(0).check()  # yes to all: anyone in danger stops it
    page.locator("form button[type=submit]").last.click()
    page.get_by_role("heading", name="You cannot report this online").wait_for()
    assert button.is_visible()
    check(page, axe_source, "stop page")
    context.close()


def test_the_check_finds_a_violation_when_there_is_one(browser, demo_site, axe_source):
    page = browser.new_page()
    page.goto(demo_site.url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert any(v.startswith("image-alt") for v in violations(page, axe_source))
    page.close()
