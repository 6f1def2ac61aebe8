"""Who may see and act on a report: staff of its agency, in their role. Checked on every
screen, task and download; every access recorded."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from viewflow.workflow.status import STATUS
from wagtail.models import Page, Site

from forms_app.models import Attachment, Report
from tests.conftest import DEMO_PASSWORD
from tests.factories import in_demo, send_theft_report
from tests.forms_app.conftest import check_token, fill_details, jpeg, pass_screening
from website.models import AgencyMembership, AgencySettings, AuditEvent, HomePage
from workflows.flows import ReportFlow
from workflows.models import ReportProcess

pytestmark = pytest.mark.django_db
BASE = "/workflow/tasks/flows/report"


@pytest.fixture
def report(client, theft_page):
    return send_theft_report(client, theft_page, files=[jpeg("bike.jpg")])


@pytest.fixture
def other_agency_reviewer():
    """A reviewer of another police service, on another Wagtail site."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Other Police", slug="other-police"))
    site = Site.objects.create(hostname="other.example", port=80, root_page=home, site_name="Other")
    AgencySettings.objects.create(site=site, agency_name="Other Police", non_emergency_phone="613-555-0100")
    user = get_user_model().objects.create_user("other_reviewer", password=DEMO_PASSWORD)
    user.groups.add(Group.objects.get(name="Reviewers"))
    AgencyMembership.objects.create(user=user, site=site)
    return user


def login(client, user):
    client.force_login(user if not isinstance(user, str) else get_user_model().objects.get(username=user))
    return client


def review_task(report):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    return process.task_set.get(flow_task=ReportFlow.review)


def test_queue_shows_only_reports_of_my_agency(client, report, other_agency_reviewer):
    html = login(client, "reviewer").get("/workflow/tasks/queue/").content.decode()
    assert report.reference in html
    html = login(client, other_agency_reviewer).get("/workflow/tasks/queue/").content.decode()
    assert report.reference not in html


@pytest.mark.parametrize(
    "who, can_claim",
    [("reviewer", True), ("supervisor", False), ("comms", False), ("other", False)],
)
def test_who_may_claim_the_review(client, report, other_agency_reviewer, who, can_claim):
    user = other_agency_reviewer if who == "other" else who
    task = review_task(report)
    response = login(client, user).post(f"{BASE}/{task.process_id}/review/{task.pk}/assign/")
    task.refresh_from_db()
    assert (task.owner is not None) == can_claim
    if not can_claim:
        # Another agency's task is not found at all; our own agency's, without the role, is refused.
        assert response.status_code == (404 if who == "other" else 403)


def test_only_the_claimant_carries_out_the_task(client, report, other_agency_reviewer):
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    login(client, "reviewer").post(url + "assign/")
    for user in ("supervisor", "comms"):
        assert login(client, user).get(url + "execute/").status_code == 403
    assert login(client, other_agency_reviewer).get(url + "execute/").status_code == 404


def test_process_page_is_refused_to_another_agency(client, report, other_agency_reviewer):
    task = review_task(report)
    assert login(client, "reviewer").get(f"{BASE}/{task.process_id}/").status_code == 200
    assert login(client, other_agency_reviewer).get(f"{BASE}/{task.process_id}/").status_code == 404
    denied = AuditEvent.objects.about(report).get(action="denied")
    assert (denied.user, denied.outcome) == (other_agency_reviewer, "agency")


def test_a_second_claim_is_told_who_was_first(client, report):
    second = get_user_model().objects.create_user("reviewer2", first_name="Robin", last_name="Second")
    second.groups.add(Group.objects.get(name="Reviewers"))
    AgencyMembership.objects.create(user=second, site=report.site)
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/assign/"
    login(client, "reviewer").post(url)
    response = login(client, second).post(url, follow=True)
    assert response.status_code == 200
    assert "Riley Reviewer claimed this task first." in response.content.decode()
    task.refresh_from_db()
    assert task.owner.username == "reviewer"
    assert AuditEvent.objects.filter(user=second, action="claim", outcome="taken").exists()


def test_attachment_download_is_checked_logged_and_never_inline(client, report, other_agency_reviewer):
    attachment = Attachment.objects.get(report=report)
    url = f"/workflow/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    response = login(client, "reviewer").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bike.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert login(client, "comms").get(url).status_code == 403
    assert login(client, other_agency_reviewer).get(url).status_code == 404
    events = list(AuditEvent.objects.about(report).values_list("user__username", "action", "outcome"))
    assert ("reviewer", "download", "") in events
    assert ("comms", "denied", "no role") in events
    assert ("other_reviewer", "denied", "agency") in events


def test_staged_files_of_unsent_reports_are_not_downloadable(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page, files=[jpeg("draft.jpg")])
    staged = Attachment.objects.get(report__isnull=True)
    assert login(client, "reviewer").get(f"/workflow/attachments/{staged.pk}/").status_code == 404


