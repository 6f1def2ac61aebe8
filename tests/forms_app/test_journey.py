"""A citizen's way through a report form: screening, details, check answers, send, receipt."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from forms_app.models import Attachment, FunnelCount, Report, ReportStatus

from .conftest import VALID, check_token, fill_details, jpeg, pass_screening, question_names

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_published_report_forms(client):
    response = client.get("/")
    titles = [page.title for page in response.context["report_forms"]]
    assert titles == [
        "Report a theft under $5,000",
        "Report a theft from a vehicle",
        "Report mischief or damage to property",
        "Report lost property",
        "Report a fraud under $5,000",
    ]
    assert 'href="/report-theft/"' in response.content.decode()


def test_screening_shows_the_four_standard_questions(client, theft_page):
    html = client.get(theft_page.url).content.decode()
    assert len(question_names(client, theft_page)) == 4
    assert "Is anyone in danger, or is the crime still happening?" in html
    assert "What you can report here" in html


def test_an_emergency_answer_stops_the_report_and_only_counts(client, theft_page):
    names = question_names(client, theft_page)
    answers = dict.fromkeys(names, "no")
    answers[names[0]] = "yes"  # anyone in danger?
    response = client.post(theft_page.url, answers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot report this online" in html
    assert "Call 911 now." in html
    assert Report.objects.count() == 0
    count = FunnelCount.objects.get(page=theft_page, step="stopped")
    assert count.count == 1
    assert count.detail == theft_page.screening_questions.get(kind="emergency").name
    # The citizen cannot skip to the form after a stop.
    assert client.get(theft_page.url + "details/")["Location"] == theft_page.url


def test_the_stop_pages_have_the_quick_exit(client, theft_page, settings):
    names = question_names(client, theft_page)
    answers = dict.fromkeys(names, "no")
    answers[names[0]] = "yes"
    html = client.post(theft_page.url, answers).content.decode()
    assert "You cannot report this online" in html
    assert f'href="{settings.QUICK_EXIT_URL}" rel="noreferrer" data-quick-exit>Leave this site quickly</a>' in html
    assert "forms_app/js/report.js" in html  # Back does not return to the page


def test_outside_the_region_answer_gives_the_non_emergency_number(client, theft_page):
    answers = dict.fromkeys(question_names(client, theft_page), "no")
    html = client.post(theft_page.url, answers).content.decode()
    assert "police service of the place where it happened" in html
    assert 'href="tel:9055550100"' in html


def test_unanswered_screening_question_is_an_error_that_keeps_other_answers(client, theft_page):
    names = question_names(client, theft_page)
    response = client.post(theft_page.url, {names[0]: "no"})
    html = response.content.decode()
    assert "There is a problem" in html
    # Each unanswered question says what to do, in the summary and at the question.
    assert html.count("Select yes if you know who did it, or can describe or identify a suspect") == 2
    assert html.count("Select yes if it happened in our region") == 2
    assert re.search(rf'name="{names[0]}" value="no"[^>]*checked', html)


def test_details_cannot_be_reached_without_screening(client, theft_page):
    response = client.get(theft_page.url + "details/")
    assert response.status_code == 302
    assert response["Location"] == theft_page.url


def test_bad_values_are_listed_and_every_other_answer_and_upload_is_kept(client, theft_page):
    pass_screening(client, theft_page)
    response = fill_details(
        client, theft_page, files=[jpeg("bike.jpg")], postal_code="12345", email_address="not-an-email"
    )
    assert response.status_code == 200
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#id_postal_code"' in summary
    assert 'href="#id_email_address"' in summary
    assert "Enter a Canadian postal code, for example L6H 2R4." in html
    assert 'value="Jean"' in html  # other answers kept
    assert "bike.jpg" in html  # the upload is kept, not asked for again
    assert Attachment.objects.filter(report__isnull=True, original_name="bike.jpg").count() == 1
    assert 'aria-invalid="true"' in html

    # Correct the two answers without uploading again: the photo is still part of the report.
    response = fill_details(client, theft_page)
    assert response.status_code == 302
    assert response["Location"] == theft_page.url + "check/"
    html = client.get(theft_page.url + "check/").content.decode()
    assert "bike.jpg" in html


def test_postal_code_outside_the_jurisdiction_is_refused(client, theft_page):
    pass_screening(client, theft_page)
    html = fill_details(client, theft_page, postal_code="M5V 1A1", town_or_city="Toronto").content.decode()
    assert "Demo Regional Police Service does not serve this area." in html


def test_property_rows_are_added_and_removed_without_javascript(client, theft_page):
    pass_screening(client, theft_page)
    response = client.post(theft_page.url + "details/", {**VALID, "add_item": "stolen_items"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="stolen_items-1-description"' in html
    assert "There is a problem" not in html  # adding a row is not an error
    data = {
        **VALID,
        "stolen_items-TOTAL_FORMS": "2",
        "stolen_items-1-description": "Helmet",
        "remove_item": "stolen_items:0",
    }
    html = client.post(theft_page.url + "details/", data).content.decode()
    assert 'name="stolen_items-1-description"' not in html
    assert re.search(r'name="stolen_items-0-description"[^>]*value="Helmet"', html)


def test_check_answers_page_shows_every_answer_with_a_change_link(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    html = client.get(theft_page.url + "check/").content.decode()
    assert "Check your answers before sending your report" in html
    assert "L6J 1H8" in html  # normalised
    assert "905-555-0199" in html
    assert "Bicycle — Trek FX 2 — serial WTU123456 — $850.00" in html
    assert 'href="/report-theft/details/#id_postal_code"' in html
    assert 'href="/report-theft/"' in html  # change the screening answers


def test_sending_makes_one_report_with_a_reference_and_a_receipt(
    client, theft_page, django_capture_on_commit_callbacks
):
    pass_screening(client, theft_page)
    fill_details(client, theft_page, files=[jpeg("bike.jpg")])
    token = check_token(client, theft_page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(theft_page.url + "check/", {"token": token})
    assert response.status_code == 302
    assert response["Location"] == theft_page.url + "sent/"

    report = Report.objects.get()
    assert re.fullmatch(r"DRPS-\d{4}-000001", report.reference)
    assert report.status == ReportStatus.SUBMITTED
    assert report.incident_type.code == "THEFT-UNDER"
    assert report.reporter_email == "jean.tremblay@example.org"
    assert report.postal_code == "L6J 1H8"
    assert report.municipality == "Oakville"
    assert timezone.localtime(report.occurred_from).isoformat().startswith("2026-11-20T14:30")
    assert report.language == "en"
    assert report.form_data["stolen_items"][0]["serial_number"] == "WTU123456"
    assert [a.original_name for a in report.attachments.all()] == ["bike.jpg"]
    assert report.history.get().status == ReportStatus.SUBMITTED

    receipt = client.get(response["Location"]).content.decode()
    assert report.reference in receipt
    assert "/report/status/" in receipt

    # The email went out after the commit, with the PDF copy.
    (message,) = mail.outbox
    assert message.to == ["jean.tremblay@example.org"]
    assert report.reference in message.subject
    assert "/report/status/" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name == f"{report.reference}.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    report.refresh_from_db()
    assert report.confirmation_sent_at is not None


def test_a_second_press_of_send_makes_no_second_report(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    token = check_token(client, theft_page)
    first = client.post(theft_page.url + "check/", {"token": token})
    second = client.post(theft_page.url + "check/", {"token": token})
    assert first["Location"] == second["Location"] == theft_page.url + "sent/"
    assert Report.objects.count() == 1
    assert Report.objects.get().reference in client.get(second["Location"]).content.decode()


def test_honeypot_submissions_are_refused_with_a_page(client, theft_page):
    pass_screening(client, theft_page)
    response = fill_details(client, theft_page, website_url="http://spam.example")
    assert response.status_code == 400
    assert "We could not accept this form" in response.content.decode()


def test_an_untouched_item_row_is_not_an_error(client, theft_page):
    """The blank row the form starts with is no item: only "add at least one item" is said."""
    pass_screening(client, theft_page)
    html = client.get(theft_page.url + "details/").content.decode()
    assert 'name="stolen_items-INITIAL_FORMS" value="0"' in html
    data = {k: v for k, v in VALID.items() if not k.startswith("stolen_items-0-")}
    html = client.post(theft_page.url + "details/", data).content.decode()
    assert "Add at least one item to stolen items" in html
    assert "Check the items below." not in html


def test_a_citizen_reporting_in_french_gets_french_pages_and_a_french_email(
    client, french_theft_page, django_capture_on_commit_callbacks
):
    page = french_theft_page
    assert page.relative_url(page.get_site()) == "/fr/signaler-un-vol/"
    html = client.get(page.url).content.decode()
    assert '<html lang="fr">' in html
    assert "Avant de commencer" in html
    assert "Signaler un vol de 5 000 $ ou moins" in html
    assert "Une personne est-elle en danger" in html  # the screening questions are French too
    pass_screening(client, page)
    details = client.get(page.url + "details/").content.decode()
    assert "Date de l’incident" in details
    fill_details(client, page)
    check = client.get(page.url + "check/").content.decode()
    assert "Envoyer le rapport" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url + "check/", {"token": check_token(client, page)})
    report = Report.objects.get()
    assert report.language == "fr"
    assert report.page_id == page.pk
    assert "Rapport envoyé" in client.get(response["Location"]).content.decode()
    (message,) = mail.outbox
    assert message.subject == f"Nous avons reçu votre rapport {report.reference}"
    assert f"Numéro de référence : {report.reference}" in message.body
    assert "Service de police régional de démonstration" in message.body
    assert "/fr/report/status/" in message.body  # the status page opens in French


def test_switching_language_mid_form_keeps_the_answers(client, theft_page, french_theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    html = client.get(theft_page.url + "check/").content.decode()
    # The switcher points at the same step of the French copy of the form...
    assert 'href="/fr/signaler-un-vol/check/" hreflang="fr"' in html
    # ...where the answers given in English are still there.
    french = client.get(french_theft_page.url + "check/")
    assert french.status_code == 200
    html = french.content.decode()
    assert "Vérifiez vos réponses" in html
    assert "Lakeshore" in html


def test_a_mail_failure_never_loses_the_report(client, theft_page, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken_send)
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.confirmation_sent_at is None  # left for the retries
    assert report.reference in client.get(response["Location"]).content.decode()
