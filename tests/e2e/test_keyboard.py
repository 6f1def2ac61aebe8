"""A report completed with the keyboard alone: Tab to move, Space and the arrow keys to answer,
typing to fill, Enter to send. Nothing is clicked; each step is done on the element that has the
focus, so a field the keyboard cannot reach, or a trap, fails the test."""

import re

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

FORM = {"en": "/report-theft/", "fr": "/fr/signaler-un-vol/"}
CONTINUE = {"en": "Continue", "fr": "Continuer"}
SEND = {"en": "Send report", "fr": "Envoyer le rapport"}
REGION = {"en": "in our region", "fr": "dans notre région"}
# What to type, by field name (the date as Chromium's en-US date box takes it: mm dd yyyy).
TYPED = {
    "date_it_happened": "11202026",
    "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
    "town_or_city": "Oakville",
    "postal_code": "L6J 1H8",
    "stolen_items-0-description": "Bicycle",
    "stolen_items-0-value": "850",
    "what_happened": "Taken from the rack outside the library.",
    "first_name": "Jean",
    "last_name": "Tremblay",
    "email_address": "jean@example.org",
    "phone_number": "905 555 0199",
}
MAX_TABS = 200

FOCUSED = """() => {
    const e = document.activeElement;
    const fieldset = e.closest('fieldset');
    return {
        tag: e.tagName, type: e.type || '', name: e.name || '', text: (e.innerText || '').trim(),
        legend: fieldset && fieldset.querySelector('legend') ? fieldset.querySelector('legend').innerText : '',
        // WCAG 2.4.7: whatever has the focus shows it (an outline or a ring; in a date or time
        // box the browser highlights the part being typed).
        visible: getComputedStyle(e).outlineStyle !== 'none' || getComputedStyle(e).boxShadow !== 'none'
            || e.type === 'date' || e.type === 'time',
    };
}"""


def tab_through(page, act, until):
    """Press Tab, let ``act`` handle the focused element, until ``until`` says it is done."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], f"no visible focus on {focused} at {page.url}"
        act(focused)
        if until(focused):
            return
    pytest.fail(f"the keyboard never reached the end of {page.url}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_report_can_be_completed_with_the_keyboard_alone(browser, demo_site, screenshot, language):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo_site.url + FORM[language])

    # Screening: each question is a radio group; Space answers "yes", Down moves to "no".
    answered = set()

    def answer(focused):
        if focused["type"] == "radio" and focused["name"] not in answered:
            page.keyboard.press("Space" if REGION[language] in focused["legend"] else "ArrowDown")
            answered.add(focused["name"])

    def at_continue(focused):
        return focused["tag"] == "BUTTON" and focused["text"] == CONTINUE[language]

    tab_through(page, answer, at_continue)
    assert len(answered) == 4
    page.keyboard.press("Enter")
    page.wait_for_url("**/details/")

    # Details: type into each field as the focus reaches it; leave the optional ones empty.
    typed = set()

    def fill(focused):
        name = focused["name"]
        if name in TYPED and name not in typed:
            page.keyboard.type(TYPED[name])
            typed.add(name)

    def at_form_continue(focused):
        return at_continue(focused) and focused["name"] == "continue"

    tab_through(page, fill, at_form_continue)
    assert typed == set(TYPED)
    page.keyboard.press("Enter")
    page.wait_for_url("**/check/")
    screenshot(f"keyboard-{language}-check", of=page)

    tab_through(page, lambda focused: None, lambda focused: focused["text"] == SEND[language])
    page.keyboard.press("Enter")
    page.wait_for_url("**/sent/")
    assert re.search(r"DRPS-\d{4}-\d{6}", page.locator(".reference").inner_text())
    context.close()
