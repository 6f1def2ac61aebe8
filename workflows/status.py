"""The one way a report's status changes: row lock, an appended history row, the citizen
told after the commit."""

from functools import partial

from django.db import transaction

from forms_app.models import Report, ReportStatusChange

from .emails import SUBJECTS


def change_status(report, status, *, actor=None, public_message="", note=""):
    """Set ``report``'s status and append its history row, under a row lock; email the
    citizen after the commit when the change is one they must hear about."""
    from .tasks import queue_status_email

    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        locked.status = status
        locked.save(update_fields=["status"])
        change = ReportStatusChange.objects.create(
            report=locked, status=status, public_message=public_message, actor=actor, note=note
        )
        if status in SUBJECTS:  # the changes the citizen hears about by email; the others show on their status page
            transaction.on_commit(partial(queue_status_email, change.pk))
    report.status = status
    return change
