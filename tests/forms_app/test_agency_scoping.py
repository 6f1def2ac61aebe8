"""What communications staff and citizens see is their own agency's: report counts per form,
status links."""

import pytest

from forms_app.status import status_token
from tests.factories import UserFactory, demo_site, make_agency, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    return make_agency()


def test_report_counts_show_only_my_agencys_forms_and_reports(client, north):
    make_report()
    make_report(north)
    make_report(north)
    client.force_login(UserFactory(role="comms", agencies=[north]))
    response = client.get("/admin/reports/online-report-counts/")
    rows = response.context["rows"]
    assert [(row["page"].get_site(), row["total"]) for row in rows] == [(north, 2)]


def test_the_demo_comms_user_sees_the_demo_forms(client, north):
    make_report(north)
    client.force_login(UserFactory(role="comms", agencies=[demo_site()]))
    rows = client.get("/admin/reports/online-report-counts/").context["rows"]
    assert rows and all(row["page"].get_site() == demo_site() for row in rows)
    assert sum(row["total"] for row in rows) == 0


def test_a_status_link_opens_only_on_its_agencys_site(client, north):
    report = make_report(north)
    path = f"/report/status/{status_token(report)}/"
    assert client.get(path, HTTP_HOST="north.localhost").status_code == 200
    assert client.get(path).status_code == 404  # the demo agency's site (the default)
    mine = make_report()
    assert client.get(f"/report/status/{status_token(mine)}/").status_code == 200
    assert client.get(f"/report/status/{status_token(mine)}/", HTTP_HOST="north.localhost").status_code == 404


def test_report_counts_name_each_forms_agency_for_staff_of_two(client, north):
    make_report(north)
    client.force_login(UserFactory(role="comms", agencies=[demo_site(), north]))
    response = client.get("/admin/reports/online-report-counts/")
    agencies = {row["agency"] for row in response.context["rows"]}
    assert agencies == {"Demo Regional Police Service", "North Police Service"}
    assert '<th scope="col">Agency</th>' in response.content.decode()

    client.force_login(UserFactory(role="comms", agencies=[north]))
    response = client.get("/admin/reports/online-report-counts/")
    assert '<th scope="col">Agency</th>' not in response.content.decode()
