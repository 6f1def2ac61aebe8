"""The task lists make the same number of queries however many tasks they show (no query per row)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS

from tests.factories import make_report
from workflows.flows import ReportFlow
from workflows.models import ReportProcess

pytestmark = pytest.mark.django_db


def review_task(report):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    return process.task_set.get(flow_task=ReportFlow.review)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("screen", ["queue", "inbox"])
def test_task_lists_make_a_constant_number_of_queries(client, screen):
    reviewer = get_user_model().objects.get(username="reviewer")
    client.force_login(reviewer)
    url = f"/workflow/tasks/{screen}/"

    def add_reports(count):
        for _ in range(count):
            task = review_task(make_report())
            if screen == "inbox":
                task.owner, task.status = reviewer, STATUS.ASSIGNED
                task.save()

    add_reports(1)
    client.get(url)  # caches filled (content types, permissions)
    one = count_queries(client, url)
    add_reports(4)
    five = count_queries(client, url)
    assert one == five


def test_the_queue_does_not_list_every_process_in_its_filters(client):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    reports = [make_report() for _ in range(3)]
    html = client.get("/workflow/tasks/queue/").content.decode()
    (process_input,) = re.findall(r'<[^>]*name="process"[^>]*>', html)
    assert 'type="hidden"' in process_input
    for report in reports:
        assert html.count(report.reference) == 1  # its row, not an option of a drop-down
    process = ReportProcess.objects.get(artifact_object_id=reports[0].pk)
    html = client.get(f"/workflow/tasks/queue/?process={process.pk}").content.decode()
    assert reports[0].reference in html and reports[1].reference not in html


@pytest.mark.parametrize("page", ["flows/", "tasks/"])
def test_the_flows_process_and_task_lists_make_a_constant_number_of_queries(client, page):
    """Each row is named by its report's reference: the reports are fetched for the whole page."""
    client.force_login(get_user_model().objects.get(username="supervisor"))
    url = f"/workflow/tasks/flows/report/{page}"
    make_report()
    client.get(url)  # caches filled (content types, permissions)
    one = count_queries(client, url)
    for _ in range(4):
        make_report()
    five = count_queries(client, url)
    assert one == five


@pytest.mark.parametrize(
    "url",
    [
        "/workflow/tasks/queue/",
        "/workflow/tasks/inbox/",
        "/workflow/tasks/flows/report/flows/",
        "/workflow/tasks/flows/report/tasks/",
    ],
)
def test_the_agency_column_of_staff_of_two_agencies_makes_no_query_per_row(client, url):
    """Staff of two agencies: each row names its agency (the names read once per page)."""
    from tests.factories import UserFactory, demo_site, make_agency

    north = make_agency()
    user = UserFactory(role="supervisor", agencies=[demo_site(), north])
    user.groups.add(*UserFactory(role="reviewer").groups.all())
    client.force_login(user)

    def add_reports(count):
        for n in range(count):
            task = review_task(make_report(north if n % 2 else None))
            task.owner, task.status = user, STATUS.ASSIGNED
            task.save()

    add_reports(1)
    client.get(url)  # caches filled (content types, permissions)
    one = count_queries(client, url)
    add_reports(4)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert "North Police Service" in response.content.decode()
    assert len(queries) == one
