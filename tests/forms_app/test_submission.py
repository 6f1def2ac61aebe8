"""Nothing is lost, nothing is doubled: one transaction per report, unique references."""

import threading

import pytest
from django.db import connection, connections

from forms_app.models import Attachment, Report, ReportStatusChange
from forms_app.references import next_reference
from forms_app.signals import report_submitted

from .conftest import check_token, fill_details, jpeg, pass_screening


@pytest.fixture
def failing_receiver():
    def receiver(**kwargs):
        raise RuntimeError("the workflow could not start")

    report_submitted.connect(receiver, dispatch_uid="test-failing")
    yield
    report_submitted.disconnect(dispatch_uid="test-failing")


@pytest.mark.django_db
def test_a_failing_receiver_leaves_no_report_and_no_attached_file(client, theft_page, failing_receiver):
    pass_screening(client, theft_page)
    fill_details(client, theft_page, files=[jpeg("bike.jpg")])
    response = client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    assert response.status_code == 503
    assert "Your report could not be sent" in response.content.decode()
    assert Report.objects.count() == 0
    assert ReportStatusChange.objects.count() == 0
    assert not Attachment.objects.filter(report__isnull=False).exists()
    # The citizen's upload is still waiting in their draft, so trying again loses nothing.
    assert Attachment.objects.filter(report__isnull=True, original_name="bike.jpg").count() == 1
    report_submitted.disconnect(dispatch_uid="test-failing")
    response = client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    assert response.status_code == 302
    assert [a.original_name for a in Report.objects.get().attachments.all()] == ["bike.jpg"]


@pytest.mark.django_db
def test_an_unexpected_error_at_send_time_keeps_the_draft_and_says_so(client, theft_page, monkeypatch):
    from django.db import DataError

    from forms_app import steps

    def broken(**kwargs):
        raise DataError("value too long for type character varying(254)")

    pass_screening(client, theft_page)
    fill_details(client, theft_page, files=[jpeg("bike.jpg")])
    token = check_token(client, theft_page)
    monkeypatch.setattr(steps, "create_report", broken)
    for _attempt in range(2):
        response = client.post(theft_page.url + "check/", {"token": token})
        assert response.status_code == 503
        html = response.content.decode()
        assert "Your report could not be sent" in html
        assert "Your answers and files are kept in this browser" in html
        assert "905-555-0100" in html  # a way out when trying again does not help
    assert Report.objects.count() == 0
    # The draft is still there: the check page shows the answers and the file, with the same token.
    html = client.get(theft_page.url + "check/").content.decode()
    assert "jean.tremblay@example.org" in html
    assert "bike.jpg" in html
    assert check_token(client, theft_page) == token
    monkeypatch.undo()
    response = client.post(theft_page.url + "check/", {"token": token})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter_email == "jean.tremblay@example.org"
    assert [a.original_name for a in report.attachments.all()] == ["bike.jpg"]


@pytest.mark.django_db
def test_references_count_up_per_prefix_and_year():
    from django.db import transaction

    with transaction.atomic():
        assert next_reference("DRPS", 2026) == "DRPS-2026-000001"
        assert next_reference("DRPS", 2026) == "DRPS-2026-000002"
        assert next_reference("DRPS", 2027) == "DRPS-2027-000001"
        assert next_reference("HRPS", 2026) == "HRPS-2026-000001"


@pytest.mark.django_db
def test_a_reference_takes_one_statement():
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic():
        next_reference("DRPS", 2026)
        with CaptureQueriesContext(connection) as captured:
            assert next_reference("DRPS", 2026) == "DRPS-2026-000002"
    assert len(captured) == 1


def test_references_refuse_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        next_reference("DRPS", 2026)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submissions_get_twenty_distinct_references():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this checks: PostgreSQL only (CI runs it)")
    from tests.conftest import seed_committed_demo
    from tests.factories import make_report

    seed_committed_demo()
    barrier = threading.Barrier(20)
    references, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=30)
            references.append(make_report().reference)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(references) == 20
    assert len(set(references)) == 20
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == list(range(1, 21))
    assert Report.objects.count() == 20