def test_audit_events_cannot_be_changed_or_deleted(report):
    event = AuditEvent.objects.create(target=report, site_id=report.site_id, action=AuditEvent.Action.VIEW)
    event.detail = "changed"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_every_view_of_a_task_screen_is_recorded(client, report):
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    login(client, "reviewer").post(url + "assign/")
    client.get(url + "execute/", REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.about(report).get(action="view")
    assert event.user.username == "reviewer"
    assert str(event.address) == "10.1.2.3"
    assert task.status in (STATUS.NEW, STATUS.ASSIGNED)


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_claiming_at_once_one_wins_one_is_told():
    import threading

    from django.db import connection, connections
    from django.test import Client

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this checks: PostgreSQL only (CI runs it)")
    from tests.conftest import seed_committed_demo

    seed_committed_demo()
    from forms_app.models import ReportFormPage

    page = in_demo(ReportFormPage).get(slug="report-theft")
    citizen = Client()
    pass_screening(citizen, page)
    fill_details(citizen, page)
    citizen.post(page.url + "check/", {"token": check_token(citizen, page)})
    report = Report.objects.get()
    second = get_user_model().objects.create_user("reviewer2", first_name="Robin", last_name="Second")
    second.groups.add(Group.objects.get(name="Reviewers"))
    AgencyMembership.objects.create(user=second, site=report.site)
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/assign/"
    barrier = threading.Barrier(2)
    results = {}

    def claim(username):
        try:
            client = Client()
            client.force_login(get_user_model().objects.get(username=username))
            barrier.wait(timeout=30)
            results[username] = client.post(url, follow=True)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(name,)) for name in ("reviewer", "reviewer2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    task.refresh_from_db()
    winner = task.owner.username
    loser = "reviewer2" if winner == "reviewer" else "reviewer"
    assert results[winner].status_code == results[loser].status_code == 200
    assert "claimed this task first." in results[loser].content.decode()
    outcomes = sorted(AuditEvent.objects.filter(action="claim").values_list("user__username", "outcome"))
    assert outcomes == sorted([(winner, "claimed"), (loser, "taken")])


def test_a_supervisor_reassigns_a_claimed_task(client, report):
    second = get_user_model().objects.create_user("reviewer2", first_name="Robin", last_name="Second")
    second.groups.add(Group.objects.get(name="Reviewers"))
    AgencyMembership.objects.create(user=second, site=report.site)
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    login(client, "reviewer").post(url + "assign/")
    assert client.get(url + "reassign/").status_code == 403  # reviewers cannot
    detail = login(client, "supervisor").get(url + "detail/").content.decode()
    assert url + "reassign/" in detail
    form = client.get(url + "reassign/").content.decode()
    assert "reviewer2" in form and ">supervisor<" not in form
    response = client.post(url + "reassign/", {"owner": second.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == second
    assert AuditEvent.objects.filter(action="reassign", outcome="reviewer2", user__username="supervisor").exists()


def test_flow_pages_follow_the_agency_rule_and_are_audited(client, report, other_agency_reviewer):
    task = review_task(report)
    login(client, "reviewer")
    assert str(task.process_id) in client.get(f"{BASE}/flows/").content.decode()
    client.get(f"{BASE}/{task.process_id}/")
    assert AuditEvent.objects.about(report).filter(action="view", detail="process page").count() == 1
    login(client, other_agency_reviewer)
    assert f'href="{BASE}/{task.process_id}/"' not in client.get(f"{BASE}/flows/").content.decode()
    assert f"#{task.process_id}/{task.pk}" not in client.get(f"{BASE}/tasks/").content.decode()


def test_communications_staff_and_visitors_never_reach_the_task_screens(client, report):
    assert client.get("/workflow/tasks/queue/").status_code == 302  # to the login page
    login(client, "comms")
    for url in ("/workflow/tasks/queue/", "/workflow/tasks/inbox/", f"{BASE}/flows/"):
        assert client.get(url).status_code == 403, url


def test_unclaiming_is_recorded(client, report):
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    login(client, "reviewer").post(url + "assign/")
    assert client.post(url + "unassign/").status_code == 302
    task.refresh_from_db()
    assert task.owner is None
    assert AuditEvent.objects.about(report).filter(action="release", user__username="reviewer").exists()


def test_an_unclaimed_task_names_the_report_but_shows_none_of_its_answers(client, report):
    """Viewing the claim page is not logged, so it may show no personal data."""
    task = review_task(report)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/"
    html = login(client, "reviewer").get(url + "assign/").content.decode()
    assert report.reference in html
    for personal in ("Tremblay", "jean.tremblay@example.org", "555-0199", "Lakeshore", "bicycle"):
        assert personal not in html
    # The process page (viewflow's, reached from the task list) shows the same short card.
    html = client.get(f"{BASE}/{task.process_id}/").content.decode()
    assert report.reference in html and "Tremblay" not in html
