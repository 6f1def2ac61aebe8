"""The delivery outbox against the reference RMS receiver: delivered once, whatever fails."""

import datetime
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from forms_app.models import Report, ReportStatus
from rms_export import outbox
from rms_export.formats import xml21_format
from rms_export.models import Delivery, DeliveryStatus, Destination
from rms_export.receiver import ReceiverServer
from rms_export.transports import Registry, Transport
from rms_export.transports.directory import DirectoryTransport
from tests.forms_app.conftest import check_token, fill_details, pass_screening
from tests.workflows.test_flow import claim_and_decide, staff

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def receiver(tmp_path):
    """The reference receiver on a free loopback port, in a thread; stopped after the test."""
    servers = []

    def start(**options):
        server = ReceiverServer(("127.0.0.1", 0), tmp_path / "rms", **options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def point_destination_at(port):
    Destination.objects.update(options={"url": f"http://127.0.0.1:{port}/incidents"})


@pytest.fixture
def approved(client, theft_page, django_capture_on_commit_callbacks):
    """A report taken through review and approval; returns a function that approves it."""
    pass_screening(client, theft_page)
    fill_details(client, theft_page)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(theft_page.url + "check/", {"token": check_token(client, theft_page)})
    report = Report.objects.get()
    claim_and_decide(
        staff(client, "reviewer"),
        report,
        "review",
        {"decision": "approve", "incident_type": report.incident_type_id},
        django_capture_on_commit_callbacks,
    )
    mail.outbox.clear()

    def approve():
        claim_and_decide(
            staff(client, "supervisor"),
            report,
            "approval",
            {"decision": "approve"},
            django_capture_on_commit_callbacks,
        )
        report.refresh_from_db()
        return report

    return approve


def make_due(delivery):
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


def test_approval_delivers_to_the_rms_and_the_citizen_gets_the_case_number(
    approved, receiver, django_capture_on_commit_callbacks
):
    server = receiver()
    point_destination_at(server.server_address[1])
    report = approved()
    delivery = Delivery.objects.get(report=report)
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 1
    assert delivery.case_number.startswith("RMS-")
    assert xml21_format.parse(delivery.payload.encode())["reference"] == report.reference
    assert report.status == ReportStatus.EXPORTED
    assert report.case_number == delivery.case_number
    (message,) = mail.outbox
    assert delivery.case_number in message.subject
    assert len(server.store.index) == 1


def test_with_the_rms_down_deliveries_wait_then_go_through_once(approved, receiver, django_capture_on_commit_callbacks):
    port = free_port()
    point_destination_at(port)  # nothing listens there yet
    report = approved()
    delivery = Delivery.objects.get(report=report)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert "ConnectionError" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert outbox.sweep() == 0  # not due yet
    assert report.status == ReportStatus.APPROVED

    server = receiver()
    point_destination_at(server.server_address[1])
    make_due(delivery)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.sweep() == 1
    delivery.refresh_from_db()
    report.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert report.status == ReportStatus.EXPORTED
    assert outbox.sweep() == 0
    assert len(server.store.index) == 1


def test_a_lost_acknowledgement_is_sent_again_and_recorded_once(approved, receiver):
    server = receiver()
    point_destination_at(server.server_address[1])
    report = approved()
    delivery = Delivery.objects.get(report=report)
    first_case = delivery.case_number
    # As if the worker died after sending but before recording: the sweep finds it "sending".
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, case_number="")
    make_due(delivery)
    outbox.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED, delivery.last_error
    assert delivery.case_number == first_case  # the receiver deduplicated by Idempotency-Key
    assert len(server.store.index) == 1


def test_a_refusal_by_the_rms_is_not_retried_and_a_reviewer_corrects_and_resends(
    client, approved, receiver, django_capture_on_commit_callbacks
):
    server = receiver(reject_invalid=True)
    point_destination_at(server.server_address[1])
    report = approved()
    delivery = Delivery.objects.get(report=report)
    assert delivery.status == DeliveryStatus.REJECTED
    assert "422" in delivery.last_error
    make_due(delivery)
    assert outbox.sweep() == 0  # never retried in a loop
    assert report.status == ReportStatus.APPROVED

    server.reject_invalid = False  # the RMS would now take it
    page = claim_and_decide(
        staff(client, "reviewer"),
        report,
        "correct_export",
        {"incident_type": report.incident_type_id, "note": "Checked the serial number format."},
        django_capture_on_commit_callbacks,
    )
    assert "The RMS refused this report:" in page.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert report.status == ReportStatus.EXPORTED
    assert len(server.store.index) == 1


def test_a_delivery_gives_up_after_the_last_attempt_and_supervisors_are_told(
    approved, settings, django_capture_on_commit_callbacks
):
    settings.RMS_MAX_ATTEMPTS = 2
    point_destination_at(free_port())
    report = approved()
    delivery = Delivery.objects.get(report=report)
    make_due(delivery)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    (message,) = mail.outbox  # staff are told
    assert message.to == ["supervisor@example.invalid"]
    assert report.reference in message.subject and "ConnectionError" in message.body


