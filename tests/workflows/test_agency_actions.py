"""Every viewflow action on a report's process or task is agency-checked (not only claim and
carry out) and audited when it changes anything; a task is only reached through its own
node's URL; opening a screen changes nothing."""

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from forms_app.models import ReportStatus
from tests.factories import UserFactory, demo_site, make_agency, make_report
from website.models import AuditEvent
from workflows.flows import ReportFlow
from workflows.models import ReportProcess

pytestmark = pytest.mark.django_db
BASE = "/workflow/tasks/flows/report"


@pytest.fixture
def north():
    return make_agency()


@pytest.fixture
def report():
    return make_report()


@pytest.fixture
def north_supervisor(north):
    return UserFactory(role="supervisor", agencies=[north])


@pytest.fixture
def supervisor():
    return UserFactory(role="supervisor", agencies=[demo_site()])


@pytest.fixture
def reviewer():
    return UserFactory(role="reviewer", agencies=[demo_site()])


def review_task(report):
    return ReportProcess.objects.get(artifact_object_id=report.pk).task_set.get(flow_task=ReportFlow.review)


def claimed(client, user, task):
    client.force_login(user)
    response = client.post(f"{BASE}/{task.process_id}/review/{task.pk}/assign/")
    assert response.status_code == 302
    task.refresh_from_db()
    return task


def states(report):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    report.refresh_from_db()
    tasks = process.task_set.order_by("pk").values_list("pk", "status", "owner")
    return report.status, process.status, list(tasks)


@pytest.mark.parametrize(
    "action",
    ["cancel/", "undo/", "revive/", "unassign/", "execute/", "reassign/", "assign/", "", "detail/"],
)
def test_another_agencys_supervisor_cannot_act_on_a_task(client, report, reviewer, north_supervisor, action):
    task = claimed(client, reviewer, review_task(report))
    before = states(report)
    client.force_login(north_supervisor)
    url = f"{BASE}/{task.process_id}/review/{task.pk}/{action}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"owner": north_supervisor.pk, "decision": "approve"}).status_code == 404
    assert states(report) == before
    assert AuditEvent.objects.about(report).filter(action="denied", user=north_supervisor).count() == 2


@pytest.mark.parametrize("path", ["", "cancel/", "chart/"])
def test_another_agencys_supervisor_cannot_open_or_cancel_the_process(client, report, north_supervisor, path):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    client.force_login(north_supervisor)
    assert client.get(f"{BASE}/{process.pk}/{path}").status_code == 404
    assert client.post(f"{BASE}/{process.pk}/{path}", {"_cancel_process": "1"}).status_code == 404
    process.refresh_from_db()
    assert process.status == PROCESS.NEW


def test_bulk_release_from_the_inbox_skips_another_agencys_tasks(client, report, reviewer, north_supervisor):
    task = claimed(client, reviewer, review_task(report))
    client.force_login(north_supervisor)
    client.post("/workflow/tasks/inbox/unassign/", {"pk": [task.pk], "_confirm": "1"})
    client.post("/workflow/tasks/queue/assign/", {"pk": [task.pk], "_confirm": "1"})
    task.refresh_from_db()
    assert (task.owner, task.status) == (reviewer, STATUS.ASSIGNED)


def test_bulk_release_of_my_agencys_task_is_audited(client, report, reviewer):
    task = claimed(client, reviewer, review_task(report))
    client.post("/workflow/tasks/inbox/unassign/", {"pk": [task.pk], "_confirm": "1"})
    task.refresh_from_db()
    assert task.owner is None
    assert AuditEvent.objects.about(report).filter(action="release", user=reviewer).count() == 1


