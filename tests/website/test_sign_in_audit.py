"""Sign-ins in the audit trail (success, failure, lockout, sign-out) and the list of them that
supervisors read in the Wagtail admin (Reports > Sign-ins), scoped to their agencies."""

import csv
import io

import pytest
from django.conf import settings
from django.utils import timezone

from tests.conftest import DEMO_PASSWORD
from tests.factories import UserFactory, demo_site, make_agency
from website.models import AuditEvent

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
SIGN_INS = "/admin/reports/sign-ins/"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
Action = AuditEvent.Action


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER
    )


@pytest.fixture
def agencies():
    a, b = demo_site(), make_agency()
    return {
        "a_reviewer": UserFactory(role="reviewer", agencies=[a], username="reviewer_of_a"),
        "a_supervisor": UserFactory(role="supervisor", agencies=[a], username="supervisor_of_a"),
        "b_reviewer": UserFactory(role="reviewer", agencies=[b], username="reviewer_of_b"),
        "b_supervisor": UserFactory(role="supervisor", agencies=[b], username="supervisor_of_b"),
    }


def test_a_sign_in_is_recorded_with_the_account_address_and_browser(client, agencies):
    before = timezone.now()
    assert sign_in(client, "reviewer_of_a", DEMO_PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action=Action.SIGN_IN)
    assert event.user == agencies["a_reviewer"]
    assert event.address == "203.0.113.7"
    assert event.user_agent == BROWSER
    assert event.at >= before


def test_a_failed_sign_in_names_the_account_and_the_username_tried(client, agencies):
    sign_in(client, "reviewer_of_a", "wrong")
    sign_in(client, "  nobody\there  ", "wrong")
    known, unknown = AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED)
    assert known.user == agencies["a_reviewer"]
    assert known.detail == "username tried: reviewer_of_a"
    assert known.address == "203.0.113.7"
    assert unknown.user is None
    assert unknown.detail == "username tried: nobody here"
    long = "x" * 400
    sign_in(client, long, "wrong")
    assert len(AuditEvent.objects.filter(action=Action.SIGN_IN_FAILED).last().detail) <= 255


def test_a_lockout_is_recorded(client, agencies):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "reviewer_of_a", "wrong")
    locked = AuditEvent.objects.get(action=Action.LOCKED_OUT)
    assert locked.user == agencies["a_reviewer"]
    assert locked.address == "203.0.113.7"
    assert locked.user_agent == BROWSER
    assert not AuditEvent.objects.filter(action=Action.SIGN_IN).exists()


def test_a_sign_out_is_recorded(client, agencies):
    sign_in(client, "reviewer_of_a", DEMO_PASSWORD)
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=BROWSER)
    event = AuditEvent.objects.get(action=Action.SIGN_OUT)
    assert event.user == agencies["a_reviewer"]
    assert event.address == "203.0.113.7"


def test_another_agencys_supervisor_does_not_see_my_agencys_sign_ins(client, agencies):
    sign_in(client, "reviewer_of_a", "wrong")
    sign_in(client, "reviewer_of_a", DEMO_PASSWORD)
    client.logout()  # after a password alone, only the second factor's pages and sign-out open
    sign_in(client, "reviewer_of_b", DEMO_PASSWORD)
    client.logout()

    client.force_login(agencies["b_supervisor"])
    page = client.get(SIGN_INS)
    assert page.status_code == 200
    assert "reviewer_of_a" not in page.content.decode()
    assert "reviewer_of_b" in page.content.decode()
    export = client.get(SIGN_INS + "?export=csv")
    assert "reviewer_of_a" not in b"".join(export.streaming_content).decode()

    client.force_login(agencies["a_supervisor"])
    page = client.get(SIGN_INS).content.decode()
    assert "reviewer_of_a" in page
    assert "reviewer_of_b" not in page


def test_only_supervisors_and_superusers_read_sign_ins(client, agencies, django_user_model):
    client.force_login(agencies["a_reviewer"])
    assert client.get(SIGN_INS).status_code in (302, 403)
    assert client.get(SIGN_INS + "?export=csv").status_code in (302, 403)
    assert "/admin/reports/sign-ins/" not in client.get("/admin/").content.decode()
    client.force_login(agencies["a_supervisor"])
    assert "/admin/reports/sign-ins/" in client.get("/admin/").content.decode()
    sign_in(client, "no_such_account", "wrong")
    client.force_login(django_user_model.objects.create_superuser("root", "root@police.example", "x"))
    page = client.get(SIGN_INS).content.decode()
    assert "no_such_account" in page


def test_the_list_filters_by_action_and_date(client, agencies):
    sign_in(client, "reviewer_of_a", "wrong")
    sign_in(client, "reviewer_of_a", DEMO_PASSWORD)
    client.force_login(agencies["a_supervisor"])
    results = SIGN_INS + "results/"
    everything = client.get(results).content.decode()
    assert "Failed to sign in" in everything
    assert "Signed in" in everything
    failed = client.get(results, {"action": "sign_in_failed"}).content.decode()
    assert "Failed to sign in" in failed
    assert "Signed in" not in failed
    today = timezone.localdate().isoformat()
    assert "reviewer_of_a" in client.get(results, {"at_from": today, "at_to": today}).content.decode()
    long_ago = {"at_from": "2000-01-01", "at_to": "2000-01-02"}
    assert "reviewer_of_a" not in client.get(results, long_ago).content.decode()


def test_the_csv_export_is_the_filtered_list_and_is_recorded(client, agencies):
    sign_in(client, "reviewer_of_a", "wrong")
    sign_in(client, "reviewer_of_a", DEMO_PASSWORD)
    supervisor = agencies["a_supervisor"]
    client.force_login(supervisor)
    response = client.get(SIGN_INS, {"action": "sign_in_failed", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Time", "Action", "Account", "Detail", "Address", "Browser"]
    assert [r[1:] for r in rows[1:]] == [
        ["Failed to sign in", "reviewer_of_a", "username tried: reviewer_of_a", "203.0.113.7", BROWSER]
    ]
    export = AuditEvent.objects.get(action=Action.EXPORT, user=supervisor)
    assert "sign-ins export of 1 events" in export.detail
    assert client.get(SIGN_INS, {"export": "xlsx"})["Content-Type"].startswith("text/html")


def test_a_username_tried_never_runs_as_a_formula_in_the_export(client, agencies, django_user_model):
    sign_in(client, '=HYPERLINK("http://x")', "wrong")
    client.force_login(django_user_model.objects.create_superuser("root", "root@police.example", "x"))
    content = b"".join(client.get(SIGN_INS, {"export": "csv"}).streaming_content).decode()
    (row,) = [r for r in csv.reader(io.StringIO(content)) if "HYPERLINK" in ",".join(r)]
    assert row[3] == 'username tried: =HYPERLINK("http://x")'
    assert not any(cell.startswith("=") for cell in row)
