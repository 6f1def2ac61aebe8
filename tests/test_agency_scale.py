"""Fifty police services on one install cost no more queries than one (issue 14, "Scale").

Each screen a member of staff or a citizen opens is counted with one agency (the demo's), then
again once 49 more agencies, each with its home page, news, a report form, its staff group and a
few reports, share the install: the counts must be equal. Each screen is asked twice and the
second request counted, after the caches (content types, site root paths) are warm, as a user
sees it. The volume of reports is the benchmark's (``make bench``, docs/performance.md)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS
from wagtail.models import GroupPagePermission, Page, Site

from forms_app.models import Report, ReportFormPage
from forms_app.status import status_token
from rms_export.models import Destination
from tests.factories import UserFactory, demo_site, make_report, only_one_agency
from website.models import AgencySettings, HomePage, NewsIndexPage, NewsPage
from workflows.flows import ReportFlow
from workflows.models import RejectionReason, ReportProcess

pytestmark = pytest.mark.django_db

MORE_AGENCIES = 49
REPORTS_EACH = 2  # for each of the 49: one in the superuser's inbox, one in the queue
ONE_SITE_EXTRA = ("comms dashboard", "admin dashboard", "admin agency settings")


def lean_agency(number, form):
    """Agency ``number`` as ``create_agency`` lays one out, in a few queries: its Site (its own
    hostname), home page, news index and one news item, a live copy of ``form``, its settings
    (a unique reference prefix) and its Communications group with page permissions on its tree."""
    slug = f"agency{number:02d}"
    name = f"Agency {number:02d} Police Service"
    home = Page.get_first_root_node().add_child(instance=HomePage(title=name, slug=slug))
    site = Site.objects.create(hostname=f"{slug}.localhost", port=80, root_page=home, site_name=name)
    AgencySettings.objects.create(
        site=site,
        agency_name=name,
        non_emergency_phone="613-555-0100",
        reference_prefix=f"AG{number:02d}",
        municipalities=f"Town {number:02d}",
    )
    news = home.add_child(instance=NewsIndexPage(title="News", slug="news"))
    news.add_child(instance=NewsPage(title=f"{name} opens online reporting", slug="online", intro="Report online."))
    form.copy(to=home, keep_live=True, update_attrs={"title": form.title, "slug": form.slug})
    RejectionReason.objects.create(
        site=site, title=f"{name}: not a police matter", text_en="Not ours.", text_fr="Pas ici."
    )
    Destination.objects.create(
        site=site, name=f"{name} RMS", transport="directory", format="json", options={"path": "/nonexistent"}
    )
    group = Group.objects.create(name=f"{name}: Communications")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=home,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return site


def review_task(report):
    return ReportProcess.objects.get(artifact_object_id=report.pk).task_set.get(flow_task=ReportFlow.review)


def claim(report, user):
    task = review_task(report)
    task.owner, task.status = user, STATUS.ASSIGNED
    task.save(update_fields=["owner", "status"])


def count(client, url, host):
    """Queries of the second request of ``url`` on ``host`` (the first warms the caches)."""
    assert client.get(url, HTTP_HOST=host).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return len(queries)


def measure(clients, urls, host="testserver"):
    return {f"{who} {name}": count(clients[who], url, host) for who, name, url in urls}


def screens(site, staff, superuser="admin"):
    """(who, screen, url) of what staff and citizens of the agency ``site`` open, with its
    ``staff`` (role: username)."""
    home = site.root_page.specific
    news_item = NewsPage.objects.descendant_of(home).live().first()
    form = ReportFormPage.objects.descendant_of(home).get(slug="report-lost-property")
    queued = Report.objects.filter(site=site).order_by("pk").last()
    reviewer, comms = staff["reviewer"], staff.get("comms")
    return [
        *[(who, "page explorer", f"/admin/pages/{home.pk}/") for who in filter(None, (comms, superuser))],
        *[(who, "dashboard", "/admin/") for who in filter(None, (comms, superuser))],
        *[
            (who, screen, f"/workflow/tasks/{screen}/")
            for who in (reviewer, superuser)
            for screen in ("inbox", "queue")
        ],
        *[(who, "archive", "/workflow/tasks/archive/") for who in (reviewer, superuser)],
        (superuser, "agency settings", f"/admin/settings/website/agencysettings/{site.pk}/"),
        ("citizen", "home page", home.url),
        ("citizen", "news page", news_item.url),
        ("citizen", "report form (screening)", form.url),
        ("citizen", "status page", f"/report/status/{status_token(queued)}/"),
    ]


def test_fifty_agencies_cost_no_more_queries_than_one(client):
    only_one_agency()  # the demo's second agency goes: one agency, then fifty
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("reviewer", "supervisor", "comms", "admin")}
    clients = {"citizen": client}

    def log_in(user):
        clients[user.username] = type(client)()
        clients[user.username].force_login(user)

    for user in users.values():
        log_in(user)

    # One agency, the demo's, on the default site.
    site = demo_site()
    form = ReportFormPage.objects.child_of(site.root_page).get(slug="report-lost-property")
    reports = [make_report(site) for _ in range(3)]
    claim(reports[0], users["reviewer"])
    claim(reports[1], users["admin"])  # reports[2] waits in the queue
    demo = [
        *screens(site, {"reviewer": "reviewer", "comms": "comms"}),
        ("admin", "page explorer root", "/admin/pages/"),
        *[(who, "form submissions", "/admin/forms/") for who in ("comms", "admin")],
        *[
            ("admin", f"{model} listing", f"/admin/snippets/{model}/")
            for model in ("workflows/rejectionreason", "rms_export/destination", "forms_app/incidenttype")
        ],
        *[(who, "flow dashboard", "/workflow/tasks/flows/report/") for who in ("supervisor", "admin")],
        *[(who, "process list", "/workflow/tasks/flows/report/flows/") for who in ("supervisor", "admin")],
    ]
    one = measure(clients, demo)

    def add_agency(number):
        other = lean_agency(number, form)
        for index in range(REPORTS_EACH):
            report = make_report(other)
            if index == 0:
                claim(report, users["admin"])  # the superuser's inbox shows every agency's tasks
        return other

    # A second agency, on its own hostname, with a reviewer of its own.
    second = add_agency(1)
    second_reviewer = UserFactory(role="reviewer", agencies=[second])
    log_in(second_reviewer)
    claim(Report.objects.filter(site=second).order_by("pk").last(), second_reviewer)
    make_report(second)  # and one in its queue
    second_screens = screens(second, {"reviewer": second_reviewer.username})
    second_at_two = measure(clients, second_screens, host=second.hostname)

    before = Site.objects.count()
    for number in range(2, MORE_AGENCIES + 1):
        add_agency(number)
    assert Site.objects.count() == before + MORE_AGENCIES - 1
    fifty = measure(clients, demo)
    second_at_fifty = measure(clients, second_screens, host=second.hostname)

    # Wagtail's own screens ask one thing more while the install has a single site: the
    # dashboard's summary links to that site's home page, the settings page counts the sites
    # (with several, it shows a site switcher from the list it already has).
    assert fifty == {**one, **{key: one[key] - 1 for key in ONE_SITE_EXTRA}}
    assert second_at_fifty == second_at_two
