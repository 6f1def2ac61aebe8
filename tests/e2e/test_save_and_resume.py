"""Save and continue later in Chromium, in English and French: saved on one browser, resumed
from the emailed link in a fresh one (its own cookies), then sent; axe finds nothing on the new
pages; and the same journey with the keyboard alone."""

import re

import pytest
from django.core import mail

from tests.e2e import test_accessibility
from tests.e2e.test_accessibility import answer_screening, check, fill_valid_answers, prefix
from tests.e2e.test_keyboard import tab_through

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]
axe_source = test_accessibility.axe_source

FORM = {"en": "report-theft", "fr": "signaler-un-vol"}
TEXT = {
    "en": {
        "save": "Save and continue later",
        "email": "Your email address",
        "send_link": "Send me the link",
        "saved": "Your report is saved",
        "continue": "Continue my report",
        "invalid": "This link cannot be opened",
        "error": "Enter your email address",
    },
    "fr": {
        "save": "Enregistrer et continuer plus tard",
        "email": "Votre adresse courriel",
        "send_link": "Envoyez-moi le lien",
        "saved": "Votre rapport est enregistré",
        "continue": "Continuer mon rapport",
        "invalid": "Ce lien ne peut pas être ouvert",
        "error": "Entrez votre adresse courriel",
    },
}
LINK = re.compile(r"https?://[^/\s]+(/(?:fr/)?report/resume/[A-Za-z0-9_-]+/)")


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_save_then_resume_in_a_fresh_browser_and_send(demo_site, new_page, axe_source, screenshot, language):
    words = TEXT[language]
    base = demo_site.url
    page = new_page(language)
    page.goto(f"{base}{prefix(language)}/{FORM[language]}/")
    answer_screening(page)
    page.locator("[name=what_happened]").fill("My bicycle was taken from the rack.")
    screenshot(f"resume-{language}-details", of=page)
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url("**/save/")
    check(page, axe_source, f"{language} save: asking for the address")
    page.get_by_role("button", name=words["send_link"]).click()
    page.locator(".error-summary").get_by_text(words["error"]).wait_for()
    check(page, axe_source, f"{language} save: with an error")
    screenshot(f"resume-{language}-save-error", of=page)
    page.get_by_label(words["email"]).fill("jean@example.org")
    page.get_by_role("button", name=words["send_link"]).click()
    page.get_by_role("heading", name=words["saved"]).wait_for()
    assert "jean@example.org" in page.locator("main").inner_text()
    check(page, axe_source, f"{language} saved")
    screenshot(f"resume-{language}-saved", of=page)

    (message,) = mail.outbox
    path = LINK.search(message.body).group(1)
    other = new_page(language)  # another device: none of the first browser's cookies
    other.goto(base + path)
    assert f'<html lang="{language}"' in other.content()
    check(other, axe_source, f"{language} resume")
    other.get_by_role("button", name=words["continue"]).click()
    other.wait_for_url("**/details/")
    assert other.locator("[name=what_happened]").input_value() == "My bicycle was taken from the rack."
    fill_valid_answers(other)
    other.locator("button[data-prevent-double-submit]").click()
    other.wait_for_url("**/sent/")

    again = new_page(language)
    again.goto(base + path)  # used
    again.get_by_role("heading", name=words["invalid"]).wait_for()
    check(again, axe_source, f"{language} resume link not valid")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_save_and_resume_with_the_keyboard_alone(demo_site, new_page, language):
    words = TEXT[language]
    base = demo_site.url
    page = new_page(language)
    page.goto(f"{base}{prefix(language)}/{FORM[language]}/")
    answer_screening(page)

    def type_narrative(focused):
        if focused["name"] == "what_happened":
            page.keyboard.type("Taken from the rack.")

    tab_through(page, type_narrative, lambda f: f["tag"] == "BUTTON" and f["text"] == words["save"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/save/")

    def type_email(focused):
        if focused["name"] == "email":
            page.keyboard.type("jean@example.org")

    tab_through(page, type_email, lambda f: f["tag"] == "BUTTON" and f["text"] == words["send_link"])
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=words["saved"]).wait_for()

    other = new_page(language)
    other.goto(base + LINK.search(mail.outbox[0].body).group(1))
    tab_through(other, lambda f: None, lambda f: f["tag"] == "BUTTON" and f["text"] == words["continue"])
    other.keyboard.press("Enter")
    other.wait_for_url("**/details/")
    assert other.locator("[name=what_happened]").input_value() == "Taken from the rack."
