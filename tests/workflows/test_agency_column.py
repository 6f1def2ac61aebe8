"""Staff of two agencies see both in their task lists, each row's agency named and a filter by
agency that offers theirs only; staff of one agency see neither."""

import re

import pytest
from viewflow.workflow.status import STATUS

from tests.factories import UserFactory, demo_site, make_agency, make_report
from workflows.flows import ReportFlow
from workflows.models import ReportProcess

pytestmark = pytest.mark.django_db

DEMO = "Demo Regional Police Service"
NORTH = "North Police Service"
LISTS = [
    "/workflow/tasks/queue/",
    "/workflow/tasks/inbox/",
    "/workflow/tasks/archive/",
    "/workflow/tasks/flows/report/flows/",
    "/workflow/tasks/flows/report/tasks/",
]


@pytest.fixture
def north():
    return make_agency()


def review_task(report):
    return ReportProcess.objects.get(artifact_object_id=report.pk).task_set.get(flow_task=ReportFlow.review)


def claimed(report, user):
    task = review_task(report)
    task.owner, task.status = user, STATUS.ASSIGNED
    task.save()
    return report


def finished(report, user):
    task = review_task(report)
    task.owner, task.status, task.finished = user, STATUS.DONE, task.created
    task.save()
    return report


def headers(html):
    return [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]


def agency_options(response):
    """The agency filter's choices (viewflow renders its filters as web components), or None."""
    form = response.context["view"].filterset.form
    if "agency" not in form.fields:
        return None
    return [(value, str(label)) for value, label in form.fields["agency"].choices if value != ""]


def rows_for(user, *, north):
    """A report of each agency in each list of ``user`` (queue, inbox, archive)."""
    reports = []
    for site in (demo_site(), north):
        reports.append(make_report(site))
        reports.append(claimed(make_report(site), user))
        reports.append(finished(make_report(site), user))
    return reports


@pytest.mark.parametrize("url", LISTS)
def test_staff_of_two_agencies_see_each_rows_agency_and_filter_by_it(client, north, url):
    make_agency(name="South Police Service", hostname="south.localhost", prefix="SPS")  # not theirs
    user = UserFactory(role="supervisor", agencies=[demo_site(), north])
    user.groups.add(*UserFactory(role="reviewer").groups.all())
    reports = rows_for(user, north=north)
    client.force_login(user)
    response = client.get(url)
    html = response.content.decode()
    assert "Agency" in headers(html)
    assert DEMO in html and NORTH in html
    assert [name for _pk, name in agency_options(response)] == [DEMO, NORTH]  # theirs only, by name

    html = client.get(url, {"agency": north.pk}).content.decode()
    north_refs = [r.reference for r in reports if r.site_id == north.pk]
    demo_refs = [r.reference for r in reports if r.site_id != north.pk]
    assert any(ref in html for ref in north_refs)
    assert not any(ref in html for ref in demo_refs)


def test_the_agency_is_named_in_the_staff_members_language(client, north):
    from website.models import AgencySettings

    AgencySettings.objects.filter(site=north).update(agency_name_fr="Service de police du Nord")
    user = UserFactory(role="reviewer", agencies=[demo_site(), north])
    make_report(north)
    client.force_login(user)
    html = client.get("/workflow/tasks/queue/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Service de police du Nord" in html


@pytest.mark.parametrize("url", LISTS)
def test_staff_of_one_agency_see_no_agency_column_nor_filter(client, north, url):
    user = UserFactory(role="supervisor", agencies=[north])
    user.groups.add(*UserFactory(role="reviewer").groups.all())
    rows_for(user, north=north)
    client.force_login(user)
    response = client.get(url)
    html = response.content.decode()
    assert "Agency" not in headers(html)
    assert agency_options(response) is None
    assert NORTH not in headers(html)


def test_another_agencys_id_in_the_filter_shows_nothing_of_it(client, north):
    south = make_agency(name="South Police Service", hostname="south.localhost", prefix="SPS")
    theirs = make_report(south)
    user = UserFactory(role="reviewer", agencies=[demo_site(), north])
    mine = make_report(north)
    client.force_login(user)
    response = client.get("/workflow/tasks/queue/", {"agency": south.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert theirs.reference not in html and mine.reference in html  # an unknown choice filters nothing
    assert client.get("/workflow/tasks/queue/", {"agency": "x' or 1=1"}).status_code == 200
