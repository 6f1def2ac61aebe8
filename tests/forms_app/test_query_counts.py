"""What the citizen's busiest requests read from the database: nothing twice, nothing needless."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import check_token, fill_details, pass_screening

pytestmark = pytest.mark.django_db


def tables(captured, table):
    return [q["sql"] for q in captured if f'"{table}"' in q["sql"]]


def test_the_first_view_of_the_form_neither_looks_for_files_nor_writes_the_draft(client, theft_page):
    pass_screening(client, theft_page)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(theft_page.url + "details/").status_code == 200
    assert not tables(captured, "forms_app_attachment")
    # The session is written once, for the funnel's note that this journey reached the form
    # (forms_app.funnel); the draft itself is not (no upload key made for nothing)...
    assert len([q for q in tables(captured, "django_session") if not q.startswith("SELECT")]) == 1
    assert "upload_key" not in str(client.session.get(f"openreport.draft.{theft_page.translation_key}"))
    # ...and a refresh writes nothing.
    with CaptureQueriesContext(connection) as captured:
        assert client.get(theft_page.url + "details/").status_code == 200
    assert not [q for q in tables(captured, "django_session") if not q.startswith("SELECT")]


def test_sending_reads_the_agency_settings_once(client, theft_page):
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    token = check_token(client, theft_page)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(theft_page.url + "check/", {"token": token})
    assert response.status_code == 302 and response["Location"].endswith("/sent/")
    assert len(tables(captured, "website_agencysettings")) == 1


@pytest.mark.parametrize("path", ["/report-theft/details/", "/fr/signaler-un-vol/details/"])
def test_the_site_template_works_out_languages_and_menus_once(client, theft_page, path):
    """The header and footer ask for the home page, the menu, the language links and the privacy
    page several times; each is read once (the form page GET: 15 queries in all in English, 16 in
    French where Wagtail finds the French home page, 9 or 10 of them Wagtail's page serving)."""
    pass_screening(client, theft_page)
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    assert len(tables(captured, "wagtailcore_locale")) <= 4  # Wagtail's own page serving
    assert len(captured) <= (15 if path.startswith("/report") else 16), "\n".join(q["sql"][:120] for q in captured)
