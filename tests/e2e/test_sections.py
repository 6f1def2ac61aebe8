"""The demo fraud form's two sections, in Chromium, in English and French, with the keyboard
alone: each section its own step (axe finds nothing on it), Back keeps the answers, check
answers groups them by section, and the report is sent."""

import re

import pytest

from tests.e2e.test_accessibility import axe_source, check  # noqa: F401 (axe_source is a fixture)
from tests.e2e.test_keyboard import CONTINUE, REGION, SEND, tab_through

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

FORM = {"en": "/report-fraud/", "fr": "/fr/signaler-une-fraude/"}
BACK = {"en": "Back", "fr": "Retour"}
PROGRESS = {"en": "Section {} of 2", "fr": "Section {} sur 2"}
TITLES = {"en": ["What happened", "Money lost"], "fr": ["Ce qui s’est passé", "Argent perdu"]}
# What to type, by field name (the date as Chromium's en-US date box takes it: mm dd yyyy).
WHAT_HAPPENED = {
    "date_it_happened": "11202026",
    "street_address_or_nearest_intersection": "123 Lakeshore Rd E",
    "town_or_city": "Oakville",
    "what_happened": "An email that looked like my bank's asked me to confirm my card.",
    "first_name": "Jean",
    "last_name": "Tremblay",
    "email_address": "jean@example.org",
    "phone_number": "905 555 0199",
}
MONEY_LOST = {"amount_lost": "250"}
CHOSEN = {"how_did_they_contact_you", "how_did_you_pay"}


def answer_with_keys(page, typed, answers):
    """Type each answer as the focus reaches its field; pick a choice in a list with the arrow
    key; answer a yes/no question "yes" with Space."""

    def act(focused):
        name = focused["name"]
        if name in typed:
            return
        if name in answers:
            page.keyboard.type(answers[name])
            typed.add(name)
        elif focused["tag"] == "SELECT" and name in CHOSEN:
            page.keyboard.press("ArrowDown")
            typed.add(name)
        elif focused["type"] == "radio" and name == "did_you_lose_money":
            page.keyboard.press("Space")
            typed.add(name)

    return act


def at_button(language, name, words):
    return lambda focused: focused["tag"] == "BUTTON" and focused["name"] == name and focused["text"] == words[language]


def assert_section(page, axe_source, language, number):  # noqa: F811
    assert page.locator(".section-progress").inner_text() == PROGRESS[language].format(number)
    assert page.locator("main h1").inner_text() == TITLES[language][number - 1]
    assert page.title().startswith(PROGRESS[language].format(number))
    check(page, axe_source, f"{language} fraud section {number}")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_fraud_form_section_by_section_with_the_keyboard(browser, demo_site, axe_source, screenshot, language):  # noqa: F811
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(demo_site.url + FORM[language])

    answered = set()

    def screen(focused):
        if focused["type"] == "radio" and focused["name"] not in answered:
            page.keyboard.press("Space" if REGION[language] in focused["legend"] else "ArrowDown")
            answered.add(focused["name"])

    tab_through(page, screen, lambda f: f["tag"] == "BUTTON" and f["text"] == CONTINUE[language])
    page.keyboard.press("Enter")
    page.wait_for_url("**/details/")

    # Section 1: what happened, ending with "did you lose money?".
    assert_section(page, axe_source, language, 1)
    typed = set()
    tab_through(page, answer_with_keys(page, typed, WHAT_HAPPENED), at_button(language, "continue", CONTINUE))
    assert typed == {*WHAT_HAPPENED, "how_did_they_contact_you", "did_you_lose_money"}
    page.keyboard.press("Enter")
    page.wait_for_url("**/details/2/")

    # Section 2: money lost. Type the amount, then go Back: nothing is lost either way.
    assert_section(page, axe_source, language, 2)
    screenshot(f"sections-{language}-money-lost", of=page)
    typed = set()
    tab_through(page, answer_with_keys(page, typed, MONEY_LOST), at_button(language, "back", BACK))
    page.keyboard.press("Enter")
    page.wait_for_url("**/details/")
    assert page.locator("[name=town_or_city]").input_value() == "Oakville"
    assert page.locator("[name=did_you_lose_money]:checked").count() == 1
    tab_through(page, lambda focused: None, at_button(language, "continue", CONTINUE))
    page.keyboard.press("Enter")
    page.wait_for_url("**/details/2/")
    assert page.locator("[name=amount_lost]").input_value() == "250"
    assert page.locator("[name=how_did_you_pay]").input_value() != ""
    tab_through(page, lambda focused: None, at_button(language, "continue", CONTINUE))
    page.keyboard.press("Enter")
    page.wait_for_url("**/check/")

    # Check answers: one heading a section, each with its "Change" link.
    assert page.locator(".summary__section h3").all_inner_texts() == TITLES[language]
    assert page.locator(".summary__section a[href$='details/2/?return=check']").count() == 1
    check(page, axe_source, f"{language} fraud check answers")
    screenshot(f"sections-{language}-check", of=page)
    tab_through(page, lambda focused: None, lambda focused: focused["text"] == SEND[language])
    page.keyboard.press("Enter")
    page.wait_for_url("**/sent/")
    assert re.search(r"DRPS-\d{4}-\d{6}", page.locator(".reference").inner_text())
    context.close()
