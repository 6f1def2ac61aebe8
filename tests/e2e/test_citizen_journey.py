"""A citizen reports a theft in Chromium: screening, a bad value, a photo and an item, check
answers, send; the reference on the receipt and the email with its PDF."""

import io
import re

import pytest
from django.core import mail
from PIL import Image

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def photo(tmp_path):
    path = tmp_path / "bike.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "#aa3300").save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def answer_screening(page, stop_on=None):
    for index in range(page.locator("fieldset.field").count()):
        fieldset = page.locator("fieldset.field").nth(index)
        legend = fieldset.locator("legend").inner_text()
        answer = "Yes" if "in our region" in legend else "No"
        if stop_on and stop_on in legend:
            answer = "Yes"
        fieldset.get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Continue").click()


def test_citizen_reports_a_theft_in_the_browser(page, demo_site, screenshot, tmp_path):
    page.goto(demo_site.url + "/")
    page.get_by_role("link", name="Report a theft under $5,000").click()
    screenshot("01-screening")

    # A suspect is known: stopped, told what to do, then back to change the answer.
    answer_screening(page, stop_on="know who did it")
    page.get_by_role("heading", name="You cannot report this online").wait_for()
    screenshot("02-stopped")
    page.get_by_role("link", name="Change your answers").click()
    answer_screening(page)

    page.get_by_label("Date it happened").fill("2026-11-20")
    page.get_by_label("Time it happened").fill("14:30")
    page.get_by_label("Street address or nearest intersection").fill("123 Lakeshore Rd E")
    page.get_by_label("Town or city").fill("Oakville")
    page.get_by_label("Postal code").fill("12345")  # a bad value
    page.get_by_label("What is it?").fill("Bicycle")
    page.get_by_label("Serial number").fill("WTU123456")
    page.get_by_label("Value ($)").fill("850")
    page.get_by_label("What happened?").fill("Taken from the rack outside the library.")
    page.get_by_label("Photos or documents").set_input_files(photo(tmp_path))
    page.get_by_label("First name").fill("Jean")
    page.get_by_label("Last name").fill("Tremblay")
    page.get_by_label("Email address").fill("jean@example.org")
    page.get_by_label("Phone number").fill("905 555 0199")
    page.get_by_role("button", name="Continue").click()

    # The error summary gets the focus and links to the field; the photo and answers are kept.
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    screenshot("03-error")
    assert "bike.jpg" in page.content()
    summary.get_by_role("link", name=re.compile("Postal code")).click()
    assert page.evaluate("document.activeElement.id") == "id_postal_code"
    page.get_by_label("Postal code").fill("L6J 1H8")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Check your answers before sending your report").wait_for()
    screenshot("04-check")
    assert "Bicycle — serial WTU123456 — $850.00" in page.content()
    page.get_by_role("button", name="Send report").click()

    page.get_by_role("heading", name="Report sent").wait_for()
    screenshot("05-receipt")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"DRPS-\d{4}-\d{6}", reference)

    (message,) = mail.outbox
    assert reference in message.subject
    assert message.attachments[0][0] == f"{reference}.pdf"
    # The link names the site's configured host; here the live server stands in for it.
    status_path = re.search(r"https?://[^/\s]+(/report/status/\S+/)", message.body).group(1)
    page.goto(demo_site.url + status_path)
    page.get_by_role("heading", name=f"Report {reference}").wait_for()
    screenshot("06-status")


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