def test_an_approval_that_rolls_back_leaves_no_delivery(approved):
    report = Report.objects.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.create_deliveries(report)
        raise RuntimeError("the approval failed")
    assert not Delivery.objects.exists()


def test_backoff_grows_and_is_capped(settings):
    settings.RMS_RETRY_BASE_SECONDS, settings.RMS_RETRY_MAX_SECONDS = 30, 600
    assert 24 <= outbox.backoff(1).total_seconds() <= 36
    assert 96 <= outbox.backoff(3).total_seconds() <= 144
    assert outbox.backoff(20).total_seconds() <= 720


def test_directory_drop_writes_one_whole_file_per_report(tmp_path):
    transport = DirectoryTransport({"path": str(tmp_path / "inbox")})
    receipt = transport.send(key="DRPS-2026-000001", payload=b"<x/>", content_type="application/xml", extension=".xml")
    assert receipt.case_number == ""
    assert [p.name for p in (tmp_path / "inbox").iterdir()] == ["DRPS-2026-000001.xml"]
    assert (tmp_path / "inbox" / "DRPS-2026-000001.xml").read_bytes() == b"<x/>"


def test_the_registry_refuses_duplicate_ids():
    registry = Registry()

    class One(Transport):
        id = "one"

    registry.register(One)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(One)


def test_the_receiver_refuses_bad_requests(receiver):
    server = receiver()
    url = f"http://127.0.0.1:{server.server_address[1]}/incidents"

    def post(body, headers):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 -- loopback
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    assert post(b"<x/>", {"Content-Type": "application/xml"}) == 400  # no Idempotency-Key
    assert post(b"<x/>", {"Content-Type": "application/xml", "Idempotency-Key": "K"}) == 422
    assert post(b"{}", {"Content-Type": "text/plain", "Idempotency-Key": "K"}) == 415


def test_the_receiver_command_runs_as_a_process(tmp_path):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "run_rms_receiver", "--port", str(port), "--store", str(tmp_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    assert json.load(response) == {"records": 0}
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_supervisors_see_deliveries_of_their_agency_and_send_again(
    client, approved, receiver, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    point_destination_at(free_port())
    report = approved()
    delivery = Delivery.objects.get(report=report)
    client.force_login(get_user_model().objects.get(username="supervisor"))
    base = "/admin/snippets/rms_export/delivery/"
    listing = client.get(base, {"status": "pending"})
    assert listing.status_code == 200 and report.reference in listing.content.decode()
    inspect = client.get(f"{base}inspect/{delivery.pk}/").content.decode()
    assert "ConnectionError" in inspect and "Send again" in inspect
    server = receiver()
    point_destination_at(server.server_address[1])
    assert "Send report" in client.get(f"{base}resend/{delivery.pk}/").content.decode()  # asks first
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}resend/{delivery.pk}/")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    client.force_login(get_user_model().objects.get(username="comms"))
    assert client.get(f"{base}inspect/{delivery.pk}/").status_code in (302, 403, 404)


def test_the_periodic_jobs_command_sweeps_deliveries(approved, receiver, django_capture_on_commit_callbacks):
    import io

    from django.core.management import call_command

    point_destination_at(free_port())
    report = approved()
    delivery = Delivery.objects.get(report=report)
    server = receiver()
    point_destination_at(server.server_address[1])
    make_due(delivery)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic_jobs", stdout=out)
    assert "1 deliveries queued" in out.getvalue()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


@pytest.mark.django_db(transaction=True)
def test_a_delivery_is_sent_while_its_destination_row_is_locked(tmp_path):
    """Two workers sending two reports to the same destination: the lock one takes must not make
    the other skip its delivery (which would wait for the sweep)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this checks: PostgreSQL only (CI runs it)")
    from tests.conftest import seed_committed_demo
    from tests.factories import make_report

    seed_committed_demo()
    report = make_report()
    destination = Destination.objects.create(
        site=report.site, name="Drop", transport="directory", options={"path": str(tmp_path)}
    )
    delivery = Delivery.objects.create(report=report, destination=destination)
    locked, release = threading.Event(), threading.Event()

    def hold_the_destination():
        from django.db import connection as thread_connection

        try:
            with transaction.atomic():
                Destination.objects.select_for_update().get(pk=destination.pk)
                locked.set()
                release.wait(10)
        finally:
            thread_connection.close()

    holder = threading.Thread(target=hold_the_destination)
    holder.start()
    assert locked.wait(10)
    try:
        sent = outbox.send(delivery.pk)
    finally:
        release.set()
        holder.join(10)
    assert sent is not None
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.DELIVERED