def test_the_dashboard_and_the_menu_count_only_my_agencys_tasks(client, report, north_supervisor, north):
    own = make_report(north)
    client.force_login(north_supervisor)
    html = client.get(f"{BASE}/").content.decode()
    assert f"/{review_task(own).process_id}/review/" in html
    assert f"/{review_task(report).process_id}/review/" not in html
    queue = client.get("/workflow/tasks/queue/")
    # The sidebar's badge: one task in the north's queue (viewflow counted every agency's).
    assert queue.context["user_queue"].count() == 0  # supervisors do not review
    assert client.get("/workflow/tasks/inbox/").context["user_inbox"].count() == 0
    reviewer = UserFactory(role="reviewer", agencies=[north])
    client.force_login(reviewer)
    assert client.get("/workflow/tasks/queue/").context["user_queue"].count() == 1


def test_my_agencys_supervisor_cancels_a_task_and_it_is_audited(client, report, supervisor):
    task = review_task(report)
    client.force_login(supervisor)
    assert client.post(f"{BASE}/{task.process_id}/review/{task.pk}/cancel/").status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    event = AuditEvent.objects.about(report).get(action="cancel")
    assert (event.user, event.outcome) == (supervisor, "NEW: -> CANCELED:")


def test_my_agencys_supervisor_cancels_the_process_and_it_is_audited(client, report, supervisor):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    client.force_login(supervisor)
    assert client.post(f"{BASE}/{process.pk}/cancel/", {"_cancel_process": "1"}).status_code == 302
    process.refresh_from_db()
    assert process.status == PROCESS.CANCELED
    assert AuditEvent.objects.about(report).filter(action="cancel", user=supervisor).count() == 1


@pytest.mark.parametrize(
    "node, action",
    [
        ("approval", "execute"),
        ("correct_export", "execute"),
        ("awaiting_info", "cancel"),
        ("export", "undo"),
        ("route_review", "revive"),
        ("end", "detail"),
    ],
)
def test_a_task_is_refused_on_another_nodes_url(client, report, reviewer, node, action):
    """A review task posted to the approval's URL used to accept the report with no supervisor."""
    task = claimed(client, reviewer, review_task(report))
    before = states(report)
    response = client.post(f"{BASE}/{task.process_id}/{node}/{task.pk}/{action}/", {"decision": "approve"})
    assert response.status_code == 404
    assert states(report) == before
    assert AuditEvent.objects.about(report).filter(action="denied", outcome="wrong node").exists()


def test_a_task_is_refused_under_another_process(client, report, reviewer):
    other = make_report()
    task = claimed(client, reviewer, review_task(report))
    other_process = review_task(other).process_id
    assert client.get(f"{BASE}/{other_process}/review/{task.pk}/execute/").status_code == 404


def test_opening_the_review_screen_changes_nothing_but_the_audit(client, report, reviewer):
    task = claimed(client, reviewer, review_task(report))
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW  # claiming is what the citizen hears about
    history = report.history.count()
    assert client.get(f"{BASE}/{task.process_id}/review/{task.pk}/execute/").status_code == 200
    assert report.history.count() == history


def test_opening_an_unclaimed_report_leaves_it_received(client, report, supervisor):
    task = review_task(report)
    client.force_login(supervisor)
    client.get(f"{BASE}/{task.process_id}/review/{task.pk}/detail/")
    client.get(f"{BASE}/{task.process_id}/")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.history.count() == 1


def test_reviving_a_cancelled_task_is_audited(client, report, supervisor):
    task = review_task(report)
    client.force_login(supervisor)
    client.post(f"{BASE}/{task.process_id}/review/{task.pk}/cancel/")
    assert client.post(f"{BASE}/{task.process_id}/review/{task.pk}/revive/").status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.REVIVED
    actions = list(AuditEvent.objects.about(report).filter(user=supervisor).values_list("action", flat=True))
    assert actions == ["cancel", "revive"]


def test_a_refused_action_writes_no_change_row(client, report, reviewer):
    """A reviewer may not cancel: refused by the role, and nothing is recorded as done."""
    task = review_task(report)
    client.force_login(reviewer)
    assert client.post(f"{BASE}/{task.process_id}/review/{task.pk}/cancel/").status_code == 403
    assert not AuditEvent.objects.about(report).filter(action="cancel").exists()
