"""Background jobs of report forms (Celery; run eagerly when no broker is configured)."""

from celery import shared_task
from django.utils import timezone

from website.jobs import EMAIL_TASK_OPTIONS, queue


@shared_task(**EMAIL_TASK_OPTIONS)
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
    """Called after the report's transaction commits: a failure never turns the receipt into an error."""
    queue(send_confirmation_email, report_id)


@shared_task
def purge_stale_uploads_task():
    from .cleanup import purge_stale_uploads

    return purge_stale_uploads()
