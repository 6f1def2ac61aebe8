"""The delivery outbox: created in the approval's transaction, sent by Celery after the commit,
retried with backoff, swept when stuck, acknowledged once."""

import logging
import random
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from forms_app.models import Report, ReportStatus

from . import formats
from .models import Delivery, DeliveryStatus, Destination
from .signals import delivery_acknowledged, delivery_failed, delivery_rejected
from .transports import PermanentError, TransientError

logger = logging.getLogger(__name__)


MISROUTED = "Not sent: destination %(destination)s belongs to another agency than the report's"
TOO_LARGE = (
    "Not sent: the document with its files is %(size).2f MB, more than the %(limit)g MB this destination "
    "takes (its max_mb option). Raise the limit if the RMS takes more, or choose a 1.0 format (file names only)."
)


class NoDestination(Exception):
    """The report's agency has no active RMS destination."""


def create_deliveries(report):
    """In the caller's transaction (the approval): one delivery per active destination of the
    report's agency, queued after the commit. An approval that rolls back leaves none."""
    destinations = list(Destination.objects.filter(site_id=report.site_id, active=True))
    if not destinations:
        raise NoDestination(f"The agency of report {report.reference} has no active RMS destination")
    deliveries = []
    for destination in destinations:
        delivery, created = Delivery.objects.get_or_create(report=report, destination=destination)
        if not created and delivery.status in (DeliveryStatus.REJECTED, DeliveryStatus.FAILED):
            restart(delivery)  # sent again after a correction: a fresh start, same idempotency key
        else:
            transaction.on_commit(partial(queue, delivery.pk))
        deliveries.append(delivery)
    return deliveries


def deliver_waiting(site_id):
    """Approved reports of the agency ``site_id`` that got no delivery (it had no active RMS
    destination when they were approved): create their deliveries now, in the caller's
    transaction. Returns how many reports."""
    waiting = Report.objects.filter(site_id=site_id, status=ReportStatus.APPROVED, deliveries__isnull=True)
    reports = list(waiting.select_related("site"))
    for report in reports:
        create_deliveries(report)
        logger.info("Report %s had no RMS destination: its delivery is created now", report.reference)
    return len(reports)


def restart(delivery):
    """Send ``delivery`` again from its first attempt, once the caller's transaction commits."""
    delivery.status, delivery.attempts, delivery.next_attempt_at = DeliveryStatus.PENDING, 0, timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated"])
    transaction.on_commit(partial(queue, delivery.pk))


def queue(delivery_id):
    """After the commit; if the broker is down, the sweep will find the delivery."""
    from website.jobs import queue as queue_job

    from .tasks import deliver

    queue_job(deliver, delivery_id)


def backoff(attempts):
    """Exponential backoff with jitter, capped."""
    base = settings.RMS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))
    return timedelta(seconds=min(base, settings.RMS_RETRY_MAX_SECONDS) * random.uniform(0.8, 1.2))  # noqa: S311


def send(delivery_id):
    """Send one delivery if it is due; safe to run twice (a delivered one returns at once)."""
    with transaction.atomic():
        delivery = (
            # Only the delivery's row: locking the joined destination too would make a second
            # worker skip every other delivery to the same destination until the sweep.
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("report", "destination")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in (DeliveryStatus.DELIVERED, DeliveryStatus.REJECTED):
            return delivery
        if delivery.destination.site_id != delivery.report.site_id:
            # Never sent, whoever made the row: a report goes only to an RMS of its own agency.
            # Not "rejected" (that asks a reviewer to correct the report): supervisors are told.
            error = MISROUTED % {"destination": delivery.destination_id}
            delivery = _finish(delivery, DeliveryStatus.FAILED, error=error)
            delivery_failed.send(sender=type(delivery.report), report=delivery.report, error=error)
            return delivery
        delivery.attempts += 1
        delivery.status = DeliveryStatus.SENDING
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=settings.RMS_SENDING_TIMEOUT_SECONDS)
        delivery.save(update_fields=["attempts", "status", "next_attempt_at", "updated"])

    fmt = formats.registry[delivery.destination.format]
    try:
        record = fmt.record(delivery.report)
        payload = fmt.render(record)
        limit = delivery.destination.max_payload_mb
        if len(payload) > limit * 1024 * 1024:
            # The same document every time: retrying cannot help, and a reviewer cannot make
            # the citizen's files smaller. Supervisors are told, as for any delivery given up.
            error = TOO_LARGE % {"size": len(payload) / 1024 / 1024, "limit": limit}
            with transaction.atomic():
                delivery = _finish(delivery, DeliveryStatus.FAILED, error=error)
                delivery_failed.send(sender=type(delivery.report), report=delivery.report, error=error)
            return delivery
        receipt = delivery.destination.make_transport().send(
            key=delivery.idempotency_key, payload=payload, content_type=fmt.CONTENT_TYPE, extension=fmt.EXTENSION
        )
    except PermanentError as error:
        with transaction.atomic():
            delivery = _finish(delivery, DeliveryStatus.REJECTED, error=str(error))
            delivery_rejected.send(sender=type(delivery.report), report=delivery.report, error=str(error))
        return delivery
    except (TransientError, OSError) as error:
        if delivery.attempts >= settings.RMS_MAX_ATTEMPTS:
            with transaction.atomic():
                delivery = _finish(delivery, DeliveryStatus.FAILED, error=str(error))
                delivery_failed.send(sender=type(delivery.report), report=delivery.report, error=str(error))
            return delivery
        return _finish(delivery, DeliveryStatus.PENDING, error=str(error), retry=True)
    return _acknowledge(delivery, as_recorded(fmt, record, payload), receipt.case_number)


def as_recorded(fmt, record, payload):
    """The document as the delivery keeps it: as sent, but without the files' content (each file
    still named, sized and hashed). The files stay in private storage; the database holds no
    second copy of the citizen's photos, and the delivery's admin page stays small."""
    if not any(attachment.get("data") for attachment in record["attachments"]):
        return payload.decode("utf-8")
    attachments = [{**attachment, "data": ""} for attachment in record["attachments"]]
    return fmt.render({**record, "attachments": attachments}).decode("utf-8")


def _finish(delivery, status, *, error, retry=False):
    delivery.status = status
    delivery.last_error = error[:5000]
    delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts) if retry else delivery.next_attempt_at
    delivery.save(update_fields=["status", "last_error", "next_attempt_at", "updated"])
    logger.warning("Delivery %s of %s: %s (%s)", delivery.pk, delivery.report.reference, status, error)
    return delivery


def _acknowledge(delivery, payload, case_number):
    with transaction.atomic():
        locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.status == DeliveryStatus.DELIVERED:
            return locked  # another worker recorded it first
        locked.status = DeliveryStatus.DELIVERED
        locked.case_number = case_number
        locked.payload = payload
        locked.delivered_at = timezone.now()
        locked.last_error = ""
        locked.save()
        if case_number:
            delivery_acknowledged.send(sender=type(locked.report), report=locked.report, case_number=case_number)
    return locked


def due_deliveries(now=None):
    """Deliveries the sweep should (re)queue: pending and due, or stuck sending past the timeout."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], next_attempt_at__lte=now
    ).values_list("pk", flat=True)


def sweep(now=None):
    ids = list(due_deliveries(now))
    for delivery_id in ids:
        queue(delivery_id)
    return len(ids)
