"""The reviewer's "Location" panel: the address, the point, the map of the agency's boundary
with the point, a warning outside the boundary, and the related reports (within 250 m and 12
weeks, and the same reporter's), of the report's own agency only, in a fixed number of queries."""

import datetime
import math
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_app.models import Report
from tests.factories import demo_site, make_agency, make_report
from website.demo_geo import DEMO_BOUNDARY
from website.geo import EARTH_RADIUS_M, metres_between
from website.models import AgencySettings
from workflows.flows import ReportFlow
from workflows.location import location_context
from workflows.models import ReportProcess

pytestmark = pytest.mark.django_db

OAKVILLE = (43.45, -79.70)  # inside the demo agency's boundary
OUTSIDE = (43.55, -79.58)  # in Lakeshore's


def north_of(point, metres):
    return point[0] + math.degrees(metres / EARTH_RADIUS_M), point[1]


def east_of(point, metres):
    return point[0], point[1] + math.degrees(metres / (EARTH_RADIUS_M * math.cos(math.radians(point[0]))))


def placed(report, point, *, ago=None):
    report.latitude, report.longitude = point if point is not None else (None, None)
    fields = ["latitude", "longitude"]
    if ago is not None:
        report.submit_time = report.submit_time - ago
        fields.append("submit_time")
    report.save(update_fields=fields)
    return report


def refs(rows):
    return [row.report.reference for row in rows]


@pytest.fixture(autouse=True)
def demo_boundary():
    AgencySettings.objects.filter(site=demo_site()).update(boundary=DEMO_BOUNDARY)


def context(report):
    report = Report.objects.get(pk=report.pk)
    return location_context(report, report.answers())


def test_249_metres_is_near_and_251_is_not():
    report = placed(make_report(), OAKVILLE)
    near = placed(make_report(), north_of(OAKVILLE, 249))
    near_east = placed(make_report(), east_of(OAKVILLE, 249))
    far = placed(make_report(), north_of(OAKVILLE, 251))
    far_east = placed(make_report(), east_of(OAKVILLE, 251))
    assert round(metres_between(OAKVILLE, (far.latitude, far.longitude))) == 251
    nearby = context(report)["nearby"]
    assert sorted(refs(nearby)) == sorted([near.reference, near_east.reference])
    assert far.reference not in refs(nearby) and far_east.reference not in refs(nearby)
    assert {row.distance for row in nearby} == {"249 m"}


def test_12_weeks_either_side_of_the_report():
    report = placed(make_report(), OAKVILLE)
    twelve = datetime.timedelta(weeks=12)
    minute = datetime.timedelta(minutes=1)
    inside = placed(make_report(), north_of(OAKVILLE, 10), ago=twelve - minute)
    outside = placed(make_report(), north_of(OAKVILLE, 10), ago=twelve + minute)
    nearby = refs(context(report)["nearby"])
    assert inside.reference in nearby and outside.reference not in nearby
    # From the older report's side, the newer one is within 12 weeks too.
    assert report.reference in refs(context(inside)["nearby"])


def test_never_another_agencys_report_even_at_the_same_point_and_email():
    north = make_agency()
    report = placed(make_report(email_address="same@example.org"), OAKVILLE)
    theirs = placed(make_report(north, email_address="same@example.org"), OAKVILLE)
    found = context(report)
    assert theirs.reference not in refs(found["nearby"]) + refs(found["by_email"])
    assert report.reference not in refs(context(theirs)["nearby"]) + refs(context(theirs)["by_email"])


def test_the_same_reporter_in_any_case_with_or_without_a_point():
    report = placed(make_report(email_address="Pat.Citizen@Example.org"), OAKVILLE)
    far_away = placed(make_report(email_address="pat.citizen@example.org"), north_of(OAKVILLE, 5000))
    no_point = make_report(email_address="PAT.CITIZEN@EXAMPLE.ORG")
    make_report(email_address="someone.else@example.org")
    rows = {row.report.reference: row for row in context(report)["by_email"]}
    assert set(rows) == {far_away.reference, no_point.reference}
    assert rows[far_away.reference].distance == "5.0 km"
    assert rows[no_point.reference].distance == ""
    # The report itself is never its own relation.
    assert report.reference not in rows


def test_a_report_without_a_point_still_lists_the_same_reporters():
    report = make_report(email_address="pat@example.org")
    other = make_report(email_address="pat@example.org")
    found = context(report)
    assert found["point"] is None and found["map"] == "" and found["nearby"] == []
    assert refs(found["by_email"]) == [other.reference]


def test_each_related_report_links_to_its_process_page():
    report = placed(make_report(), OAKVILLE)
    near = placed(make_report(), north_of(OAKVILLE, 20))
    [row] = context(report)["nearby"]
    process = ReportProcess.objects.get(artifact_object_id=near.pk)
    assert row.url == f"/workflow/tasks/flows/report/{process.pk}/"
    assert row.incident_type == near.incident_type_name()


def test_outside_the_boundary():
    found = context(placed(make_report(), OUTSIDE))
    assert found["outside"] is True
    assert "outside the agency’s boundary" in found["map"]
    inside = context(placed(make_report(), OAKVILLE))
    assert inside["outside"] is False and "inside the agency’s boundary" in inside["map"]


def review_detail_url(report):
    process = ReportProcess.objects.get(artifact_object_id=report.pk)
    task = process.task_set.get(flow_task=ReportFlow.review)
    return f"/workflow/tasks/flows/report/{process.pk}/review/{task.pk}/"


def test_the_task_screen_shows_the_panel(client):
    reviewer = get_user_model().objects.get(username="reviewer")
    client.force_login(reviewer)
    report = placed(make_report(street_address_or_nearest_intersection="12 Main Street"), OUTSIDE)
    near = placed(make_report(), north_of(OUTSIDE, 100))
    url = review_detail_url(report)
    assert client.post(url + "assign/").status_code == 302
    html = client.get(url + "execute/").content.decode()
    assert "Location" in html and "Related reports" in html
    assert "12 Main Street, Oakville" in html
    assert "latitude 43.55, longitude -79.58" in html
    assert "This point is outside the agency’s boundary." in html
    svg = re.search(r"<svg[^>]*location-map.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "style=" not in svg
    assert f'data-related="{near.reference}"' in html
    assert "100 m" in html


def test_the_panel_costs_the_same_queries_however_many_reports_are_related(client):
    client.force_login(get_user_model().objects.get(username="reviewer"))
    report = placed(make_report(email_address="many@example.org"), OAKVILLE)
    url = review_detail_url(report) + "detail/"

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    placed(make_report(email_address="many@example.org"), north_of(OAKVILLE, 30))
    client.get(url)  # caches filled
    one, _html = count()
    for metres in (40, 50, 60, 70):
        placed(make_report(email_address="many@example.org"), north_of(OAKVILLE, metres))
        make_report(email_address="many@example.org")
    five, html = count()
    assert html.count("data-related=") == 5 + 9
    assert one == five
