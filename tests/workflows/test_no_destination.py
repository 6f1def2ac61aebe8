"""An agency with no RMS destination: the approval stands, staff see why nothing was sent, the
supervisors are told, and the report goes as soon as a destination is added."""

import pytest
from django.core import mail

from rms_export.models import Delivery, Destination
from tests.factories import UserFactory, make_agency, make_report
from tests.test_url_access import FLOW, advance
from workflows.models import ReportProcess

pytestmark = pytest.mark.django_db


def test_an_approved_report_waits_visibly_for_a_destination_then_goes(client, django_capture_on_commit_callbacks):
    north = make_agency(destination=False)
    staff = {role: UserFactory(role=role, agencies=[north]) for role in ("reviewer", "supervisor")}
    report = make_report(north)
    with django_capture_on_commit_callbacks(execute=True):
        process = advance(client, report, to="awaiting_ack", **staff)
    process = ReportProcess.objects.get(pk=process.pk)
    assert process.export_error and process.waiting_for_destination
    assert [m.to for m in mail.outbox if report.reference in m.subject] == [[staff["supervisor"].email]]
    client.force_login(staff["supervisor"])
    page = client.get(f"{FLOW}/{process.pk}/").content.decode()
    assert "no active RMS destination" in page

    with django_capture_on_commit_callbacks():
        Destination.objects.create(site=north, name="North RMS", transport="directory", options={"path": "/x"})
    delivery = Delivery.objects.get(report=report)
    assert delivery.destination.site == north
    process = ReportProcess.objects.get(pk=process.pk)
    assert not process.waiting_for_destination
    assert "no active RMS destination" not in client.get(f"{FLOW}/{process.pk}/").content.decode()


def test_an_inactive_destination_sends_nothing(client):
    north = make_agency(destination=False)
    staff = {role: UserFactory(role=role, agencies=[north]) for role in ("reviewer", "supervisor")}
    report = make_report(north)
    advance(client, report, to="awaiting_ack", **staff)
    Destination.objects.create(site=north, name="Off", transport="directory", options={"path": "/x"}, active=False)
    assert not Delivery.objects.filter(report=report).exists()
