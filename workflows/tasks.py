"""Background jobs of the review workflow."""

from celery import shared_task

from website.jobs import EMAIL_TASK_OPTIONS, queue


@shared_task(**EMAIL_TASK_OPTIONS)
def send_status_email(change_id):
    from forms_app.models import ReportStatusChange

    from .emails import status_message

    change = ReportStatusChange.objects.select_related("report__site", "report__page").filter(pk=change_id).first()
    if change is not None:
        status_message(change).send()


def queue_status_email(change_id):
    queue(send_status_email, change_id)


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
