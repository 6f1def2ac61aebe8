"""The one way a report's status is set, from its first row ("received") to its last: a row
lock, an appended history row, and ``status_changed`` announced after the commit (``workflows``
emails the citizen about the changes they must hear of)."""

from functools import partial

from django.db import transaction

from .models import Report, ReportStatusChange
from .signals import status_changed


def change_status(report, status, *, actor=None, public_message="", note="", new=False):
    """Set ``report``'s status and append its history row, under a row lock. ``new``: the
    report was created in this very transaction (its first row), so there is nothing to lock."""
    with transaction.atomic():
        if new:
            locked = report
        else:
            locked = Report.objects.select_for_update().get(pk=report.pk)
            locked.status = status
            locked.save(update_fields=["status"])
        change = ReportStatusChange.objects.create(
            report=locked, status=status, public_message=public_message, actor=actor, note=note
        )
        transaction.on_commit(partial(status_changed.send, sender=Report, change=change))
    report.status = status
    return change
