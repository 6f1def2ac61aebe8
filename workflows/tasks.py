"""Background jobs of the review workflow."""

import logging
import smtplib

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=10,
)
def send_status_email(change_id):
    from forms_app.models import ReportStatusChange

    from .emails import status_message

    change = ReportStatusChange.objects.select_related("report__site", "report__page").filter(pk=change_id).first()
    if change is not None:
        status_message(change).send()


def queue_status_email(change_id):
    try:
        send_status_email.delay(change_id)
    except Exception:
        logger.exception("The status email of change %s could not be queued or sent", change_id)


@shared_task
def fire_workflow_timers():
    """Celery beat's copy of ``manage.py workflow_timers``: fires due deadlines (for example a
    request for information nobody answered)."""
    from viewflow.workflow.timers import fire_due_timers

    return fire_due_timers()


@shared_task
def send_overdue_digest_task():
    from .deadlines import send_overdue_digest

    return send_overdue_digest()
