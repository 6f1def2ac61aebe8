"""Background jobs of report forms (Celery; run eagerly when no broker is configured)."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from website.jobs import CITIZEN_EMAIL_TASK_OPTIONS, EMAIL_ERRORS, queue, sweep_window

logger = logging.getLogger(__name__)


@shared_task(**CITIZEN_EMAIL_TASK_OPTIONS)
def send_confirmation_email(report_id, swept=False, base_url=""):
    """Send the citizen's confirmation once; safe to run again, and twice at once.

    A job of the sweep (``swept``) tries once: on a mail server failure the next sweep tries again,
    while the first job retries on its own. ``base_url``: the address the report was sent from,
    for the links in the email (the sweep has none: the site's address is used)."""
    try:
        send_confirmation(report_id, base_url)
    except EMAIL_ERRORS:
        if not swept:
            raise
        logger.warning("Confirmation of report %s not sent; the next sweep tries again", report_id, exc_info=True)


def send_confirmation(report_id, base_url=""):
    """Check and set under the report's row lock: a job that finds the row locked leaves it to the
    job holding it (which sends, or fails and is retried); the time sent is saved in the same
    transaction, so a later job finds it set. A worker killed while the mail server answers leaves
    it unset (its transaction is rolled back), and the job is delivered again."""
    from .emails import confirmation_message
    from .models import Report

    with transaction.atomic():
        report = (
            Report.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("site", "page")
            .filter(pk=report_id, confirmation_sent_at__isnull=True)
            .first()
        )
        if report is None:  # sent already, being sent by another job, or gone
            return False
        confirmation_message(report, base_url=base_url).send()
        Report.objects.filter(pk=report_id).update(confirmation_sent_at=timezone.now())
    return True


def queue_confirmation(report_id, base_url=""):
    """Called after the report's transaction commits: a failure never turns the receipt into an error."""
    queue(send_confirmation_email, report_id, False, base_url)


def unsent_confirmations(now=None):
    """Reports whose confirmation was never sent, past the time their own job takes and not yet
    given up on (``CITIZEN_EMAIL_SWEEP_AFTER_MINUTES``, ``CITIZEN_EMAIL_SWEEP_HOURS``)."""
    from .models import Report

    return Report.objects.filter(confirmation_sent_at__isnull=True, submit_time__range=sweep_window(now)).values_list(
        "pk", flat=True
    )


@shared_task
def sweep_confirmations():
    """Re-queue the confirmations a lost job (a killed worker, a broker down) never sent."""
    ids = list(unsent_confirmations())
    for report_id in ids:
        queue(send_confirmation_email, report_id, True)
    return len(ids)


@shared_task
def purge_stale_uploads_task():
    from .cleanup import purge_stale_uploads

    return purge_stale_uploads()


@shared_task
def purge_expired_saved_drafts_task():
    from .resume import purge_expired_saved_drafts

    return purge_expired_saved_drafts()
