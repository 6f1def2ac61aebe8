"""The status page: only through the signed link, refuses tampered and expired links,
takes a supplemental note while the report is open."""

import re

import pytest
from django.core import signing

from forms_app.models import ReportStatus, ReportStatusChange, SupplementalNote
from forms_app.status import status_token
from tests.factories import send_theft_report

from .conftest import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(client, theft_page):
    return send_theft_report(client, theft_page)


def test_status_page_shows_status_and_dated_history_without_staff_names(client, report):
    ReportStatusChange.objects.create(report=report, status=ReportStatus.IN_REVIEW)
    response = client.get(f"/report/status/{status_token(report)}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Report {report.reference}" in html
    assert "Being reviewed" in html
    assert html.count("<time datetime=") == 2
    assert 'name="robots" content="noindex, nofollow"' in html
    assert "reviewer" not in html.lower()


def test_a_step_repeated_with_nothing_new_is_shown_once(client, report):
    for status, message in [
        (ReportStatus.IN_REVIEW, ""),
        (ReportStatus.INFO_REQUESTED, "Which bicycle lock was it?"),
        (ReportStatus.IN_REVIEW, ""),  # the citizen answered
        (ReportStatus.IN_REVIEW, ""),  # sent on for approval: nothing new for the citizen
    ]:
        ReportStatusChange.objects.create(report=report, status=status, public_message=message)
    html = client.get(f"/report/status/{status_token(report)}/").content.decode()
    history = html.split('<ol class="history">')[1].split("</ol>")[0]
    assert history.count("Being reviewed") == 2  # before and after the question, not three times
    assert "Which bicycle lock was it?" in history
    assert history.count("<li>") == 4  # received, reviewed, question, reviewed


def test_a_tampered_link_is_refused(client, report):
    token = status_token(report)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(f"/report/status/{tampered}/")
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    # Signing another reference without the key does not work either.
    forged = signing.dumps({"r": report.reference}, key="not-the-site-key", salt="openreport.report-status")
    assert client.get(f"/report/status/{forged}/").status_code == 404


def test_an_expired_link_is_refused(client, report, settings):
    token = status_token(report)
    settings.REPORT_STATUS_LINK_DAYS = -1
    response = client.get(f"/report/status/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_the_citizen_adds_a_note_and_a_file(client, report):
    url = f"/report/status/{status_token(report)}/"
    response = client.post(url, {"text": "The serial number is WTU999.", "files": [jpeg("receipt.jpg")]})
    assert response.status_code == 302
    note = SupplementalNote.objects.get(report=report)
    assert note.text == "The serial number is WTU999."
    assert [a.original_name for a in note.attachments.all()] == ["receipt.jpg"]
    assert note.attachments.get().report == report  # reviewers see it with the report
    html = client.get(url).content.decode()
    assert "The serial number is WTU999." in html
    assert "What you added is now part of your report." in html


def test_an_empty_note_or_a_bad_file_is_explained(client, report):
    url = f"/report/status/{status_token(report)}/"
    html = client.post(url, {"text": ""}).content.decode()
    assert "Write a note or choose a file to add." in html
    exe = jpeg("virus.jpg")
    exe.file.seek(0)
    exe.file.write(b"MZ" + b"\0" * 100)
    exe.file.seek(0)
    html = client.post(url, {"text": "see file", "files": [exe]}).content.decode()
    assert "is not a photo or a PDF" in html
    assert SupplementalNote.objects.count() == 0


def test_a_closed_report_takes_no_more_notes(client, report):
    report.status = ReportStatus.REJECTED
    report.save()
    url = f"/report/status/{status_token(report)}/"
    html = client.get(url).content.decode()
    assert "This report is closed." in html
    assert not re.search(r'<textarea[^>]*name="text"', html)
    client.post(url, {"text": "late note"})
    assert SupplementalNote.objects.count() == 0


def test_an_oversized_note_is_refused_before_it_is_read(client, report, settings):
    settings.REPORT_MAX_REQUEST_BYTES = 5_000
    url = f"/report/status/{status_token(report)}/"
    response = client.post(url, {"text": "x" * 10_000}, headers={"referer": "http://testserver" + url})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Your files are too large to send together" in html
    assert f'href="http://testserver{url}"' in html
    assert SupplementalNote.objects.count() == 0


def ask(report, question="Which bicycle lock was it?"):
    from forms_app.history import change_status

    return change_status(report, ReportStatus.INFO_REQUESTED, public_message=question)


def test_an_open_question_is_shown_once_with_the_date_to_answer_by(client, report, settings):
    import datetime

    from django.utils import timezone
    from django.utils.formats import date_format

    settings.REPORT_INFO_REQUEST_DAYS = 14
    change = ask(report)
    html = client.get(f"/report/status/{status_token(report)}/").content.decode()
    assert html.count("Which bicycle lock was it?") == 1
    last_day = timezone.localdate(change.at) + datetime.timedelta(days=13)
    assert f"Answer by {date_format(last_day, 'DATE_FORMAT')}." in html
    assert "Send my answer" in html


def test_the_answer_to_a_question_is_required(client, report):
    ask(report)
    url = f"/report/status/{status_token(report)}/"
    html = client.post(url, {"text": ""}).content.decode()
    assert html.count("Enter your answer to our question") == 2  # the summary and the box
    assert SupplementalNote.objects.count() == 0
    html = client.post(url, {"text": "", "files": [jpeg("lock.jpg")]}).content.decode()
    assert "Enter your answer to our question" in html
    assert client.post(url, {"text": "A Kryptonite U-lock."}).status_code == 302
    assert SupplementalNote.objects.get().text == "A Kryptonite U-lock."


def test_the_french_status_page_writes_the_deadline_and_times_the_french_way(client, report, settings):
    ask(report, "Quel cadenas?")
    html = client.get(f"/fr/report/status/{status_token(report)}/").content.decode()
    assert re.search(r"Répondez au plus tard le \d{1,2} [a-zéû]+ \d{4}\.", html), html
    assert re.search(r"\d{1,2} h \d{2}</time>\u00a0: Reçu", html)
    history = html.split('<ol class="history">')[1].split("</ol>")[0]
    assert "Quel cadenas?" not in history
