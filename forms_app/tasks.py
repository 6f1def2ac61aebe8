"""Background jobs of report forms (Celery; run eagerly when no broker is configured)."""

import logging
import smtplib

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=10,
)
def send_confirmation_email(report_id):
    """Send the citizen's confirmation once; safe to run again."""
    from .emails import confirmation_message
    from .models import Report

    report = Report.objects.select_related("site", "page").filter(pk=report_id).first()
    if report is None or report.confirmation_sent_at is not None:
        return
    confirmation_message(report).send()
    Report.objects.filter(pk=report_id).update(confirmation_sent_at=timezone.now())


def queue_confirmation(report_id):
    """Called after the report's transaction commits. A broker or mail failure is logged and
    left to the retries: it never turns the citizen's receipt into an error."""
    try:
        send_confirmation_email.delay(report_id)
    except Exception:
        logger.exception("The confirmation email of report %s could not be queued or sent", report_id)


@shared_task
def purge_stale_uploads_task():
    from .cleanup import purge_stale_uploads

    return purge_stale_uploads()
