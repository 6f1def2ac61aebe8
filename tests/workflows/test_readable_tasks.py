"""The task screens read as staff speak: one date format per language, the process named by the
report's reference, audit rows in words, the whole report on the archive's pages."""

import datetime
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation
from viewflow.workflow.status import STATUS

from forms_app.models import Attachment, ReportStatus
from rms_export.signals import delivery_acknowledged
from tests.factories import demo_site, send_theft_report
from tests.forms_app.conftest import jpeg
from website.models import AuditEvent
from website.templatetags.staff_tags import staff_datetime
from workflows.flows import ReportFlow
from workflows.models import RejectionReason, ReportProcess

pytestmark = pytest.mark.django_db
BASE = "/workflow/tasks/flows/report"
TORONTO = zoneinfo.ZoneInfo("America/Toronto")


@pytest.fixture
def report(client, theft_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_theft_report(client, theft_page, files=[jpeg("bike.jpg")])
    mail.outbox.clear()
    return sent


def staff(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def process_of(report):
    return ReportProcess.objects.get(artifact_object_id=report.pk)


def task_of(report, name):
    return process_of(report).task_set.filter(flow_task=getattr(ReportFlow, name)).latest("pk")


def decide(client, report, name, data, capture):
    task = task_of(report, name)
    url = f"{BASE}/{task.process_id}/{name}/{task.pk}/"
    assert client.post(url + "assign/").status_code == 302
    assert client.get(url + "execute/").status_code == 200
    with capture(execute=True):
        response = client.post(url + "execute/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    return task


@pytest.fixture
def approved(client, report, django_capture_on_commit_callbacks):
    """Reviewed by Riley Reviewer, approved by Sam Supervisor: its review and approval done."""
    decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id, "note": "Serial checked."},
        django_capture_on_commit_callbacks,
    )
    decide(staff(client, "supervisor"), report, "approval", {"decision": "approve"}, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.APPROVED
    return report


@pytest.fixture
def exported(approved, django_capture_on_commit_callbacks):
    """Approved, then acknowledged by the RMS: its process finished."""
    with django_capture_on_commit_callbacks(execute=True):
        delivery_acknowledged.send(sender=type(approved), report=approved, case_number="2026-123456")
    approved.refresh_from_db()
    assert approved.status == ReportStatus.EXPORTED
    return approved


@pytest.fixture
def rejected(client, report, django_capture_on_commit_callbacks):
    reason = RejectionReason.objects.get(site=demo_site(), title="Not a police matter")
    decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "reject", "incident_type": report.incident_type_id, "rejection_reason": reason.pk},
        django_capture_on_commit_callbacks,
    )
    assert process_of(report).finished is not None
    return report


# Dates ------------------------------------------------------------------------------------------


def test_one_date_format_per_language():
    when = datetime.datetime(2026, 12, 1, 20, 47, tzinfo=TORONTO)
    assert staff_datetime(when) == "1 December 2026, 8:47 p.m."
    with translation.override("fr"):
        assert staff_datetime(when) == "1 décembre 2026, 20 h 47"
    assert staff_datetime(when.astimezone(datetime.UTC)) == "1 December 2026, 8:47 p.m."  # local time
    assert staff_datetime(None) == ""


