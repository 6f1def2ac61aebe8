"""A citizen reports a theft in Chromium: screening, a bad value, a photo and an item, check
answers, send; the reference on the receipt and the email with its PDF."""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from tests.e2e.conftest import screening_questions

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def photo(tmp_path):
    path = tmp_path / "bike.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#aa3300").save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


# What the citizen reads and clicks, in each language.
TEXT = {
    "en": {
        "home": "/",
        "news": "You can now report minor incidents online",
        "form": "Report a theft under $5,000",
        "region": "in our region",
        "suspect": "know who did it",
        "yes": "Yes",
        "no": "No",
        "continue": "Continue",
        "stopped": "You cannot report this online",
        "change": "Change your answers",
        "labels": {
            "date": "Date it happened",
            "time": "Time it happened",
            "street": "Street address or nearest intersection",
            "town": "Town or city",
            "postal": "Postal code",
            "postal_error": "Enter a Canadian postal code",
            "item": "What is it?",
            "serial": "Serial number",
            "value": "Value ($)",
            "narrative": "What happened?",
            "photos": "Photos or documents",
            "first": "First name",
            "last": "Last name",
            "email": "Email address",
            "phone": "Phone number",
        },
        "check": "Check your answers before sending your report",
        "item_summary": "Bicycle — serial WTU123456 — $850.00",
        "send": "Send report",
        "sent": "Report sent",
        "status": "Report {reference}",
    },
    "fr": {
        "home": "/fr/",
        "news": "Vous pouvez maintenant signaler des incidents mineurs en ligne",
        "form": "Signaler un vol de 5 000 $ ou moins",
        "region": "dans notre région",
        "suspect": "qui l’a fait",
        "yes": "Oui",
        "no": "Non",
        "continue": "Continuer",
        "stopped": "Vous ne pouvez pas signaler cet incident en ligne",
        "change": "Modifier vos réponses",
        "labels": {
            "date": "Date de l’incident",
            "time": "Heure de l’incident",
            "street": "Adresse ou intersection la plus proche",
            "town": "Ville ou municipalité",
            "postal": "Code postal",
            "postal_error": "Entrez un code postal canadien",
            "item": "De quoi s’agit-il ?",
            "serial": "Numéro de série",
            "value": "Valeur ($)",
            "narrative": "Que s’est-il passé?",
            "photos": "Photos ou documents",
            "first": "Prénom",
            "last": "Nom de famille",
            "email": "Adresse courriel",
            "phone": "Numéro de téléphone",
        },
        "check": "Vérifiez vos réponses avant d’envoyer votre rapport",
        "item_summary": "Bicycle — numéro de série WTU123456 — 850,00 $",
        "send": "Envoyer le rapport",
        "sent": "Rapport envoyé",
        "status": "Rapport {reference}",
    },
}


def answer_screening(page, text, stop_on=None):
    for fieldset in screening_questions(page):
        legend = fieldset.locator("legend").inner_text()
        answer = text["yes"] if text["region"] in legend else text["no"]
        if stop_on and stop_on in legend:
            answer = text["yes"]
        fieldset.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name=text["continue"], exact=True).click()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_citizen_reports_a_theft_in_the_browser(page, demo_site, screenshot, tmp_path, language):
    text, label = TEXT[language], TEXT[language]["labels"]
    page.goto(demo_site.url + text["home"])
    # They read the news first, then go back to the home page for the form.
    page.get_by_role("link", name=text["news"]).first.click()
    page.get_by_role("heading", level=1, name=text["news"]).wait_for()
    screenshot(f"citizen-{language}-00-news")
    page.go_back()
    page.get_by_role("link", name=text["form"]).click()
    screenshot(f"citizen-{language}-01-screening")

    # A suspect is known: stopped, told what to do, then back to change the answer.
    answer_screening(page, text, stop_on=text["suspect"])
    page.get_by_role("heading", name=text["stopped"]).wait_for()
    screenshot(f"citizen-{language}-02-stopped")
    page.get_by_role("link", name=text["change"]).click()
    answer_screening(page, text)

    page.get_by_label(label["date"]).fill("2026-11-20")
    page.get_by_label(label["time"]).fill("14:30")
    page.get_by_label(label["street"]).fill("123 Lakeshore Rd E")
    page.get_by_label(label["town"]).fill("Oakville")
    page.get_by_label(label["postal"]).fill("12345")  # a bad value
    page.get_by_label(label["item"]).fill("Bicycle")
    page.get_by_label(label["serial"]).fill("WTU123456")
    page.get_by_label(label["value"]).fill("850")
    page.get_by_label(label["narrative"]).fill("Taken from the rack outside the library.")
    page.get_by_label(label["photos"]).set_input_files(photo(tmp_path))
    page.get_by_label(label["first"]).fill("Jean")
    page.get_by_label(label["last"]).fill("Tremblay")
    page.get_by_label(label["email"]).fill("jean@example.org")
    page.get_by_label(label["phone"]).fill("905 555 0199")
    page.get_by_role("button", name=text["continue"], exact=True).click()

    # The error summary gets the focus and links to the field; the photo and answers are kept.
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    screenshot(f"citizen-{language}-03-error")
    assert "bike.jpg" in page.content()
    # The summary says what to do (GOV.UK style), and its link goes to the field.
    summary.get_by_role("link", name=re.compile(label["postal_error"])).click()
    assert page.evaluate("document.activeElement.id") == "id_postal_code"
    page.get_by_label(label["postal"]).fill("L6J 1H8")
    page.get_by_role("button", name=text["continue"], exact=True).click()

    page.get_by_role("heading", name=text["check"]).wait_for()
    screenshot(f"citizen-{language}-04-check")
    assert text["item_summary"] in page.locator("main").inner_text().replace("\u00a0", " ")
    page.get_by_role("button", name=text["send"]).click()

    page.get_by_role("heading", name=text["sent"]).wait_for()
    screenshot(f"citizen-{language}-05-receipt")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"DRPS-\d{4}-\d{6}", reference)

    (message,) = mail.outbox
    assert reference in message.subject
    assert message.attachments[0][0] == f"{reference}.pdf"
    # The link names the site's configured host; here the live server stands in for it.
    status_path = re.search(r"https?://[^/\s]+(/(?:fr/)?report/status/\S+/)", message.body).group(1)
    assert status_path.startswith("/fr/") == (language == "fr")
    page.goto(demo_site.url + status_path)
    page.get_by_role("heading", name=text["status"].format(reference=reference)).wait_for()
    screenshot(f"citizen-{language}-06-status")


def test_leave_this_site_quickly_leaves_no_way_back(page, demo_site, settings):
    # The neutral site is answered here: the browser reaches no outside host in tests.
    page.route(
        settings.QUICK_EXIT_URL + "**", lambda route: route.fulfill(body="<h1>Weather</h1>", content_type="text/html")
    )
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Report a theft under $5,000").click()
    page.get_by_role("link", name="Leave this site quickly").click()
    page.wait_for_url(settings.QUICK_EXIT_URL + "**")
    page.go_back()
    page.wait_for_load_state()
    assert page.url == demo_site.url + "/"  # Back skips the report form
