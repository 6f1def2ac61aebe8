"""A reviewer refers a report to another police service of the install: the report moves with its
files, history and audit, gets the other agency's reference number (the old one still opens the
citizen's status page and finds it in the other agency's queue), the citizen is emailed in their
language, both agencies' audits record it, and the agency it left no longer reaches it."""

import re

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.status import STATUS

from forms_app.models import Attachment, IncidentType, PreviousReference, Report, ReportStatus
from forms_app.status import SALT, status_token
from tests.factories import UserFactory, demo_site, make_agency, make_report, only_one_agency
from tests.test_url_access import PNG
from website.models import AgencySettings, AuditEvent
from workflows.display import event_in_words
from workflows.flows import ReportFlow
from workflows.models import ReportProcess, TaskDeadline

pytestmark = pytest.mark.django_db
BASE = "/workflow/tasks/flows/report"
WHY = "It happened in Northville, which North Police Service serves."


@pytest.fixture
def north():
    site = make_agency()
    AgencySettings.objects.filter(site=site).update(agency_name_fr="Service de police du Nord")
    return site


@pytest.fixture
def reviewer():
    return UserFactory(role="reviewer", agencies=[demo_site()], first_name="Riley", last_name="Demo")


@pytest.fixture
def north_reviewer(north):
    return UserFactory(role="reviewer", agencies=[north])


@pytest.fixture
def report():
    report = make_report(town_or_city="Northville")
    Attachment.store(SimpleUploadedFile("dot.png", PNG), "image/png", field_name="photos", report=report)
    return report


