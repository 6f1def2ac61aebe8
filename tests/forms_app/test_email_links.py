"""Links in the citizen's emails go to the site's real address: the address the report was sent
from, else the Site's hostname and port (``WAGTAILADMIN_BASE_URL`` for Wagtail's placeholder);
an email asking for information says by when to answer, in the citizen's language."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import Site

from forms_app.history import change_status
from forms_app.models import ReportStatus
from forms_app.status import site_base_url
from forms_app.tasks import send_confirmation_email
from tests.conftest import DEMO_PASSWORD
from tests.factories import make_report, send_theft_report
from workflows.emails import status_message

pytestmark = pytest.mark.django_db

STATUS_LINK = re.compile(r"(https?://[^/\s]+)/(?:fr/)?report/status/[^\s]+/")


def links(body):
    return {match.group(1) for match in STATUS_LINK.finditer(body)}


def test_the_confirmation_links_to_the_address_the_report_was_sent_from(theft_page, django_capture_on_commit_callbacks):
    citizen = Client(HTTP_HOST="localhost:8001")  # the server runs on another port than the Site says
    with django_capture_on_commit_callbacks(execute=True):
        send_theft_report(citizen, theft_page)
    (message,) = mail.outbox
    assert links(message.body) == {"http://localhost:8001"}


def test_a_decisions_email_links_where_the_citizen_sent_the_report_from(theft_page):
    """Staff decide on another screen (another host or port): the citizen's link is theirs."""
    citizen = Client(HTTP_HOST="localhost:8001")
    report = send_theft_report(citizen, theft_page)
    assert report.site_address == "http://localhost:8001"
    change = change_status(report, ReportStatus.REJECTED, public_message="Not for us.")
    assert links(status_message(change).body) == {"http://localhost:8001"}


def test_a_confirmation_sent_without_its_request_links_to_the_site(settings):
    report = make_report()  # made in code: no request (as for a swept, lost job)
    site = report.site
    Site.objects.filter(pk=site.pk).update(hostname="reports.example.org", port=8443)
    send_confirmation_email(report.pk)
    (message,) = mail.outbox
    assert links(message.body) == {"http://reports.example.org:8443"}


def test_wagtails_placeholder_site_links_to_the_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://police.example.ca/"
    site = Site(hostname="localhost", port=80)
    assert site_base_url(site) == "https://police.example.ca"
    assert site_base_url(Site(hostname="north.example.ca", port=443)) == "https://north.example.ca"


def test_a_request_to_another_agency_gives_its_site_not_the_request(rf):
    from tests.factories import make_agency

    north = make_agency()
    request = rf.get("/", HTTP_HOST="localhost:8001")  # the demo agency's site (the default)
    assert site_base_url(north, request) == "http://north.localhost"


def test_seed_demo_points_the_demo_site_at_the_server_it_runs_on(settings, monkeypatch):
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8000)  # an earlier seed
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("seed_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)


def test_the_question_email_says_by_when_to_answer(settings):
    settings.REPORT_INFO_REQUEST_DAYS = 14
    report = make_report()
    change = change_status(report, ReportStatus.INFO_REQUESTED, public_message="Which lock?")
    last_day = timezone.localdate(change.at) + datetime.timedelta(days=13)
    body = status_message(change).body
    assert f"Answer by {date_format(last_day, 'DATE_FORMAT')}." in body
    assert body.count("Which lock?") == 1


def test_the_question_email_in_french_writes_the_date_in_french(settings):
    settings.REPORT_INFO_REQUEST_DAYS = 14
    report = make_report()
    report.language = "fr"
    report.save(update_fields=["language"])
    change = change_status(report, ReportStatus.INFO_REQUESTED, public_message="Quel cadenas?")
    body = status_message(change).body
    assert re.search(r"Répondez au plus tard le \d{1,2} [a-zéû]+ \d{4}\.", body), body
