"""The review flow, driven through the task screens' URLs as reviewers and supervisors use them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from forms_app.models import ReportStatus
from forms_app.status import status_token
from rms_export.signals import delivery_acknowledged
from tests.factories import demo_site, send_theft_report
from website.models import AuditEvent
from workflows.flows import ReportFlow
from workflows.models import RejectionReason, ReportProcess

pytestmark = pytest.mark.django_db

BASE = "/workflow/tasks/flows/report"


@pytest.fixture
def report(client, theft_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_theft_report(client, theft_page)
    mail.outbox.clear()
    return sent


def staff(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def process_of(report):
    return ReportProcess.objects.get(artifact_object_id=report.pk)


def open_task(report, name):
    return process_of(report).task_set.get(
        flow_task=getattr(ReportFlow, name), status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )


def claim_and_decide(client, report, name, data, capture):
    task = open_task(report, name)
    url = f"{BASE}/{task.process_id}/{name}/{task.pk}/"
    assert client.post(url + "assign/").status_code == 302
    page = client.get(url + "execute/")
    assert page.status_code == 200
    assert report.reference in page.content.decode()
    with capture(execute=True):
        response = client.post(url + "execute/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    report.refresh_from_db()
    return page


def test_a_submitted_report_starts_its_review(report):
    process = process_of(report)
    assert process.artifact == report
    task = open_task(report, "review")
    assert task.owner_permission == "workflows.review_report"


def test_approve_approve_acknowledged_then_end(client, report, django_capture_on_commit_callbacks):
    reviewer = staff(client, "reviewer")
    page = claim_and_decide(
        reviewer,
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id, "note": "Serial checked."},
        django_capture_on_commit_callbacks,
    )
    html = page.content.decode()
    assert "WTU123456" in html  # the property table
    assert report.status == ReportStatus.IN_REVIEW

    supervisor = staff(client, "supervisor")
    claim_and_decide(supervisor, report, "approval", {"decision": "approve"}, django_capture_on_commit_callbacks)
    assert report.status == ReportStatus.APPROVED
    assert process_of(report).export_requested is True
    assert open_task(report, "awaiting_ack")

    with django_capture_on_commit_callbacks(execute=True):
        delivery_acknowledged.send(sender=type(report), report=report, case_number="2026-123456")
    report.refresh_from_db()
    assert report.case_number == "2026-123456"
    assert report.status == ReportStatus.EXPORTED
    assert process_of(report).status == PROCESS.DONE
    (message,) = mail.outbox
    assert "2026-123456" in message.subject and "2026-123456" in message.body
    assert [c.status for c in report.history.all()] == [
        ReportStatus.SUBMITTED,
        ReportStatus.IN_REVIEW,
        ReportStatus.IN_REVIEW,
        ReportStatus.APPROVED,
        ReportStatus.EXPORTED,
    ]
    decisions = AuditEvent.objects.about(report).filter(action=AuditEvent.Action.DECIDE)
    assert [(e.user.username, e.outcome) for e in decisions] == [
        ("reviewer", "sent for approval"),
        ("supervisor", "approved"),
    ]
    assert AuditEvent.objects.about(report).filter(action=AuditEvent.Action.VIEW).count() == 2


def test_reject_with_a_reason_emails_the_citizen(client, report, django_capture_on_commit_callbacks):
    reason = RejectionReason.objects.get(site=demo_site(), title="Not a police matter")
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {
            "decision": "reject",
            "incident_type": report.incident_type_id,
            "rejection_reason": reason.pk,
            "rejection_text": "The bicycle was found.",
        },
        django_capture_on_commit_callbacks,
    )
    assert report.status == ReportStatus.REJECTED
    assert process_of(report).status == PROCESS.DONE
    (message,) = mail.outbox
    assert "could not be accepted" in message.subject
    assert reason.text_en in message.body and "The bicycle was found." in message.body
    change = report.history.last()
    assert change.actor.username == "reviewer" and change.note.startswith("Not a police matter")


def test_reject_needs_a_reason(client, report):
    reviewer = staff(client, "reviewer")
    task = open_task(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    reviewer.post(url + "assign/")
    response = reviewer.post(url + "execute/", {"decision": "reject", "incident_type": report.incident_type_id})
    assert response.status_code == 200
    assert "Choose the reason for rejecting the report." in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW


def test_request_info_citizen_answers_and_review_resumes(client, report, django_capture_on_commit_callbacks):
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {
            "decision": "request_info",
            "incident_type": report.incident_type_id,
            "question": "Where exactly was the bicycle locked?",
        },
        django_capture_on_commit_callbacks,
    )
    assert report.status == ReportStatus.INFO_REQUESTED
    (message,) = mail.outbox
    assert "Where exactly was the bicycle locked?" in message.body
    assert "/report/status/" in message.body

    client.logout()
    url = f"/report/status/{status_token(report)}/"
    html = client.get(url).content.decode()
    assert "We need more information" in html and "Where exactly was the bicycle locked?" in html
    client.post(url, {"text": "To the rack by the side door."})
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    task = open_task(report, "review")  # back to review
    assert task.status == STATUS.NEW


def test_request_info_without_answer_closes_after_the_deadline(
    client, report, django_capture_on_commit_callbacks, settings
):
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "request_info", "incident_type": report.incident_type_id, "question": "Which rack?"},
        django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()
    call_command("workflow_timers", stdout=open("/dev/null", "w"))  # noqa: SIM115 -- not yet due
    report.refresh_from_db()
    assert report.status == ReportStatus.INFO_REQUESTED

    timer = process_of(report).task_set.get(flow_task_type="TIMER", status=STATUS.SCHEDULED)
    timer.scheduled = timezone.now() - datetime.timedelta(seconds=1)  # the 14 days have passed
    timer.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("workflow_timers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert process_of(report).status == PROCESS.DONE
    (message,) = mail.outbox
    assert "was closed" in message.subject


def test_supervisor_sends_back_to_review(client, report, django_capture_on_commit_callbacks):
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id},
        django_capture_on_commit_callbacks,
    )
    supervisor = staff(client, "supervisor")
    task = open_task(report, "approval")
    url = f"{BASE}/{task.process_id}/approval/{task.pk}/"
    supervisor.post(url + "assign/")
    response = supervisor.post(url + "execute/", {"decision": "send_back"})
    assert "Say what the reviewer should look at again." in response.content.decode()
    response = supervisor.post(url + "execute/", {"decision": "send_back", "comment": "Check the value."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert open_task(report, "review").status == STATUS.NEW
    assert report.history.last().note == "Check the value."


def test_reviewer_reclassifies_the_incident_type(client, report, django_capture_on_commit_callbacks):
    from forms_app.models import IncidentType

    other = IncidentType.objects.get(code="LOST-PROPERTY")
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "approve", "incident_type": other.pk},
        django_capture_on_commit_callbacks,
    )
    assert report.incident_type == other
    assert "Reclassified from Theft under $5,000 to Lost property." in report.history.last().note


def test_roles_are_kept_apart(client, report):
    task = open_task(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    for username in ("comms", "supervisor"):
        staff(client, username)
        client.post(url + "assign/")
        task.refresh_from_db()
        assert task.owner is None, username
    staff(client, "reviewer").post(url + "assign/")
    staff(client, "supervisor")
    assert client.get(url + "execute/").status_code == 403


def test_supervisors_see_the_access_log_on_the_report_reviewers_do_not(
    client, report, django_capture_on_commit_callbacks
):
    page = claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id},
        django_capture_on_commit_callbacks,
    )
    assert "Access log" not in page.content.decode()
    page = claim_and_decide(
        staff(client, "supervisor"),
        report,
        "approval",
        {"decision": "approve"},
        django_capture_on_commit_callbacks,
    )
    html = page.content.decode()
    assert "Access log" in html
    # In words: who did what (tests/workflows/test_readable_tasks.py has more).
    assert "Riley Reviewer opened the report" in html and "Riley Reviewer sent it for approval" in html
    assert "Sam Supervisor claimed the task" in html


def test_the_citizen_is_told_in_their_own_language(client, report, django_capture_on_commit_callbacks):
    report.language = "fr"
    report.save()
    reason = RejectionReason.objects.get(site=demo_site(), title="Outside our area")
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "reject", "incident_type": report.incident_type_id, "rejection_reason": reason.pk},
        django_capture_on_commit_callbacks,
    )
    (message,) = mail.outbox
    assert message.subject == f"Votre rapport {report.reference} n’a pas pu être accepté"
    assert reason.text_fr in message.body
    assert reason.text_en not in message.body


def test_the_task_screen_groups_answers_by_section(client, report, django_capture_on_commit_callbacks):
    import re

    page = claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id},
        django_capture_on_commit_callbacks,
    )
    headings = re.findall(r"<h3>([^<]+)</h3>", page.content.decode())
    assert headings[:5] == ["When and where", "What happened", "Property and loss", "The person reporting", "Files"]


def test_staff_working_in_french_read_amounts_and_incident_types_in_french(client, report):
    from wagtail.users.models import UserProfile

    reviewer = get_user_model().objects.get(username="reviewer")
    UserProfile.objects.update_or_create(user=reviewer, defaults={"preferred_language": "fr"})
    task = open_task(report, "review")
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    staff(client, "reviewer").post(url + "assign/")
    html = client.get(url + "execute/").content.decode()
    assert "<td>850,00\u00a0$</td>" in html  # the property table
    assert "Vol de 5 000 $ ou moins" in html and "Theft under $5,000" not in html