def open_review(report):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    return process.task_set.get(flow_task=ReportFlow.review, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def task_url(task, action=""):
    return f"{BASE}/{task.process_id}/review/{task.pk}/{action}"


def claim(client, user, task):
    client.force_login(user)
    assert client.post(task_url(task, "assign/")).status_code == 302


def refer(client, user, report, **data):
    """``user`` claims the report's review and posts the referral; returns the response."""
    task = open_review(report)
    claim(client, user, task)
    post = {"decision": "refer", "incident_type": report.incident_type_id, "referral_note": WHY, **data}
    return client.post(task_url(task, "execute/"), post)


def link_in(email):
    """The status link of ``email``: its site, and the reference its signed token names."""
    found = re.search(r"(https?://[^/\s]+)(\S*)/report/status/([^/\s]+)/", email.body)
    assert found is not None, email.body
    return found[1] + found[2], signing.loads(found[3], salt=SALT)["r"]


def test_a_referred_report_moves_to_the_other_agency_with_its_files_history_and_audit(
    client, report, reviewer, north, north_reviewer, django_capture_on_commit_callbacks
):
    old_reference, task = report.reference, open_review(report)
    with django_capture_on_commit_callbacks(execute=True):
        response = refer(client, reviewer, report, agency=north.pk)
    assert response.status_code == 302
    assert response["Location"] == "/workflow/tasks/queue/"

    report.refresh_from_db()
    assert report.site == north
    assert report.reference.startswith("NPS-") and report.reference != old_reference
    assert report.status == ReportStatus.REFERRED
    assert report.site_address == "http://north.localhost"
    (previous,) = report.previous_references.all()
    assert (previous.reference, previous.site_id) == (old_reference, demo_site().pk)
    # Its files and its history stay with it; the history tells the citizen where it went.
    assert [a.original_name for a in report.attachments.all()] == ["dot.png"]
    assert [c.status for c in report.history.all()] == [ReportStatus.SUBMITTED, ReportStatus.IN_REVIEW, "referred"]
    step = report.history.last()
    assert step.public_message == (
        f"Sent to North Police Service, who serve where it happened: your new reference is {report.reference}."
    )
    assert (step.actor, step.note) == (reviewer, WHY)

    # Both agencies' audits record it, in words.
    rows = AuditEvent.objects.about(report).filter(action="referred").order_by("pk")
    assert [(r.site_id, r.outcome, r.detail) for r in rows] == [
        (demo_site().pk, "sent", f"{old_reference} -> {report.reference}"),
        (north.pk, "received", f"{old_reference} -> {report.reference}"),
    ]
    assert event_in_words(rows[0]) == (
        f"Riley Demo referred it to another police service ({old_reference} -> {report.reference})"
    )
    assert "referred it here from another police service" in event_in_words(rows[1])

    # The same process goes on, with a review task of the other agency, due by its own deadline.
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    assert process.pk == task.process_id and process.status == STATUS.NEW
    new_task = open_review(report)
    assert new_task.pk != task.pk and new_task.owner is None
    assert TaskDeadline.objects.filter(task=new_task).exists()
    task.refresh_from_db()
    assert task.status == STATUS.DONE

    # The citizen is emailed, with the link to the status page on the other agency's site.
    (email,) = [m for m in mail.outbox if "new reference" in m.subject]
    assert email.subject == f"Your report was sent to North Police Service: your new reference is {report.reference}"
    assert email.to == ["someone@example.org"]
    assert link_in(email) == ("http://north.localhost", report.reference)
    assert "North Police Service now has your report" in email.body

    # The other agency's reviewer finds it in the queue (by either number), claims and opens it.
    client.force_login(north_reviewer)
    assert report.reference in client.get("/workflow/tasks/queue/").content.decode()
    found = client.get("/workflow/tasks/queue/", {"reference": old_reference}).content.decode()
    assert report.reference in found
    partial = client.get("/workflow/tasks/queue/", {"reference": old_reference[-6:]}).content.decode()
    assert report.reference in partial
    claim(client, north_reviewer, new_task)
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    screen = client.get(task_url(new_task, "execute/")).content.decode()
    assert "Earlier reference number" in screen and old_reference in screen
    assert "dot.png" in screen and WHY in screen


def test_the_agency_it_left_no_longer_reaches_it(client, report, reviewer, north):
    supervisor = UserFactory(role="supervisor", agencies=[demo_site()])
    old_reference, task = report.reference, open_review(report)
    attachment = report.attachments.get()
    assert refer(client, reviewer, report, agency=north.pk).status_code == 302
    report.refresh_from_db()
    message = client.get("/workflow/tasks/queue/").content.decode()  # what the decider is told, once
    assert f"Report {old_reference} sent to North Police Service, as {report.reference}." in message

    for user in (reviewer, supervisor):
        client.force_login(user)
        for url in (
            task_url(task, "detail/"),
            task_url(task, "execute/"),
            f"{BASE}/{task.process_id}/",
            f"/workflow/attachments/{attachment.pk}/",
        ):
            assert client.get(url).status_code == 404, url
        for url in (
            "/workflow/tasks/queue/",
            "/workflow/tasks/inbox/",
            "/workflow/tasks/archive/",
            f"{BASE}/",
            f"{BASE}/tasks/",
            f"{BASE}/processes/",
        ):
            body = client.get(url).content.decode()
            assert old_reference not in body and report.reference not in body, url
    denied = AuditEvent.objects.about(report).filter(action="denied", user=reviewer)
    assert denied.count() == 4
    # The agency it left keeps its own audit row of the referral: references only.
    (trace,) = AuditEvent.objects.filter(site=demo_site(), action="referred")
    assert (trace.detail, trace.outcome) == (f"{old_reference} -> {report.reference}", "sent")


def test_the_citizens_old_status_link_still_opens_the_report(client, report, reviewer, north):
    old_link = f"/report/status/{status_token(report)}/"
    other = make_report()  # another report of the demo agency, never referred
    other_link = f"/report/status/{status_token(other)}/"
    assert client.get(old_link, HTTP_HOST="north.localhost").status_code == 404  # not North's yet
    refer(client, reviewer, report, agency=north.pk)
    client.logout()
    report.refresh_from_db()

    # On the agency's site it left, the link leads to the report's page on the new agency's site.
    response = client.get(old_link)
    assert response.status_code == 302
    assert response["Location"] == f"http://north.localhost/report/status/{status_token(report)}/"
    # On the new agency's site, the old link opens it too, under its new number.
    page = client.get(old_link, HTTP_HOST="north.localhost")
    assert page.status_code == 200
    body = page.content.decode()
    assert report.reference in body and "Sent to another police service" in body
    assert "who serve where it happened" in body
    # The other reports' links keep to their own agency's site.
    assert client.get(other_link, HTTP_HOST="north.localhost").status_code == 404
    assert client.get(other_link).status_code == 200


def test_a_french_report_is_told_in_french(
    client, report, reviewer, north, django_capture_on_commit_callbacks, settings
):
    Report.objects.filter(pk=report.pk).update(language="fr")
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        refer(client, reviewer, report, agency=north.pk)
    report.refresh_from_db()
    step = report.history.last()
    assert step.public_message == (
        "Transmis au service de police qui dessert le lieu de l’incident (Service de police du Nord) : "
        f"votre nouveau numéro de référence est {report.reference}."
    )
    (email,) = [m for m in mail.outbox if report.reference in m.subject]
    assert email.subject == (
        "Votre rapport a été transmis à un autre service de police (Service de police du Nord) : "
        f"votre nouveau numéro de référence est {report.reference}"
    )
    assert step.public_message in email.body
    assert link_in(email) == ("http://north.localhost/fr", report.reference)
    assert "Ce service (Service de police du Nord) a maintenant votre rapport" in email.body


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"agency": "same"}, "agency", "Choose one of the other police services in the list."),
        ({"agency": ""}, "agency", "Choose the police service to send the report to."),
        (
            {"agency": "north", "referral_note": "  "},
            "referral_note",
            "Say why the report goes to that police service.",
        ),
        (
            {"agency": "north", "referral_incident_type": "east_own"},
            "referral_incident_type",
            "North Police Service does not use this incident type",
        ),
        (
            {"agency": "north", "referral_incident_type": "demo_own"},
            "referral_incident_type",
            "Choose one of the incident types in the list.",
        ),
    ],
)
def test_the_referral_is_refused_without_another_agency_or_a_reason(
    client, report, reviewer, north, change, field, error
):
    demo_own = IncidentType.objects.create(
        site=demo_site(), code="DEMO-ONLY", name="Demo only", ucr_code="2140", rms_occurrence_type="THEFT"
    )
    east = make_agency(name="East Police Service", hostname="east.localhost", prefix="EPS")
    east_own = IncidentType.objects.get(site=east)
    values = {"same": demo_site().pk, "north": north.pk, "demo_own": demo_own.pk, "east_own": east_own.pk}
    data = {key: values.get(value, value) for key, value in change.items()}
    old_reference = report.reference
    response = refer(client, reviewer, report, **data)
    assert response.status_code == 200
    assert error in str(response.context["form"].errors[field])
    report.refresh_from_db()
    assert (report.site_id, report.reference, report.status) == (demo_site().pk, old_reference, "in_review")
    assert not PreviousReference.objects.exists()
    assert not AuditEvent.objects.filter(action="referred").exists()


