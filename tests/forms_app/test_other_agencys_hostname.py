"""A status link, a draft or a receipt of one agency never opens on another agency's hostname:
there they are not found (404), as an unknown address is, and nothing of them is shown."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing
from django.http import Http404

from forms_app.status import status_token
from tests.factories import demo_site, make_agency, make_report
from tests.forms_app.conftest import check_token, fill_details, pass_screening

pytestmark = pytest.mark.django_db
NORTH = "north.localhost"


@pytest.fixture
def north():
    return make_agency()


def an_old_token(report, settings):
    """A genuine link of ``report``, made longer ago than links work."""
    with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
        token = status_token(report)
    return token


def test_an_expired_link_of_another_agency_is_not_found_not_expired(client, north, settings):
    token = an_old_token(make_report(north), settings)
    response = client.get(f"/report/status/{token}/")  # the demo agency's site
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()
    assert "expired" not in response.content.decode().lower().split("<main", 1)[-1]
    response = client.get(f"/report/status/{token}/", HTTP_HOST=NORTH)
    assert response.status_code == 410  # on its own agency's site, it says so


def test_a_status_link_of_another_agency_shows_nothing_of_it(client, north):
    report = make_report(north, what_happened="My green umbrella went missing.")
    response = client.get(f"/report/status/{status_token(report)}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert report.reference not in html and "umbrella" not in html
    unknown = signing.dumps({"r": "NPS-2026-999999"}, salt="openreport.report-status", compress=True)
    unknown_page = client.get(f"/report/status/{unknown}/")
    assert unknown_page.status_code == 404
    assert unknown_page.templates[0].name == response.templates[0].name == "forms_app/status_link_invalid.html"
    assert unknown_page.context["expired"] is response.context["expired"] is False  # the same page


def test_a_form_of_one_agency_is_not_served_on_anothers_hostname(rf, theft_page, north):
    request = rf.get(theft_page.url, HTTP_HOST=NORTH)
    request.session, request.user = SessionStore(), AnonymousUser()
    with pytest.raises(Http404):
        theft_page.serve(request)
    request = rf.get(theft_page.url)
    request.session, request.user = SessionStore(), AnonymousUser()
    assert theft_page.serve(request).status_code == 200


@pytest.fixture
def north_serves_the_demo_tree(north):
    """North's hostname now reaches the demo agency's pages too (a tree or a session shared between
    two agencies' hostnames): what the citizen began on the demo site must still not open there."""
    north.root_page = demo_site().root_page
    north.save()
    return north


def test_a_draft_begun_on_one_agencys_site_is_not_found_on_anothers(client, theft_page, north_serves_the_demo_tree):
    pass_screening(client, theft_page)
    assert client.get(theft_page.url + "details/").status_code == 200
    fill_details(client, theft_page, what_happened="Someone took my blue scooter.")
    assert client.get(theft_page.url + "check/").status_code == 200
    for step in ("", "details/", "check/"):
        response = client.get(theft_page.url + step, HTTP_HOST=NORTH)
        assert response.status_code == 404, step
        assert "blue scooter" not in response.content.decode()
    response = client.post(theft_page.url + "check/", {"token": "x"}, HTTP_HOST=NORTH)
    assert response.status_code == 404
    assert client.get(theft_page.url + "check/").status_code == 200  # still there, on its own site


def test_a_receipt_of_one_agency_is_not_found_on_anothers_hostname(client, theft_page, north_serves_the_demo_tree):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    receipt = client.get(theft_page.url + "sent/")
    assert receipt.status_code == 200
    reference = receipt.context["report"].reference
    response = client.get(theft_page.url + "sent/", HTTP_HOST=NORTH)
    assert response.status_code == 404
    assert reference not in response.content.decode()
