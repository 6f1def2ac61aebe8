"""No browser or proxy cache keeps a page with personal data: every staff screen of /admin/ and
/workflow/ (attachments and exports included) and each of the citizen's steps answers with
``Cache-Control: no-store``."""

import pytest
from django.urls import reverse

from forms_app.status import status_token
from tests.factories import UserFactory, demo_site, make_agency
from tests.forms_app.conftest import check_token, fill_details, pass_screening
from tests.test_url_access import STAFF_ROUTES, Agency

pytestmark = pytest.mark.django_db


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


def test_every_staff_screen_is_no_store(client):
    mine = Agency(client, demo_site(), "a")
    Agency(client, make_agency(), "b")
    supervisor = mine.staff["supervisor"]
    client.raise_request_exception = False
    answered, cached = [], []
    for route in STAFF_ROUTES:
        if "_auth_user_id" not in client.session:
            client.force_login(supervisor)  # the password-reset and logout views end the session
        url = mine.fill(route)
        response = client.get(url)
        if response.status_code == 200:
            answered.append(url)
            if not no_store(response):
                cached.append(url)
    assert cached == []
    assert len(answered) > 100  # the walk reached the screens, not only the login page
    for must in ("/workflow/attachments/", "/admin/reports/analyst-export/"):
        assert any(must in url for url in answered), must


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_incident_type_export_is_no_store(client, file_format):
    # Supervisors may not read the incident types' list; an administrator may.
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(f"/admin/snippets/forms_app/incidenttype/export/{file_format}/")
    assert response.status_code == 200
    assert no_store(response)


def test_the_citizens_steps_are_no_store(client, theft_page):
    pages = []
    pages.append(client.get(theft_page.url))
    pass_screening(client, theft_page)
    pages.append(client.get(theft_page.url + "details/"))
    fill_details(client, theft_page)
    pages.append(client.get(theft_page.url + "check/"))
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    pages.append(client.get(theft_page.url + "sent/"))
    from forms_app.models import Report

    report = Report.objects.order_by("-pk").first()
    pages.append(client.get(reverse("report_status", args=[status_token(report)])))
    assert [r.status_code for r in pages] == [200] * 5
    assert [no_store(r) for r in pages] == [True] * 5
