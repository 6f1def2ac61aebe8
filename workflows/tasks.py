"""Background jobs of the review workflow."""

import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from website.jobs import CITIZEN_EMAIL_TASK_OPTIONS, EMAIL_ERRORS, queue, sweep_window

logger = logging.getLogger(__name__)


@shared_task(**CITIZEN_EMAIL_TASK_OPTIONS)
def send_status_email(change_id, swept=False):
    """Email the citizen about one status change, once; safe to run again, and twice at once.
    A job of the sweep (``swept``) tries once, as for the confirmation (forms_app.tasks)."""
    try:
        send_status(change_id)
    except EMAIL_ERRORS:
        if not swept:
            raise
        logger.warning("Status email of change %s not sent; the next sweep tries again", change_id, exc_info=True)


def send_status(change_id):
    """Check and set ``emailed_at`` under the change's row lock (rows of the history are never
    written otherwise, so the lock keeps no one waiting)."""
    from forms_app.models import ReportStatusChange

    from .emails import status_message

    with transaction.atomic():
        change = (
            ReportStatusChange.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("report__site", "report__page")
            .filter(pk=change_id, emailed_at__isnull=True)
            .first()
        )
        if change is None:  # sent already, being sent by another job, or gone
            return False
        status_message(change).send()
        ReportStatusChange.objects.filter(pk=change_id).update(emailed_at=timezone.now())
    return True


def queue_status_email(change_id):
    queue(send_status_email, change_id)


def unsent_status_emails(now=None):
    """Changes the citizen is emailed about whose email was never sent, within the sweep's window
    (as for confirmations: ``CITIZEN_EMAIL_SWEEP_AFTER_MINUTES``, ``CITIZEN_EMAIL_SWEEP_HOURS``)."""
    from forms_app.models import ReportStatusChange

    from .emails import EMAILED

    return ReportStatusChange.objects.filter(
        status__in=EMAILED, emailed_at__isnull=True, at__range=sweep_window(now)
    ).values_list("pk", flat=True)


@shared_task
def sweep_status_emails():
    """Re-queue the status emails a lost job never sent."""
    ids = list(unsent_status_emails())
    for change_id in ids:
        queue(send_status_email, change_id, True)
    return len(ids)


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


@shared_task
def send_due_surveys_task():
    """Email the satisfaction surveys that are due (``workflows.survey``)."""
    from .survey import send_due_surveys

    return send_due_surveys()
