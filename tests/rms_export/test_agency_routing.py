"""A report goes only to an RMS of its own agency: deliveries are made for its agency's
destinations, and a delivery to another agency's destination is refused when it is sent."""

import pytest

from rms_export import outbox
from rms_export.models import Delivery, DeliveryStatus, Destination
from rms_export.signals import delivery_failed
from rms_export.transports.directory import DirectoryTransport
from tests.factories import demo_site, make_agency, make_report

pytestmark = pytest.mark.django_db


def test_deliveries_are_made_only_for_the_destinations_of_the_reports_agency(django_capture_on_commit_callbacks):
    north = make_agency()
    report = make_report(demo_site())
    with django_capture_on_commit_callbacks(execute=False):
        deliveries = outbox.create_deliveries(report)
    assert deliveries
    assert {d.destination.site_id for d in deliveries} == {report.site_id}
    assert not Delivery.objects.filter(report=report, destination__site=north).exists()


def test_a_delivery_to_another_agencys_destination_is_refused_without_sending(tmp_path, monkeypatch):
    north = make_agency()
    north_rms = Destination.objects.get(site=north)
    Destination.objects.filter(pk=north_rms.pk).update(options={"path": str(tmp_path)})
    report = make_report(demo_site())
    misrouted = Delivery.objects.create(report=report, destination=north_rms)

    def no_network(self, **kwargs):
        raise AssertionError("a misrouted delivery must not be sent")

    monkeypatch.setattr(DirectoryTransport, "send", no_network)
    told = []
    delivery_failed.connect(lambda sender, report, error, **kw: told.append(error), weak=False, dispatch_uid="t")
    try:
        outbox.send(misrouted.pk)
    finally:
        delivery_failed.disconnect(dispatch_uid="t")
    misrouted.refresh_from_db()
    assert misrouted.status == DeliveryStatus.FAILED
    assert "another agency" in misrouted.last_error
    assert misrouted.payload == "" and misrouted.case_number == ""
    assert list(tmp_path.iterdir()) == []
    assert told and "another agency" in told[0]
    # Asked again (by the sweep or "send again"), it is refused again.
    outbox.restart(misrouted)
    outbox.send(misrouted.pk)
    misrouted.refresh_from_db()
    assert misrouted.status == DeliveryStatus.FAILED
