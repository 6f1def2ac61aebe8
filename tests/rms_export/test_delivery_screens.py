"""The delivery screens in words: titled by the report's reference and its destination, and what
happened said plainly ("The RMS did not answer (connection refused) - next try at 21:05"), with
the transport's own text kept below as a technical detail."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from rms_export.explain import explain
from rms_export.models import Delivery, DeliveryStatus, Destination
from tests.factories import UserFactory, demo_site, make_report

pytestmark = pytest.mark.django_db
DELIVERIES = "/admin/snippets/rms_export/delivery/"
REFUSED = (
    "ConnectionError: HTTPConnectionPool(host='127.0.0.1', port=8765): Max retries exceeded with url: /reports "
    "(Caused by NewConnectionError('<urllib3.connection.HTTPConnection object>: Failed to establish a new "
    "connection: [Errno 111] Connection refused'))"
)


@pytest.fixture
def delivery():
    site = demo_site()
    report = make_report(site)
    destination = Destination.objects.get(site=site, active=True)
    delivery, _created = Delivery.objects.get_or_create(report=report, destination=destination)
    return delivery


def with_state(delivery, **fields):
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    delivery.refresh_from_db()
    return delivery


def at(hour, minute):
    return timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)


def test_a_refused_connection_waiting_for_its_next_try(delivery):
    next_try = at(21, 5)
    with_state(delivery, status=DeliveryStatus.PENDING, last_error=REFUSED, next_attempt_at=next_try)
    assert explain(delivery) == "The RMS did not answer (connection refused) - next try at 21:05"
    with translation.override("fr"):
        assert explain(delivery) == "Le SGD n’a pas répondu (connexion refusée) - prochain essai à 21 h 05"


def test_a_next_try_on_another_day_says_the_day(delivery):
    tomorrow = at(8, 30) + timedelta(days=1)
    timeout = "ReadTimeout: read timed out"
    with_state(delivery, status=DeliveryStatus.PENDING, last_error=timeout, next_attempt_at=tomorrow)
    day = tomorrow.strftime("%-d")
    assert explain(delivery).startswith("The RMS did not answer in time - next try at " + day)
    assert explain(delivery).endswith("at 08:30")


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (DeliveryStatus.REJECTED, "HTTP 400: missing field", "The RMS refused the report (HTTP 400) - correct the"),
        (DeliveryStatus.FAILED, "HTTP 503: busy", "The RMS had a problem and did not take the report (HTTP 503) - no"),
        (DeliveryStatus.FAILED, "cannot write /srv/rms/x.xml: [Errno 13]", "The report could not be written to the"),
        (DeliveryStatus.PENDING, "", "Waiting to be sent"),
        (DeliveryStatus.SENDING, "", "Being sent now"),
        (
            DeliveryStatus.FAILED,
            "Not sent: destination 4 belongs to another agency than the report's",
            "Not sent: the destination belongs to another agency than the report",
        ),
        (DeliveryStatus.FAILED, "something nobody expected", "The delivery failed - no more tries"),
    ],
)
def test_each_state_in_words(delivery, status, error, words):
    with_state(delivery, status=status, last_error=error)
    english = explain(delivery)
    assert english.startswith(words)
    with translation.override("fr"):
        assert explain(delivery) != english  # said in French too


def test_delivered_with_its_case_number(delivery):
    with_state(delivery, status=DeliveryStatus.DELIVERED, case_number="RMS-2026-0042")
    assert explain(delivery) == "Delivered: the RMS gave case number RMS-2026-0042"


def test_the_screens_are_titled_by_reference_and_destination(client, delivery):
    with_state(delivery, status=DeliveryStatus.PENDING, last_error=REFUSED, next_attempt_at=at(21, 5))
    client.force_login(UserFactory(role="supervisor", agencies=[demo_site()]))
    title = f"{delivery.report.reference} → {delivery.destination.name}"
    page = client.get(f"{DELIVERIES}inspect/{delivery.pk}/").content.decode()
    assert title in page
    assert "What happened" in page
    assert "The RMS did not answer (connection refused) - next try at 21:05" in page
    assert "Technical detail (for whoever supports the RMS link)" in page
    listing = client.get(DELIVERIES).content.decode()
    assert "The RMS did not answer (connection refused)" in listing
    assert "Errno 111" not in listing