def test_the_task_screen_writes_dates_and_the_language_in_words(client, report):
    task = task_of(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    reviewer = staff(client, "reviewer")
    reviewer.post(url + "assign/")
    html = reviewer.get(url + "execute/").content.decode()
    assert staff_datetime(report.submit_time) in html
    assert re.search(r"<dt>Language</dt><dd>English</dd>", html)
    french = reviewer.get(url + "execute/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        assert staff_datetime(report.submit_time) in french
    assert re.search(r" h \d\d", french)
    assert re.search(r"<dt>Langue</dt><dd>anglais</dd>", french)


# The archive: the whole report, on every page of a finished process -----------------------------


def test_the_process_page_of_an_exported_report_shows_the_whole_report(client, exported):
    approved = exported
    process = process_of(approved)
    views = AuditEvent.objects.about(approved).filter(action="view").count()
    html = staff(client, "supervisor").get(f"{BASE}/{process.pk}/").content.decode()
    assert "WTU123456" in html  # the property table
    attachment = Attachment.objects.get(report=approved)
    assert f'href="/workflow/attachments/{attachment.pk}/"' in html and "bike.jpg" in html
    assert "Serial checked." in html  # the history's notes
    assert "Riley Reviewer opened the report" in html
    assert "Sam Supervisor approved it" in html
    assert "Riley Reviewer sent it for approval" in html
    assert "&lt;report." not in html and "<report." not in html
    assert AuditEvent.objects.about(approved).filter(action="view").count() == views + 1
    assert "2026-123456" in html  # the RMS case number


def test_while_the_review_is_open_its_process_page_shows_only_the_card(client, approved):
    """An open review's page is reached from the task list, before anyone has claimed the
    report: it names the report (tests/workflows/test_access.py); its steps' pages show it."""
    process = process_of(approved)
    html = staff(client, "supervisor").get(f"{BASE}/{process.pk}/").content.decode()
    assert approved.reference in html and "WTU123456" not in html
    approval = task_of(approved, "approval")
    html = staff(client, "supervisor").get(f"{BASE}/{process.pk}/approval/{approval.pk}/detail/").content.decode()
    assert "WTU123456" in html and "Sam Supervisor approved it" in html


def test_a_done_task_shows_the_whole_report_and_is_recorded(client, rejected):
    task = task_of(rejected, "review")
    assert task.status == STATUS.DONE
    reviewer = staff(client, "reviewer")
    views = AuditEvent.objects.about(rejected).filter(action="view").count()
    html = reviewer.get(f"{BASE}/{task.process_id}/review/{task.pk}/detail/").content.decode()
    assert "WTU123456" in html and "bike.jpg" in html
    assert "Not a police matter" in html  # the rejection, in the history
    assert "Access log" not in html  # the audit rows are the supervisors'
    assert AuditEvent.objects.about(rejected).filter(action="view").count() == views + 1
    html = staff(client, "supervisor").get(f"{BASE}/{task.process_id}/review/{task.pk}/detail/").content.decode()
    assert "Access log" in html and "Riley Reviewer rejected it" in html


def test_an_open_tasks_detail_shows_the_report_too(client, report):
    task = task_of(report, "review")
    html = staff(client, "reviewer").get(f"{BASE}/{task.process_id}/review/{task.pk}/detail/").content.decode()
    assert "WTU123456" in html and "bike.jpg" in html


def test_a_citizens_later_note_is_on_the_archive(client, rejected):
    rejected.notes.create(text="Found the receipt.")
    process = process_of(rejected)
    html = staff(client, "reviewer").get(f"{BASE}/{process.pk}/").content.decode()
    assert "Found the receipt." in html


# The reference, not viewflow's numbers -----------------------------------------------------------


def test_pages_and_lists_name_the_report_by_its_reference(client, approved):
    process = process_of(approved)
    review = task_of(approved, "review")
    supervisor = staff(client, "supervisor")
    assert str(process) == approved.reference
    for url in (f"{BASE}/{process.pk}/", f"{BASE}/{process.pk}/review/{review.pk}/detail/"):
        html = supervisor.get(url).content.decode()
        assert re.search(rf"<h1[^>]*>\s*{re.escape(approved.reference)}", html), url
        assert f"#{process.pk}<" not in html and f"#{review.pk}<" not in html, url
    archive = staff(client, "reviewer").get("/workflow/tasks/archive/").content.decode()
    assert approved.reference in archive
    assert f"#{process.pk}/{review.pk}" not in archive
    processes = supervisor.get(f"{BASE}/flows/").content.decode()
    assert f'{BASE}/{process.pk}/">{approved.reference}</a>' in processes
    tasks = supervisor.get(f"{BASE}/tasks/").content.decode()
    assert f">{approved.reference}</a>" in tasks and f"#{process.pk}/{review.pk}" not in tasks


def test_the_queue_names_the_report_by_its_reference(client, report):
    task = task_of(report, "review")
    html = staff(client, "reviewer").get("/workflow/tasks/queue/").content.decode()
    assert f">{report.reference}</a>" in html
    assert f"#{task.process_id}/{task.pk}" not in html


# The decision form: its fields per decision, with or without JavaScript -------------------------


def test_the_decision_form_names_each_decisions_fields_for_its_script(client, report):
    task = task_of(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    reviewer = staff(client, "reviewer")
    reviewer.post(url + "assign/")
    html = reviewer.get(url + "execute/").content.decode()
    assert re.search(r'<script src="/static/workflows/js/decision\.js" defer></script>', html)
    form = html[html.index("<vf-form>") : html.index("</vf-form>")]
    assert "<script" not in form and " on" not in re.sub(r'"[^"]*"', "", form).replace(" one", "")
    fields = re.search(r'data-decision-fields="([^"]+)"', html).group(1)
    assert "&quot;reject&quot;: [&quot;incident_type&quot;, &quot;rejection_reason&quot;" in fields
    # Without JavaScript every field is there, for the server to check per decision.
    for name in ("question", "rejection_reason", "rejection_text", "note"):
        assert f'name="{name}"' in html


def test_without_javascript_the_server_checks_the_chosen_decisions_fields(
    client, report, django_capture_on_commit_callbacks
):
    task = task_of(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    reviewer = staff(client, "reviewer")
    reviewer.post(url + "assign/")
    page = reviewer.post(url + "execute/", {"decision": "reject", "incident_type": report.incident_type_id})
    assert page.status_code == 200
    assert "Choose the reason for rejecting the report." in page.content.decode()
    page = reviewer.post(url + "execute/", {"decision": "request_info", "incident_type": report.incident_type_id})
    assert "Write the question the citizen should answer." in page.content.decode()
    # Another decision's field, filled before changing one's mind, is left out.
    with django_capture_on_commit_callbacks(execute=True):
        done = reviewer.post(
            url + "execute/",
            {"decision": "approve", "incident_type": report.incident_type_id, "question": "Where?", "note": "Fine."},
        )
    assert done.status_code == 302
    change = report.history.latest("pk")
    assert change.public_message == "" and change.note == "Fine."


def test_file_sizes_on_the_task_screen_as_each_language_writes_them(client, report):
    from forms_app.uploads import human_size

    task = task_of(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    reviewer = staff(client, "reviewer")
    reviewer.post(url + "assign/")
    size = Attachment.objects.get(report=report).size
    french = reviewer.get(url + "execute/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        shown = human_size(size)
    assert f"image/jpeg, {shown})" in french
    assert shown.endswith(("ko", "octets", "Mo")) and ",0 " not in shown