def test_a_report_of_an_agencys_own_type_needs_a_type_the_other_agency_uses(client, report, reviewer, north):
    demo_own = IncidentType.objects.create(
        site=demo_site(), code="DEMO-ONLY", name="Demo only", ucr_code="2140", rms_occurrence_type="THEFT"
    )
    Report.objects.filter(pk=report.pk).update(incident_type=demo_own)
    report.refresh_from_db()
    response = refer(client, reviewer, report, agency=north.pk)
    assert response.status_code == 200
    assert "North Police Service does not use the incident type Demo only" in str(
        response.context["form"].errors["referral_incident_type"]
    )
    # The choices: the install's types and each other agency's own, named; never the agency's it leaves.
    choices = dict(response.context["form"].fields["referral_incident_type"].choices)
    north_own = IncidentType.objects.get(site=north)
    assert choices[north_own.pk] == f"{north_own.name} (North Police Service only)"
    assert demo_own.pk not in [getattr(key, "value", key) for key in choices]

    task = open_review(report)
    post = {"decision": "refer", "incident_type": demo_own.pk, "referral_note": WHY, "agency": north.pk}
    assert client.post(task_url(task, "execute/"), {**post, "referral_incident_type": north_own.pk}).status_code == 302
    report.refresh_from_db()
    assert (report.site, report.incident_type) == (north, north_own)


def test_the_agency_that_serves_the_place_is_proposed_and_one_agency_has_no_referral(client, report, reviewer):
    only_one_agency()
    task = open_review(report)
    claim(client, reviewer, task)
    screen = client.get(task_url(task, "execute/"))
    assert "Refer to another police service" not in screen.content.decode()  # no other agency yet
    assert "agency" not in screen.context["form"].fields

    north = make_agency()
    screen = client.get(task_url(task, "execute/"))
    assert "Refer to another police service" in screen.content.decode()
    form = screen.context["form"]
    assert form.fields["agency"].initial == north.pk  # it serves Northville, where it happened
    assert [label for _value, label in form.fields["agency"].choices][1:] == ["North Police Service"]
