"""What the citizen's busiest requests read from the database: nothing twice, nothing needless."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import check_token, fill_details, pass_screening

pytestmark = pytest.mark.django_db


def tables(captured, table):
    return [q["sql"] for q in captured if f'"{table}"' in q["sql"]]


def test_the_first_view_of_the_form_neither_looks_for_files_nor_writes_the_session(client, theft_page):
    pass_screening(client, theft_page)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(theft_page.url + "details/").status_code == 200
    assert not tables(captured, "forms_app_attachment")
    assert not [q for q in tables(captured, "django_session") if not q.startswith("SELECT")]


def test_sending_reads_the_agency_settings_once(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    token = check_token(client, theft_page)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(theft_page.url + "check/", {"token": token})
    assert response.status_code == 302 and response["Location"].endswith("/sent/")
    assert len(tables(captured, "website_agencysettings")) == 1
